package io.ttc4j.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import io.ttc4j.core.CallFailedException;
import io.ttc4j.core.Aggregation;
import io.ttc4j.core.Budget;
import io.ttc4j.core.Continuation;
import io.ttc4j.core.GenerationMode;
import io.ttc4j.core.GenerationResult;
import io.ttc4j.core.Generator;
import io.ttc4j.core.Problem;
import io.ttc4j.core.SamplingSpec;
import io.ttc4j.core.Search;
import io.ttc4j.core.SearchResult;
import io.ttc4j.core.Selection;
import io.ttc4j.core.Step;
import io.ttc4j.core.StepEnd;
import io.ttc4j.core.StopReason;
import io.ttc4j.core.Trajectory;
import io.ttc4j.core.Usage;
import io.ttc4j.datasets.MathAnswers;
import io.ttc4j.langchain4j.internal.Utf8;
import io.ttc4j.sim.Simulator;
import io.ttc4j.strategies.BestOfN;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LangChain4jGeneratorTest {

  private final List<Problem> problems = Fixtures.problems(12);
  private final Simulator sim = Fixtures.sim();
  private final Problem problem = problems.get(0);

  private SimChatModel model() {
    return new SimChatModel(sim, problems);
  }

  private static Throwable failureOf(CompletableFuture<?> f) {
    CompletionException e = assertThrows(CompletionException.class, f::join);
    return e.getCause();
  }

  // ---------------------------------------------------------------- requests

  @Test
  void everySampleIsOneRequestWithTheSpecsParameters() {
    SimChatModel m = model();
    try (LangChain4jGenerator g = LangChain4jGenerator.of(m)) {
      GenerationResult r = g.generate(problem, Trajectory.empty(), new SamplingSpec(3, 0.6, 0.9, 700, List.of(), 5,
          GenerationMode.TO_END, false)).join();
      assertEquals(3, r.continuations().size());
      assertEquals(3, m.received.size(), "no n in ChatModel: one request per sample");
      for (ChatRequest q : m.received) {
        assertEquals(0.6, q.temperature());
        assertEquals(0.9, q.topP());
        assertEquals(700, q.maxOutputTokens(), "maxOutputTokens is always the spec's maxTokens");
        assertTrue(q.stopSequences() == null || q.stopSequences().isEmpty(), "no stop sequences to the end");
        assertEquals(List.of(UserMessage.from(problem.prompt())), q.messages());
      }
    }
  }

  @Test
  void oneStepRequestsStopAtTheSeparator() {
    SimChatModel m = model();
    try (LangChain4jGenerator g = LangChain4jGenerator.of(m)) {
      g.generate(problem, Trajectory.empty(), SamplingSpec.oneStep(2, 0.8, 256, 1)).join();
      for (ChatRequest q : m.received) {
        assertEquals(List.of("\n\n"), q.stopSequences());
        assertEquals(256, q.maxOutputTokens());
      }
    }
  }

  @Test
  void aPrefixIsSentAsAnAssistantMessageFollowedByTheInstruction() {
    SimChatModel m = model();
    try (LangChain4jGenerator g = LangChain4jGenerator.builder(m).systemPrompt(ChatPrompt.STEPWISE_SYSTEM_PROMPT)
        .build()) {
      Continuation first = g.generate(problem, Trajectory.empty(), SamplingSpec.toEnd(1, 0.8, 2048, 3)).join()
          .continuations().get(0);
      Trajectory prefix = Trajectory.of(first.steps().subList(0, 2));
      g.generate(problem, prefix, SamplingSpec.oneStep(1, 0.8, 256, 4)).join();
      g.generate(problem, prefix, SamplingSpec.toEnd(1, 0.8, 2048, 4)).join();
      List<ChatRequest> got = new ArrayList<>(m.received);
      List<ChatMessage> oneStep = got.get(1).messages();
      assertEquals(List.of(SystemMessage.from(ChatPrompt.STEPWISE_SYSTEM_PROMPT), UserMessage.from(problem.prompt()),
          AiMessage.from(prefix.text()), UserMessage.from(ChatPrompt.NEXT_STEP_INSTRUCTION)), oneStep);
      assertEquals(UserMessage.from(ChatPrompt.REST_INSTRUCTION), got.get(2).messages().get(3));
      assertEquals(oneStep, g.messages(problem, prefix, GenerationMode.ONE_STEP));
    }
  }

  // ---------------------------------------------------------------- seeds

  @Test
  void sampleSeedsReachTheModelThroughSampleParameters() {
    SimChatModel m = model();
    try (LangChain4jGenerator g = LangChain4jGenerator.builder(m).sampleParameters(SeededParameters.BINDING).build()) {
      g.generate(problem, Trajectory.empty(), SamplingSpec.toEnd(5, 0.8, 2048, 77)).join();
      Set<Long> expected = new HashSet<>();
      for (int i = 0; i < 5; i++) {
        expected.add(LangChain4jGenerator.sampleSeed(77, i));
      }
      Set<Long> sent = new HashSet<>();
      for (ChatRequest q : m.received) {
        assertInstanceOf(SeededParameters.class, q.parameters(), "the model's merge keeps its own parameter type");
        sent.add(((SeededParameters) q.parameters()).seed());
        assertEquals(0.8, q.temperature(), "the binding keeps the standard parameters");
        assertEquals(2048, q.maxOutputTokens());
      }
      assertEquals(expected, sent);
    }
  }

  @Test
  void withoutABindingNoSeedIsSent() {
    SimChatModel m = model();
    try (LangChain4jGenerator g = LangChain4jGenerator.of(m)) {
      g.generate(problem, Trajectory.empty(), SamplingSpec.toEnd(2, 0.8, 2048, 77)).join();
      for (ChatRequest q : m.received) {
        assertNull(((SeededParameters) q.parameters()).seed());
      }
    }
  }

  @Test
  void continuationIDependsOnlyOnTheSeedAndINeverOnN() {
    SimChatModel m = model();
    try (LangChain4jGenerator g = LangChain4jGenerator.builder(m).sampleParameters(SeededParameters.BINDING)
        .maxConcurrentCalls(3).build()) {
      List<Continuation> three = g.generate(problem, Trajectory.empty(), SamplingSpec.toEnd(3, 0.8, 2048, 9)).join()
          .continuations();
      List<Continuation> seven = g.generate(problem, Trajectory.empty(), SamplingSpec.toEnd(7, 0.8, 2048, 9)).join()
          .continuations();
      List<Continuation> other = g.generate(problem, Trajectory.empty(), SamplingSpec.toEnd(3, 0.8, 2048, 10)).join()
          .continuations();
      for (int i = 0; i < 3; i++) {
        assertEquals(three.get(i), seven.get(i), "sample " + i);
      }
      assertNotEquals(three, other, "another seed, other samples");
    }
  }

  @Test
  void sampleSeedsAreDistinctPerIndexAndStable() {
    Set<Long> seen = new HashSet<>();
    for (int i = 0; i < 4096; i++) {
      assertTrue(seen.add(LangChain4jGenerator.sampleSeed(123, i)));
    }
    assertEquals(LangChain4jGenerator.sampleSeed(123, 7), LangChain4jGenerator.sampleSeed(123, 7));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LangChain4jGenerator.sampleSeed(1, -1));
    assertEquals("index must be >= 0, got -1", e.getMessage());
  }

  // ---------------------------------------------------------------- replies and steps

  @Test
  void stepWiseGenerationOverTheChatModelWalksTheSimulatorsSteps() {
    SimChatModel m = model();
    Generator local = sim.generator();
    try (LangChain4jGenerator g = LangChain4jGenerator.builder(m).sampleParameters(SeededParameters.BINDING).build()) {
      for (Problem p : problems.subList(0, 6)) {
        Trajectory chat = Trajectory.empty();
        Trajectory ref = Trajectory.empty();
        for (int depth = 0; !chat.isFinished(); depth++) {
          long seed = 500 + depth;
          m.expectSeeds(seed, 4);
          List<Continuation> a = g.generate(p, chat, SamplingSpec.oneStep(4, 0.8, 512, seed)).join().continuations();
          List<Continuation> e = local.generate(p, ref, SamplingSpec.oneStep(4, 0.8, 512, seed)).join().continuations();
          for (int i = 0; i < 4; i++) {
            // one step per call: the step is charged all output tokens, so it equals the simulator's exactly
            // (but for the log-probability, which LangChain4j does not report)
            Step es = e.get(i).steps().get(0);
            Step as = a.get(i).steps().get(0);
            String what = p.id() + " depth " + depth + " sample " + i;
            assertEquals(1, a.get(i).steps().size(), what);
            assertEquals(Step.of(es.text(), es.tokens(), es.end()), as, what);
          }
          chat = chat.append(a.get(depth % 4).steps().get(0));
          ref = ref.append(e.get(depth % 4).steps().get(0));
        }
        assertTrue(chat.sameSteps(ref));
        assertEquals(ref.tokens(), chat.tokens());
      }
    }
  }

  private static Continuation one(String text, FinishReason finish, int outputTokens, SamplingSpec spec) {
    try (LangChain4jGenerator g = LangChain4jGenerator.of(
        Fixtures.replying(text, finish, new TokenUsage(10, outputTokens)))) {
      return g.generate(Problem.of("p", "What is 1+1?"), Trajectory.empty(), spec).join().continuations().get(0);
    }
  }

  @Test
  void oneStepFinishReasonsMapToStepEnds() {
    SamplingSpec spec = SamplingSpec.oneStep(1, 0.8, 100, 1);
    assertEquals(Step.of("Add the numbers.", 7, StepEnd.STEP_BOUNDARY),
        one("Add the numbers.", FinishReason.STOP, 7, spec).steps().get(0));
    assertEquals(StepEnd.END_OF_SOLUTION, one("So $\\boxed{2}$.", FinishReason.STOP, 7, spec).steps().get(0).end());
    assertEquals(StepEnd.LENGTH, one("So $\\boxed{2", FinishReason.LENGTH, 100, spec).steps().get(0).end());
    assertEquals(StepEnd.LENGTH, one("Add the", FinishReason.CONTENT_FILTER, 3, spec).steps().get(0).end());
    assertEquals(StepEnd.LENGTH, one("Add the", FinishReason.OTHER, 3, spec).steps().get(0).end());
    // no finish reason: a reply that used its whole limit was cut, a shorter one stopped
    assertEquals(StepEnd.LENGTH, one("Add the", null, 100, spec).steps().get(0).end());
    assertEquals(StepEnd.STEP_BOUNDARY, one("Add them.", null, 99, spec).steps().get(0).end());
    // a model that ignores the stop sequence: cut at the separator, all tokens to the step
    assertEquals(Step.of("Add them.", 12, StepEnd.STEP_BOUNDARY),
        one("\n\nAdd them.\n\nThen $\\boxed{2}$.", FinishReason.STOP, 12, spec).steps().get(0));
  }

  @Test
  void wholeSolutionsAreSplitAtBlankLinesWithExactTokenSums() {
    SamplingSpec spec = SamplingSpec.toEnd(1, 0.8, 1000, 1);
    Continuation c = one("First add.\n\nThen check.\n\n\n\nSo $\\boxed{2}$.", FinishReason.STOP, 31, spec);
    assertEquals(List.of("First add.", "Then check.", "So $\\boxed{2}$."),
        c.steps().stream().map(Step::text).toList());
    assertEquals(List.of(StepEnd.STEP_BOUNDARY, StepEnd.STEP_BOUNDARY, StepEnd.END_OF_SOLUTION),
        c.steps().stream().map(Step::end).toList());
    assertEquals(31, c.tokens());
    assertTrue(c.steps().stream().allMatch(s -> !s.hasLogProbability()), "LangChain4j reports no log-probabilities");
    Continuation cut = one("First add.\n\nThen ch", FinishReason.LENGTH, 1000, spec);
    assertEquals(StepEnd.LENGTH, cut.steps().get(1).end());
    assertEquals(1000, cut.tokens());
  }

  @Test
  void aBlankReplyIsAnErrorNamingTheSample() {
    SimChatModel m = model();
    m.blankReplies = true;
    try (LangChain4jGenerator g = LangChain4jGenerator.builder(m).maxConcurrentCalls(1).build()) {
      Throwable t = failureOf(g.generate(problem, Trajectory.empty(), SamplingSpec.toEnd(4, 0.8, 2048, 1)));
      ChatReplyException e = assertInstanceOf(ChatReplyException.class, t);
      assertEquals(0, e.sampleIndex());
      assertTrue(e.getMessage().startsWith("sample 0 of 4: the model replied with blank text"), e.getMessage());
      assertEquals(1, m.started.get(), "the failure cancelled the queued samples");
    }
    AiMessage thinkingOnly = AiMessage.builder().thinking("Let me think.").build();
    try (LangChain4jGenerator g = LangChain4jGenerator.of(
        Fixtures.replying(thinkingOnly, FinishReason.LENGTH, new TokenUsage(1, 100)))) {
      ChatReplyException none = assertInstanceOf(ChatReplyException.class,
          failureOf(g.generate(problem, Trajectory.empty(), SamplingSpec.toEnd(1, 0.8, 100, 1))));
      assertEquals("sample 0 of 1: the model replied with no text (finish reason LENGTH, 100 output tokens); "
          + "an empty answer is never a step", none.getMessage());
    }
    AiMessage toolCall = AiMessage.from(ToolExecutionRequest.builder().name("calculator").arguments("{}").build());
    try (LangChain4jGenerator g = LangChain4jGenerator.of(
        Fixtures.replying(toolCall, FinishReason.TOOL_EXECUTION, new TokenUsage(1, 9)))) {
      ChatReplyException tool = assertInstanceOf(ChatReplyException.class,
          failureOf(g.generate(problem, Trajectory.empty(), SamplingSpec.toEnd(1, 0.8, 100, 1))));
      assertTrue(tool.getMessage().contains("asked to call a tool"), tool.getMessage());
    }
  }

  // ---------------------------------------------------------------- usage

  @Test
  void usageIsWhatEveryReplyReported() {
    SimChatModel m = model();
    try (LangChain4jGenerator g = LangChain4jGenerator.of(m)) {
      GenerationResult r = g.generate(problem, Trajectory.empty(), SamplingSpec.toEnd(5, 0.8, 2048, 1)).join();
      long perPrompt = sim.generator().promptTokensUpperBound(problem, Trajectory.empty());
      long completion = r.continuations().stream().mapToLong(Continuation::tokens).sum();
      assertEquals(Usage.ofGeneration(5, 5 * perPrompt, 0, completion), r.usage());
    }
  }

  @Test
  void missingTokenUsageFailsClearlyByDefault() {
    SimChatModel m = model();
    m.withoutUsage = true;
    try (LangChain4jGenerator g = LangChain4jGenerator.builder(m).name("no-usage").build()) {
      Throwable t = failureOf(g.generate(problem, Trajectory.empty(), SamplingSpec.toEnd(2, 0.8, 2048, 1)));
      ChatReplyException e = assertInstanceOf(ChatReplyException.class, t);
      assertTrue(e.getMessage().contains("model no-usage reported no TokenUsage"), e.getMessage());
      assertTrue(e.getMessage().contains("tokenEstimator"), e.getMessage());
    }
  }

  @Test
  void missingTokenUsageIsEstimatedOnlyWhenOptedIn() {
    String reply = "Add one and one.\n\nSo $\\boxed{2}$.";
    Fixtures.Scripted m = Fixtures.replying(reply, FinishReason.STOP, null);
    try (LangChain4jGenerator g = LangChain4jGenerator.builder(m).tokenEstimator(TokenEstimator.utf8Bytes())
        .promptTokenMargin(16).build()) {
      GenerationResult r = g.generate(problem, Trajectory.empty(), SamplingSpec.toEnd(3, 0.8, 2048, 1)).join();
      long prompt = Utf8.length(problem.prompt()) + 16;
      long output = Utf8.length(reply);
      assertEquals(Usage.ofGeneration(3, 3 * prompt, 0, 3 * output), r.usage());
      assertEquals(output, r.continuations().get(2).tokens());
      // an estimate never exceeds what the model was allowed to write
      GenerationResult capped = g.generate(problem, Trajectory.empty(), SamplingSpec.toEnd(1, 0.8, 10, 1)).join();
      assertEquals(10, capped.usage().completionTokens());
    }
  }

  @Test
  void cachedPromptTokensAreReadOnlyWhenAskedAndChecked() {
    Fixtures.Scripted m = Fixtures.replying("So $\\boxed{2}$.", FinishReason.STOP, new TokenUsage(40, 6));
    try (LangChain4jGenerator g = LangChain4jGenerator.builder(m).cachedPromptTokens(u -> 32).build()) {
      assertEquals(Usage.ofGeneration(1, 40, 32, 6),
          g.generate(problem, Trajectory.empty(), SamplingSpec.toEnd(1, 0.8, 100, 1)).join().usage());
    }
    try (LangChain4jGenerator g = LangChain4jGenerator.builder(m).cachedPromptTokens(u -> 41).build()) {
      Throwable t = failureOf(g.generate(problem, Trajectory.empty(), SamplingSpec.toEnd(1, 0.8, 100, 1)));
      assertEquals("sample 0 of 1: cached prompt tokens must be in 0..40, got 41", t.getMessage());
    }
  }

  @Test
  void thePromptTokenBoundIsTheBytesOfEveryMessagePlusTheMargin() {
    SimChatModel m = model();
    try (LangChain4jGenerator g = LangChain4jGenerator.builder(m).systemPrompt("Be brief: é.").build()) {
      assertEquals(Utf8.length("Be brief: é.") + Utf8.length(problem.prompt()) + 128,
          g.promptTokensUpperBound(problem, Trajectory.empty()));
      Trajectory prefix = Trajectory.of(List.of(Step.of("Let x = 2 — so", 5, StepEnd.STEP_BOUNDARY)));
      long longer = Math.max(Utf8.length(ChatPrompt.NEXT_STEP_INSTRUCTION), Utf8.length(ChatPrompt.REST_INSTRUCTION));
      assertEquals(Utf8.length("Be brief: é.") + Utf8.length(problem.prompt()) + Utf8.length(prefix.text()) + longer
          + 128, g.promptTokensUpperBound(problem, prefix));
    }
    try (LangChain4jGenerator g = LangChain4jGenerator.of(m)) {
      for (Problem p : problems) {
        GenerationResult r = g.generate(p, Trajectory.empty(), SamplingSpec.toEnd(1, 0.8, 2048, 1)).join();
        assertTrue(r.usage().promptTokens() <= g.promptTokensUpperBound(p, Trajectory.empty()), p.id());
      }
    }
  }

  /**
   * One sample is one request, each charged its prompt: a call of n reserves n prompts, so a prompt
   * budget holds, and best-of-N asks for as many samples as fit at worst case.
   */
  @Test
  void aCallOfNSamplesReservesNPromptsAndAPromptBudgetHolds() {
    SimChatModel m = model();
    try (LangChain4jGenerator g = LangChain4jGenerator.of(m)) {
      long bound = g.promptTokensUpperBound(problem, Trajectory.empty());
      assertEquals(8 * bound, g.promptTokensUpperBound(problem, Trajectory.empty(), SamplingSpec.toEnd(8, 0.8, 512, 1)));
      long limit = 5 * bound + bound / 2;
      SearchResult r = Search.builder().generator(g).strategy(BestOfN.of(8, Selection.MAJORITY))
          .answerExtractor(MathAnswers.extractor()).build()
          .solve(problem, Budget.builder().promptTokens(limit).build(), 1).join();
      assertTrue(r.usage().promptTokens() <= limit, r.usage() + " over " + limit);
      // the first call asks for the 5 samples whose worst-case prompts fit; the prompts are shorter than
      // their bound, so the unused reservation comes back and a second call asks for the rest
      assertTrue(r.usage().generations() >= 5, r.usage().toString());
      assertEquals(m.started.get(), r.usage().generations(), "one request per sample");
    }
  }

  // ---------------------------------------------------------------- errors

  @Test
  void aModelExceptionFailsTheCallWithThatExceptionAndCancelsTheRest() {
    SimChatModel m = model();
    IllegalStateException boom = new IllegalStateException("HTTP 500 from the provider");
    m.failure = k -> k == 3 ? boom : null;
    try (LangChain4jGenerator g = LangChain4jGenerator.builder(m).maxConcurrentCalls(1).build()) {
      // the first two requests were answered (and billed) before the third failed: the failure carries their usage
      Throwable failure = failureOf(g.generate(problem, Trajectory.empty(), SamplingSpec.toEnd(6, 0.8, 2048, 1)));
      CallFailedException partial = assertInstanceOf(CallFailedException.class, failure);
      assertSame(boom, partial.getCause());
      assertEquals(2, partial.spent().generations());
      assertTrue(partial.spent().completionTokens() > 0);
      assertEquals(3, m.started.get(), "samples after the failure were never sent");
      Fixtures.await(() -> g.callsInFlight() == 0 && g.callsQueued() == 0, "no calls left");
    }
  }

  @Test
  void aModelExceptionSurfacesAsTheSearchFailure() {
    SimChatModel m = model();
    IllegalStateException boom = new IllegalStateException("rate limited");
    m.failure = k -> boom;
    try (LangChain4jGenerator g = LangChain4jGenerator.of(m)) {
      SearchResult r = Search.builder().generator(g).strategy(BestOfN.of(4, Selection.MAJORITY))
          .answerExtractor(MathAnswers.extractor()).build().solve(problem).join();
      assertEquals(StopReason.FAILED, r.stopReason());
      assertSame(boom, r.failure());
    }
  }

  // ---------------------------------------------------------------- concurrency, cancellation, threads

  @Test
  void neverMoreCallsInFlightThanTheLimit() {
    SimChatModel m = model();
    m.latencyMillis = 3;
    try (LangChain4jGenerator g = LangChain4jGenerator.builder(m).maxConcurrentCalls(3).build()) {
      List<CompletableFuture<GenerationResult>> fs = new ArrayList<>();
      for (Problem p : problems.subList(0, 6)) {
        fs.add(g.generate(p, Trajectory.empty(), SamplingSpec.toEnd(8, 0.8, 2048, 1)));
      }
      assertTrue(g.callsQueued() > 0, "generate returned while calls wait in the queue");
      fs.forEach(CompletableFuture::join);
      assertEquals(48, m.started.get());
      assertEquals(3, m.maxInFlight.get(), "the limit is reached and never exceeded");
      // a slot is freed just after its call's future completes
      Fixtures.await(() -> g.callsInFlight() == 0, "slots freed");
      assertEquals(0, g.callsQueued());
    }
  }

  @Test
  void theLimitHoldsOnACallersLargerExecutorWhichCloseLeavesRunning() throws Exception {
    SimChatModel m = model();
    m.latencyMillis = 2;
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      LangChain4jGenerator g = LangChain4jGenerator.builder(m).executor(pool).maxConcurrentCalls(2).build();
      List<CompletableFuture<GenerationResult>> fs = new ArrayList<>();
      for (Problem p : problems) {
        fs.add(g.generate(p, Trajectory.empty(), SamplingSpec.toEnd(4, 0.8, 2048, 1)));
      }
      fs.forEach(CompletableFuture::join);
      assertEquals(2, m.maxInFlight.get());
      g.close();
      assertFalse(pool.isShutdown(), "the caller's executor is the caller's to shut down");
    } finally {
      pool.shutdown();
      assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    }
  }

  @Test
  void cancellingACallWithdrawsQueuedRequestsAndInterruptsRunningOnes() {
    SimChatModel m = model();
    CountDownLatch gate = new CountDownLatch(1);
    m.gate = gate;
    try (LangChain4jGenerator g = LangChain4jGenerator.builder(m).maxConcurrentCalls(2).build()) {
      CompletableFuture<GenerationResult> f = g.generate(problem, Trajectory.empty(),
          SamplingSpec.toEnd(10, 0.8, 2048, 1));
      Fixtures.await(() -> m.started.get() == 2, "two requests running");
      assertEquals(8, g.callsQueued());
      assertTrue(f.cancel(true));
      assertTrue(f.isCancelled());
      Fixtures.await(() -> m.interrupted.get() == 2, "the running requests interrupted");
      Fixtures.await(() -> g.callsInFlight() == 0, "slots freed");
      assertEquals(0, g.callsQueued());
      gate.countDown();
      // give a wrongly started queued request the chance to show up
      GenerationResult after = g.generate(problem, Trajectory.empty(), SamplingSpec.toEnd(1, 0.8, 2048, 1)).join();
      assertEquals(1, after.continuations().size());
      assertEquals(3, m.started.get(), "none of the 8 queued requests was sent");
    }
  }

  @Test
  void cancellingASearchStopsItsQueuedRequests() {
    SimChatModel m = model();
    CountDownLatch gate = new CountDownLatch(1);
    m.gate = gate;
    try (LangChain4jGenerator g = LangChain4jGenerator.builder(m).maxConcurrentCalls(2).build()) {
      Search search = Search.builder().generator(g).strategy(BestOfN.of(16, Selection.MAJORITY))
          .answerExtractor(MathAnswers.extractor()).build();
      CompletableFuture<SearchResult> f = search.solve(problem);
      Fixtures.await(() -> m.started.get() == 2, "two requests running");
      f.cancel(true);
      assertThrows(CancellationException.class, f::join);
      Fixtures.await(() -> m.interrupted.get() == 2 && g.callsInFlight() == 0,
          () -> "running requests interrupted: " + m.interrupted.get() + " interrupted, " + g.callsInFlight()
              + " in flight, " + g.callsQueued() + " queued");
      assertEquals(0, g.callsQueued());
      gate.countDown();
      assertEquals(2, m.started.get(), "the 14 queued requests were never sent");
    }
  }

  @Test
  void aSearchDeadlineInterruptsTheRunningRequestsAndDropsTheQueuedOnes() {
    SimChatModel m = model();
    m.gate = new CountDownLatch(1); // never opened: the model hangs until interrupted
    try (LangChain4jGenerator g = LangChain4jGenerator.builder(m).maxConcurrentCalls(2).build()) {
      Search search = Search.builder().generator(g).strategy(BestOfN.of(8, Selection.MAJORITY))
          .answerExtractor(MathAnswers.extractor()).build();
      SearchResult r = search.solve(problem, Budget.builder().deadline(Duration.ofMillis(200)).build(), 1).join();
      assertEquals(StopReason.DEADLINE, r.stopReason());
      Fixtures.await(() -> m.interrupted.get() == 2 && g.callsInFlight() == 0, "running requests interrupted");
      assertEquals(0, g.callsQueued());
      assertEquals(2, m.started.get());
    }
  }

  @Test
  void aHardTokenBudgetHoldsOverTheChatModel() {
    SimChatModel m = model();
    try (LangChain4jGenerator g = LangChain4jGenerator.builder(m).sampleParameters(SeededParameters.BINDING)
        .build()) {
      for (Problem p : problems) {
        Budget budget = Budget.builder().completionTokens(1500).promptTokens(4000).build();
        SearchResult r = Search.builder().generator(g)
            .strategy(BestOfN.of(new BestOfN.Config(8, Selection.MAJORITY, Aggregation.LAST, 0.8, 400, false)))
            .answerExtractor(MathAnswers.extractor()).build().solve(p, budget, 3).join();
        assertTrue(r.usage().completionTokens() <= 1500, p.id() + " " + r.usage());
        assertTrue(r.usage().promptTokens() <= 4000, p.id() + " " + r.usage());
        assertTrue(r.usage().generations() >= 1, p.id() + " " + r.usage());
      }
    }
  }

  @Test
  void closeStopsEveryThreadTheGeneratorOwns() {
    SimChatModel m = model();
    m.latencyMillis = 2;
    LangChain4jGenerator g = LangChain4jGenerator.builder(m).maxConcurrentCalls(4).name("leak-check").build();
    g.generate(problem, Trajectory.empty(), SamplingSpec.toEnd(8, 0.8, 2048, 1)).join();
    assertTrue(Fixtures.liveWorkers("leak-check") > 0, "the pool made threads");
    g.close();
    assertEquals(0, Fixtures.liveWorkers("leak-check"), "close() ended them");
    g.close(); // idempotent
    Throwable t = failureOf(g.generate(problem, Trajectory.empty(), SamplingSpec.toEnd(1, 0.8, 2048, 1)));
    assertEquals("generator leak-check is closed", t.getMessage());
  }

  @Test
  void closeCancelsQueuedAndRunningCalls() {
    SimChatModel m = model();
    m.gate = new CountDownLatch(1); // never opened: only interruption ends the running requests
    LangChain4jGenerator g = LangChain4jGenerator.builder(m).maxConcurrentCalls(2).name("close-check").build();
    CompletableFuture<GenerationResult> f = g.generate(problem, Trajectory.empty(),
        SamplingSpec.toEnd(6, 0.8, 2048, 1));
    Fixtures.await(() -> m.started.get() == 2, "two requests running");
    g.close();
    assertTrue(f.isCompletedExceptionally());
    assertThrows(CancellationException.class, f::join);
    assertEquals(2, m.interrupted.get());
    assertEquals(2, m.started.get());
    assertEquals(0, Fixtures.liveWorkers("close-check"));
  }

  // ---------------------------------------------------------------- configuration

  @Test
  void badSettingsAreRefusedNamingTheArgumentAndValue() {
    LangChain4jGenerator.Builder b = LangChain4jGenerator.builder(model());
    assertEquals("maxConcurrentCalls must be >= 1, got 0",
        assertThrows(IllegalArgumentException.class, () -> b.maxConcurrentCalls(0)).getMessage());
    assertEquals("promptTokenMargin must be >= 0, got -1",
        assertThrows(IllegalArgumentException.class, () -> b.promptTokenMargin(-1)).getMessage());
    assertEquals("name must not be blank, got ' '",
        assertThrows(IllegalArgumentException.class, () -> b.name(" ")).getMessage());
    assertEquals("systemPrompt must be null or not blank, got ''",
        assertThrows(IllegalArgumentException.class, () -> b.systemPrompt("")).getMessage());
    assertEquals("executor", assertThrows(NullPointerException.class, () -> b.executor(null)).getMessage());
    assertEquals("model", assertThrows(NullPointerException.class, () -> LangChain4jGenerator.builder(null))
        .getMessage());
    try (LangChain4jGenerator g = LangChain4jGenerator.of(model())) {
      Trajectory done = Trajectory.of(List.of(Step.of("So $\\boxed{2}$.", 5, StepEnd.END_OF_SOLUTION)));
      assertThrows(IllegalArgumentException.class,
          () -> g.generate(problem, done, SamplingSpec.oneStep(1, 0.8, 100, 1)));
    }
  }

  @Test
  void theNameComesFromTheModelUnlessGiven() {
    try (LangChain4jGenerator g = LangChain4jGenerator.of(model())) {
      assertEquals("SimChatModel", g.name());
    }
    try (LangChain4jGenerator g = LangChain4jGenerator.builder(model()).name("gpt-4o-mini").build()) {
      assertEquals("gpt-4o-mini", g.name());
      assertTrue(g.toString().contains("gpt-4o-mini"));
    }
  }
}
