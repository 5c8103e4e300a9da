package io.ttc4j.strategies;

import static io.ttc4j.strategies.SimFixture.noCost;
import static io.ttc4j.strategies.SimFixture.problem;
import static io.ttc4j.strategies.SimFixture.seen;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.ttc4j.core.Aggregation;
import io.ttc4j.core.Budget;
import io.ttc4j.core.Candidate;
import io.ttc4j.core.GenerationResult;
import io.ttc4j.core.Generator;
import io.ttc4j.core.PriceModel;
import io.ttc4j.core.Problem;
import io.ttc4j.core.SamplingSpec;
import io.ttc4j.core.Search;
import io.ttc4j.core.SearchContext;
import io.ttc4j.core.SearchResult;
import io.ttc4j.core.SearchStrategy;
import io.ttc4j.core.Selection;
import io.ttc4j.core.StopReason;
import io.ttc4j.core.Trajectory;
import io.ttc4j.core.Usage;
import io.ttc4j.datasets.MathAnswers;
import io.ttc4j.sim.Simulator;
import io.ttc4j.strategies.SimFixture.CountingGenerator;
import io.ttc4j.strategies.SimFixture.CountingPrm;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract every strategy keeps, run against every strategy (JCTools style: a new strategy gets
 * every guarantee by adding one line to {@link #strategies()}):
 * <ul>
 *   <li>the budget is a hard limit, for random token, generation, reward-model-call and money budgets,
 *       and for several searches running at once on shared models with latency; nothing is left in
 *       flight when a search completes;
 *   <li>the same seed gives the same result, with or without latency, under a tight budget too;
 *   <li>cancelling the future of {@link Search#solve} stops the search promptly: no call in flight,
 *       nothing left queued on the latency scheduler, no new call after;
 *   <li>a deadline is honoured: the search returns {@link StopReason#DEADLINE} soon after it;
 *   <li>the result's usage is exactly what the generator and the reward model reported;
 *   <li>only finished solutions are candidates, and the chosen one ranks first;
 *   <li>a failing generator gives {@link StopReason#FAILED} with the error, not an exception.
 * </ul>
 */
class StrategyContractTest {

  /** Every strategy, in small configurations (512 tokens per continuation so that token budgets bite). */
  static Stream<Named<SearchStrategy>> strategies() {
    return Stream.of(
        BestOfN.of(new BestOfN.Config(8, Selection.WEIGHTED, Aggregation.LAST, 0.8, 512, false)),
        SelfConsistency.of(new SelfConsistency.Config(12, 3, SelfConsistency.EarlyStop.BETA, 0.95, 1.0, 0.8, 512)),
        SelfConsistency.of(new SelfConsistency.Config(12, 3, SelfConsistency.EarlyStop.WINDOW, 1.0, 0.5, 0.8, 512)),
        BeamSearch.of(BeamSearch.Config.of(8, 2).withMaxTokens(512).withMaxIterations(12)),
        BeamSearch.of(BeamSearch.Config.of(6, 3).withMaxTokens(512).withFilterDuplicates(true)),
        LookaheadSearch.of(new LookaheadSearch.Config(BeamSearch.Config.of(4, 2).withMaxTokens(512), 2)),
        Dvts.of(Dvts.Config.of(8, 2).withMaxTokens(512)),
        Rebase.of(Rebase.Config.of(8).withMaxTokens(512)),
        Mcts.of(Mcts.Config.of(8, 3).withMaxTokens(512)),
        Mcts.of(Mcts.Config.of(12, 2).withMaxTokens(512).withPolicy(Mcts.TreePolicy.PUCT).withExploration(1.5)),
        // probes, then best-of-N reusing them on easy queries and beam search on hard ones
        ComputeOptimal.of(new ComputeOptimal.Config((probes, budget) -> probes.meanScore() > 0.5
            ? new ComputeOptimal.Choice(StrategySpec.WEIGHTED, 8) : new ComputeOptimal.Choice(StrategySpec.BEAM, 4),
            3, 4000, Aggregation.LAST, 0.8, 512))
    ).map(s -> Named.of(s.name(), s));
  }

  private static Budget randomBudget(int kind, int amount) {
    switch (kind) {
      case 0: return Budget.tokens(amount);
      case 1: return Budget.generations(amount / 100 + 1);
      case 2: return Budget.builder().prmCalls(amount / 80).build();
      case 3: return Budget.builder().usd(amount * 1e-7, PriceModel.of(0.2, 0.6)).build();
      default: return Budget.builder().completionTokens(amount).generations(amount / 150 + 1)
          .prmCalls(amount / 100 + 1).promptTokens(amount * 4L).build();
    }
  }

  @ParameterizedTest
  @MethodSource("strategies")
  void budgetIsAHardLimit(SearchStrategy strategy) {
    qt().withExamples(25).withShrinkCycles(0)
        .forAll(integers().between(0, 4), integers().between(0, 8000), integers().between(0, 499), longs().all())
        .checkAssert((kind, amount, problem, seed) -> {
          Budget budget = randomBudget(kind, amount);
          Simulator sim = SimFixture.sim(seed);
          CountingGenerator g = new CountingGenerator(sim.generator());
          CountingPrm p = new CountingPrm(sim.prm());
          SearchContext ctx = SimFixture.context(g, p, budget, seed);
          SearchResult r = strategy.search(problem(problem), ctx).join();
          String why = budget + " -> " + r.usage() + " " + r.stopReason();
          assertTrue(r.usage().isWithin(budget.limit()), why);
          assertEquals(Usage.ZERO, ctx.meter().overshoot(), why);
          assertEquals(Usage.ZERO, ctx.meter().inFlight(), "nothing left in flight: " + why);
          assertEquals(noCost(r.usage()), noCost(seen(g, p)), "usage is what the models reported: " + why);
          assertTrue(r.stopReason() == StopReason.COMPLETED || r.stopReason() == StopReason.BUDGET, why);
          assertCandidatesFinished(r);
        });
  }

  @ParameterizedTest
  @MethodSource("strategies")
  void concurrentSearchesOnSharedModelsStayWithinTheirBudgets(SearchStrategy strategy) {
    ScheduledThreadPoolExecutor scheduler = SimFixture.scheduler();
    try {
      Simulator sim = SimFixture.sim(5).withLatency(scheduler, Duration.ofMillis(1), Duration.ZERO);
      CountingGenerator g = new CountingGenerator(sim.generator());
      CountingPrm p = new CountingPrm(sim.prm());
      List<SearchContext> contexts = new ArrayList<>();
      List<Budget> budgets = new ArrayList<>();
      List<CompletableFuture<SearchResult>> running = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        Budget b = randomBudget(i % 5, 300 + 700 * i);
        SearchContext ctx = SimFixture.context(g, p, b, i);
        contexts.add(ctx);
        budgets.add(b);
        running.add(strategy.search(problem(17 * i), ctx));
      }
      Usage total = Usage.ZERO;
      for (int i = 0; i < running.size(); i++) {
        SearchResult r = running.get(i).orTimeout(30, TimeUnit.SECONDS).join();
        assertTrue(r.usage().isWithin(budgets.get(i).limit()), budgets.get(i) + " -> " + r.usage());
        assertEquals(Usage.ZERO, contexts.get(i).meter().overshoot());
        assertEquals(Usage.ZERO, contexts.get(i).meter().inFlight());
        assertCandidatesFinished(r);
        total = total.plus(noCost(r.usage()));
      }
      assertEquals(total, noCost(seen(g, p)), "the searches' usages add up to what the models reported");
    } finally {
      scheduler.shutdownNow();
    }
  }

  @ParameterizedTest
  @MethodSource("strategies")
  void sameSeedSameResultWithOrWithoutLatency(SearchStrategy strategy) {
    ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(2);
    try {
      // budgets that let the first expansions through and bind in the middle of the search
      for (Budget budget : List.of(Budget.unlimited(), Budget.tokens(1500), Budget.tokens(4600), Budget.tokens(9000),
          Budget.generations(30), Budget.builder().prmCalls(9).build())) {
        for (int problem : new int[] {3, 250}) {
          Problem pr = problem(problem);
          Simulator sim = SimFixture.sim(11);
          SearchResult a = strategy.search(pr, SimFixture.context(sim.generator(), sim.prm(), budget, 7)).join();
          SearchResult b = strategy.search(pr, SimFixture.context(sim.generator(), sim.prm(), budget, 7)).join();
          Simulator slow = sim.withLatency(scheduler, Duration.ofMillis(1), Duration.ofNanos(2_000));
          SearchResult c = strategy.search(pr, SimFixture.context(slow.generator(), slow.prm(), budget, 7))
              .orTimeout(30, TimeUnit.SECONDS).join();
          assertEquals(fingerprint(a), fingerprint(b), budget + " problem " + problem);
          assertEquals(fingerprint(a), fingerprint(c), "with latency: " + budget + " problem " + problem);
        }
      }
    } finally {
      scheduler.shutdownNow();
    }
  }

  @ParameterizedTest
  @MethodSource("strategies")
  void cancellingTheSearchStopsItPromptlyAndLeaksNothing(SearchStrategy strategy) throws Exception {
    ScheduledThreadPoolExecutor scheduler = SimFixture.scheduler();
    try {
      // 250 ms per call: a loaded machine may oversleep the 40 ms below by far more than 25 ms
      Simulator sim = SimFixture.sim(3).withLatency(scheduler, Duration.ofMillis(250), Duration.ZERO);
      CountingGenerator g = new CountingGenerator(sim.generator());
      CountingPrm p = new CountingPrm(sim.prm());
      Search search = Search.builder().generator(g).prm(p).strategy(strategy)
          .answerExtractor(MathAnswers.extractor()).equivalence(MathAnswers.equivalence()).build();
      CompletableFuture<SearchResult> f = search.solve(problem(42), Budget.unlimited(), 1);
      Thread.sleep(40);
      assertTrue(f.cancel(true), "every strategy needs two calls of 250 ms one after the other");
      assertThrows(CancellationException.class, f::join);
      awaitQuiet(g, p, scheduler);
      int calls = g.calls.get();
      Thread.sleep(60);
      assertEquals(calls, g.calls.get(), "no call after the cancellation settled");
      assertEquals(0, g.inFlight.get() + p.inFlight.get(), "no call in flight");
      assertTrue(scheduler.getQueue().isEmpty(), "nothing left queued on the latency scheduler");
      assertEquals(0, scheduler.getActiveCount());
    } finally {
      scheduler.shutdownNow();
    }
  }

  private static void awaitQuiet(CountingGenerator g, CountingPrm p, ScheduledThreadPoolExecutor s)
      throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
    while (System.nanoTime() < until
        && (g.inFlight.get() + p.inFlight.get() > 0 || !s.getQueue().isEmpty() || s.getActiveCount() > 0)) {
      Thread.sleep(5);
    }
  }

  @ParameterizedTest
  @MethodSource("strategies")
  void deadlineIsHonoured(SearchStrategy strategy) {
    ScheduledThreadPoolExecutor scheduler = SimFixture.scheduler();
    try {
      // every strategy needs at least two calls of 60 ms one after the other: a 100 ms deadline cuts it
      Simulator sim = SimFixture.sim(9).withLatency(scheduler, Duration.ofMillis(60), Duration.ZERO);
      CountingGenerator g = new CountingGenerator(sim.generator());
      CountingPrm p = new CountingPrm(sim.prm());
      Budget budget = Budget.builder().deadline(Duration.ofMillis(100)).build();
      SearchContext ctx = SimFixture.context(g, p, budget, 2);
      long t0 = System.nanoTime();
      SearchResult r = strategy.search(problem(8), ctx).orTimeout(10, TimeUnit.SECONDS).join();
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      assertEquals(StopReason.DEADLINE, r.stopReason(), () -> r.usage() + " after " + ms + " ms");
      assertTrue(ms < 100 + 1000, "returned " + ms + " ms after the start");
      assertEquals(Usage.ZERO, ctx.meter().inFlight());
      // a delivery racing the timeout can reach the decorator and not the meter, never the reverse
      assertTrue(noCost(r.usage()).isWithin(noCost(seen(g, p))), r.usage() + " vs " + seen(g, p));
      assertCandidatesFinished(r);
    } finally {
      scheduler.shutdownNow();
    }
  }

  @ParameterizedTest
  @MethodSource("strategies")
  void usageIsExactlyWhatTheModelsReported(SearchStrategy strategy) {
    for (int i = 0; i < 6; i++) {
      Simulator sim = SimFixture.sim(100 + i);
      CountingGenerator g = new CountingGenerator(sim.generator());
      CountingPrm p = new CountingPrm(sim.prm());
      Budget b = i % 2 == 0 ? Budget.unlimited() : Budget.tokens(900L * i);
      SearchResult r = strategy.search(problem(i * 61), SimFixture.context(g, p, b, i)).join();
      assertEquals(noCost(seen(g, p)), noCost(r.usage()));
      assertEquals(g.seen.get().generations(), r.usage().generations());
      if (b.limit().completionTokens() == Long.MAX_VALUE) {
        assertEquals(StopReason.COMPLETED, r.stopReason());
      }
    }
  }

  @ParameterizedTest
  @MethodSource("strategies")
  void noNodeIsScoredTwiceInASearch(SearchStrategy strategy) {
    for (int i = 0; i < 5; i++) {
      Simulator sim = SimFixture.sim(i);
      CountingPrm p = new CountingPrm(sim.prm());
      strategy.search(problem(i * 83), SimFixture.context(sim.generator(), p, Budget.unlimited(), i)).join();
      java.util.Set<Trajectory> nodes = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
      for (Trajectory t : p.scored) {
        assertTrue(nodes.add(t), "a node was sent to the PRM twice: " + t);
      }
    }
  }

  @ParameterizedTest
  @MethodSource("strategies")
  void onlyFinishedSolutionsAreCandidatesAndTheChosenRanksFirst(SearchStrategy strategy) {
    int answered = 0;
    for (int i = 0; i < 10; i++) {
      SearchResult r = SimFixture.run(strategy, problem(i * 37), Budget.unlimited(), i, i);
      assertCandidatesFinished(r);
      if (r.answer() != null) {
        answered++;
        assertEquals(r.answer(), r.candidates().get(0).answer());
      }
    }
    assertTrue(answered >= 8, "answers for " + answered + " of 10 problems");
  }

  @ParameterizedTest
  @MethodSource("strategies")
  void aTinyBudgetStopsWithBudget(SearchStrategy strategy) {
    SearchResult r = SimFixture.run(strategy, problem(5), Budget.generations(1), 1, 1);
    assertEquals(StopReason.BUDGET, r.stopReason());
    assertTrue(r.usage().generations() <= 1);
    SearchResult none = SimFixture.run(strategy, problem(5), Budget.tokens(10), 1, 1);
    assertEquals(StopReason.BUDGET, none.stopReason());
    assertEquals(0, none.usage().generations(), "not even one continuation of 512 tokens fits in 10");
    assertEquals(null, none.answer());
  }

  @ParameterizedTest
  @MethodSource("strategies")
  void aFailingGeneratorGivesFailedWithTheError(SearchStrategy strategy) {
    Simulator sim = SimFixture.sim(1);
    Generator broken = new Generator() {
      int calls;

      @Override
      public CompletableFuture<GenerationResult> generate(Problem problem, Trajectory prefix, SamplingSpec spec) {
        if (++calls > 2) return CompletableFuture.failedFuture(new IllegalStateException("server down"));
        return sim.generator().generate(problem, prefix, spec);
      }
    };
    SearchResult r = strategy.search(problem(3), SimFixture.context(broken, sim.prm(), Budget.unlimited(), 1)).join();
    if (r.stopReason() == StopReason.FAILED) {
      assertNotNull(r.failure());
      assertEquals("server down", r.failure().getMessage());
    } else {
      assertEquals(StopReason.COMPLETED, r.stopReason(), "done within two calls");
    }
    assertCandidatesFinished(r);
  }

  static void assertCandidatesFinished(SearchResult r) {
    for (Candidate c : r.candidates()) {
      assertTrue(c.trajectory().isFinished(), "candidate " + c.index() + " is not finished");
    }
    if (r.answer() != null) {
      assertEquals(r.answer(), r.candidates().get(0).answer());
    }
    assertFalse(r.candidates().stream().map(Candidate::index).distinct().count() < r.candidates().size(),
        "candidate indices are distinct");
  }

  /** What must be equal between two runs with the same seed. */
  static String fingerprint(SearchResult r) {
    StringBuilder b = new StringBuilder();
    b.append(r.answer()).append(' ').append(r.stopReason()).append(' ').append(noCost(r.usage())).append('\n');
    for (Candidate c : r.inGenerationOrder()) {
      b.append(c.index()).append(' ').append(c.trajectory().contentHash()).append(' ').append(c.answer())
          .append(' ').append(c.score()).append('\n');
    }
    return b.toString();
  }
}
