package io.ttc4j.strategies;

import static io.ttc4j.strategies.SimFixture.problem;
import static io.ttc4j.strategies.StrategyContractTest.fingerprint;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ttc4j.core.Budget;
import io.ttc4j.core.Continuation;
import io.ttc4j.core.GenerationResult;
import io.ttc4j.core.Generator;
import io.ttc4j.core.Problem;
import io.ttc4j.core.ProcessRewardModel;
import io.ttc4j.core.RewardScores;
import io.ttc4j.core.SamplingSpec;
import io.ttc4j.core.Search;
import io.ttc4j.core.SearchContext;
import io.ttc4j.core.SearchResult;
import io.ttc4j.core.SearchStrategy;
import io.ttc4j.core.Selection;
import io.ttc4j.core.Step;
import io.ttc4j.core.StepEnd;
import io.ttc4j.core.StopReason;
import io.ttc4j.core.Trajectory;
import io.ttc4j.core.Usage;
import io.ttc4j.datasets.MathAnswers;
import io.ttc4j.sim.Simulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SearchEngineTest {

  private ScheduledThreadPoolExecutor scheduler;

  @BeforeEach
  void startScheduler() {
    scheduler = new ScheduledThreadPoolExecutor(2, r -> {
      Thread t = new Thread(r, "engine-test-latency");
      t.setDaemon(true);
      return t;
    });
    scheduler.setRemoveOnCancelPolicy(true);
  }

  @AfterEach
  void stopScheduler() {
    scheduler.shutdownNow();
  }

  private static SearchEngine.Builder engine(Generator g, ProcessRewardModel p) {
    SearchEngine.Builder b = SearchEngine.builder().generator(g).answerExtractor(MathAnswers.extractor())
        .equivalence(MathAnswers.equivalence());
    return p == null ? b : b.prm(p);
  }

  private static final SearchStrategy BEAM = BeamSearch.of(BeamSearch.Config.of(8, 2).withMaxTokens(512)
      .withMaxIterations(10));
  private static final SearchStrategy BEST_OF_N =
      BestOfN.of(new BestOfN.Config(8, Selection.WEIGHTED, io.ttc4j.core.Aggregation.LAST, 0.8, 512, false));

  // ---------------------------------------------------------------------------------------------
  // The limit

  /** Counts the calls of a generator and a reward model in flight together, as the models see them. */
  static final class InFlight {
    final AtomicInteger now = new AtomicInteger();
    final AtomicInteger max = new AtomicInteger();
    final AtomicInteger generations = new AtomicInteger();
    final AtomicInteger maxGenerations = new AtomicInteger();
    final AtomicInteger rewards = new AtomicInteger();
    final AtomicInteger maxRewards = new AtomicInteger();
    final AtomicInteger generatorCalls = new AtomicInteger();

    <T> CompletableFuture<T> track(AtomicInteger kind, AtomicInteger kindMax, CompletableFuture<T> call) {
      max.accumulateAndGet(now.incrementAndGet(), Math::max);
      kindMax.accumulateAndGet(kind.incrementAndGet(), Math::max);
      // a new stage that completes after the count went down, so no later call can be counted first
      return call.whenComplete((r, e) -> {
        kind.decrementAndGet();
        now.decrementAndGet();
      });
    }

    Generator generator(Generator g) {
      return new Generator() {
        @Override
        public CompletableFuture<GenerationResult> generate(Problem problem, Trajectory prefix, SamplingSpec spec) {
          generatorCalls.incrementAndGet();
          return track(generations, maxGenerations, g.generate(problem, prefix, spec));
        }

        @Override
        public long promptTokensUpperBound(Problem problem, Trajectory prefix) {
          return g.promptTokensUpperBound(problem, prefix);
        }
      };
    }

    ProcessRewardModel prm(ProcessRewardModel p) {
      return (problem, trajectories) -> track(rewards, maxRewards, p.score(problem, trajectories));
    }
  }

  private List<SearchResult> runMany(SearchEngine engine, int searches) {
    List<CompletableFuture<SearchResult>> futures = new ArrayList<>();
    for (int i = 0; i < searches; i++) {
      futures.add(engine.solve(i % 2 == 0 ? BEAM : BEST_OF_N, problem(i * 7), Budget.unlimited(), i));
    }
    List<SearchResult> out = new ArrayList<>();
    for (CompletableFuture<SearchResult> f : futures) {
      out.add(f.orTimeout(30, TimeUnit.SECONDS).join());
    }
    return out;
  }

  @Test
  void theSharedLimitIsNeverExceededByManySearches() {
    Simulator sim = SimFixture.sim(1).withLatency(scheduler, Duration.ofMillis(1), Duration.ZERO);
    InFlight seen = new InFlight();
    try (SearchEngine engine = engine(seen.generator(sim.generator()), seen.prm(sim.prm()))
        .maxConcurrentCalls(4).build()) {
      for (SearchResult r : runMany(engine, 40)) {
        assertEquals(StopReason.COMPLETED, r.stopReason());
      }
      SearchEngine.Stats s = engine.stats();
      assertTrue(seen.max.get() <= 4, "calls in flight at once: " + seen.max.get());
      assertEquals(4, seen.max.get(), "40 searches keep every permit busy");
      assertTrue(s.maxInFlight() <= 4 && s.maxInFlight() >= 1, s.toString());
      assertEquals(seen.generatorCalls.get(), s.generatorCalls());
      assertEquals(40, s.searchesStarted());
      assertEquals(40, s.searchesFinished());
      assertEquals(0, s.inFlight());
      assertEquals(0, s.permitsInUse());
      assertEquals(0, s.waiting());
      assertEquals(s.rewardCalls(), s.rewardModelCalls(), "no batching: every request reaches the PRM");
      assertTrue(s.permitWaitNanos() > 0, "calls waited for permits");
    }
  }

  @Test
  void budgetsStayHardLimitsWhileCallsWaitForPermits() {
    // the worst case is reserved before the wait: searches queued behind others never overspend
    Simulator sim = SimFixture.sim(3).withLatency(scheduler, Duration.ofMillis(1), Duration.ZERO);
    try (SearchEngine engine = engine(sim.generator(), sim.prm()).maxConcurrentCalls(2).build()) {
      List<CompletableFuture<SearchResult>> fs = new ArrayList<>();
      List<Budget> budgets = List.of(Budget.tokens(2500), Budget.generations(11), Budget.builder().prmCalls(13).build());
      for (int i = 0; i < 24; i++) {
        fs.add(engine.solve(i % 2 == 0 ? BEAM : BEST_OF_N, problem(i * 13), budgets.get(i % 3), i));
      }
      for (int i = 0; i < fs.size(); i++) {
        SearchResult r = fs.get(i).orTimeout(30, TimeUnit.SECONDS).join();
        Usage limit = budgets.get(i % 3).limit();
        assertTrue(r.usage().withCostNanoUsd(0).isWithin(limit.withCostNanoUsd(0)), r.usage() + " within " + limit);
      }
    }
  }

  @Test
  void separateLimitsBoundGeneratorAndRewardCallsApart() {
    Simulator sim = SimFixture.sim(2).withLatency(scheduler, Duration.ofMillis(1), Duration.ZERO);
    InFlight seen = new InFlight();
    try (SearchEngine engine = engine(seen.generator(sim.generator()), seen.prm(sim.prm()))
        .maxConcurrentCalls(3, 1).build()) {
      assertFalse(engine.sharedLimit());
      runMany(engine, 12);
      assertTrue(seen.maxGenerations.get() <= 3, "generator calls at once: " + seen.maxGenerations.get());
      assertEquals(1, seen.maxRewards.get(), "reward-model calls at once");
      assertEquals(0, engine.stats().permitsInUse());
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Priority, cancellation, failures, deadline, close

  /** A generator whose calls complete when the test says: one step that ends the solution. */
  static final class ManualGenerator implements Generator {
    final List<String> calls = new ArrayList<>();
    final List<CompletableFuture<GenerationResult>> pending = new ArrayList<>();

    @Override
    public synchronized CompletableFuture<GenerationResult> generate(Problem problem, Trajectory prefix,
        SamplingSpec spec) {
      calls.add(problem.id() + "/" + prefix.depth());
      CompletableFuture<GenerationResult> f = new CompletableFuture<>();
      pending.add(f);
      return f;
    }

    /** Completes the oldest pending call; false when none is pending. */
    boolean completeNext() {
      CompletableFuture<GenerationResult> f;
      synchronized (this) {
        if (pending.isEmpty()) return false;
        f = pending.remove(0);
      }
      f.complete(new GenerationResult(List.of(new Continuation(List.of(Step.of("so \\boxed{1}", 5,
          StepEnd.STEP_BOUNDARY)))), Usage.ofGeneration(1, 10, 0, 5)));
      return true;
    }

    synchronized List<String> calls() {
      return List.copyOf(calls);
    }

    synchronized CompletableFuture<GenerationResult> last() {
      return pending.get(pending.size() - 1);
    }
  }

  /** Makes {@code calls} generator calls one after the other, then scores the path when it has a PRM. */
  static final class SequentialCalls implements SearchStrategy {
    final int calls;

    SequentialCalls(int calls) {
      this.calls = calls;
    }

    @Override
    public String name() {
      return "sequential-" + calls;
    }

    @Override
    public CompletableFuture<SearchResult> search(Problem problem, SearchContext ctx) {
      CompletableFuture<Trajectory> path = CompletableFuture.completedFuture(Trajectory.empty());
      for (int i = 0; i < calls; i++) {
        path = path.thenCompose(t -> ctx.generate(problem, t, SamplingSpec.oneStep(1, 0.8, 16, 0))
            .thenApply(res -> t.appendAll(res.continuations().get(0).steps())));
      }
      CompletableFuture<?> scored = ctx.prm().isEmpty() ? path
          : path.thenCompose(t -> ctx.score(problem, List.of(t)));
      return scored.handle((v, err) -> SearchResult.of(null, List.of(), ctx.meter().spent(),
          err == null ? StopReason.COMPLETED : SearchResult.stopReasonOf(err),
          err == null || SearchResult.stopReasonOf(err) != StopReason.FAILED ? null : SearchResult.unwrap(err)));
    }
  }

  private static Problem named(String id) {
    return Problem.of(id, "what is 1?", "1");
  }

  @Test
  void theOldestSearchesCallsGoFirst() {
    ManualGenerator g = new ManualGenerator();
    try (SearchEngine engine = engine(g, null).maxConcurrentCalls(1).build()) {
      List<CompletableFuture<SearchResult>> fs = new ArrayList<>();
      for (String id : List.of("s0", "s1", "s2")) {
        fs.add(engine.solve(new SequentialCalls(2), named(id), Budget.unlimited(), 0));
      }
      assertEquals(2, engine.stats().waiting());
      while (g.completeNext()) {
        assertTrue(engine.stats().inFlight() <= 1);
      }
      // FIFO would give s0/0 s1/0 s2/0 s0/1 s1/1 s2/1: the second call of an older search overtakes
      assertEquals(List.of("s0/0", "s1/0", "s0/1", "s1/1", "s2/0", "s2/1"), g.calls());
      for (CompletableFuture<SearchResult> f : fs) {
        assertEquals(StopReason.COMPLETED, f.join().stopReason());
      }
      assertEquals(0, engine.stats().permitsInUse());
    }
  }

  private static List<String> engineThreads() {
    List<String> out = new ArrayList<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.isAlive() && t.getName().startsWith("ttc4j-engine")) {
        out.add(t.getName());
      }
    }
    return out;
  }

  @Test
  void cancellingSearchesFreesNoExtraPermitAndLeavesNoThread() {
    ManualGenerator g = new ManualGenerator();
    List<String> before = engineThreads();
    SearchEngine engine = engine(g, new FakeModels.Prm(false)).maxConcurrentCalls(1)
        .prmBatching(8, Duration.ofMillis(1)).build();
    CompletableFuture<SearchResult> holder = engine.solve(new SequentialCalls(1), named("a"), Budget.unlimited(), 0);
    CompletableFuture<SearchResult> queued = engine.solve(new SequentialCalls(1), named("b"), Budget.unlimited(), 0);
    assertEquals(1, engine.stats().waiting());

    assertTrue(queued.cancel(true));
    assertThrows(CancellationException.class, queued::join);
    assertEquals(0, engine.stats().waiting(), "the cancelled search's call left the queue");
    assertEquals(1, engine.stats().permitsInUse());
    assertEquals(List.of("a/0"), g.calls(), "the cancelled search never called the generator");

    // the holder's call completes, its score goes through a batch on the engine's timer thread
    g.completeNext();
    assertEquals(StopReason.COMPLETED, holder.orTimeout(10, TimeUnit.SECONDS).join().stopReason());
    assertEquals(0, engine.stats().permitsInUse());
    assertEquals(1, engine.stats().rewardModelCalls());

    // a search cancelled while its call is in flight cancels the call and frees its permit
    CompletableFuture<SearchResult> running = engine.solve(new SequentialCalls(3), named("c"), Budget.unlimited(), 0);
    CompletableFuture<GenerationResult> call = g.last();
    CompletableFuture<SearchResult> next = engine.solve(new SequentialCalls(1), named("d"), Budget.unlimited(), 0);
    assertTrue(running.cancel(true));
    assertTrue(call.isCancelled(), "the model call in flight was cancelled");
    assertEquals(List.of("a/0", "c/0", "d/0"), g.calls(), "the permit went to the next search");
    assertEquals(1, engine.stats().permitsInUse());
    g.completeNext(); // the cancelled one: nothing happens
    g.completeNext();
    assertEquals(StopReason.COMPLETED, next.orTimeout(10, TimeUnit.SECONDS).join().stopReason());
    SearchEngine.Stats s = engine.stats();
    assertEquals(0, s.permitsInUse());
    assertEquals(0, s.inFlight());
    assertEquals(4, s.searchesFinished());

    assertFalse(engineThreads().isEmpty(), "batching ran a timer thread");
    engine.close();
    assertEquals(before, engineThreads(), "close() stops the engine's thread");
  }

  private static Generator failing(Function<Integer, CompletableFuture<GenerationResult>> nth, Generator ok) {
    AtomicInteger calls = new AtomicInteger();
    return new Generator() {
      @Override
      public CompletableFuture<GenerationResult> generate(Problem problem, Trajectory prefix, SamplingSpec spec) {
        int i = calls.incrementAndGet();
        CompletableFuture<GenerationResult> f = nth.apply(i);
        return f != null || i % 3 != 0 ? f : ok.generate(problem, prefix, spec);
      }
    };
  }

  @Test
  void everyFailurePathReleasesItsPermit() {
    Generator ok = new FakeModels.Gen(0.7);
    List<Generator> broken = List.of(
        failing(i -> {
          throw new IllegalStateException("thrown");
        }, ok),
        failing(i -> null, ok),
        failing(i -> CompletableFuture.failedFuture(new IllegalStateException("failed")), ok),
        failing(i -> i % 2 == 0 ? ok.generate(named("x"), Trajectory.empty(), SamplingSpec.toEnd(1, 0.8, 64, i))
            : CompletableFuture.failedFuture(new IllegalStateException("every other")), ok));
    for (Generator g : broken) {
      for (ProcessRewardModel p : List.of(new FakeModels.Prm(false), new FakeModels.Prm(true))) {
        try (SearchEngine engine = engine(g, p).maxConcurrentCalls(2).build()) {
          List<CompletableFuture<SearchResult>> fs = new ArrayList<>();
          for (int i = 0; i < 12; i++) {
            fs.add(engine.solve(i % 2 == 0 ? BEAM : BEST_OF_N, named("p" + i), Budget.unlimited(), i));
          }
          for (CompletableFuture<SearchResult> f : fs) {
            SearchResult r = f.orTimeout(10, TimeUnit.SECONDS).join();
            if (r.stopReason() == StopReason.FAILED) {
              assertNotNull(r.failure());
            }
          }
          SearchEngine.Stats s = engine.stats();
          assertEquals(0, s.permitsInUse(), s.toString());
          assertEquals(0, s.inFlight(), s.toString());
          assertEquals(0, s.waiting(), s.toString());
        }
      }
    }
  }

  @Test
  void theDeadlineRunsWhileACallWaitsForItsPermit() {
    ManualGenerator g = new ManualGenerator();
    try (SearchEngine engine = engine(g, null).maxConcurrentCalls(1).build()) {
      CompletableFuture<SearchResult> holder = engine.solve(new SequentialCalls(1), named("a"), Budget.unlimited(), 0);
      Budget soon = Budget.builder().deadline(Duration.ofMillis(30)).build();
      SearchResult late = engine.solve(new SequentialCalls(1), named("b"), soon, 0)
          .orTimeout(10, TimeUnit.SECONDS).join();
      assertEquals(StopReason.DEADLINE, late.stopReason());
      assertEquals(Usage.ZERO, late.usage().withCostNanoUsd(0), "the waiting call was never made");
      assertEquals(0, engine.stats().waiting(), "the timed-out call left the queue");
      assertEquals(List.of("a/0"), g.calls());
      g.completeNext();
      assertEquals(StopReason.COMPLETED, holder.join().stopReason());
      assertEquals(0, engine.stats().permitsInUse());
    }
  }

  @Test
  void closeRefusesNewSearchesAndCancelsRunningOnes() {
    ManualGenerator g = new ManualGenerator();
    SearchEngine engine = engine(g, null).maxConcurrentCalls(1).build();
    CompletableFuture<SearchResult> running = engine.solve(new SequentialCalls(1), named("a"), Budget.unlimited(), 0);
    CompletableFuture<SearchResult> queued = engine.solve(new SequentialCalls(1), named("b"), Budget.unlimited(), 0);
    CompletableFuture<GenerationResult> call = g.last();
    engine.close();
    engine.close();
    assertTrue(running.isCancelled() && queued.isCancelled());
    assertTrue(call.isCancelled());
    assertEquals(0, engine.stats().permitsInUse());
    assertEquals(0, engine.stats().waiting());
    CompletionException e = assertThrows(CompletionException.class,
        () -> engine.solve(BEAM, named("c"), Budget.unlimited(), 0).join());
    assertEquals("SearchEngine is closed", e.getCause().getMessage());
  }

  // ---------------------------------------------------------------------------------------------
  // Results

  @Test
  void resultsAreThoseOfSearchAloneWithOrWithoutLatency() {
    Simulator sim = SimFixture.sim(5);
    Simulator slow = sim.withLatency(scheduler, Duration.ofMillis(1), Duration.ZERO);
    try (SearchEngine fast = engine(sim.generator(), sim.prm()).maxConcurrentCalls(3).build();
        SearchEngine latent = engine(slow.generator(), slow.prm()).maxConcurrentCalls(3).build()) {
      for (SearchStrategy strategy : List.of(BEAM, BEST_OF_N)) {
        Search alone = Search.builder().generator(sim.generator()).prm(sim.prm()).strategy(strategy)
            .answerExtractor(MathAnswers.extractor()).equivalence(MathAnswers.equivalence()).build();
        List<CompletableFuture<SearchResult>> viaFast = new ArrayList<>();
        List<CompletableFuture<SearchResult>> viaLatent = new ArrayList<>();
        List<SearchResult> expected = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
          Budget budget = i % 3 == 2 ? Budget.tokens(3000) : Budget.unlimited();
          expected.add(alone.solve(problem(i * 41), budget, i).join());
          viaFast.add(fast.solve(strategy, problem(i * 41), budget, i));
          viaLatent.add(latent.solve(strategy, problem(i * 41), budget, i));
        }
        for (int i = 0; i < expected.size(); i++) {
          String want = fingerprint(expected.get(i));
          assertEquals(want, fingerprint(viaFast.get(i).join()), strategy.name() + " #" + i);
          assertEquals(want, fingerprint(viaLatent.get(i).orTimeout(30, TimeUnit.SECONDS).join()),
              strategy.name() + " #" + i + " with latency");
        }
      }
    }
  }

  @Test
  void thePrmCacheChangesNeitherAnswersNorUsage() {
    Simulator sim = SimFixture.sim(6).withLatency(scheduler, Duration.ofMillis(1), Duration.ZERO);
    try (SearchEngine cached = engine(sim.generator(), sim.prm()).maxConcurrentCalls(4).build();
        SearchEngine plain = engine(sim.generator(), sim.prm()).maxConcurrentCalls(4).prmCache(false).build()) {
      List<SearchResult> a = runMany(cached, 16);
      List<SearchResult> b = runMany(plain, 16);
      for (int i = 0; i < a.size(); i++) {
        assertEquals(fingerprint(b.get(i)), fingerprint(a.get(i)), "search " + i);
      }
      assertEquals(plain.stats().rewardCalls(), cached.stats().rewardCalls());
    }
  }

  @Test
  void batchingMergesRequestsForTheSameProblemAndKeepsResults() {
    Simulator sim = SimFixture.sim(7).withLatency(scheduler, Duration.ofMillis(1), Duration.ZERO);
    Problem p = problem(11);
    try (SearchEngine batched = engine(sim.generator(), sim.prm()).maxConcurrentCalls(16)
        .prmBatching(64, Duration.ofMillis(20)).build()) {
      List<CompletableFuture<SearchResult>> fs = new ArrayList<>();
      for (int seed = 0; seed < 8; seed++) {
        fs.add(batched.solve(BEST_OF_N, p, Budget.unlimited(), seed));
      }
      long tokensAlone = 0;
      long tokensBatched = 0;
      for (int seed = 0; seed < 8; seed++) {
        SearchResult alone = SimFixture.run(BEST_OF_N, p, Budget.unlimited(), 7, seed);
        SearchResult batchedResult = fs.get(seed).orTimeout(30, TimeUnit.SECONDS).join();
        // a batch's reward-model tokens are apportioned by trajectory count: exact in sum, not per search
        assertEquals(fingerprint(withoutPrmTokens(alone)), fingerprint(withoutPrmTokens(batchedResult)));
        tokensAlone += alone.usage().prmTokens();
        tokensBatched += batchedResult.usage().prmTokens();
      }
      assertEquals(tokensAlone, tokensBatched);
      SearchEngine.Stats s = batched.stats();
      assertEquals(8, s.rewardCalls());
      assertTrue(s.rewardModelCalls() < s.rewardCalls(), "batches merged requests: " + s);
    }
  }

  private static SearchResult withoutPrmTokens(SearchResult r) {
    return new SearchResult(r.answer(), r.candidates(), r.usage().minus(Usage.ofPrm(0, r.usage().prmTokens())),
        r.stopReason(), r.failure());
  }

  @Test
  void settingsAreValidatedByName() {
    assertEquals("maxConcurrentCalls must be >= 1, got 0", assertThrows(IllegalArgumentException.class,
        () -> SearchEngine.builder().maxConcurrentCalls(0)).getMessage());
    assertEquals("rewardCalls must be >= 1, got -1", assertThrows(IllegalArgumentException.class,
        () -> SearchEngine.builder().maxConcurrentCalls(2, -1)).getMessage());
    assertEquals("maxBatchSize must be >= 1, got 0", assertThrows(IllegalArgumentException.class,
        () -> SearchEngine.builder().prmBatching(0, Duration.ofMillis(1))).getMessage());
    assertEquals("maxWait must be positive, got PT0S", assertThrows(IllegalArgumentException.class,
        () -> SearchEngine.builder().prmBatching(4, Duration.ZERO)).getMessage());
    assertEquals("answerExtractor is required", assertThrows(NullPointerException.class,
        () -> SearchEngine.builder().generator(new FakeModels.Gen(0.5)).build()).getMessage());
  }
}
