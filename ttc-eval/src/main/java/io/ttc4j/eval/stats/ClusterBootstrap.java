package io.ttc4j.eval.stats;

import io.ttc4j.eval.SweepStrategy;
import io.ttc4j.eval.ResultRow;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * Percentile bootstrap intervals that resample whole <em>problems</em>: a cluster bootstrap.
 *
 * <p>A sweep evaluates each problem under several seeds, and those rows are not independent: a
 * hard problem is hard under every seed. Resampling rows (or a Wilson interval over rows) then
 * understates the uncertainty, because the number of problems, not of rows, bounds how precisely
 * an accuracy is known. This class draws problems with replacement, keeping all the values of a
 * drawn problem together, recomputes the statistic (total of the values over their count, the
 * accuracy over all rows) and reports the (1 ± confidence) / 2 quantiles of the resampled
 * statistic (quantiles interpolate linearly between order statistics).
 *
 * <p>For a <em>paired</em> difference between two strategies, each problem carries the values of
 * both on the same seeds; resampling problems keeps the pairing, so what the two share (the
 * problem's difficulty, the seed's samples) cancels, and the interval is far narrower than one
 * made from two separate intervals.
 *
 * <p>The random stream is {@link Well19937c} seeded with {@link #seed()}: equal data and seed give
 * equal intervals.
 */
public final class ClusterBootstrap {

  /** Resamples drawn by {@link #defaults()}: 2000. */
  public static final int DEFAULT_RESAMPLES = 2000;

  private final int resamples;
  private final double confidence;
  private final long seed;

  private ClusterBootstrap(int resamples, double confidence, long seed) {
    if (resamples < 1) {
      throw new IllegalArgumentException("resamples must be >= 1, got " + resamples);
    }
    if (!(confidence > 0 && confidence < 1)) {
      throw new IllegalArgumentException("confidence must be in (0, 1), got " + confidence);
    }
    this.resamples = resamples;
    this.confidence = confidence;
    this.seed = seed;
  }

  /** A bootstrap with {@code resamples} draws at {@code confidence} (for example 0.95), seeded. */
  public static ClusterBootstrap of(int resamples, double confidence, long seed) {
    return new ClusterBootstrap(resamples, confidence, seed);
  }

  /** {@value #DEFAULT_RESAMPLES} resamples, 95%, seed 0. */
  public static ClusterBootstrap defaults() {
    return new ClusterBootstrap(DEFAULT_RESAMPLES, 0.95, 0);
  }

  /** Resamples per interval. */
  public int resamples() {
    return resamples;
  }

  /** The nominal coverage. */
  public double confidence() {
    return confidence;
  }

  /** The seed. */
  public long seed() {
    return seed;
  }

  /**
   * The interval of the overall mean of {@code clusters}: every value counts once, clusters are
   * resampled whole. A value is typically 1 or 0 (a correct row) or a fractional estimate.
   *
   * @param clusters the values of each cluster (problem), each array non-empty; at least one cluster
   */
  public BootstrapInterval mean(List<double[]> clusters) {
    Objects.requireNonNull(clusters, "clusters");
    if (clusters.isEmpty()) {
      throw new IllegalArgumentException("clusters must not be empty");
    }
    double[] sums = new double[clusters.size()];
    double[] counts = new double[clusters.size()];
    for (int i = 0; i < sums.length; i++) {
      double[] v = Objects.requireNonNull(clusters.get(i), "cluster");
      if (v.length == 0) {
        throw new IllegalArgumentException("cluster " + i + " has no values");
      }
      for (double x : v) {
        if (!Double.isFinite(x)) {
          throw new IllegalArgumentException("cluster " + i + " holds a non-finite value " + x);
        }
        sums[i] += x;
      }
      counts[i] = v.length;
    }
    return resample(sums, counts);
  }

  /**
   * The interval of mean(a) − mean(b) where {@code a.get(i)[j]} and {@code b.get(i)[j]} were
   * observed on the same problem i and seed j; problems are resampled whole with both strategies'
   * values.
   *
   * @throws IllegalArgumentException when the shapes of {@code a} and {@code b} differ
   */
  public BootstrapInterval pairedDifference(List<double[]> a, List<double[]> b) {
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(b, "b");
    if (a.size() != b.size()) {
      throw new IllegalArgumentException("a and b must hold the same clusters, got " + a.size() + " and " + b.size());
    }
    List<double[]> diff = new ArrayList<>(a.size());
    for (int i = 0; i < a.size(); i++) {
      double[] x = a.get(i);
      double[] y = b.get(i);
      if (x.length != y.length) {
        throw new IllegalArgumentException("cluster " + i + " has " + x.length + " values in a but " + y.length + " in b");
      }
      double[] d = new double[x.length];
      for (int j = 0; j < d.length; j++) d[j] = x[j] - y[j];
      diff.add(d);
    }
    return mean(diff);
  }

  /**
   * The cluster-bootstrap interval of the accuracy of {@code strategy} at {@code n} over the rows
   * of a sweep: one cluster per problem, one value (1 correct, 0 wrong) per seed.
   *
   * @throws IllegalArgumentException when no row has that strategy and N
   */
  public BootstrapInterval accuracy(List<ResultRow> rows, SweepStrategy strategy, int n) {
    return mean(new ArrayList<>(byProblem(rows, strategy, n).values().stream()
        .map(bySeed -> bySeed.values().stream().mapToDouble(Double::doubleValue).toArray()).toList()));
  }

  /**
   * The paired cluster-bootstrap interval of accuracy(a at na) − accuracy(b at nb) over the rows of
   * a sweep, paired by (problem, seed).
   *
   * @throws IllegalArgumentException naming the first (problem, seed) that one of them lacks
   */
  public BootstrapInterval difference(List<ResultRow> rows, SweepStrategy a, int na, SweepStrategy b, int nb) {
    Map<String, TreeMap<Long, Double>> x = byProblem(rows, a, na);
    Map<String, TreeMap<Long, Double>> y = byProblem(rows, b, nb);
    List<double[]> xs = new ArrayList<>();
    List<double[]> ys = new ArrayList<>();
    for (Map.Entry<String, TreeMap<Long, Double>> e : x.entrySet()) {
      TreeMap<Long, Double> other = y.get(e.getKey());
      if (other == null || !other.keySet().equals(e.getValue().keySet())) {
        throw new IllegalArgumentException("cannot pair " + name(a) + "@" + na + " with " + name(b) + "@" + nb
            + ": problem '" + e.getKey() + "' has seeds " + e.getValue().keySet() + " for the first and "
            + (other == null ? "none" : other.keySet()) + " for the second");
      }
      xs.add(e.getValue().values().stream().mapToDouble(Double::doubleValue).toArray());
      ys.add(other.values().stream().mapToDouble(Double::doubleValue).toArray());
    }
    for (String problem : y.keySet()) {
      if (!x.containsKey(problem)) {
        throw new IllegalArgumentException("cannot pair " + name(a) + "@" + na + " with " + name(b) + "@" + nb
            + ": problem '" + problem + "' has rows only for the second");
      }
    }
    return pairedDifference(xs, ys);
  }

  /** Correctness by problem (first appearance order) and seed (ascending). */
  private static Map<String, TreeMap<Long, Double>> byProblem(List<ResultRow> rows, SweepStrategy strategy, int n) {
    Objects.requireNonNull(rows, "rows");
    Map<String, TreeMap<Long, Double>> out = new LinkedHashMap<>();
    for (ResultRow r : rows) {
      if (!r.strategy().equals(strategy) || r.n() != n) continue;
      Double before = out.computeIfAbsent(r.problemId(), p -> new TreeMap<>()).put(r.seed(), r.correct() ? 1.0 : 0.0);
      if (before != null) {
        throw new IllegalArgumentException("two rows for " + name(strategy) + "@" + n + " on problem '" + r.problemId()
            + "' with seed " + r.seed());
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("no rows for " + name(strategy) + " at n=" + n);
    }
    return out;
  }

  private BootstrapInterval resample(double[] sums, double[] counts) {
    int clusters = sums.length;
    double total = 0;
    double count = 0;
    for (int i = 0; i < clusters; i++) {
      total += sums[i];
      count += counts[i];
    }
    double estimate = total / count;
    RandomGenerator random = new Well19937c(seed);
    double[] stats = new double[resamples];
    for (int b = 0; b < resamples; b++) {
      double s = 0;
      double c = 0;
      for (int i = 0; i < clusters; i++) {
        int j = random.nextInt(clusters);
        s += sums[j];
        c += counts[j];
      }
      stats[b] = s / c;
    }
    Arrays.sort(stats);
    double low = quantile(stats, (1 - confidence) / 2);
    double high = quantile(stats, (1 + confidence) / 2);
    return new BootstrapInterval(estimate, low, high, confidence, resamples, clusters);
  }

  private static double quantile(double[] sorted, double q) {
    double h = q * (sorted.length - 1);
    int lo = (int) Math.floor(h);
    int hi = Math.min(sorted.length - 1, lo + 1);
    return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
  }

  private static String name(SweepStrategy s) {
    return s.name();
  }
}
