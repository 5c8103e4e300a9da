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
import io.ttc4j.eval.compute.ModelTier;
import io.ttc4j.eval.policy.CascadeEvaluation.Plan;
import io.ttc4j.eval.policy.CascadeEvaluation.Point;
import io.ttc4j.eval.policy.CascadeEvaluation.Settings;
import io.ttc4j.eval.policy.CascadeEvaluation.Signal;
import io.ttc4j.eval.policy.CascadeEvaluation.Target;
import io.ttc4j.eval.policy.CascadeEvaluation.Thresholds;
import io.ttc4j.eval.stats.ClusterBootstrap;
import io.ttc4j.sim.Simulator;
import io.ttc4j.sim.SimulatorPreset;
import io.ttc4j.strategies.Calibration;
import io.ttc4j.strategies.Cascade;
import io.ttc4j.strategies.Confidence;
import io.ttc4j.strategies.StrategySpec;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CascadeEvaluationTest {

  private static final List<ModelTier> TIERS = List.of(ModelTier.ON_DEVICE, ModelTier.PRODUCTION, ModelTier.PREMIUM);
  private static List<Search> searches;
  private static List<Map.Entry<Problem, Long>> queries;
  private static List<String> ids;
  private static CascadeEvaluation eval;

  @BeforeAll
  static void run() {
    Simulator sim = Simulator.create(SimulatorPreset.named("math500"), 0);
    searches = new ArrayList<>();
    for (ModelTier t : TIERS) {
      searches.add(Search.builder().generator(sim.generator(t.skill())).prm(sim.prm())
          .strategy(StrategySpec.WEIGHTED.create(4, Aggregation.LAST, 0.8, 1024))
          .answerExtractor(MathAnswers.extractor()).equivalence(MathAnswers.equivalence()).build());
    }
    queries = new ArrayList<>();
    ids = new ArrayList<>();
    for (long seed : new long[] {1, 2}) {
      for (Problem p : Datasets.load("math500").subList(0, 60)) {
        queries.add(new AbstractMap.SimpleImmutableEntry<>(p, seed));
        ids.add(p.id());
      }
    }
    eval = CascadeEvaluation.of(CascadeOutcomes.run(searches, TIERS, 4, queries, MathAnswers.equivalence()), ids);
  }

  private static Cascade.Tier tier(String name) {
    for (int t = 0; t < TIERS.size(); t++) {
      if (TIERS.get(t).name().equals(name)) return new Cascade.Tier(name, searches.get(t), Budget.unlimited());
    }
    throw new AssertionError(name);
  }

  /** The offline outcome of a plan is exactly what the running cascade does, for every signal. */
  @Test
  void offlineOutcomesEqualTheRunningCascade() {
    int[] all = eval.all();
    for (Signal signal : new Signal[] {Signal.CALIBRATED, Signal.SCORE_SHARE, Signal.VOTE_MARGIN}) {
      CascadeEvaluation.Fitted fitted = eval.fit(all, new Settings(signal, Thresholds.SHARED));
      for (Target target : List.of(new Target.MaxUsd(0.02), new Target.MaxUsd(0.15), new Target.MinAccuracy(0.7))) {
        Plan plan = fitted.choose(target);
        Point offline = eval.evaluate(all, plan);
        CascadePlan file = CascadePlan.of(plan, TIERS.stream().map(ModelTier::name).toList(), target, "weighted@4", offline);
        Cascade cascade = CascadePlan.parse(file.toJson(), "plan").cascade(CascadeEvaluationTest::tier,
            MathAnswers.equivalence());
        int right = 0;
        double usd = 0;
        for (Map.Entry<Problem, Long> q : queries) {
          Cascade.Result r = cascade.solve(q.getKey(), q.getValue()).join();
          for (SearchResult s : r.tiers()) {
            ModelTier m = ModelTier.named(file.tiers().get(r.tiers().indexOf(s)));
            usd += m.computeModel().usd(s.usage(), m.price());
          }
          if (r.result().answer() != null && MathAnswers.equivalence().equivalent(r.result().answer(),
              q.getKey().reference())) {
            right++;
          }
        }
        String what = signal + " " + target + " " + plan;
        assertEquals(offline.accuracy(), (double) right / queries.size(), 1e-12, what);
        assertEquals(offline.usd(), usd / queries.size(), 1e-12 + 1e-9 * offline.usd(), what);
      }
    }
  }

  /** On the data it is fitted on, the plan for a tier's cost is never worse than the tier, nor dearer. */
  @Test
  void fittedPlansMeetTheirTargetsOnTheFittingData() {
    int[][] halves = eval.halves(3);
    for (Thresholds mode : Thresholds.values()) {
      CascadeEvaluation.Fitted fitted = eval.fit(halves[0], new Settings(Signal.CALIBRATED, mode));
      for (int t = 0; t < TIERS.size(); t++) {
        Point single = eval.single(halves[0], t);
        Point atCost = eval.evaluate(halves[0], fitted.choose(new Target.TierCost(t)));
        assertTrue(atCost.accuracy() >= single.accuracy() && atCost.usd() <= single.usd() * (1 + 1e-9),
            mode + " tier " + t + ": " + atCost + " vs " + single);
        Point atAccuracy = eval.evaluate(halves[0], fitted.choose(new Target.TierAccuracy(t)));
        assertTrue(atAccuracy.accuracy() >= single.accuracy() - 1e-12 && atAccuracy.usd() <= single.usd() * (1 + 1e-9),
            mode + " tier " + t + ": " + atAccuracy + " vs " + single);
      }
      Point budget = eval.evaluate(halves[0], fitted.choose(new Target.MaxUsd(0.01)));
      assertTrue(budget.usd() <= 0.01, budget.toString());
    }
  }

  /** The mix baseline passes through every tier on the hull and never below a straight line between two tiers. */
  @Test
  void mixOfTiersIsTheUpperHull() {
    int[] all = eval.all();
    Point[] p = new Point[TIERS.size()];
    for (int t = 0; t < p.length; t++) p[t] = eval.single(all, t);
    for (int t = 0; t < p.length; t++) {
      assertTrue(eval.mixAccuracy(p[t].usd()) >= p[t].accuracy() - 1e-12, "tier " + t);
      for (int u = t + 1; u < p.length; u++) {
        if (p[u].usd() <= p[t].usd()) continue;
        for (double l = 0; l <= 1; l += 0.125) {
          double usd = l * p[t].usd() + (1 - l) * p[u].usd();
          assertTrue(eval.mixAccuracy(usd) >= l * p[t].accuracy() + (1 - l) * p[u].accuracy() - 1e-12);
        }
      }
    }
    double top = 0;
    for (Point x : p) top = Math.max(top, x.accuracy());
    assertEquals(top, eval.mixAccuracy(1e9), 1e-12);
  }

  /** A latency budget bounds the mean estimated seconds of the plan on the fitting half. */
  @Test
  void latencyBudgetsHold() {
    CascadeEvaluation.Fitted fitted = eval.fit(eval.all(), Settings.defaults());
    for (Target target : eval.latencyTargets(6)) {
      Point x = eval.evaluate(eval.all(), fitted.choose(target));
      double budget = ((Target.MaxSeconds) target).seconds();
      double fastest = Double.POSITIVE_INFINITY;
      for (int t = 0; t < TIERS.size(); t++) fastest = Math.min(fastest, eval.single(eval.all(), t).seconds());
      assertTrue(x.seconds() <= Math.max(budget, fastest) * (1 + 1e-9), x + " over " + budget);
    }
  }

  /** Held-out comparisons are consistent: the pooled point is the mean of the per-query outcomes. */
  @Test
  void heldOutComparisonsArePairedAndPooled() {
    List<CascadeEvaluation.Comparison> cmp = eval.compare(TIERS.stream().map(ModelTier::name).toList(),
        Settings.defaults(), 0, ClusterBootstrap.of(200, 0.95, 0));
    assertEquals(3, cmp.size());
    for (int t = 0; t < 3; t++) {
      CascadeEvaluation.Comparison c = cmp.get(t);
      assertEquals(eval.single(eval.all(), t), c.single());
      assertEquals(c.atCost().accuracy() - c.single().accuracy(), c.gainAtCost().estimate(), 1e-12);
      assertTrue(c.gainAtCost().low() <= c.gainAtCost().estimate() && c.gainAtCost().estimate() <= c.gainAtCost().high());
    }
    // the free tier alone costs nothing; the cascade fitted to it can only use free tiers
    assertEquals(0, cmp.get(0).atCost().usd(), 0);
    var held = eval.heldOut(List.of(new Target.MaxUsd(0.05)), Settings.defaults(), 0).get(0);
    double sum = 0;
    for (double x : held.correct()) sum += x;
    assertEquals(sum / held.correct().length, held.point().accuracy(), 1e-12);
    assertEquals(2, held.plans().size());
  }

  /** A calibration fitted by maximum likelihood is calibrated in the mean on its own data. */
  @Test
  void calibrationsAreCalibratedInTheMean() {
    int[] all = eval.all();
    for (int t = 0; t < TIERS.size(); t++) {
      Calibration c = eval.calibrate(all, t);
      double predicted = 0;
      double observed = 0;
      for (int i : all) {
        var o = outcome(i, t);
        predicted += c.probability(o.confidence());
        observed += o.correct() ? 1 : 0;
      }
      assertEquals(observed / all.length, predicted / all.length, 0.02, "tier " + t + " " + c);
    }
  }

  private static CascadeEvaluation.TierOutcome outcome(int i, int t) {
    Map.Entry<Problem, Long> q = queries.get(i);
    SearchResult r = searches.get(t).solve(q.getKey(), Budget.unlimited(), q.getValue()).join();
    return CascadeOutcomes.of(r, q.getKey(), TIERS.get(t), 4, MathAnswers.equivalence());
  }

  @Test
  void planFilesRoundTripAndNameBadFields() {
    Plan plan = eval.fit(eval.all(), Settings.defaults()).choose(new Target.MaxUsd(0.1));
    CascadePlan file = CascadePlan.of(plan, List.of("on-device", "production", "premium"), new Target.MaxUsd(0.1),
        "weighted@4", eval.evaluate(eval.all(), plan));
    assertEquals(file, CascadePlan.parse(file.toJson(), "p.json"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CascadePlan.parse(file.toJson().replace("\"version\" : 1", "\"version\" : 7"), "p.json"));
    assertTrue(e.getMessage().contains("p.json: field 'version' must be 1, got 7"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> CascadePlan.parse(file.toJson().replace("\"max_usd\" : 0.1", "\"max_usd\" : -1"), "p.json"));
    assertTrue(e.getMessage().contains("target: usd must be finite and >= 0, got -1.0"), e.getMessage());
    if (file.tiers().size() > 1) {
      e = assertThrows(IllegalArgumentException.class,
          () -> CascadePlan.parse(file.toJson().replaceFirst("\"intercept\"", "\"icept\""), "p.json"));
      assertTrue(e.getMessage().contains("unknown field 'tiers[0].calibration.icept'"), e.getMessage());
    }
    e = assertThrows(IllegalArgumentException.class, () -> CascadePlan.parse("[]", "p.json"));
    assertTrue(e.getMessage().contains("not a JSON object"), e.getMessage());
  }

  /** Too many tiers with a threshold each would be millions of plans: refused, with what to do instead. */
  @Test
  void tooManyPlansAreRefused() {
    CascadeEvaluation.TierOutcome x = new CascadeEvaluation.TierOutcome(Confidence.NONE, false, 0, 0);
    CascadeEvaluation.TierOutcome[][] o = new CascadeEvaluation.TierOutcome[4][8];
    for (CascadeEvaluation.TierOutcome[] row : o) java.util.Arrays.fill(row, x);
    CascadeEvaluation many = CascadeEvaluation.of(o, List.of("a", "b", "c", "d"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> many.fit(many.all(), new Settings(Signal.VOTE_SHARE, Thresholds.PER_TIER)));
    assertTrue(e.getMessage().contains("use fewer tiers or shared thresholds"), e.getMessage());
    // shared thresholds over the same 8 tiers stay tractable: every one of the 255 subsets is a plan at least
    assertTrue(many.fit(many.all(), new Settings(Signal.VOTE_SHARE, Thresholds.SHARED)).size() >= 255);
  }

  @Test
  void badInputIsNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CascadeEvaluation.of(new CascadeEvaluation.TierOutcome[0][0], List.of()));
    assertTrue(e.getMessage().contains("at least one query"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new CascadeEvaluation.TierOutcome(Confidence.NONE, false, -1, 0));
    assertTrue(e.getMessage().contains("usd must be finite and >= 0, got -1"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> Signal.named("loud"));
    assertTrue(e.getMessage().contains("got 'loud'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new Cascade(List.of(tier("on-device"), tier("premium")),
        new double[] {0.5, 0.5}, MathAnswers.equivalence()));
    assertTrue(e.getMessage().contains("one per tier but the last (1), got 2"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new Cascade(List.of(tier("on-device"), tier("premium")),
        new double[] {Double.NaN}, MathAnswers.equivalence()));
    assertTrue(e.getMessage().contains("thresholds[0]"), e.getMessage());
  }
}
