package io.ttc4j.prm;

/**
 * A fitted, immutable map from a reward model's raw score to the probability that the scored step
 * or solution is correct. Fit one on labelled data ({@link PlattScaling#fit}, {@link
 * IsotonicCalibration#fit}), then check it on held-out data with a {@link ReliabilityTable}.
 */
public sealed interface CalibrationMap permits PlattScaling, IsotonicCalibration {

  /** The calibrated probability of {@code score}, in [0, 1]; {@code NaN} for {@code NaN}. */
  double apply(double score);

  /** {@link #apply} of each score, in a new array. */
  default double[] applyAll(double[] scores) {
    double[] out = new double[scores.length];
    for (int i = 0; i < scores.length; i++) {
      out[i] = apply(scores[i]);
    }
    return out;
  }
}
