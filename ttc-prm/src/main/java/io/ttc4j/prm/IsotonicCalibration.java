package io.ttc4j.prm;

import io.ttc4j.prm.internal.Inputs;
import java.util.Arrays;
import java.util.Objects;

/**
 * Isotonic calibration: the non-decreasing map from score to P(correct) that best fits labelled
 * scores in squared error, found by pool-adjacent-violators (PAV).
 *
 * <p>The fitted map is piecewise linear through its knots: each pooled block of scores contributes
 * its lowest and highest score, both mapped to the block's observed frequency of correct items, and
 * scores between blocks are interpolated linearly. Below the first knot and above the last the map
 * is flat. Equal scores always share one value. Unlike {@link PlattScaling} it assumes no shape, so it
 * can fix any monotone miscalibration, but it needs more labels (its blocks are frequencies, noisy
 * when small), and it maps all the scores of a block to one value, so it can tie items that the raw
 * scores ordered.
 *
 * @param knots  the scores where the map is pinned, strictly increasing, not empty
 * @param values the probabilities at the knots, non-decreasing, in [0, 1]
 */
public record IsotonicCalibration(double[] knots, double[] values) implements CalibrationMap {

  /** Validates and copies. */
  public IsotonicCalibration {
    Objects.requireNonNull(knots, "knots");
    Objects.requireNonNull(values, "values");
    if (knots.length == 0 || knots.length != values.length) {
      throw new IllegalArgumentException("knots and values must be non-empty and of the same length, got "
          + knots.length + " and " + values.length);
    }
    knots = knots.clone();
    values = values.clone();
    Inputs.finite("knots", knots);
    for (int i = 0; i < knots.length; i++) {
      if (i > 0 && !(knots[i] > knots[i - 1])) {
        throw new IllegalArgumentException("knots must be strictly increasing, got knots[" + i + "] = " + knots[i]
            + " after " + knots[i - 1]);
      }
      if (!(values[i] >= 0 && values[i] <= 1)) {
        throw new IllegalArgumentException("values[" + i + "] must be in [0, 1], got " + values[i]);
      }
      if (i > 0 && values[i] < values[i - 1]) {
        throw new IllegalArgumentException("values must be non-decreasing, got values[" + i + "] = " + values[i]
            + " after " + values[i - 1]);
      }
    }
  }

  /** The knots (a copy). */
  @Override
  public double[] knots() {
    return knots.clone();
  }

  /** The values at the knots (a copy). */
  @Override
  public double[] values() {
    return values.clone();
  }

  @Override
  public double apply(double score) {
    if (Double.isNaN(score)) {
      return Double.NaN;
    }
    if (score <= knots[0]) {
      return values[0];
    }
    int last = knots.length - 1;
    if (score >= knots[last]) {
      return values[last];
    }
    int i = Arrays.binarySearch(knots, score);
    if (i >= 0) {
      return values[i];
    }
    int hi = -i - 1; // knots[hi - 1] < score < knots[hi]
    int lo = hi - 1;
    double t = (score - knots[lo]) / (knots[hi] - knots[lo]);
    return values[lo] + t * (values[hi] - values[lo]);
  }

  /**
   * The isotonic map of {@code scores} to {@code correct}.
   *
   * @param scores  raw scores, finite
   * @param correct whether each scored item was correct, same length, not empty
   */
  public static IsotonicCalibration fit(double[] scores, boolean[] correct) {
    Inputs.scoresAndLabels("scores", scores, "correct", correct);
    int n = scores.length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (x, y) -> Double.compare(scores[x], scores[y]));
    // blocks as a stack: [lowest score, highest score, positives, count]
    double[] lowScore = new double[n];
    double[] highScore = new double[n];
    double[] positives = new double[n];
    double[] counts = new double[n];
    int blocks = 0;
    int k = 0;
    while (k < n) {
      // equal scores enter as one block, so they share one value
      double s = scores[order[k]];
      double pos = 0;
      int count = 0;
      while (k < n && scores[order[k]] == s) {
        pos += correct[order[k]] ? 1 : 0;
        count++;
        k++;
      }
      lowScore[blocks] = s;
      highScore[blocks] = s;
      positives[blocks] = pos;
      counts[blocks] = count;
      blocks++;
      // pool while the previous block's mean exceeds this one's (compare cross-multiplied: exact)
      while (blocks > 1 && positives[blocks - 2] * counts[blocks - 1] > positives[blocks - 1] * counts[blocks - 2]) {
        positives[blocks - 2] += positives[blocks - 1];
        counts[blocks - 2] += counts[blocks - 1];
        highScore[blocks - 2] = highScore[blocks - 1];
        blocks--;
      }
    }
    double[] knots = new double[2 * blocks];
    double[] values = new double[2 * blocks];
    int m = 0;
    for (int b = 0; b < blocks; b++) {
      double v = positives[b] / counts[b];
      knots[m] = lowScore[b];
      values[m++] = v;
      if (highScore[b] > lowScore[b]) {
        knots[m] = highScore[b];
        values[m++] = v;
      }
    }
    return new IsotonicCalibration(Arrays.copyOf(knots, m), Arrays.copyOf(values, m));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IsotonicCalibration other && Arrays.equals(knots, other.knots)
        && Arrays.equals(values, other.values);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(knots) + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "IsotonicCalibration[knots=" + Arrays.toString(knots) + ", values=" + Arrays.toString(values) + "]";
  }
}
