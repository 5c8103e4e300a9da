package io.ttc4j.eval.stats;

/**
 * A bootstrap confidence interval around an estimate.
 *
 * @param estimate   the statistic on the data as observed
 * @param low        lower bound: the (1 − confidence) / 2 quantile of the resampled statistic
 * @param high       upper bound: the (1 + confidence) / 2 quantile
 * @param confidence the nominal coverage, for example 0.95
 * @param resamples  bootstrap resamples drawn
 * @param clusters   independent clusters (problems) resampled
 */
public record BootstrapInterval(double estimate, double low, double high, double confidence, int resamples,
    int clusters) {

  /** Validates. */
  public BootstrapInterval {
    if (!(low <= high) || !Double.isFinite(low) || !Double.isFinite(high) || !Double.isFinite(estimate)) {
      throw new IllegalArgumentException("need finite estimate and low <= high, got estimate=" + estimate + ", low=" + low
          + ", high=" + high);
    }
    if (!(confidence > 0 && confidence < 1)) {
      throw new IllegalArgumentException("confidence must be in (0, 1), got " + confidence);
    }
  }

  /** Whether {@code value} lies in the interval (bounds included). */
  public boolean contains(double value) {
    return value >= low && value <= high;
  }

  /** high − low. */
  public double width() {
    return high - low;
  }
}
