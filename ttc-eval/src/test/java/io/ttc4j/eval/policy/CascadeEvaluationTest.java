package io.ttc4j.eval.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ttc4j.core.Aggregation;
import io.ttc4j.core.Budget;
import io.ttc4j.core.PriceModel;
import io.ttc4j.core.Problem;
import io.ttc4j.core.Search;
import io.ttc4j.core.Selection;
import io.ttc4j.datasets.Datasets;
import io.ttc4j.datasets.MathAnswers;
import io.ttc4j.sim.Simulator;
import io.ttc4j.sim.SimulatorPreset;
import io.ttc4j.strategies.BestOfN;
import io.ttc4j.strategies.Cascade;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CascadeEvaluationTest {

  private static List<Cascade.Tier> tiers() {
    Simulator sim = Simulator.create(SimulatorPreset.named("math500"), 0);
    List<Cascade.Tier> out = new ArrayList<>();
    double[] skill = {0, 2};
    PriceModel[] price = {PriceModel.FREE, PriceModel.of(3, 15)};
    for (int t = 0; t < 2; t++) {
      Search s = Search.builder().generator(sim.generator(skill[t])).prm(sim.prm())
          .strategy(BestOfN.of(new BestOfN.Config(4, Selection.WEIGHTED, Aggregation.LAST, 0.8, 1024, false)))
          .answerExtractor(MathAnswers.extractor()).equivalence(MathAnswers.equivalence()).build();
      out.add(new Cascade.Tier("t" + t, s, Budget.builder().priceModel(price[t]).build()));
    }
    return out;
  }

  /** The offline outcome of thresholds is exactly what the cascade does when it runs. */
  @Test
  void offlineOutcomesEqualTheRunningCascade() {
    List<Cascade.Tier> tiers = tiers();
    List<Map.Entry<Problem, Long>> queries = new ArrayList<>();
    for (Problem p : Datasets.load("math500").subList(0, 30)) queries.add(new AbstractMap.SimpleImmutableEntry<>(p, 1L));
    CascadeEvaluation.TierOutcome[][] o = CascadeEvaluation.outcomes(tiers, queries, MathAnswers.equivalence());
    int[] all = new int[queries.size()];
    for (int i = 0; i < all.length; i++) all[i] = i;
    for (double th : new double[] {0, 0.6, 0.9, 1.01}) {
      Cascade c = new Cascade(tiers, new double[] {th}, MathAnswers.equivalence());
      int right = 0;
      double usd = 0;
      for (Map.Entry<Problem, Long> q : queries) {
        Cascade.Result r = c.solve(q.getKey(), q.getValue()).join();
        usd += r.usage().costUsd();
        if (r.result().answer() != null && MathAnswers.equivalence().equivalent(r.result().answer(),
            q.getKey().reference())) right++;
        if (th == 0) assertEquals(0, r.tier(), "threshold 0 never escalates");
        if (th > 1) assertEquals(1, r.tier(), "above 1 always escalates");
      }
      CascadeEvaluation.Point p = CascadeEvaluation.outcome(o, all, new double[] {th});
      assertEquals((double) right / queries.size(), p.accuracy(), 1e-12, "threshold " + th);
      assertEquals(usd / queries.size(), p.usd(), 1e-9, "threshold " + th);
    }
    // the free tier costs nothing, so escalating more costs more
    assertTrue(CascadeEvaluation.outcome(o, all, new double[] {1.01}).usd()
        > CascadeEvaluation.outcome(o, all, new double[] {0.6}).usd());
  }

  @Test
  void badThresholdsAreNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Cascade(tiers(), new double[] {0.5, 0.5}, MathAnswers.equivalence()));
    assertTrue(e.getMessage().contains("one per tier but the last (1), got 2"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new Cascade(tiers(), new double[] {Double.NaN}, MathAnswers.equivalence()));
    assertTrue(e.getMessage().contains("thresholds[0]"), e.getMessage());
  }
}
