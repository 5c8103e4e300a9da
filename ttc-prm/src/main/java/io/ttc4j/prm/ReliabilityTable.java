package io.ttc4j.prm;

import io.ttc4j.prm.internal.Inputs;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A reliability table: predicted probabilities grouped into equal-width bins over [0, 1], with the
 * mean prediction and the observed frequency of correct items in each bin. A calibrated predictor
 * has the two equal in every bin; {@link #expectedCalibrationError()} sums the gaps weighted by bin
 * size.
 *
 * <p>Bin {@code k} of {@code m} holds predictions in {@code [k/m, (k+1)/m)}; the last bin also holds
 * 1.0. Empty bins are listed with count 0 and {@code NaN} means.
 *
 * @param bins the bins, in increasing order of probability
 */
public record ReliabilityTable(List<Bin> bins) {

  /**
   * One bin of predictions.
   *
   * @param lower              the lowest prediction the bin holds
   * @param upper              the bin's upper edge (exclusive, except 1.0 for the last bin)
   * @param count              predictions in the bin
   * @param meanPredicted      their mean, {@code NaN} when empty
   * @param observedFrequency  the fraction of them that were correct, {@code NaN} when empty
   */
  public record Bin(double lower, double upper, int count, double meanPredicted, double observedFrequency) {

    /** Validates. */
    public Bin {
      if (count < 0) {
        throw new IllegalArgumentException("count must be >= 0, got " + count);
      }
    }

    /** |mean predicted − observed frequency|, {@code NaN} when empty. */
    public double gap() {
      return Math.abs(meanPredicted - observedFrequency);
    }
  }

  /** Validates and copies. */
  public ReliabilityTable {
    bins = List.copyOf(Objects.requireNonNull(bins, "bins"));
    if (bins.isEmpty()) {
      throw new IllegalArgumentException("bins must not be empty");
    }
  }

  /**
   * The table of {@code predicted} probabilities against {@code correct} outcomes.
   *
   * @param predicted probabilities in [0, 1]
   * @param correct   whether each item was correct, same length, not empty
   * @param bins      the number of equal-width bins, at least 1 (10 and 15 are usual)
   */
  public static ReliabilityTable of(double[] predicted, boolean[] correct, int bins) {
    Inputs.scoresAndLabels("predicted", predicted, "correct", correct);
    if (bins < 1) {
      throw new IllegalArgumentException("bins must be >= 1, got " + bins);
    }
    int[] counts = new int[bins];
    double[] sums = new double[bins];
    int[] positives = new int[bins];
    for (int i = 0; i < predicted.length; i++) {
      double p = predicted[i];
      if (p < 0 || p > 1) {
        throw new IllegalArgumentException("predicted[" + i + "] must be a probability in [0, 1], got " + p);
      }
      int b = Math.min(bins - 1, (int) (p * bins));
      counts[b]++;
      sums[b] += p;
      positives[b] += correct[i] ? 1 : 0;
    }
    List<Bin> out = new ArrayList<>(bins);
    for (int b = 0; b < bins; b++) {
      double mean = counts[b] == 0 ? Double.NaN : sums[b] / counts[b];
      double freq = counts[b] == 0 ? Double.NaN : (double) positives[b] / counts[b];
      out.add(new Bin((double) b / bins, (double) (b + 1) / bins, counts[b], mean, freq));
    }
    return new ReliabilityTable(out);
  }

  /** Predictions in all bins. */
  public long total() {
    long n = 0;
    for (Bin b : bins) {
      n += b.count();
    }
    return n;
  }

  /**
   * The expected calibration error: the mean over predictions of the gap of their bin,
   * {@code sum(count_b * |meanPredicted_b - observedFrequency_b|) / total}, in [0, 1].
   */
  public double expectedCalibrationError() {
    long total = total();
    double sum = 0;
    for (Bin b : bins) {
      if (b.count() > 0) {
        sum += b.count() * b.gap();
      }
    }
    return total == 0 ? Double.NaN : sum / total;
  }

  /** The largest gap over non-empty bins (the maximum calibration error). */
  public double maximumCalibrationError() {
    double max = Double.NaN;
    for (Bin b : bins) {
      if (b.count() > 0) {
        max = Double.isNaN(max) ? b.gap() : Math.max(max, b.gap());
      }
    }
    return max;
  }
}
