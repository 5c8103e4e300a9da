package io.ttc4j.strategies;

import static io.ttc4j.strategies.SimFixture.problem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.ttc4j.core.Aggregation;
import io.ttc4j.core.Budget;
import io.ttc4j.core.Candidate;
import io.ttc4j.core.GenerationMode;
import io.ttc4j.core.Problem;
import io.ttc4j.core.SearchResult;
import io.ttc4j.core.SearchStrategy;
import io.ttc4j.core.Selection;
import io.ttc4j.core.Trajectory;
import io.ttc4j.datasets.MathAnswers;
import io.ttc4j.sim.Simulator;
import io.ttc4j.strategies.SimFixture.Call;
import io.ttc4j.strategies.SimFixture.CountingGenerator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Equivalences that follow from the strategies' definitions, checked as properties over random
 * problems, seeds and sizes on the math500 simulator. "Identical" means: the same candidates in
 * generation order (same steps, same PRM scores, same answers), the same chosen answer, the same
 * usage and the same stop reason.
 */
class EquivalenceTest {

  private static final int EXAMPLES = 30;

  private static SearchResult run(SearchStrategy s, int problem, long seed) {
    return SimFixture.run(s, problem(problem), Budget.unlimited(), seed, seed);
  }

  private static void assertIdentical(SearchResult expected, SearchResult actual, String what) {
    assertEquals(StrategyContractTest.fingerprint(expected), StrategyContractTest.fingerprint(actual), what);
  }

  private static BestOfN weightedBestOf(int n) {
    return BestOfN.of(new BestOfN.Config(n, Selection.WEIGHTED, Aggregation.LAST, 0.8, 2048, false));
  }

  /**
   * With one iteration, the only expansion is the root's, sampled to the end: beam search (N beams
   * of width M = N), DVTS (any M), REBASE (width N) and MCTS (one simulation of width N, depth 1)
   * sample N whole solutions in one call with the search seed, score them all and choose by
   * weighted vote. That is weighted best-of-N, identically.
   */
  @Test
  void oneIterationToTheEndIsWeightedBestOfN() {
    qt().withExamples(EXAMPLES).withShrinkCycles(0)
        .forAll(integers().between(1, 16), integers().between(0, 499), longs().all())
        .checkAssert((n, problem, seed) -> {
          SearchResult bon = run(weightedBestOf(n), problem, seed);
          assertIdentical(bon, run(BeamSearch.of(BeamSearch.Config.of(n, n).withMaxIterations(1)), problem, seed),
              "beam");
          int m = n % 2 == 0 ? 2 : 1;
          assertIdentical(bon, run(Dvts.of(Dvts.Config.of(n, m).withMaxIterations(1)), problem, seed), "dvts");
          assertIdentical(bon, run(Rebase.of(Rebase.Config.of(n).withMaxIterations(1)), problem, seed), "rebase");
          assertIdentical(bon, run(Mcts.of(Mcts.Config.of(1, n).withMaxDepth(1)), problem, seed), "mcts");
        });
  }

  /** Lookahead search with k = 0 rolls out nothing: it is beam search, identically. */
  @Test
  void lookaheadZeroIsBeamSearch() {
    qt().withExamples(EXAMPLES).withShrinkCycles(0)
        .forAll(integers().between(1, 4), integers().between(1, 3), integers().between(0, 499), longs().all())
        .checkAssert((beams, m, problem, seed) -> {
          BeamSearch.Config c = BeamSearch.Config.of(beams * m, m);
          assertIdentical(run(BeamSearch.of(c), problem, seed),
              run(LookaheadSearch.of(new LookaheadSearch.Config(c, 0)), problem, seed), "k=0");
        });
  }

  /**
   * With width 1 there is nothing to choose between: beam search (1 beam of width 1), DVTS (one
   * subtree of width 1), REBASE (width 1) and MCTS (width 1, enough simulations, the same depth)
   * all sample one chain of steps, the same chain, at the same cost. Lookahead search samples the
   * same chain and pays for its rollouts on top.
   */
  @Test
  void widthOneIsOneSampledChainForEveryStepSearch() {
    qt().withExamples(EXAMPLES).withShrinkCycles(0)
        .forAll(integers().between(0, 499), longs().all(), integers().between(2, 40))
        .checkAssert((problem, seed, depth) -> {
          SearchResult beam = run(BeamSearch.of(BeamSearch.Config.of(1, 1).withMaxIterations(depth)), problem, seed);
          assertEquals(1, beam.candidates().size());
          assertIdentical(beam, run(Dvts.of(Dvts.Config.of(1, 1).withMaxIterations(depth)), problem, seed), "dvts");
          assertIdentical(beam, run(Rebase.of(Rebase.Config.of(1).withMaxIterations(depth)), problem, seed), "rebase");
          Mcts mcts = Mcts.of(Mcts.Config.of(1 + (int) Math.floorMod(seed, 5L), 1).withMaxDepth(depth));
          assertIdentical(beam, run(mcts, problem, seed),
              "mcts");
          SearchResult look = run(LookaheadSearch.of(new LookaheadSearch.Config(
              BeamSearch.Config.of(1, 1).withMaxIterations(depth), 2)), problem, seed);
          assertTrue(look.candidates().get(0).trajectory().sameSteps(beam.candidates().get(0).trajectory()));
          assertTrue(look.usage().generations() >= beam.usage().generations());
        });
  }

  /**
   * DVTS with a single subtree (N = M) and beam search with one beam (N = M) expand the same nodes
   * with the same seeds, as long as the best child is unfinished: both continue from it. DVTS ends
   * its subtree when the best child is a finished solution; beam search goes on with the best
   * unfinished one. So DVTS's candidates are the first candidates of beam search, all of them when
   * DVTS ran to its last iteration, and it never spends more.
   */
  @Test
  void dvtsWithOneSubtreeIsBeamSearchWithOneBeamUntilItsBestChildFinishes() {
    qt().withExamples(EXAMPLES).withShrinkCycles(0)
        .forAll(integers().between(1, 6), integers().between(0, 499), longs().all(), integers().between(2, 40))
        .checkAssert((m, problem, seed, iterations) -> {
          SearchResult dvts = run(Dvts.of(Dvts.Config.of(m, m).withMaxIterations(iterations)), problem, seed);
          SearchResult beam = run(BeamSearch.of(BeamSearch.Config.of(m, m).withMaxIterations(iterations)), problem,
              seed);
          List<Candidate> d = dvts.inGenerationOrder();
          List<Candidate> b = beam.inGenerationOrder();
          assertTrue(d.size() <= b.size());
          for (int i = 0; i < d.size(); i++) {
            assertTrue(d.get(i).trajectory().sameSteps(b.get(i).trajectory()), "candidate " + i);
            assertEquals(d.get(i).score(), b.get(i).score());
          }
          assertTrue(dvts.usage().isWithin(beam.usage()));
          if (dvts.usage().equals(beam.usage())) {
            assertIdentical(beam, dvts, "the same tree");
          }
        });
  }

  /**
   * REBASE as the balance temperature goes to 0: the softmax puts all the weight on the top score,
   * so at every depth exactly one node is expanded, the highest-scoring unfinished node of the
   * previous depth (the earlier one on ties), with all of the remaining width W (N minus the
   * solutions finished so far). Checked on the generator calls themselves.
   */
  @Test
  void rebaseAtZeroTemperatureIsGreedy() {
    qt().withExamples(EXAMPLES).withShrinkCycles(0)
        .forAll(integers().between(1, 12), integers().between(0, 499), longs().all())
        .checkAssert((n, problem, seed) -> {
          Simulator sim = SimFixture.sim(seed);
          CountingGenerator g = new CountingGenerator(sim.generator());
          Problem p = problem(problem);
          Rebase greedy = Rebase.of(Rebase.Config.of(n).withBalanceTemperature(1e-9));
          SearchResult r = greedy.search(p, SimFixture.context(g, sim.prm(), Budget.unlimited(), seed)).join();
          List<Call> calls = g.log();
          int width = n;
          Trajectory expected = Trajectory.empty();
          for (int i = 0; i < calls.size(); i++) {
            Call call = calls.get(i);
            assertTrue(call.prefix().sameSteps(expected), "depth " + i + " expands the best node");
            assertEquals(width, call.spec().n(), "with all the remaining width");
            List<Trajectory> kids = new ArrayList<>();
            for (var c : sim.generator().generate(p, call.prefix(), call.spec()).join().continuations()) {
              kids.add(call.prefix().appendAll(c.steps()));
            }
            Trajectory best = null;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (Trajectory k : kids) {
              if (k.isFinished()) {
                width--;
                continue;
              }
              double[] s = sim.prm().score(p, List.of(k)).join().stepScores().get(0);
              double v = s[s.length - 1];
              if (best == null || v > bestScore) {
                best = k;
                bestScore = v;
              }
            }
            expected = best;
          }
          assertEquals(n - width, r.candidates().size(), "every finished solution is a candidate");
        });
  }

  /**
   * Early-stopping self-consistency with the threshold at 1 never stops early: it is fixed-N
   * majority voting. With one batch of N it is best-of-N with majority selection, identically; with
   * smaller batches an early stop draws exactly the first samples of the fixed-N run (batch j is
   * seeded by j alone), stops only when the Beta criterion holds, and votes the same way over them.
   */
  @Test
  void selfConsistencyAtThresholdOneIsFixedNMajority() {
    qt().withExamples(EXAMPLES).withShrinkCycles(0)
        .forAll(integers().between(1, 24), integers().between(1, 6), integers().between(0, 499), longs().all())
        .checkAssert((n, batch, problem, seed) -> {
          SelfConsistency.Config never = new SelfConsistency.Config(n, n, SelfConsistency.EarlyStop.BETA, 1.0, 1.0,
              0.8, 2048);
          SearchResult majority = run(BestOfN.of(new BestOfN.Config(n, Selection.MAJORITY, Aggregation.LAST, 0.8,
              2048, false)), problem, seed);
          assertIdentical(majority, run(SelfConsistency.of(never), problem, seed), "threshold 1, one batch");
          assertIdentical(majority, run(SelfConsistency.fixed(n), problem, seed), "fixed");

          SearchResult fixedBatches = run(SelfConsistency.of(never.withBatchSize(batch)), problem, seed);
          assertEquals(n, fixedBatches.candidates().size());
          assertEquals((long) n, fixedBatches.usage().generations());
          SearchResult early = run(SelfConsistency.of(never.withBatchSize(batch).withThreshold(0.95)), problem, seed);
          List<Candidate> all = fixedBatches.inGenerationOrder();
          List<Candidate> drawn = early.inGenerationOrder();
          for (int i = 0; i < drawn.size(); i++) {
            assertTrue(drawn.get(i).trajectory().sameSteps(all.get(i).trajectory()), "sample " + i);
          }
          int k = drawn.size();
          int[] top = SelfConsistency.topTwoCounts(drawn, MathAnswers.equivalence());
          if (k < n) {
            assertTrue(SelfConsistency.leaderConfidence(top[0], top[1]) >= 0.95, "stopped early only when decided");
          }
          int chosen = Selection.MAJORITY.select(drawn, MathAnswers.equivalence(), null);
          assertEquals(drawn.get(chosen).answer(), early.answer());
        });
  }

  /**
   * ESC with a window larger than what is ever sampled never stops early: it is fixed-N majority.
   * A DeepConf filter that keeps a single solution answers with the most confident solution.
   */
  @Test
  void escAndConfidenceFilterDegenerateCases() {
    qt().withExamples(EXAMPLES).withShrinkCycles(0)
        .forAll(integers().between(2, 16), integers().between(0, 499), longs().all())
        .checkAssert((n, problem, seed) -> {
          SearchResult fixed = run(SelfConsistency.fixed(n), problem, seed);
          SelfConsistency.Config esc = new SelfConsistency.Config(n, n + 1, SelfConsistency.EarlyStop.WINDOW, 1.0,
              1.0, 0.8, 2048);
          assertIdentical(fixed, run(SelfConsistency.of(esc), problem, seed), "window never fills");

          SearchResult one = run(SelfConsistency.of(new SelfConsistency.Config(n, n, SelfConsistency.EarlyStop.NONE,
              1.0, 1.0 / n, 0.8, 2048)), problem, seed);
          Candidate mostConfident = fixed.inGenerationOrder().stream()
              .max(Comparator.comparingDouble((Candidate c) -> SelfConsistency.confidence(c.trajectory()))
                  .thenComparing(Comparator.comparingInt(Candidate::index).reversed()))
              .orElseThrow();
          assertEquals(1, one.candidates().size());
          assertEquals(mostConfident.index(), one.candidates().get(0).index());
          assertEquals(mostConfident.answer(), one.answer());
        });
  }

  /**
   * MCTS's first simulation has visited nothing, so it follows the best PRM value from the root down,
   * expanding every node it reaches with M children: that is DVTS with a single subtree of width M.
   * So MCTS with one simulation is that DVTS, identically, whatever its exploration constant.
   */
  @Test
  void mctsWithOneSimulationIsDvtsWithOneSubtree() {
    qt().withExamples(EXAMPLES).withShrinkCycles(0)
        .forAll(integers().between(1, 6), integers().between(2, 40), integers().between(0, 499), longs().all())
        .checkAssert((m, depth, problem, seed) -> {
          assertIdentical(run(Dvts.of(Dvts.Config.of(m, m).withMaxIterations(depth)), problem, seed),
              run(Mcts.of(Mcts.Config.of(1, m).withMaxDepth(depth).withExploration(Math.floorMod(seed, 3L))), problem, seed),
              "one simulation");
        });
  }

  /**
   * MCTS with exploration 0: the bonus term vanishes from both tree policies, so UCT and PUCT select
   * the same children and the searches are identical (the priors are never read).
   */
  @Test
  void mctsWithoutExplorationIsTheSameUnderUctAndPuct() {
    qt().withExamples(EXAMPLES).withShrinkCycles(0)
        .forAll(integers().between(1, 24), integers().between(1, 4), integers().between(0, 499), longs().all())
        .checkAssert((sims, width, problem, seed) -> {
          Mcts.Config c = Mcts.Config.of(sims, width).withExploration(0);
          assertIdentical(run(Mcts.of(c.withPolicy(Mcts.TreePolicy.UCT)), problem, seed),
              run(Mcts.of(c.withPolicy(Mcts.TreePolicy.PUCT)), problem, seed), "exploration 0");
        });
  }

  /** Every expansion of a step search is one step, except at its last iteration, which runs to the end. */
  @Test
  void onlyTheLastIterationSamplesToTheEnd() {
    Simulator sim = SimFixture.sim(4);
    CountingGenerator g = new CountingGenerator(sim.generator());
    BeamSearch.of(BeamSearch.Config.of(4, 2).withMaxIterations(3))
        .search(problem(400), SimFixture.context(g, sim.prm(), Budget.unlimited(), 4)).join();
    for (Call c : g.log()) {
      assertEquals(c.prefix().depth() == 2 ? GenerationMode.TO_END : GenerationMode.ONE_STEP, c.spec().mode());
    }
  }
}
