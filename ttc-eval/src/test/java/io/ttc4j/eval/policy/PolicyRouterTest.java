package io.ttc4j.eval.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ttc4j.core.Aggregation;
import io.ttc4j.core.Budget;
import io.ttc4j.core.Problem;
import io.ttc4j.core.Search;
import io.ttc4j.core.SearchResult;
import io.ttc4j.datasets.Datasets;
import io.ttc4j.datasets.MathAnswers;
import io.ttc4j.eval.stats.DifficultyBins;
import io.ttc4j.sim.Simulator;
import io.ttc4j.sim.SimulatorPreset;
import io.ttc4j.strategies.ComputeOptimal;
import io.ttc4j.strategies.StrategySpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A fitted policy runs per query: its bins route the probes' mean score, its entries the budget. */
class PolicyRouterTest {

  @Test
  void thePolicyRoutesByPredictedDifficultyAndBudget() {
    ComputeOptimal.Router r = PolicyJsonTest.sample().router();
    assertEquals(new ComputeOptimal.Choice(StrategySpec.WEIGHTED, 4), r.choose(0.8, 5000), "easy: bin 1");
    assertEquals(new ComputeOptimal.Choice(StrategySpec.parse("rebase[t=0.5]"), 4), r.choose(0.3, 5000),
        "hard, enough budget: bin 2's larger entry");
    assertEquals(new ComputeOptimal.Choice(StrategySpec.WEIGHTED, 4), r.choose(0.3, 2000), "hard, small budget");
    assertEquals(new ComputeOptimal.Choice(StrategySpec.parse("rebase[t=0.5]"), 4),
        r.choose(Double.NEGATIVE_INFINITY, 5000), "unmeasured difficulty goes to the hardest bin");
    Policy oracle = new Policy(DifficultyBins.Measure.ORACLE, 0, PolicyJsonTest.sample().bins());
    IllegalStateException e = assertThrows(IllegalStateException.class, oracle::router);
    assertTrue(e.getMessage().contains("pass@1 is not known at run time"), e.getMessage());
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
