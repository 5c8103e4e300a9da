package io.ttc4j.strategies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.ttc4j.core.Aggregation;
import io.ttc4j.core.AnswerEquivalence;
import io.ttc4j.core.Budget;
import io.ttc4j.core.Candidate;
import io.ttc4j.core.Problem;
import io.ttc4j.core.Search;
import io.ttc4j.core.SearchResult;
import io.ttc4j.core.Selection;
import io.ttc4j.core.StopReason;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BestOfNTest {

  private static final Problem P = Problem.of("p1", "What is 6 times 7?", "42");

  private static Search search(BestOfN s, FakeModels.Gen g, boolean withPrm, Budget b) {
    Search.Builder sb = Search.builder().generator(g).strategy(s).budget(b).answerExtractor(FakeModels.BOXED)
        .equivalence(AnswerEquivalence.EXACT);
    if (withPrm) sb.prm(new FakeModels.Prm(false));
    return sb.build();
  }

  @Test
  void sameSeedSameResultForEverySelection() {
    for (Selection sel : Selection.values()) {
      BestOfN s = BestOfN.of(16, sel);
      SearchResult a = search(s, new FakeModels.Gen(0.4), true, Budget.unlimited()).solve(P, Budget.unlimited(), 7).join();
      SearchResult b = search(s, new FakeModels.Gen(0.4), true, Budget.unlimited()).solve(P, Budget.unlimited(), 7).join();
      assertEquals(a.answer(), b.answer(), sel.name());
      assertEquals(a.usage(), b.usage(), sel.name());
      assertEquals(a.candidates().stream().map(Candidate::answer).toList(),
          b.candidates().stream().map(Candidate::answer).toList());
    }
  }

  @Test
  void completesWithAllSamplesScoredAndExactUsage() {
    SearchResult r = search(BestOfN.of(8, Selection.WEIGHTED), new FakeModels.Gen(0.5), true, Budget.unlimited())
        .solve(P).join();
    assertEquals(StopReason.COMPLETED, r.stopReason());
    assertEquals(8, r.candidates().size());
    assertEquals(8, r.usage().generations());
    assertEquals(8, r.usage().prmCalls());
    assertEquals(100, r.usage().promptTokens(), "one call, prompt charged once");
    long tokens = r.candidates().stream().mapToLong(c -> c.trajectory().tokens()).sum();
    assertEquals(tokens, r.usage().completionTokens());
    assertTrue(r.candidates().stream().allMatch(Candidate::isScored));
    assertEquals(r.answer(), r.candidates().get(0).answer(), "chosen candidate ranks first");
  }

  @Test
  void majorityNeedsNoRewardModelAndSpendsNone() {
    SearchResult r = search(BestOfN.of(8, Selection.MAJORITY), new FakeModels.Gen(0.5), true, Budget.unlimited())
        .solve(P).join();
    assertEquals(0, r.usage().prmCalls());
    SearchResult s = search(BestOfN.of(8, Selection.MAJORITY), new FakeModels.Gen(0.5), false, Budget.unlimited())
        .solve(P).join();
    assertEquals(r.answer(), s.answer());
  }

  @Test
  void scoreRulesWithoutRewardModelFailFast() {
    CompletableFuture<SearchResult> f =
        search(BestOfN.of(4, Selection.NAIVE), new FakeModels.Gen(0.5), false, Budget.unlimited()).solve(P);
    CompletionException e = assertThrows(CompletionException.class, f::join);
    assertTrue(e.getCause().getMessage().contains("needs a process reward model"));
  }

  @Test
  void sampleIIsTheSameForEveryN() {
    SearchResult small = search(BestOfN.of(4, Selection.FIRST), new FakeModels.Gen(0.5), false, Budget.unlimited())
        .solve(P, Budget.unlimited(), 3).join();
    SearchResult big = search(BestOfN.of(16, Selection.FIRST), new FakeModels.Gen(0.5), false, Budget.unlimited())
        .solve(P, Budget.unlimited(), 3).join();
    List<Candidate> a = small.inGenerationOrder();
    List<Candidate> b = big.inGenerationOrder();
    for (int i = 0; i < a.size(); i++) {
      assertTrue(a.get(i).trajectory().sameSteps(b.get(i).trajectory()), "sample " + i);
    }
  }

  @Test
  void hardTokenBudgetIsNeverExceeded() {
    qt().withExamples(200).forAll(integers().between(1, 64), integers().between(1, 20_000),
            integers().between(10, 1200), longs().all())
        .checkAssert((n, tokens, maxTokens, seed) -> {
          Budget b = Budget.builder().completionTokens(tokens).build();
          BestOfN s = BestOfN.of(new BestOfN.Config(n, Selection.WEIGHTED, Aggregation.LAST, 0.8, maxTokens, false));
          SearchResult r = search(s, new FakeModels.Gen(0.5), true, b).solve(P, b, seed).join();
          assertTrue(r.usage().completionTokens() <= tokens, () -> r.usage() + " over " + tokens);
          assertTrue(r.usage().generations() <= n);
          if (r.candidates().size() < n) {
            assertEquals(StopReason.BUDGET, r.stopReason());
          } else {
            assertEquals(StopReason.COMPLETED, r.stopReason());
          }
        });
  }

  @Test
  void rewardModelCallBudgetLimitsScoredCandidates() {
    Budget b = Budget.builder().prmCalls(5).build();
    SearchResult r = search(BestOfN.of(8, Selection.NAIVE), new FakeModels.Gen(0.5), true, b).solve(P, b, 1).join();
    assertEquals(5, r.candidates().size());
    assertEquals(5, r.usage().prmCalls());
    assertEquals(StopReason.BUDGET, r.stopReason());
  }

  @Test
  void failingRewardModelDegradesToMajorityAndSaysSo() {
    Search s = Search.builder().generator(new FakeModels.Gen(0.5)).prm(new FakeModels.Prm(true))
        .strategy(BestOfN.of(8, Selection.WEIGHTED)).answerExtractor(FakeModels.BOXED).build();
    SearchResult r = s.solve(P).join();
    assertEquals(StopReason.FAILED, r.stopReason());
    assertNotNull(r.failure());
    assertTrue(r.failure().getMessage().contains("reward server down"));
    assertEquals(8, r.candidates().size(), "the samples are not lost");
    assertNotNull(r.answer());
  }

  @Test
  void deadlineStopsWaitingAndReturnsWhatIsFinished() {
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    try {
      FakeModels.Gen slow = new FakeModels.Gen(0.5, 5_000, timer);
      Budget b = Budget.builder().deadline(Duration.ofMillis(100)).build();
      long t0 = System.nanoTime();
      SearchResult r = search(BestOfN.of(4, Selection.MAJORITY), slow, false, b).solve(P).join();
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      assertEquals(StopReason.DEADLINE, r.stopReason());
      assertTrue(r.candidates().isEmpty());
      assertEquals(0, r.usage().generations(), "nothing reported, nothing charged");
      assertTrue(ms < 4_000, "returned after " + ms + " ms");
      assertTrue(slow.issued.get(0).isCancelled(), "the call in flight is cancelled");
    } finally {
      timer.shutdownNow();
    }
  }

  @Test
  void cancellingTheSearchCancelsItsCalls() throws Exception {
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    try {
      FakeModels.Gen slow = new FakeModels.Gen(0.5, 5_000, timer);
      CompletableFuture<SearchResult> f =
          search(BestOfN.of(4, Selection.MAJORITY), slow, false, Budget.unlimited()).solve(P);
      Thread.sleep(20);
      assertTrue(f.cancel(true));
      assertThrows(CancellationException.class, f::join);
      assertTrue(slow.issued.get(0).isCancelled());
    } finally {
      timer.shutdownNow();
    }
  }

  @Test
  void validatesItsConfig() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BestOfN.of(0, Selection.NAIVE));
    assertEquals("n must be >= 1, got 0", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new BestOfN.Config(4, Selection.NAIVE, Aggregation.LAST, -1, 10, false));
    assertTrue(e.getMessage().contains("temperature"));
    assertEquals("best-of-4/weighted", BestOfN.of(4, Selection.WEIGHTED).name());
  }
}
