package io.ttc4j.eval.policy;

import io.ttc4j.core.AnswerEquivalence;
import io.ttc4j.core.Problem;
import io.ttc4j.core.SearchResult;
import io.ttc4j.strategies.Cascade;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Fits and evaluates the escalation thresholds of a {@link Cascade} from every tier's outcome on
 * every query, with two-fold cross-validation over problems.
 *
 * <p>Tiers are independent searches under the same seed, so what a cascade does on a query follows
 * from each tier's result alone: run every tier once per query, then any thresholds' accuracy and
 * cost is computed exactly, without searching again ({@link #outcome}). Thresholds come from a grid
 * (0, then 0.30 to 1.00 by 0.05, then "always escalate"). For each single tier, the thresholds with
 * the best accuracy among those costing at most that tier's mean dollars per query, and the cheapest
 * among those at least as accurate, are chosen on one half of the problems and evaluated on the
 * other, both ways, and pooled. (Always escalating to the tier itself is among the choices, so on
 * the fitting half the cascade is never worse than the tier; held out, it can be, by noise.)
 */
public final class CascadeEvaluation {

  /** Thresholds tried for each tier but the last: 0 (never escalate), 0.30 … 1.00, 1.01 (always). */
  public static final double[] GRID = grid();

  /**
   * One tier's outcome on one query.
   *
   * @param confidence {@link Cascade#confidence} of its result
   * @param correct    whether its answer is right
   * @param usd        what its search cost
   */
  public record TierOutcome(double confidence, boolean correct, double usd) {}

  /**
   * Accuracy and mean cost of a way of answering, over some queries.
   *
   * @param accuracy share of queries right
   * @param usd      mean dollars per query
   */
  public record Point(double accuracy, double usd) {}

  /**
   * The comparison with one single tier, on held-out problems.
   *
   * @param tier         the tier's name
   * @param single       that tier alone
   * @param cascade      the cascade whose thresholds were fitted, on the other half, for the best accuracy
   *                     at no more than the tier's cost
   * @param cheapest     the cascade whose thresholds were fitted, on the other half, for the lowest cost
   *                     at no less than the tier's accuracy
   */
  public record Comparison(String tier, Point single, Point cascade, Point cheapest) {
    /** Whether the cascade is at least as accurate and at most as costly. */
    public boolean dominates() {
      return cascade.accuracy() >= single.accuracy() && cascade.usd() <= single.usd();
    }
  }

  private CascadeEvaluation() {}

  /** Runs every tier of {@code tiers} once on each query: outcomes[query][tier]. */
  public static TierOutcome[][] outcomes(List<Cascade.Tier> tiers, List<Map.Entry<Problem, Long>> queries,
      AnswerEquivalence equivalence) {
    TierOutcome[][] out = new TierOutcome[queries.size()][tiers.size()];
    for (int i = 0; i < queries.size(); i++) {
      Problem p = queries.get(i).getKey();
      for (int t = 0; t < tiers.size(); t++) {
        Cascade.Tier tier = tiers.get(t);
        SearchResult r = tier.search().solve(p, tier.budget(), queries.get(i).getValue()).join();
        boolean right = r.answer() != null && p.hasReference() && equivalence.equivalent(r.answer(), p.reference());
        out[i][t] = new TierOutcome(Cascade.confidence(r, equivalence), right, r.usage().costUsd());
      }
    }
    return out;
  }

  /** What thresholds do on the queries {@code subset}: exactly what {@link Cascade#solve} would. */
  public static Point outcome(TierOutcome[][] o, int[] subset, double[] thresholds) {
    int right = 0;
    double usd = 0;
    for (int i : subset) {
      for (int t = 0; t < o[i].length; t++) {
        usd += o[i][t].usd();
        if (t == o[i].length - 1 || o[i][t].confidence() >= thresholds[t]) {
          if (o[i][t].correct()) right++;
          break;
        }
      }
    }
    return new Point((double) right / subset.length, usd / subset.length);
  }

  /** Tier {@code t} alone on {@code subset}. */
  public static Point single(TierOutcome[][] o, int[] subset, int t) {
    int right = 0;
    double usd = 0;
    for (int i : subset) {
      usd += o[i][t].usd();
      if (o[i][t].correct()) right++;
    }
    return new Point((double) right / subset.length, usd / subset.length);
  }

  /**
   * Two-fold cross-validated comparison with every single tier.
   *
   * @param problemIds per query its problem (halves split by problem, seeded)
   */
  public static List<Comparison> compare(TierOutcome[][] o, List<String> problemIds, List<String> tierNames,
      long seed) {
    Objects.requireNonNull(o, "o");
    int q = o.length;
    int tiers = tierNames.size();
    // split problems into halves
    List<String> distinct = new ArrayList<>(new java.util.LinkedHashSet<>(problemIds));
    SplittableRandom random = new SplittableRandom(seed);
    java.util.Set<String> half = new java.util.HashSet<>();
    for (int i = distinct.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      String x = distinct.get(i);
      distinct.set(i, distinct.get(j));
      distinct.set(j, x);
    }
    half.addAll(distinct.subList(0, distinct.size() / 2));
    List<Integer> a = new ArrayList<>();
    List<Integer> b = new ArrayList<>();
    for (int i = 0; i < q; i++) (half.contains(problemIds.get(i)) ? a : b).add(i);
    int[] setA = a.stream().mapToInt(Integer::intValue).toArray();
    int[] setB = b.stream().mapToInt(Integer::intValue).toArray();
    List<double[]> all = thresholdVectors(tiers - 1);
    List<Comparison> out = new ArrayList<>();
    int[] every = new int[q];
    for (int i = 0; i < q; i++) every[i] = i;
    for (int t = 0; t < tiers; t++) {
      Point costMatched = heldOut(o, setA, setB, all, t, true);
      Point accuracyMatched = heldOut(o, setA, setB, all, t, false);
      out.add(new Comparison(tierNames.get(t), single(o, every, t), costMatched, accuracyMatched));
    }
    return out;
  }

  /**
   * Fits thresholds on one half for tier {@code t}'s cost (best accuracy at no more cost) or
   * accuracy (least cost at no less accuracy), evaluates on the other, both ways, pooled.
   */
  private static Point heldOut(TierOutcome[][] o, int[] setA, int[] setB, List<double[]> all, int t,
      boolean matchCost) {
    int right = 0;
    double usd = 0;
    for (int[][] fold : new int[][][] {{setA, setB}, {setB, setA}}) {
      int[] train = fold[0];
      int[] test = fold[1];
      Point target = single(o, train, t);
      double[] best = null;
      Point bestPoint = null;
      for (double[] th : all) {
        Point p = outcome(o, train, th);
        boolean feasible = matchCost ? p.usd() <= target.usd() + 1e-12 : p.accuracy() >= target.accuracy();
        if (!feasible) continue;
        boolean better = bestPoint == null || (matchCost
            ? p.accuracy() > bestPoint.accuracy() || (p.accuracy() == bestPoint.accuracy() && p.usd() < bestPoint.usd())
            : p.usd() < bestPoint.usd() || (p.usd() == bestPoint.usd() && p.accuracy() > bestPoint.accuracy()));
        if (better) {
          best = th;
          bestPoint = p;
        }
      }
      Point held = outcome(o, test, best);
      right += Math.round(held.accuracy() * test.length);
      usd += held.usd() * test.length;
    }
    int n = setA.length + setB.length;
    return new Point((double) right / n, usd / n);
  }

  private static List<double[]> thresholdVectors(int k) {
    List<double[]> out = new ArrayList<>();
    int[] idx = new int[k];
    while (true) {
      double[] v = new double[k];
      for (int i = 0; i < k; i++) v[i] = GRID[idx[i]];
      out.add(v);
      int i = 0;
      while (i < k && ++idx[i] == GRID.length) {
        idx[i] = 0;
        i++;
      }
      if (i == k) break;
    }
    return out;
  }

  private static double[] grid() {
    List<Double> g = new ArrayList<>();
    g.add(0.0);
    for (int i = 30; i <= 100; i += 5) g.add(i / 100.0);
    g.add(1.01);
    return g.stream().mapToDouble(Double::doubleValue).toArray();
  }
}
