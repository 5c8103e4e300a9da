package io.ttc4j.eval.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ttc4j.core.Aggregation;
import io.ttc4j.core.Budget;
import io.ttc4j.core.Problem;
import io.ttc4j.core.Search;
import io.ttc4j.core.SearchResult;
import io.ttc4j.core.Selection;
import io.ttc4j.datasets.Datasets;
import io.ttc4j.datasets.MathAnswers;
import io.ttc4j.eval.stats.DifficultyBins;
import io.ttc4j.sim.Simulator;
import io.ttc4j.sim.SimulatorPreset;
import io.ttc4j.strategies.BestOfN;
import io.ttc4j.strategies.ComputeOptimal;
import io.ttc4j.strategies.Confidence;
import io.ttc4j.strategies.StrategySpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A fitted policy runs per query: its difficulty model and bins route what the probes say, its
 * entries the budget.
 */
class PolicyRouterTest {

  static final ComputeOptimal.Choice WEIGHTED_4 = new ComputeOptimal.Choice(StrategySpec.WEIGHTED, 4);
  static final ComputeOptimal.Choice REBASE_4 = new ComputeOptimal.Choice(StrategySpec.parse("rebase[t=0.5]"), 4);

  @Test
  void aVersion1PolicyRoutesByTheMeanScoreAndBudget() {
    ComputeOptimal.Router r = PolicyJsonTest.meanScoreSample().router();
    assertEquals(WEIGHTED_4, r.choose(probes(0.8, 0.25), 5000), "easy: bin 1, whatever the agreement");
    assertEquals(REBASE_4, r.choose(probes(0.3, 1.0), 5000), "hard, enough budget: bin 2's larger entry");
    assertEquals(WEIGHTED_4, r.choose(probes(0.3, 1.0), 2000), "hard, small budget");
    assertEquals(REBASE_4, r.choose(probes(Double.NaN, 1.0), 5000), "unmeasured difficulty goes to the hardest bin");
    Policy oracle = new Policy(DifficultyBins.Measure.ORACLE, 0, PolicyJsonTest.sample().bins());
    IllegalStateException e = assertThrows(IllegalStateException.class, oracle::router);
    assertTrue(e.getMessage().contains("pass@1 is not known at run time"), e.getMessage());
  }

  /** σ(-6 + 5·0.72 + 4·a) crosses bin 1's low edge 0.7 at a ≈ 0.81: agreement alone moves the query. */
  @Test
  void aModelPolicyRoutesByMeanScoreAndAgreement() {
    ComputeOptimal.Router r = PolicyJsonTest.sample().router();
    assertEquals(WEIGHTED_4, r.choose(probes(0.72, 1.0), 5000), "σ(1.6) = 0.83: bin 1");
    assertEquals(REBASE_4, r.choose(probes(0.72, 0.5), 5000), "σ(-0.4) = 0.40: bin 2");
    assertEquals(REBASE_4, r.choose(probes(Double.NaN, 1.0), 5000), "unmeasured: the hardest bin");
    for (double a = 0; a <= 1; a += 0.05) {
      double value = 1 / (1 + Math.exp(-(-6 + 5 * 0.72 + 4 * a)));
      assertEquals(value >= 0.7 ? WEIGHTED_4 : REBASE_4, r.choose(probes(0.72, a), 5000), "agreement " + a);
    }
  }

  static Confidence probes(double meanScore, double agreement) {
    return PolicyJsonTest.probes(meanScore, agreement);
  }

  /**
   * On live searches the policy strategy routes each query by its probes' mean score and agreement,
   * exactly as {@link Policy#binOf(Confidence)} of those probes says (the path {@code ttc allocate}
   * takes for a batch).
   */
  @Test
  void onLiveSearchesTheStrategyTakesTheBinOfItsProbes() {
    Simulator sim = Simulator.create(SimulatorPreset.named("math500"), 0);
    Search.Builder base = Search.builder().generator(sim.generator()).prm(sim.prm())
        .answerExtractor(MathAnswers.extractor()).equivalence(MathAnswers.equivalence());
    Search probes = base.strategy(BestOfN.of(new BestOfN.Config(4, Selection.WEIGHTED, Aggregation.LAST, 0.8, 1024,
        true))).build();
    List<Problem> problems = Datasets.load("math500").subList(0, 16);
    List<SearchResult> drawn = new java.util.ArrayList<>();
    double[] values = new double[problems.size()];
    for (int i = 0; i < problems.size(); i++) {
      drawn.add(probes.solve(problems.get(i), Budget.unlimited(), 3).join());
      values[i] = PolicyJsonTest.sample().predictedDifficulty(
          Confidence.ofModalAnswer(drawn.get(i).inGenerationOrder(), MathAnswers.equivalence()));
    }
    // the sample's bins with bin 1's low edge at the median predicted value of these problems
    double[] sorted = values.clone();
    java.util.Arrays.sort(sorted);
    double edge = sorted[sorted.length / 2];
    List<Policy.Bin> bins = PolicyJsonTest.bins();
    Policy policy = new Policy(DifficultyBins.Measure.PREDICTED, 4, PolicyJsonTest.MODEL, List.of(
        new Policy.Bin(1, edge, 1, bins.get(0).entries()), new Policy.Bin(2, 0, edge, bins.get(1).entries())));
    Search co = base.strategy(policy.strategy(5000, Aggregation.LAST, 0.8, 1024)).build();
    int[] perBin = new int[3];
    for (int i = 0; i < problems.size(); i++) {
      Problem p = problems.get(i);
      int bin = policy.binOf(Confidence.ofModalAnswer(drawn.get(i).inGenerationOrder(), MathAnswers.equivalence()));
      assertEquals(values[i] >= edge ? 1 : 2, bin);
      perBin[bin]++;
      SearchResult r = co.solve(p, Budget.unlimited(), 3).join();
      if (bin == 1) {
        assertEquals(drawn.get(i).usage(), r.usage(), p.id() + ": bin 1 is weighted@4, the probes themselves");
      } else {
        assertTrue(r.usage().completionTokens() > drawn.get(i).usage().completionTokens(), p.id() + ": REBASE ran");
      }
    }
    assertTrue(perBin[1] > 0 && perBin[2] > 0, "both bins taken: " + java.util.Arrays.toString(perBin));
  }

  @Test
  void aPolicyStrategySolvesProblemsUnderAHardBudget() {
    Simulator sim = Simulator.create(SimulatorPreset.named("math500"), 0);
    Search search = Search.builder().generator(sim.generator()).prm(sim.prm())
        .strategy(PolicyJsonTest.sample().strategy(3000, Aggregation.LAST, 0.8, 1024))
        .answerExtractor(MathAnswers.extractor()).equivalence(MathAnswers.equivalence()).build();
    List<Problem> problems = Datasets.load("math500").subList(0, 8);
    for (Problem p : problems) {
      SearchResult r = search.solve(p, Budget.tokens(6000), 1).join();
      assertTrue(r.usage().completionTokens() <= 6000, r.usage().toString());
      assertTrue(r.usage().generations() >= 4, "the probes ran: " + r.usage());
    }
  }
}
