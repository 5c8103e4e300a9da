package io.ttc4j.eval;

import io.ttc4j.core.Selection;
import java.util.Locale;
import java.util.Objects;

/**
 * Accuracy of one selection rule on the first {@code n} recorded candidates of every problem of a
 * candidate-set file: one line of the replay CSV.
 *
 * @param strategy the selection rule
 * @param n        how many candidates of each problem it chose from (the first n, in file order)
 * @param problems problems evaluated
 * @param correct  problems where the chosen candidate is correct
 * @param interval 95% Wilson interval of {@code correct / problems}
 */
public record ReplayRow(Selection strategy, int n, int problems, int correct, WilsonInterval interval) {

  /** The exact header of the replay CSV. */
  public static final String CSV_HEADER = "strategy,n,problems,accuracy,ci_low,ci_high";

  /** Validates. */
  public ReplayRow {
    Objects.requireNonNull(strategy, "strategy");
    Objects.requireNonNull(interval, "interval");
    if (n < 1) {
      throw new IllegalArgumentException("n must be >= 1, got " + n);
    }
    if (problems < 1 || correct < 0 || correct > problems) {
      throw new IllegalArgumentException("need 0 <= correct <= problems and problems >= 1, got correct=" + correct
          + ", problems=" + problems);
    }
  }

  /** Correct problems over all problems. */
  public double accuracy() {
    return (double) correct / problems;
  }

  /** This row as a CSV line (no line break): rates with 4 decimals, the strategy in lower case. */
  public String csvLine() {
    return String.join(",", strategy.name().toLowerCase(Locale.ROOT), Integer.toString(n), Integer.toString(problems),
        SummaryRow.fixed(accuracy(), 4), SummaryRow.fixed(interval.low(), 4), SummaryRow.fixed(interval.high(), 4));
  }
}
