package io.ttc4j.strategies;

import static io.ttc4j.strategies.SimFixture.problem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.ttc4j.core.Aggregation;
import io.ttc4j.core.AnswerEquivalence;
import io.ttc4j.core.Budget;
import io.ttc4j.core.Continuation;
import io.ttc4j.core.GenerationResult;
import io.ttc4j.core.Generator;
import io.ttc4j.core.Problem;
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
import io.ttc4j.sim.Simulator;
import io.ttc4j.strategies.SimFixture.Call;
import io.ttc4j.strategies.SimFixture.CountingGenerator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Behaviour of the step-level strategies that follows from their definitions, one strategy at a time. */
class StepSearchesTest {

  private static final Problem P = Problem.of("p1", "What is 6 times 7?", "42");

  // ---- beam search

  /** search-and-learn spends N expansions per iteration, however many beams survive. */
  @Test
  void beamSearchSpendsNExpansionsPerIteration() {
    for (int seed = 0; seed < 20; seed++) {
      Simulator sim = SimFixture.sim(seed);
      CountingGenerator g = new CountingGenerator(sim.generator());
      BeamSearch.of(BeamSearch.Config.of(12, 4)).search(problem(seed * 25),
          SimFixture.context(g, sim.prm(), Budget.unlimited(), seed)).join();
      Map<Integer, Integer> perDepth = new HashMap<>();
      Map<Integer, Integer> callsPerDepth = new HashMap<>();
      for (Call c : g.log()) {
        perDepth.merge(c.prefix().depth(), c.spec().n(), Integer::sum);
        callsPerDepth.merge(c.prefix().depth(), 1, Integer::sum);
      }
      perDepth.forEach((depth, n) -> assertEquals(12, n, "expansions at depth " + depth));
      callsPerDepth.forEach((depth, calls) -> assertTrue(calls <= (depth == 0 ? 1 : 3), "kept beams <= N/M"));
    }
  }

  /** A generator whose steps are often the same text, so that partial solutions repeat. */
  static final class Repetitive implements Generator {
    @Override
    public CompletableFuture<GenerationResult> generate(Problem problem, Trajectory prefix, SamplingSpec spec) {
      List<Continuation> out = new ArrayList<>();
      for (int i = 0; i < spec.n(); i++) {
        SplittableRandom r = new SplittableRandom(spec.seed() * 31 + i);
        boolean last = prefix.depth() >= 3 || spec.mode() == io.ttc4j.core.GenerationMode.TO_END;
        String text = last ? "so \\boxed{" + r.nextInt(3) + "}" : "step " + r.nextInt(2);
        out.add(new Continuation(List.of(Step.of(text, 10, last ? StepEnd.END_OF_SOLUTION : StepEnd.STEP_BOUNDARY))));
      }
      Usage usage = Usage.ofGeneration(spec.n(), 10, 0, 10L * spec.n());
      return CompletableFuture.completedFuture(new GenerationResult(out, usage));
    }
  }

  @Test
  void filteringDuplicatesNeverExpandsTwoBeamsWithTheSameSteps() {
    for (boolean filter : new boolean[] {true, false}) {
      CountingGenerator g = new CountingGenerator(new Repetitive());
      BeamSearch.of(BeamSearch.Config.of(8, 2).withFilterDuplicates(filter)).search(P,
          new io.ttc4j.core.SearchContext(g, new FakeModels.Prm(false), io.ttc4j.core.ComputeMeter.start(
              Budget.unlimited()), FakeModels.BOXED, AnswerEquivalence.EXACT, 3)).join();
      boolean duplicate = false;
      List<Call> calls = g.log();
      for (int i = 0; i < calls.size(); i++) {
        for (int j = i + 1; j < calls.size(); j++) {
          duplicate |= !calls.get(i).prefix().isEmpty() && calls.get(i).prefix().sameSteps(calls.get(j).prefix());
        }
      }
      assertEquals(!filter, duplicate, "filter " + filter);
    }
  }

  // ---- lookahead

  /** Every rollout is greedy, one step a call, at most k per unfinished candidate step, and metered. */
  @Test
  void lookaheadRollsOutGreedilyAndPaysForIt() {
    int k = 3;
    for (int seed = 0; seed < 10; seed++) {
      Simulator sim = SimFixture.sim(seed);
      CountingGenerator g = new CountingGenerator(sim.generator());
      BeamSearch.Config beam = BeamSearch.Config.of(4, 2);
      SearchResult r = LookaheadSearch.of(new LookaheadSearch.Config(beam, k)).search(problem(seed * 9),
          SimFixture.context(g, sim.prm(), Budget.unlimited(), seed)).join();
      int sampledOpen = 0;
      int greedy = 0;
      for (Call c : g.log()) {
        if (c.spec().temperature() == 0) {
          greedy++;
          assertEquals(1, c.spec().n());
          assertEquals(io.ttc4j.core.GenerationMode.ONE_STEP, c.spec().mode());
        } else {
          sampledOpen += c.spec().n();
        }
      }
      assertTrue(greedy > 0 && greedy <= k * sampledOpen, greedy + " rollout calls");
      assertEquals(g.seen.get().generations(), r.usage().generations(), "rollouts are metered");
      assertEquals(sampledOpen + greedy, r.usage().generations());
    }
  }

  // ---- REBASE

  @Test
  void rebaseAllocationAddsUpToTheWidthAndRoundsEachShare() {
    qt().withExamples(300)
        .forAll(lists().of(doubles().between(0, 1)).ofSizeBetween(1, 12), integers().between(0, 64),
            doubles().between(0.01, 5))
        .checkAssert((scores, width, t) -> {
          double[] s = scores.stream().mapToDouble(Double::doubleValue).toArray();
          int[] n = Rebase.allocate(s, width, t);
          assertEquals(width, java.util.Arrays.stream(n).sum());
          double max = java.util.Arrays.stream(s).max().orElseThrow();
          double sum = java.util.Arrays.stream(s).map(x -> Math.exp((x - max) / t)).sum();
          for (int i = 0; i < s.length; i++) {
            double share = width * Math.exp((s[i] - max) / t) / sum;
            assertTrue(n[i] >= Math.floor(share) - 1e-9 && n[i] <= Math.floor(share) + 1, "share " + share + " got " + n[i]);
          }
        });
  }

  @Test
  void rebaseAllocationExamples() {
    assertArrayEquals(new int[] {4, 0, 0}, Rebase.allocate(new double[] {0.9, 0.8, 0.1}, 4, 1e-9), "T -> 0: greedy");
    assertArrayEquals(new int[] {2, 2, 2}, Rebase.allocate(new double[] {0.5, 0.5, 0.5}, 6, 0.2), "equal scores");
    assertArrayEquals(new int[] {1, 1, 0}, Rebase.allocate(new double[] {0.5, 0.5, 0.5}, 2, 0.2),
        "equal remainders go to the earlier node");
    assertArrayEquals(new int[] {3, 0}, Rebase.allocate(new double[] {0.4, Double.NaN}, 3, 0.2), "unscored get none");
    // 0.9 vs 0.7 at T = 0.2: weights 1 and e^-1 = 0.368, shares 7.31 and 2.69 of 10
    assertArrayEquals(new int[] {7, 3}, Rebase.allocate(new double[] {0.9, 0.7}, 10, 0.2));
    // a high temperature spreads the width evenly
    assertArrayEquals(new int[] {5, 5}, Rebase.allocate(new double[] {0.9, 0.7}, 10, 1e6));
  }

  /** Finished solutions use up the width: REBASE never finishes more than N solutions. */
  @Test
  void rebaseFinishesAtMostNSolutions() {
    for (int seed = 0; seed < 20; seed++) {
      SearchResult r = SimFixture.run(Rebase.of(8), problem(seed * 13), Budget.unlimited(), seed, seed);
      assertTrue(r.candidates().size() <= 8);
      assertTrue(r.candidates().size() >= 1);
    }
  }

  // ---- DVTS

  /** The subtrees are independent: every expansion after the first is one subtree's, M children each. */
  @Test
  void dvtsExpandsEachSubtreeWithMChildren() {
    Simulator sim = SimFixture.sim(2);
    CountingGenerator g = new CountingGenerator(sim.generator());
    Dvts.of(12, 3).search(problem(77), SimFixture.context(g, sim.prm(), Budget.unlimited(), 2)).join();
    List<Call> calls = g.log();
    assertEquals(12, calls.get(0).spec().n(), "N first steps in one call");
    for (int i = 1; i < calls.size(); i++) {
      assertEquals(3, calls.get(i).spec().n());
    }
    Map<Integer, Integer> perDepth = new HashMap<>();
    for (Call c : calls) perDepth.merge(c.prefix().depth(), 1, Integer::sum);
    perDepth.forEach((d, n) -> assertTrue(d == 0 ? n == 1 : n <= 4, "at most N/M subtrees at depth " + d));
  }

  // ---- MCTS

  /** More simulations find more finished solutions, and the tree only grows. */
  @Test
  void mctsSimulationsEachEndInAFinishedSolution() {
    for (int seed = 0; seed < 10; seed++) {
      SearchResult few = SimFixture.run(Mcts.of(2, 3), problem(seed * 31), Budget.unlimited(), seed, seed);
      SearchResult many = SimFixture.run(Mcts.of(16, 3), problem(seed * 31), Budget.unlimited(), seed, seed);
      assertTrue(few.candidates().size() >= 1, "the first simulation reaches a finished solution");
      assertTrue(many.candidates().size() >= few.candidates().size());
      assertTrue(many.usage().generations() >= few.usage().generations());
    }
  }

  // ---- all step searches

  /** A deadline in the middle of the search returns what is finished so far, chosen as usual. */
  @Test
  void aDeadlineMidSearchReturnsTheBestFinishedAnswerSoFar() {
    java.util.concurrent.ScheduledThreadPoolExecutor scheduler = SimFixture.scheduler();
    try {
      Simulator sim = SimFixture.sim(6).withLatency(scheduler, java.time.Duration.ofMillis(4), java.time.Duration.ZERO);
      Budget budget = Budget.builder().deadline(java.time.Duration.ofMillis(300)).build();
      SearchResult r = Mcts.of(1000, 3).search(problem(12),
          SimFixture.context(sim.generator(), sim.prm(), budget, 6)).orTimeout(10, java.util.concurrent.TimeUnit.SECONDS)
          .join();
      assertEquals(StopReason.DEADLINE, r.stopReason());
      assertTrue(r.candidates().size() >= 1, "simulations finished before the deadline");
      assertTrue(r.answer() != null);
      assertEquals(Selection.WEIGHTED.select(r.inGenerationOrder(), io.ttc4j.datasets.MathAnswers.equivalence(), null),
          r.inGenerationOrder().indexOf(r.candidates().get(0)));
    } finally {
      scheduler.shutdownNow();
    }
  }

  @Test
  void stepSearchesWithoutARewardModelFailFast() {
    for (SearchStrategy s : List.of(BeamSearch.of(4, 2), LookaheadSearch.of(4, 2, 1), Dvts.of(4, 2), Rebase.of(4),
        Mcts.of(4, 2))) {
      Search search = Search.builder().generator(new FakeModels.Gen(0.5)).strategy(s)
          .answerExtractor(FakeModels.BOXED).build();
      CompletionException e = assertThrows(CompletionException.class, () -> search.solve(P).join());
      assertEquals(s.name() + " needs a process reward model, but the search has none", e.getCause().getMessage());
    }
  }

  @Test
  void aFailingRewardModelStopsWithFailedAndKeepsWhatIsFinished() {
    for (SearchStrategy s : List.of(BeamSearch.of(4, 2), Dvts.of(4, 2), Rebase.of(4), Mcts.of(4, 2))) {
      Search search = Search.builder().generator(new FakeModels.Gen(0.5)).prm(new FakeModels.Prm(true)).strategy(s)
          .answerExtractor(FakeModels.BOXED).build();
      SearchResult r = search.solve(P).join();
      assertEquals(StopReason.FAILED, r.stopReason());
      assertEquals("reward server down", r.failure().getMessage());
      assertTrue(r.candidates().isEmpty(), "nothing was scored, so nothing can be ranked");
    }
  }

  @Test
  void configsNameTheBadArgumentAndItsValue() {
    assertMessage("n must be >= 1, got 0", () -> BeamSearch.of(0, 1));
    assertMessage("beamWidth must divide n, got n=10, beamWidth=4", () -> BeamSearch.of(10, 4));
    assertMessage("maxIterations must be >= 1, got 0", () -> BeamSearch.Config.of(4, 2).withMaxIterations(0));
    assertMessage("temperature must be finite and >= 0, got -0.5", () -> BeamSearch.Config.of(4, 2).withTemperature(-0.5));
    assertMessage("maxTokens must be >= 1, got 0", () -> BeamSearch.Config.of(4, 2).withMaxTokens(0));
    assertMessage("lookahead must be >= 0, got -1", () -> LookaheadSearch.of(4, 2, -1));
    assertMessage("beamWidth must divide n, got n=6, beamWidth=4", () -> Dvts.of(6, 4));
    assertMessage("balanceTemperature must be finite and > 0, got 0.0",
        () -> Rebase.Config.of(4).withBalanceTemperature(0));
    assertMessage("simulations must be >= 1, got 0", () -> Mcts.of(0, 2));
    assertMessage("expansionWidth must be >= 1, got 0", () -> Mcts.of(4, 0));
    assertMessage("exploration must be finite and >= 0, got NaN", () -> Mcts.Config.of(4, 2).withExploration(Double.NaN));
    assertMessage("maxDepth must be >= 1, got 0", () -> Mcts.Config.of(4, 2).withMaxDepth(0));
    assertMessage("threshold must be in (0.5, 1], got 0.5", () -> SelfConsistency.adaptive(8, 2).config().withThreshold(0.5));
    assertMessage("keepFraction must be in (0, 1], got 0.0", () -> SelfConsistency.fixed(8).config().withKeepFraction(0));
    assertMessage("batchSize must be >= 1, got 0", () -> SelfConsistency.fixed(8).config().withBatchSize(0));
    assertMessage("maxSamples must be >= 1, got 0", () -> SelfConsistency.fixed(0));
    assertEquals("beam-16x4/weighted", BeamSearch.of(16, 4).name());
    assertEquals("dvts-16x4/weighted", Dvts.of(16, 4).name());
    assertEquals("rebase-16/T0.2/weighted", Rebase.of(16).name());
    assertEquals("lookahead-16x4/k2", LookaheadSearch.of(16, 4, 2).name());
    assertEquals("mcts-32x4/uct1.0", Mcts.of(32, 4).name());
    assertEquals("self-consistency-40/beta0.95", SelfConsistency.adaptive(40, 4).name());
    assertEquals("self-consistency-40/window5", SelfConsistency.esc(40, 5).name());
    assertEquals(Aggregation.LAST, BeamSearch.Config.of(4, 2).aggregation());
    assertEquals(Selection.WEIGHTED, Rebase.Config.of(4).selection());
  }

  private static void assertMessage(String message, org.junit.jupiter.api.function.Executable e) {
    assertEquals(message, assertThrows(IllegalArgumentException.class, e).getMessage());
  }
}
