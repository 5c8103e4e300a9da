package io.ttc4j.eval.policy;

import io.ttc4j.eval.SweepStrategy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * Two-fold cross-validation of compute-optimal policies over problems, as in Snell et al. (2024),
 * and the tokens compute-optimal needs to match weighted best-of-N at its largest N.
 *
 * <h2>Design</h2>
 * The distinct problems are shuffled with {@link Well19937c} seeded with the seed and cut into
 * halves A (the first ⌈P/2⌉) and B; all seeds of a problem stay in its half. A policy is fitted on
 * A ({@link PolicyFit}: for predicted difficulty the difficulty model, then bin edges and choices)
 * and evaluated on B, and vice versa; the held-out queries of both folds are pooled. At budget
 * {@code grid[j]} a held-out query takes its value under the fold's model, its bin under the fold's
 * edges, the fold's choice for (bin, budget) and that query's own row for the choice:
 * its correctness and tokens (probes included for predicted difficulty). Compute-optimal's curve is
 * the pooled accuracy against the pooled mean tokens at each budget; weighted best-of-N's is its
 * rows at each N on the same (all) queries, without probes.
 *
 * <h2>The ratio</h2>
 * {@code tokens(weighted@Nmax) / tokens(compute-optimal at the smallest budget whose pooled accuracy
 * is at least weighted@Nmax's)}, both mean completion tokens per query on the same queries. When no
 * budget reaches that accuracy the ratio is undefined ({@code NaN}) and {@link Result#accuracyGap()}
 * says by how much the best budget falls short.
 *
 * <h2>Interval</h2>
 * A cluster bootstrap over problems that redoes everything: each resample draws P problems with
 * replacement (a problem drawn twice counts twice, in one half), splits the drawn problems with the
 * same stream, refits both folds (model, edges and choices) and re-evaluates both curves and the ratio. A
 * resample where no budget reaches the target counts as ratio 0 (no saving), so the interval's
 * low end is conservative; {@link Result#reachedResamples()} counts the others. The 2.5% and 97.5%
 * quantiles interpolate between order statistics. One {@link Well19937c} stream seeded with the
 * seed draws the point split and then every resample in order: equal inputs give equal results.
 */
public final class CrossValidation {

  /**
   * One point of compute-optimal's cross-validated curve.
   *
   * @param budgetTokens             the budget the policies were asked for
   * @param accuracy                 pooled held-out accuracy
   * @param meanTokens               pooled held-out mean completion tokens per query (probes included)
   * @param meanPrmCalls             pooled held-out mean reward-model calls per query (probes included)
   * @param bestOfNAccuracyAtTokens  weighted best-of-N's accuracy at {@code meanTokens}, interpolated
   *                                 linearly in log tokens between its N; {@code NaN} outside its range
   */
  public record Point(double budgetTokens, double accuracy, double meanTokens, double meanPrmCalls,
      double bestOfNAccuracyAtTokens) {}

  /**
   * Weighted best-of-N at one N on every query.
   *
   * @param n          the N
   * @param accuracy   its accuracy
   * @param meanTokens its mean completion tokens per query
   */
  public record BestOfN(int n, double accuracy, double meanTokens) {}

  /**
   * The evaluation.
   *
   * @param seed             the seed of the split and the bootstrap
   * @param problemsA        problems in half A
   * @param problemsB        problems in half B
   * @param curve            compute-optimal's pooled held-out curve, one point per budget
   * @param bestOfN          weighted best-of-N's curve, N ascending
   * @param target           weighted best-of-N at its largest N
   * @param reachedAt        the index in {@code curve} of the smallest budget reaching the target's
   *                         accuracy, or -1
   * @param ratio            the token ratio, or {@code NaN} when not reached
   * @param ratioLow         the 2.5% bootstrap quantile of the ratio
   * @param ratioHigh        the 97.5% bootstrap quantile
   * @param resamples        bootstrap resamples
   * @param reachedResamples resamples in which some budget reached the target
   * @param accuracyGap      target accuracy minus compute-optimal's best accuracy (positive when not reached)
   */
  public record Result(long seed, int problemsA, int problemsB, List<Point> curve, List<BestOfN> bestOfN,
      BestOfN target, int reachedAt, double ratio, double ratioLow, double ratioHigh, int resamples,
      int reachedResamples, double accuracyGap) {

    /** Copies. */
    public Result {
      curve = List.copyOf(curve);
      bestOfN = List.copyOf(bestOfN);
    }

    /** Whether compute-optimal reached the target's accuracy at some budget. */
    public boolean reached() {
      return reachedAt >= 0;
    }
  }

  private CrossValidation() {}

  /**
   * Runs the two-fold cross-validation and its bootstrap.
   *
   * @param data      the sweep
   * @param bins      difficulty bins
   * @param grid      budgets, ascending (see {@link PolicyFit#budgetGrid})
   * @param seed      seeds the split and the bootstrap
   * @param resamples bootstrap resamples, at least 1
   * @throws IllegalArgumentException when the rows have no {@code weighted} strategy, there are fewer
   *     than 2 problems, or a half has fewer queries than bins
   */
  public static Result run(PolicyFit data, int bins, double[] grid, long seed, int resamples) {
    Objects.requireNonNull(data, "data");
    if (resamples < 1) throw new IllegalArgumentException("resamples must be >= 1, got " + resamples);
    int problems = data.problems().size();
    if (problems < 2) throw new IllegalArgumentException("two-fold cross-validation needs at least 2 problems, got "
        + problems);
    List<Integer> weighted = new ArrayList<>();
    for (int i = 0; i < data.options().size(); i++) {
      if (data.options().get(i).strategy().equals(SweepStrategy.WEIGHTED)) weighted.add(i);
    }
    if (weighted.isEmpty()) {
      throw new IllegalArgumentException("the rows have no 'weighted' strategy to compare against");
    }
    weighted.sort((a, b) -> Integer.compare(data.options().get(a).n(), data.options().get(b).n()));
    RandomGenerator random = new Well19937c(seed);

    int[] multiplicity = new int[problems];
    Arrays.fill(multiplicity, 1);
    boolean[] inA = split(multiplicity, random);
    Evaluation point = evaluate(data, bins, grid, multiplicity, inA, weighted);
    int countA = 0;
    for (boolean a : inA) if (a) countA++;

    double[] ratios = new double[resamples];
    int reached = 0;
    for (int r = 0; r < resamples; r++) {
      Arrays.fill(multiplicity, 0);
      for (int i = 0; i < problems; i++) multiplicity[random.nextInt(problems)]++;
      Evaluation e = evaluate(data, bins, grid, multiplicity, split(multiplicity, random), weighted);
      if (e.reachedAt >= 0) {
        ratios[r] = e.ratio;
        reached++;
      }
    }
    Arrays.sort(ratios);
    double best = 0;
    for (Point p : point.curve) best = Math.max(best, p.accuracy());
    return new Result(seed, countA, problems - countA, point.curve, point.bestOfN,
        point.bestOfN.get(point.bestOfN.size() - 1), point.reachedAt, point.ratio, quantile(ratios, 0.025),
        quantile(ratios, 0.975), resamples, reached, point.bestOfN.get(point.bestOfN.size() - 1).accuracy() - best);
  }

  /** Half A: the first ⌈D/2⌉ of the D drawn problems in a seeded shuffle. */
  static boolean[] split(int[] multiplicity, RandomGenerator random) {
    List<Integer> drawn = new ArrayList<>();
    for (int p = 0; p < multiplicity.length; p++) if (multiplicity[p] > 0) drawn.add(p);
    for (int i = drawn.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      Integer t = drawn.get(i);
      drawn.set(i, drawn.get(j));
      drawn.set(j, t);
    }
    boolean[] inA = new boolean[multiplicity.length];
    for (int i = 0; i < (drawn.size() + 1) / 2; i++) inA[drawn.get(i)] = true;
    return inA;
  }

  private record Evaluation(List<Point> curve, List<BestOfN> bestOfN, int reachedAt, double ratio) {}

  private static Evaluation evaluate(PolicyFit data, int bins, double[] grid, int[] multiplicity, boolean[] inA,
      List<Integer> weighted) {
    int n = data.queries().size();
    double[] a = new double[n];
    double[] b = new double[n];
    double[] all = new double[n];
    for (int q = 0; q < n; q++) {
      int p = data.problemOf(q);
      all[q] = multiplicity[p];
      if (inA[p]) a[q] = multiplicity[p]; else b[q] = multiplicity[p];
    }
    PolicyFit.Fitted onA = data.fitted(a, bins, grid);
    PolicyFit.Fitted onB = data.fitted(b, bins, grid);
    List<BestOfN> bestOfN = new ArrayList<>();
    for (int i : weighted) {
      double[] s = new double[3];
      data.sumRaw(all, i, s);
      bestOfN.add(new BestOfN(data.options().get(i).n(), s[0] / s[2], s[1] / s[2]));
    }
    BestOfN target = bestOfN.get(bestOfN.size() - 1);
    List<Point> curve = new ArrayList<>(grid.length);
    int reachedAt = -1;
    for (int j = 0; j < grid.length; j++) {
      double[] s = new double[4];
      onA.evaluate(b, j, s);
      onB.evaluate(a, j, s);
      double accuracy = s[0] / s[3];
      double tokens = s[1] / s[3];
      curve.add(new Point(grid[j], accuracy, tokens, s[2] / s[3], interpolate(bestOfN, tokens)));
      if (reachedAt < 0 && accuracy >= target.accuracy() - 1e-12) reachedAt = j;
    }
    double ratio = reachedAt < 0 ? Double.NaN : target.meanTokens() / curve.get(reachedAt).meanTokens();
    return new Evaluation(curve, bestOfN, reachedAt, ratio);
  }

  /** Accuracy of the curve at {@code tokens}, linear in log tokens between its points; NaN outside. */
  static double interpolate(List<BestOfN> curve, double tokens) {
    for (int i = 0; i < curve.size(); i++) {
      BestOfN hi = curve.get(i);
      if (tokens == hi.meanTokens()) return hi.accuracy();
      if (i > 0 && tokens < hi.meanTokens()) {
        BestOfN lo = curve.get(i - 1);
        if (tokens < lo.meanTokens()) return Double.NaN;
        double f = Math.log(tokens / lo.meanTokens()) / Math.log(hi.meanTokens() / lo.meanTokens());
        return lo.accuracy() + f * (hi.accuracy() - lo.accuracy());
      }
    }
    return Double.NaN;
  }

  private static double quantile(double[] sorted, double q) {
    double h = q * (sorted.length - 1);
    int lo = (int) Math.floor(h);
    int hi = Math.min(sorted.length - 1, lo + 1);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
  }
}
