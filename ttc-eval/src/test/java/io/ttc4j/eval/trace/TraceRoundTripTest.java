package io.ttc4j.eval.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ttc4j.core.Aggregation;
import io.ttc4j.core.Budget;
import io.ttc4j.core.CallFailedException;
import io.ttc4j.core.Continuation;
import io.ttc4j.core.GenerationResult;
import io.ttc4j.core.Generator;
import io.ttc4j.core.PriceModel;
import io.ttc4j.core.Problem;
import io.ttc4j.core.ProcessRewardModel;
import io.ttc4j.core.RewardScores;
import io.ttc4j.core.SamplingSpec;
import io.ttc4j.core.Search;
import io.ttc4j.core.SearchResult;
import io.ttc4j.core.SearchStrategy;
import io.ttc4j.core.Selection;
import io.ttc4j.core.Step;
import io.ttc4j.core.StepEnd;
import io.ttc4j.core.StopReason;
import io.ttc4j.core.Trajectory;
import io.ttc4j.core.Usage;
import io.ttc4j.datasets.Datasets;
import io.ttc4j.datasets.MathAnswers;
import io.ttc4j.sim.Simulator;
import io.ttc4j.sim.SimulatorPreset;
import io.ttc4j.strategies.BeamSearch;
import io.ttc4j.strategies.BestOfN;
import io.ttc4j.strategies.Dvts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Recording a simulator-driven search and replaying it gives the identical result, bit for bit. */
class TraceRoundTripTest {

  private static final List<Problem> PROBLEMS = Datasets.load("math500");
  private static final PriceModel PRICES = PriceModel.of(0.25, 1.5);

  @TempDir
  Path tmp;

  private static Search search(Generator g, ProcessRewardModel p, SearchStrategy s, Budget budget) {
    return Search.builder().generator(g).prm(p).strategy(s).budget(budget)
        .answerExtractor(MathAnswers.extractor()).equivalence(MathAnswers.equivalence()).build();
  }

  private static Budget priced() {
    return Budget.builder().priceModel(PRICES).build();
  }

  /** Records {@code strategy} on {@code problems} (seed = index), replays it, and compares each result. */
  private Trace roundTrip(SearchStrategy strategy, Budget budget, List<Problem> problems) throws IOException {
    Simulator sim = Simulator.create(SimulatorPreset.named("math500"), 7);
    Path file = tmp.resolve("trace.jsonl");
    List<SearchResult> recorded = new ArrayList<>();
    try (TraceRecorder rec = TraceRecorder.create(file, Map.of("model", "sim"), List.of())) {
      Search s = search(rec.recording(sim.generator()), rec.recording(sim.prm()), strategy, budget);
      for (int i = 0; i < problems.size(); i++) {
        recorded.add(s.solve(problems.get(i), budget, i).join());
      }
    }
    // the recording is transparent: the unwrapped models give the same results
    Search direct = search(sim.generator(), sim.prm(), strategy, budget);
    for (int i = 0; i < problems.size(); i++) {
      Results.assertSame(direct.solve(problems.get(i), budget, i).join(), recorded.get(i));
    }
    Trace trace = Trace.read(file);
    assertEquals(List.of(), trace.warnings());
    assertEquals("sim", trace.metadata().get("model"));
    Search replay = search(trace.replayingGenerator(), trace.replayingRewardModel(), strategy, budget);
    for (int i = 0; i < problems.size(); i++) {
      Results.assertSame(recorded.get(i), replay.solve(problems.get(i), budget, i).join());
    }
    return trace;
  }

  @Test
  void bestOfNReplaysBitForBitWithCost() throws IOException {
    Trace trace = roundTrip(BestOfN.of(new BestOfN.Config(16, Selection.WEIGHTED, Aggregation.LAST, 0.8, 2048, true)),
        priced(), PROBLEMS.subList(0, 4));
    assertEquals(List.of("sim-math500"), trace.generatorNames());
    assertEquals(List.of("sim-prm-math500"), trace.rewardModelNames());
    assertEquals(8, trace.calls());
  }

  @Test
  void beamSearchReplaysBitForBit() throws IOException {
    Trace trace = roundTrip(BeamSearch.of(8, 2), priced(), PROBLEMS.subList(0, 2));
    assertTrue(trace.calls() > 10, "beam search makes many calls: " + trace.calls());
  }

  @Test
  void dvtsReplaysBitForBit() throws IOException {
    roundTrip(Dvts.of(8, 2), priced(), PROBLEMS.subList(2, 4));
  }

  @Test
  void aBudgetStopReplaysWithTheSameStopReasonAndSpend() throws IOException {
    Simulator sim = Simulator.create(SimulatorPreset.named("math500"), 7);
    SearchStrategy beam = BeamSearch.of(BeamSearch.Config.of(8, 2).withMaxTokens(600));
    long unlimited = search(sim.generator(), sim.prm(), beam, priced()).solve(PROBLEMS.get(5), priced(), 3).join()
        .usage().completionTokens();
    Budget budget = Budget.builder().completionTokens(unlimited / 2).priceModel(PRICES).build();
    SearchResult direct = search(sim.generator(), sim.prm(), beam, budget).solve(PROBLEMS.get(5), budget, 3).join();
    assertEquals(StopReason.BUDGET, direct.stopReason(), "the budget must bind for this test to mean anything");
    assertTrue(direct.usage().costNanoUsd() > 0);
    roundTrip(beam, budget, List.of(PROBLEMS.get(5), PROBLEMS.get(5), PROBLEMS.get(5), PROBLEMS.get(5)));
  }

  @Test
  void manySearchesRecordedAndReplayedInParallel() throws Exception {
    ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    ExecutorService callers = Executors.newFixedThreadPool(6);
    try {
      // latency makes the answers arrive on the scheduler's threads, interleaved
      Simulator sim = Simulator.create(SimulatorPreset.named("math500"), 11)
          .withLatency(scheduler, Duration.ofNanos(1_000), Duration.ofNanos(50));
      SearchStrategy strategy = BeamSearch.of(BeamSearch.Config.of(4, 2).withMaxIterations(6));
      Budget budget = priced();
      int units = 24;
      Path file = tmp.resolve("parallel.jsonl");
      List<SearchResult> recorded = new ArrayList<>();
      try (TraceRecorder rec = TraceRecorder.create(file)) {
        Search s = search(rec.recording(sim.generator()), rec.recording(sim.prm()), strategy, budget);
        List<Future<SearchResult>> fs = new ArrayList<>();
        for (int i = 0; i < units; i++) {
          int u = i;
          fs.add(callers.submit(() -> s.solve(PROBLEMS.get(u % 8), budget, u / 8).join()));
        }
        for (Future<SearchResult> f : fs) recorded.add(f.get());
      }
      Trace trace = Trace.read(file);
      Search replay = search(trace.replayingGenerator(), trace.replayingRewardModel(), strategy, budget);
      List<Future<SearchResult>> fs = new ArrayList<>();
      for (int i = units - 1; i >= 0; i--) {
        int u = i;
        fs.add(0, callers.submit(() -> replay.solve(PROBLEMS.get(u % 8), budget, u / 8).join()));
      }
      for (int i = 0; i < units; i++) {
        Results.assertSame(recorded.get(i), fs.get(i).get());
      }
    } finally {
      callers.shutdownNow();
      scheduler.shutdownNow();
    }
  }

  @Test
  void anUnrecordedRequestFailsNamingTheProblemAndWhatDiffered() throws IOException {
    Simulator sim = Simulator.create(SimulatorPreset.named("math500"), 7);
    Path file = tmp.resolve("t.jsonl");
    Problem p = PROBLEMS.get(0);
    try (TraceRecorder rec = TraceRecorder.create(file)) {
      Generator g = rec.recording(sim.generator());
      g.generate(p, Trajectory.empty(), SamplingSpec.oneStep(4, 0.8, 512, 3)).join();
    }
    Generator replay = Trace.read(file).replayingGenerator();

    String seed = mismatch(replay.generate(p, Trajectory.empty(), SamplingSpec.oneStep(4, 0.8, 512, 4)));
    assertTrue(seed.contains("problem '" + p.id() + "'"), seed);
    assertTrue(seed.contains("seed (recorded 3, asked 4)"), seed);
    assertTrue(seed.contains("n=4, seed=4"), seed);
    assertTrue(seed.contains(file.toString()), seed);

    String n = mismatch(replay.generate(p, Trajectory.empty(), SamplingSpec.oneStep(2, 0.8, 512, 3)));
    assertTrue(n.contains("n (recorded 4, asked 2)"), n);

    Trajectory other = Trajectory.of(List.of(Step.of("a step never generated", 5, StepEnd.STEP_BOUNDARY)));
    String prefix = mismatch(replay.generate(p, other, SamplingSpec.oneStep(4, 0.8, 512, 3)));
    assertTrue(prefix.contains("prefix of 1 step (5 tokens)"), prefix);
    assertTrue(prefix.contains("no call for this problem with this prefix"), prefix);
    assertTrue(prefix.contains("depths [0]"), prefix);

    Problem changed = new Problem(p.id(), p.prompt() + " ", p.reference(), p.metadata());
    String prompt = mismatch(replay.generate(changed, Trajectory.empty(), SamplingSpec.oneStep(4, 0.8, 512, 3)));
    assertTrue(prompt.contains("another prompt"), prompt);

    Problem unknown = Problem.of("test/never/1", "What?");
    String problem = mismatch(replay.generate(unknown, Trajectory.empty(), SamplingSpec.oneStep(4, 0.8, 512, 3)));
    assertTrue(problem.contains("problem 'test/never/1'"), problem);
    assertTrue(problem.contains("holds no such call for this problem"), problem);
    assertTrue(problem.contains("'" + p.id() + "'"), problem);

    // the reference and the metadata are not part of a request: a corrected reference still replays
    Problem corrected = new Problem(p.id(), p.prompt(), "another reference", Map.of());
    replay.generate(corrected, Trajectory.empty(), SamplingSpec.oneStep(4, 0.8, 512, 3)).join();
  }

  @Test
  void anUnrecordedScoreCallNamesTheFirstDifferingTrajectory() throws IOException {
    Simulator sim = Simulator.create(SimulatorPreset.named("math500"), 7);
    Problem p = PROBLEMS.get(1);
    List<Trajectory> ts = new ArrayList<>();
    for (Continuation c : sim.generator().generate(p, Trajectory.empty(), SamplingSpec.toEnd(3, 0.8, 2048, 1)).join()
        .continuations()) {
      ts.add(Trajectory.of(c.steps()));
    }
    Path file = tmp.resolve("s.jsonl");
    try (TraceRecorder rec = TraceRecorder.create(file)) {
      rec.recording(sim.prm()).score(p, ts).join();
    }
    ProcessRewardModel replay = Trace.read(file).replayingRewardModel();
    List<Trajectory> swapped = List.of(ts.get(0), ts.get(2), ts.get(1));
    String m = mismatch(replay.score(p, swapped));
    assertTrue(m.contains("score call of reward model 'sim-prm-math500' for problem '" + p.id() + "'"), m);
    assertTrue(m.contains("differs first at trajectory 1"), m);
    String fewer = mismatch(replay.score(p, ts.subList(0, 2)));
    assertTrue(fewer.contains("score [3] trajectories"), fewer);
  }

  private static String mismatch(CompletableFuture<?> f) {
    ExecutionException e = assertThrows(ExecutionException.class, f::get);
    assertInstanceOf(TraceMismatchException.class, e.getCause());
    return e.getCause().getMessage();
  }

  /** A generator whose every call answers differently: a server that ignores the seed. */
  static final class Counting implements Generator {
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public CompletableFuture<GenerationResult> generate(Problem problem, Trajectory prefix, SamplingSpec spec) {
      int k = calls.incrementAndGet();
      List<Continuation> cs = new ArrayList<>();
      for (int i = 0; i < spec.n(); i++) {
        cs.add(new Continuation(List.of(new Step("answer " + k + "." + i + " \\boxed{" + k + "}", 10 + k, -0.5 * k,
            StepEnd.END_OF_SOLUTION))));
      }
      return CompletableFuture.completedFuture(new GenerationResult(cs, Usage.ofGeneration(spec.n(), 40, 8, 10L * k)));
    }

    @Override
    public String name() {
      return "counting";
    }
  }

  @Test
  void aRepeatedRequestIsServedInRecordedOrderAndOnceTooOftenFails() throws IOException {
    Path file = tmp.resolve("r.jsonl");
    Problem p = Problem.of("p", "Q?");
    SamplingSpec spec = SamplingSpec.toEnd(2, 0.8, 100, 5);
    List<GenerationResult> recorded = new ArrayList<>();
    try (TraceRecorder rec = TraceRecorder.create(file)) {
      Generator g = rec.recording(new Counting());
      recorded.add(g.generate(p, Trajectory.empty(), spec).join());
      recorded.add(g.generate(p, Trajectory.empty(), spec).join());
    }
    assertNotEquals(recorded.get(0), recorded.get(1));
    Trace trace = Trace.read(file);
    Generator replay = trace.replayingGenerator();
    assertEquals(recorded.get(0), replay.generate(p, Trajectory.empty(), spec).join());
    assertEquals(recorded.get(1), replay.generate(p, Trajectory.empty(), spec).join());
    String m = mismatch(replay.generate(p, Trajectory.empty(), spec));
    assertTrue(m.contains("was recorded 2 times"), m);
    assertTrue(m.contains("a 3rd time"), m);
    assertTrue(m.contains("the run differs from the recorded one"), m);
    // another replaying generator serves the trace from its start
    assertEquals(recorded.get(0), trace.replayingGenerator().generate(p, Trajectory.empty(), spec).join());
  }

  @Test
  void logprobsCachedTokensAndCostArePreservedExactly() throws IOException {
    List<Step> steps = List.of(
        new Step("x = -0.0", 3, -0.0, StepEnd.STEP_BOUNDARY),
        new Step("tiny", 1, -Double.MIN_VALUE, StepEnd.STEP_BOUNDARY),
        new Step("huge", 2, -Double.MAX_VALUE, StepEnd.STEP_BOUNDARY),
        new Step("impossible", 4, Double.NEGATIVE_INFINITY, StepEnd.STEP_BOUNDARY),
        new Step("unknown", 0, Double.NaN, StepEnd.STEP_BOUNDARY),
        new Step("third", 7, -1.0 / 3.0, StepEnd.LENGTH));
    GenerationResult answer = new GenerationResult(List.of(new Continuation(steps)),
        new Usage(1, 1_234, 1_000, 17, 0, 0, 987_654_321_012L));
    Generator fixed = new Generator() {
      @Override
      public CompletableFuture<GenerationResult> generate(Problem problem, Trajectory prefix, SamplingSpec spec) {
        return CompletableFuture.completedFuture(answer);
      }

      @Override
      public long promptTokensUpperBound(Problem problem, Trajectory prefix) {
        return 4_321;
      }
    };
    double[] scores = {0.1, -0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.MIN_NORMAL, 0.30000000000000004};
    ProcessRewardModel prm = (problem, ts) -> CompletableFuture.completedFuture(
        new RewardScores(List.of(scores.clone()), new Usage(0, 0, 0, 0, 1, 35, 42)));
    Path file = tmp.resolve("exact.jsonl");
    Problem p = Problem.of("p", "Q?");
    Trajectory t = Trajectory.of(steps.subList(0, 2));
    SamplingSpec spec = SamplingSpec.oneStep(1, 0.7, 64, -9).withLogprobs(true);
    try (TraceRecorder rec = TraceRecorder.create(file)) {
      rec.recording(fixed).generate(p, t, spec).join();
      rec.recording(prm).score(p, List.of(t)).join();
    }
    Trace trace = Trace.read(file);
    Generator g = trace.replayingGenerator();
    assertEquals(4_321, g.promptTokensUpperBound(p, t));
    GenerationResult replayed = g.generate(p, t, spec).join();
    assertEquals(answer, replayed);
    assertEquals(987_654_321_012L, replayed.usage().costNanoUsd());
    assertEquals(1_000, replayed.usage().cachedPromptTokens());
    List<Step> back = replayed.continuations().get(0).steps();
    for (int i = 0; i < steps.size(); i++) {
      assertEquals(Double.doubleToRawLongBits(steps.get(i).logProbability()),
          Double.doubleToRawLongBits(back.get(i).logProbability()), "logprob of step " + i);
    }
    ProcessRewardModel replayPrm = trace.replayingRewardModel();
    RewardScores first = replayPrm.score(p, List.of(t)).join();
    assertEquals(Results.bits(scores), Results.bits(first.stepScores().get(0)));
    assertEquals(new Usage(0, 0, 0, 0, 1, 35, 42), first.usage());
  }

  @Test
  void replayedScoreArraysAreCopiesPerCall() throws IOException {
    Path file = tmp.resolve("copies.jsonl");
    Problem p = Problem.of("p", "Q?");
    Trajectory t = Trajectory.of(List.of(Step.of("s", 1, StepEnd.END_OF_SOLUTION)));
    ProcessRewardModel prm = (problem, ts) -> CompletableFuture.completedFuture(
        new RewardScores(List.of(new double[] {0.5}), Usage.ofPrmCalls(1)));
    try (TraceRecorder rec = TraceRecorder.create(file)) {
      ProcessRewardModel r = rec.recording(prm);
      r.score(p, List.of(t)).join();
    }
    ProcessRewardModel a = Trace.read(file).replayingRewardModel();
    double[] got = a.score(p, List.of(t)).join().stepScores().get(0);
    got[0] = 99;
    ProcessRewardModel b = Trace.read(file).replayingRewardModel();
    double[] again = b.score(p, List.of(t)).join().stepScores().get(0);
    assertNotSame(got, again);
    assertEquals(0.5, again[0]);
  }

  @Test
  void recordedFailuresFailAgainWithTheirSpend() throws IOException {
    Path file = tmp.resolve("fail.jsonl");
    Problem p = Problem.of("p", "Q?");
    Usage spent = Usage.ofGeneration(2, 30, 0, 44);
    Generator failing = new Generator() {
      @Override
      public CompletableFuture<GenerationResult> generate(Problem problem, Trajectory prefix, SamplingSpec spec) {
        return switch (spec.n()) {
          case 1 -> CompletableFuture.failedFuture(new IOException("connection reset"));
          case 2 -> CompletableFuture.failedFuture(new CallFailedException(new IllegalStateException("HTTP 500"), spent));
          default -> new CompletableFuture<>(); // never answers; cancelled below
        };
      }

      @Override
      public String name() {
        return "failing";
      }
    };
    try (TraceRecorder rec = TraceRecorder.create(file)) {
      Generator g = rec.recording(failing);
      assertThrows(Exception.class, () -> g.generate(p, Trajectory.empty(), SamplingSpec.toEnd(1, 0.8, 10, 0)).join());
      assertThrows(Exception.class, () -> g.generate(p, Trajectory.empty(), SamplingSpec.toEnd(2, 0.8, 10, 0)).join());
      CompletableFuture<GenerationResult> hanging = g.generate(p, Trajectory.empty(), SamplingSpec.toEnd(3, 0.8, 10, 0));
      assertTrue(hanging.cancel(true));
      assertEquals(3, rec.calls(), "the cancelled call is recorded too");
    }
    Generator replay = Trace.read(file).replayingGenerator();

    ExecutionException io = assertThrows(ExecutionException.class,
        () -> replay.generate(p, Trajectory.empty(), SamplingSpec.toEnd(1, 0.8, 10, 0)).get());
    RecordedFailureException r = assertInstanceOf(RecordedFailureException.class, io.getCause());
    assertEquals("java.io.IOException", r.recordedType());
    assertEquals("connection reset", r.getMessage());

    ExecutionException partial = assertThrows(ExecutionException.class,
        () -> replay.generate(p, Trajectory.empty(), SamplingSpec.toEnd(2, 0.8, 10, 0)).get());
    CallFailedException c = assertInstanceOf(CallFailedException.class, partial.getCause());
    assertEquals(spent, c.spent());
    assertEquals("java.lang.IllegalStateException", ((RecordedFailureException) c.getCause()).recordedType());
    assertEquals("HTTP 500", c.getCause().getMessage());

    CompletableFuture<GenerationResult> cancelled = replay.generate(p, Trajectory.empty(), SamplingSpec.toEnd(3, 0.8, 10, 0));
    assertTrue(cancelled.isCompletedExceptionally());
    assertThrows(CancellationException.class, cancelled::get);
  }

  @Test
  void aTraceWithSeveralModelsNeedsANameAndRejectsAnUnknownOne() throws IOException {
    Path file = tmp.resolve("two.jsonl");
    Simulator sim = Simulator.create(SimulatorPreset.named("math500"), 1);
    try (TraceRecorder rec = TraceRecorder.create(file)) {
      rec.recording(sim.generator(0.5));
      rec.recording(sim.generator(1.5));
    }
    Trace trace = Trace.read(file);
    assertEquals(List.of("sim-math500@0.5", "sim-math500@1.5"), trace.generatorNames());
    IllegalStateException several = assertThrows(IllegalStateException.class, trace::replayingGenerator);
    assertTrue(several.getMessage().contains("replayingGenerator(name)"), several.getMessage());
    assertEquals("sim-math500@1.5", trace.replayingGenerator("sim-math500@1.5").name());
    IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
        () -> trace.replayingGenerator("gpt"));
    assertTrue(unknown.getMessage().contains("got 'gpt'"), unknown.getMessage());
    IllegalStateException none = assertThrows(IllegalStateException.class, trace::replayingRewardModel);
    assertTrue(none.getMessage().contains("holds no reward model"), none.getMessage());
    assertTrue(Files.size(file) > 0);
  }
}
