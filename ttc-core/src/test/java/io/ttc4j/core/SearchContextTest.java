package io.ttc4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class SearchContextTest {

  private static final Problem P = Problem.of("p", "q", "1");

  private static SearchContext context(Generator g, ComputeMeter meter) {
    return new SearchContext(g, null, meter, text -> Optional.empty(), AnswerEquivalence.EXACT, 0);
  }

  @Test
  void aCallThatFailsAfterSpendingIsChargedAndReportsItsCause() {
    IllegalStateException boom = new IllegalStateException("provider error on sample 3");
    Generator g = (problem, prefix, spec) -> CompletableFuture.failedFuture(
        new CallFailedException(boom, Usage.ofGeneration(3, 30, 0, 120)));
    ComputeMeter meter = ComputeMeter.start(Budget.tokens(10_000));
    CompletionException e = assertThrows(CompletionException.class,
        () -> context(g, meter).generate(P, Trajectory.empty(), SamplingSpec.toEnd(4, 0.8, 100, 1)).join());
    assertSame(boom, e.getCause());
    assertEquals(Usage.ofGeneration(3, 30, 0, 120), meter.spent());
    assertEquals(Usage.ZERO, meter.inFlight());
  }

  @Test
  void aCallThatFailsWithoutSpendingIsReleased() {
    Generator g = (problem, prefix, spec) -> CompletableFuture.failedFuture(new IllegalStateException("down"));
    ComputeMeter meter = ComputeMeter.start(Budget.tokens(10_000));
    assertThrows(CompletionException.class,
        () -> context(g, meter).generate(P, Trajectory.empty(), SamplingSpec.toEnd(4, 0.8, 100, 1)).join());
    assertEquals(Usage.ZERO, meter.spent());
    assertEquals(Usage.ZERO, meter.inFlight());
  }

  @Test
  void aGeneratorReturningTooFewContinuationsIsAClearError() {
    Generator g = (problem, prefix, spec) -> CompletableFuture.completedFuture(new GenerationResult(
        List.of(new Continuation(List.of(Step.of("\\boxed{1}", 5, StepEnd.END_OF_SOLUTION)))),
        Usage.ofGeneration(1, 10, 0, 5)));
    ComputeMeter meter = ComputeMeter.start(Budget.unlimited());
    CompletionException e = assertThrows(CompletionException.class,
        () -> context(g, meter).generate(P, Trajectory.empty(), SamplingSpec.toEnd(2, 0.8, 100, 1)).join());
    assertEquals(true, e.getCause().getMessage().contains("returned 1 continuations for n=2"), e.getMessage());
    assertEquals(5, meter.spent().completionTokens(), "what it reported is still charged");
  }

  @Test
  void listenersSeeEveryCallAndTheResultAndCannotBreakASearch() {
    java.util.List<String> events = java.util.Collections.synchronizedList(new java.util.ArrayList<>());
    SearchListener listener = new SearchListener() {
      @Override
      public void callStarted(Problem problem, CallKind kind, Usage reserved) {
        events.add("start " + kind + " " + reserved.completionTokens());
      }

      @Override
      public void callFinished(Problem problem, CallKind kind, Usage spent, Throwable failure, long nanos) {
        events.add("end " + kind + " " + spent.completionTokens() + " " + (failure == null ? "ok" : "failed"));
        throw new IllegalStateException("a broken listener");
      }

      @Override
      public void callRefused(Problem problem, CallKind kind, BudgetExhaustedException reason) {
        events.add("refused " + kind);
      }

      @Override
      public void searchFinished(Problem problem, SearchResult result, long nanos) {
        events.add("finished " + result.stopReason());
      }
    };
    Generator g = (problem, prefix, spec) -> CompletableFuture.completedFuture(new GenerationResult(
        java.util.Collections.nCopies(spec.n(), new Continuation(List.of(Step.of("\\boxed{1}", 7, StepEnd.END_OF_SOLUTION)))),
        Usage.ofGeneration(spec.n(), 10, 0, 7L * spec.n())));
    SearchStrategy twoCalls = new SearchStrategy() {
      @Override
      public CompletableFuture<SearchResult> search(Problem problem, SearchContext ctx) {
        return ctx.generate(problem, Trajectory.empty(), SamplingSpec.toEnd(2, 0.8, 100, 1))
            .thenCompose(x -> ctx.generate(problem, Trajectory.empty(), SamplingSpec.toEnd(2, 0.8, 100, 2)))
            .handle((x, e) -> SearchResult.of(null, List.of(), ctx.meter().spent(),
                e == null ? StopReason.COMPLETED : SearchResult.stopReasonOf(e), null));
      }

      @Override
      public String name() {
        return "two-calls";
      }
    };
    Search search = Search.builder().generator(g).strategy(twoCalls).answerExtractor(text -> Optional.empty())
        .listener(listener).build();
    SearchResult r = search.solve(P, Budget.tokens(200), 0).join();
    assertEquals(StopReason.BUDGET, r.stopReason(), "14 spent of 200: the second worst case of 200 does not fit");
    assertEquals(List.of("start GENERATION 200", "end GENERATION 14 ok", "refused GENERATION", "finished BUDGET"),
        events);
    assertEquals(14, r.usage().completionTokens());
  }
}
