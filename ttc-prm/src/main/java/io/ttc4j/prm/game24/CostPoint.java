package io.ttc4j.prm.game24;

/**
 * A mean compute cost per puzzle. Fractional, because it is an average over puzzles (and, for a
 * random k-subset of samples, an expectation).
 *
 * @param promptTokens     prompt tokens per puzzle
 * @param completionTokens completion tokens per puzzle
 * @param usd              US dollars per puzzle at the replay's prices
 */
public record CostPoint(double promptTokens, double completionTokens, double usd) {

  /** Validates: finite and non-negative. */
  public CostPoint {
    check("promptTokens", promptTokens);
    check("completionTokens", completionTokens);
    check("usd", usd);
  }

  private static void check(String name, double v) {
    if (!(v >= 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException(name + " must be finite and >= 0, got " + v);
    }
  }

  /** Prompt plus completion tokens per puzzle. */
  public double totalTokens() {
    return promptTokens + completionTokens;
  }
}
