package io.ttc4j.eval.stats;

/**
 * An estimate with its Monte Carlo standard error.
 *
 * @param value         the estimate
 * @param standardError the Monte Carlo standard error of {@code value}: 0 when it was computed
 *                      exactly (in closed form or by enumerating every subset)
 * @param draws         random subsets drawn, or 0 when exact
 */
public record Estimate(double value, double standardError, long draws) {

  /** Validates. */
  public Estimate {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("value must be finite, got " + value);
    }
    if (!(standardError >= 0) || Double.isInfinite(standardError)) {
      throw new IllegalArgumentException("standardError must be finite and >= 0, got " + standardError);
    }
    if (draws < 0) {
      throw new IllegalArgumentException("draws must be >= 0, got " + draws);
    }
  }

  /** An exact value: no standard error. */
  public static Estimate exact(double value) {
    return new Estimate(value, 0, 0);
  }

  /** Whether the value is exact rather than a Monte Carlo mean. */
  public boolean isExact() {
    return draws == 0;
  }
}
