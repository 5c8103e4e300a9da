package io.ttc4j.eval;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * A Wilson score confidence interval for a binomial proportion (accuracy = correct / trials).
 *
 * <p>Unlike the normal-approximation ("Wald") interval it stays inside [0, 1] and does not
 * collapse to a point at 0 or 1 correct answers, which matters for accuracies near 1 and for small
 * data sets. It assumes the trials are independent; when they are not (one problem counted under
 * several seeds) the interval is narrower than it should be.
 *
 * @param low  lower bound, in [0, 1]
 * @param high upper bound, in [low, 1]
 */
public record WilsonInterval(double low, double high) {

  /** The confidence level used by reports: 95%. */
  public static final double DEFAULT_CONFIDENCE = 0.95;

  private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);

  /** Validates. */
  public WilsonInterval {
    if (!(low >= 0 && low <= high && high <= 1)) {
      throw new IllegalArgumentException("bounds must satisfy 0 <= low <= high <= 1, got low=" + low + ", high=" + high);
    }
  }

  /** The 95% interval of {@code successes} out of {@code trials}. */
  public static WilsonInterval of(long successes, long trials) {
    return of(successes, trials, DEFAULT_CONFIDENCE);
  }

  /**
   * The interval of {@code successes} out of {@code trials} at {@code confidence} (for example 0.95).
   * Zero trials carry no information: the interval is [0, 1].
   *
   * @throws IllegalArgumentException when {@code trials < 0}, {@code successes} is outside
   *     [0, trials] or {@code confidence} is outside (0, 1)
   */
  public static WilsonInterval of(long successes, long trials, double confidence) {
    if (trials < 0) {
      throw new IllegalArgumentException("trials must be >= 0, got " + trials);
    }
    if (successes < 0 || successes > trials) {
      throw new IllegalArgumentException("successes must be in [0, trials=" + trials + "], got " + successes);
    }
    if (!(confidence > 0 && confidence < 1)) {
      throw new IllegalArgumentException("confidence must be in (0, 1), got " + confidence);
    }
    if (trials == 0) {
      return new WilsonInterval(0, 1);
    }
    double z = STANDARD_NORMAL.inverseCumulativeProbability(1 - (1 - confidence) / 2);
    double n = trials;
    double p = successes / n;
    double z2 = z * z;
    double denominator = 1 + z2 / n;
    double centre = (p + z2 / (2 * n)) / denominator;
    double halfWidth = z / denominator * Math.sqrt(p * (1 - p) / n + z2 / (4 * n * n));
    // the bounds are exactly 0 and 1 at the extremes; rounding must not push them past
    double low = successes == 0 ? 0 : Math.max(0, centre - halfWidth);
    double high = successes == trials ? 1 : Math.min(1, centre + halfWidth);
    return new WilsonInterval(low, high);
  }

  /** Whether {@code value} lies in the interval (bounds included). */
  public boolean contains(double value) {
    return value >= low && value <= high;
  }
}
