package io.ttc4j.eval.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ttc4j.core.Budget;
import io.ttc4j.core.Problem;
import io.ttc4j.core.Search;
import io.ttc4j.datasets.Datasets;
import io.ttc4j.datasets.MathAnswers;
import io.ttc4j.eval.policy.CascadePlan;
import io.ttc4j.sim.Simulator;
import io.ttc4j.sim.SimulatorPreset;
import io.ttc4j.strategies.Cascade;
import io.ttc4j.strategies.StrategySpec;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's cascade embedding example, kept compiling and running on a plan fitted by ttc cascade. */
class CascadeEmbeddingExampleTest {

  @TempDir
  Path dir;

  @Test
  void readmeExample() throws Exception {
    ReplayCommandTest.Run fit = ReplayCommandTest.ttc("cascade", "--limit", "60", "--seeds", "0,1", "--splits", "1",
        "--resamples", "50", "--frontier-points", "3", "--target-usd", "0.05", "--out", dir.toString());
    assertEquals(0, fit.code(), fit.err());
    Simulator sim = Simulator.create(SimulatorPreset.named("math500"), 0);
    Map<String, Search> searches = new HashMap<>();
    double[] skill = {0, 1, 2, 3};
    String[] names = {"on-device", "commodity", "production", "premium"};
    for (int t = 0; t < 4; t++) {
      searches.put(names[t], Search.builder().generator(sim.generator(skill[t])).prm(sim.prm())
          .strategy(StrategySpec.WEIGHTED.create(8, io.ttc4j.core.Aggregation.LAST, 0.8, 2048))
          .answerExtractor(MathAnswers.extractor()).equivalence(MathAnswers.equivalence()).build());
    }
    Problem problem = Datasets.load("math500").get(3);

    // --- README example starts here ---
    CascadePlan plan = CascadePlan.read(dir.resolve("plan.json"));   // ttc cascade --target-usd 0.05 --out DIR
    Cascade cascade = plan.cascade(
        name -> new Cascade.Tier(name, searches.get(name), Budget.unlimited()),  // your Search per tier name
        MathAnswers.equivalence());
    Cascade.Result r = cascade.solve(problem, 7).join();
    System.out.println(r.result().answer() + " from " + plan.tiers().get(r.tier()) + "; all tiers: " + r.usage());
    // --- README example ends here ---

    assertTrue(r.tier() >= 0 && r.tier() < plan.tiers().size());
    assertEquals(r.tier() + 1, r.tiers().size());
    long generations = r.tiers().stream().mapToLong(x -> x.usage().generations()).sum();
    assertEquals(generations, r.usage().generations());
  }
}
