package io.ttc4j.eval;

import io.ttc4j.eval.stats.BootstrapInterval;
import io.ttc4j.eval.stats.ClusterBootstrap;
import io.ttc4j.eval.stats.DifficultyBins;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;

/**
 * The accuracy of one strategy at one N over the problems of one difficulty bin: one line of a run
 * folder's {@code difficulty.csv}. Every strategy, searched ones included, is scored on the rows of
 * the same problems, since bins are per problem ({@link DifficultyBins}).
 *
 * @param difficulty           the measure that made the bins
 * @param bin                  the bin, 1 (easiest) to k (hardest)
 * @param valueLow             the lowest value of the measure in the bin (its hard edge)
 * @param valueHigh            the highest value of the measure in the bin (its easy edge)
 * @param strategy             the strategy
 * @param n                    the N
 * @param problems             distinct problems of the bin with rows for this strategy and N
 * @param rows                 rows (problems × seeds)
 * @param accuracy             correct rows over rows
 * @param clusterInterval      95% cluster-bootstrap interval of the accuracy, resampling the bin's problems
 * @param meanCompletionTokens mean generated tokens per query (one problem under one seed)
 */
public record DifficultyRow(
    DifficultyBins.Measure difficulty,
    int bin,
    double valueLow,
    double valueHigh,
    SweepStrategy strategy,
    int n,
    int problems,
    long rows,
    double accuracy,
    BootstrapInterval clusterInterval,
    double meanCompletionTokens) {

  /** The header of {@code difficulty.csv}. */
  public static final String CSV_HEADER = "difficulty,bin,value_low,value_high,strategy,n,problems,rows,accuracy,"
      + "cluster_ci_low,cluster_ci_high,mean_completion_tokens";

  /** Validates. */
  public DifficultyRow {
    Objects.requireNonNull(difficulty, "difficulty");
    Objects.requireNonNull(strategy, "strategy");
    Objects.requireNonNull(clusterInterval, "clusterInterval");
    if (bin < 1) throw new IllegalArgumentException("bin must be >= 1, got " + bin);
    if (rows < 1) throw new IllegalArgumentException("rows must be >= 1, got " + rows);
  }

  /** This row as a line of {@code difficulty.csv} (no line break). */
  public String csvLine() {
    return String.join(",", difficulty.label(), Integer.toString(bin), SummaryRow.fixed(valueLow, 4),
        SummaryRow.fixed(valueHigh, 4), strategy.csvName(), Integer.toString(n), Integer.toString(problems),
        Long.toString(rows), SummaryRow.fixed(accuracy, 4), SummaryRow.fixed(clusterInterval.low(), 4),
        SummaryRow.fixed(clusterInterval.high(), 4), SummaryRow.fixed(meanCompletionTokens, 2));
  }

  /**
   * One row per non-empty bin × strategy × N, bins ascending, strategies in order of first
   * appearance in {@code results}, N ascending. Rows of problems without a bin are left out. The
   * bootstrap resamples the bin's problems in the order they first appear in {@code results}: sort
   * the rows canonically first for results that do not depend on it.
   *
   * @param results   a sweep's rows
   * @param bins      the bins of its problems
   * @param bootstrap the cluster bootstrap of the intervals
   */
  public static List<DifficultyRow> summarise(List<ResultRow> results, DifficultyBins bins,
      ClusterBootstrap bootstrap) {
    Objects.requireNonNull(results, "results");
    Objects.requireNonNull(bins, "bins");
    Objects.requireNonNull(bootstrap, "bootstrap");
    Set<SweepStrategy> strategies = new LinkedHashSet<>();
    List<List<ResultRow>> byBin = new ArrayList<>();
    for (int b = 0; b < bins.binCount(); b++) byBin.add(new ArrayList<>());
    for (ResultRow r : results) {
      strategies.add(r.strategy());
      OptionalInt b = bins.bin(r.problemId());
      if (b.isPresent()) byBin.get(b.getAsInt() - 1).add(r);
    }
    List<DifficultyRow> out = new ArrayList<>();
    for (DifficultyBins.Bin bin : bins.bins()) {
      List<ResultRow> inBin = byBin.get(bin.index() - 1);
      if (inBin.isEmpty()) continue;
      Map<SweepStrategy, TreeMap<Integer, List<ResultRow>>> groups = new LinkedHashMap<>();
      for (SweepStrategy s : strategies) groups.put(s, new TreeMap<>());
      for (ResultRow r : inBin) groups.get(r.strategy()).computeIfAbsent(r.n(), n -> new ArrayList<>()).add(r);
      groups.forEach((strategy, byN) -> byN.forEach((n, rows) -> {
        Set<String> problems = new HashSet<>();
        long correct = 0;
        double tokens = 0;
        for (ResultRow r : rows) {
          problems.add(r.problemId());
          if (r.correct()) correct++;
          tokens += r.usage().completionTokens();
        }
        out.add(new DifficultyRow(bins.measure(), bin.index(), bin.low(), bin.high(), strategy, n, problems.size(),
            rows.size(), (double) correct / rows.size(), bootstrap.accuracy(inBin, strategy, n),
            tokens / rows.size()));
      }));
    }
    return out;
  }
}
