package io.ttc4j.eval;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Accuracy and mean compute of one selection rule at one N over every (problem, seed) row of a
 * sweep: one line of {@code summary.csv}.
 *
 * <p>Accuracy is over all problem × seed rows and its interval is a 95% Wilson interval over those
 * rows. Rows of the same problem under different seeds are not independent (a hard problem stays
 * hard), so with several seeds the interval is optimistic: narrower than one that accounted for the
 * clustering by problem. Means are per (problem, seed) search.
 *
 * @param strategy             the selection rule
 * @param n                    the N of best-of-N
 * @param problems             distinct problems
 * @param seeds                distinct seeds
 * @param correct              correct rows
 * @param rows                 rows (problems × seeds)
 * @param interval             95% Wilson interval of {@code correct / rows}
 * @param meanGenerations      mean sampled continuations per row
 * @param meanCompletionTokens mean generated tokens per row
 * @param meanPromptTokens     mean prompt tokens per row (cached ones included)
 * @param meanPrmCalls         mean trajectories scored by the reward model per row
 */
public record SummaryRow(
    SweepStrategy strategy,
    int n,
    int problems,
    int seeds,
    long correct,
    long rows,
    WilsonInterval interval,
    double meanGenerations,
    double meanCompletionTokens,
    double meanPromptTokens,
    double meanPrmCalls) {

  /** The exact header of {@code summary.csv}. */
  public static final String CSV_HEADER = "strategy,n,problems,seeds,accuracy,ci_low,ci_high,"
      + "mean_generations,mean_completion_tokens,mean_prompt_tokens,mean_prm_calls";

  /** Validates. */
  public SummaryRow {
    Objects.requireNonNull(strategy, "strategy");
    Objects.requireNonNull(interval, "interval");
    if (rows < 1 || correct < 0 || correct > rows) {
      throw new IllegalArgumentException("need 0 <= correct <= rows and rows >= 1, got correct=" + correct
          + ", rows=" + rows);
    }
  }

  /** Correct rows over all rows. */
  public double accuracy() {
    return (double) correct / rows;
  }

  /**
   * This row as a line of {@code summary.csv} (no line break): rates with 4 decimals, means with 2,
   * the strategy in lower case.
   */
  public String csvLine() {
    return String.join(",", strategy.csvName(), Integer.toString(n),
        Integer.toString(problems), Integer.toString(seeds), fixed(accuracy(), 4), fixed(interval.low(), 4),
        fixed(interval.high(), 4), fixed(meanGenerations, 2), fixed(meanCompletionTokens, 2),
        fixed(meanPromptTokens, 2), fixed(meanPrmCalls, 2));
  }

  static String fixed(double v, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  /**
   * One summary row per (strategy, n) present in {@code results}, ordered by the first appearance
   * of the strategy and then by n ascending. The result does not depend on the order of
   * {@code results} except for that ordering, so sort the rows first for a canonical summary.
   */
  public static List<SummaryRow> summarise(List<ResultRow> results) {
    Objects.requireNonNull(results, "results");
    Map<SweepStrategy, Map<Integer, Accumulator>> groups = new LinkedHashMap<>();
    for (ResultRow r : results) {
      groups.computeIfAbsent(r.strategy(), s -> new java.util.TreeMap<>())
          .computeIfAbsent(r.n(), n -> new Accumulator())
          .add(r);
    }
    List<SummaryRow> out = new ArrayList<>();
    groups.forEach((strategy, byN) -> byN.forEach((n, acc) -> out.add(acc.toRow(strategy, n))));
    return out;
  }

  private static final class Accumulator {
    final Set<String> problems = new HashSet<>();
    final Set<Long> seeds = new HashSet<>();
    long rows;
    long correct;
    double generations;
    double completionTokens;
    double promptTokens;
    double prmCalls;

    void add(ResultRow r) {
      problems.add(r.problemId());
      seeds.add(r.seed());
      rows++;
      if (r.correct()) correct++;
      generations += r.usage().generations();
      completionTokens += r.usage().completionTokens();
      promptTokens += r.usage().promptTokens();
      prmCalls += r.usage().prmCalls();
    }

    SummaryRow toRow(SweepStrategy strategy, int n) {
      return new SummaryRow(strategy, n, problems.size(), seeds.size(), correct, rows,
          WilsonInterval.of(correct, rows), generations / rows, completionTokens / rows, promptTokens / rows,
          prmCalls / rows);
    }
  }
}
