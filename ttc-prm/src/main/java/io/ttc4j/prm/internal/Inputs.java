package io.ttc4j.prm.internal;

import java.util.Objects;

/** Argument checks shared by calibration and metrics, with messages naming argument, index and value. */
public final class Inputs {

  private Inputs() {}

  /** Equal, non-zero lengths and finite scores. */
  public static void scoresAndLabels(String scoresName, double[] scores, String labelsName, boolean[] labels) {
    Objects.requireNonNull(scores, scoresName);
    Objects.requireNonNull(labels, labelsName);
    if (scores.length != labels.length) {
      throw new IllegalArgumentException(scoresName + " and " + labelsName + " must have the same length, got "
          + scores.length + " and " + labels.length);
    }
    if (scores.length == 0) {
      throw new IllegalArgumentException(scoresName + " must not be empty");
    }
    finite(scoresName, scores);
  }

  /** Every value finite. */
  public static void finite(String name, double[] values) {
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        throw new IllegalArgumentException(name + "[" + i + "] must be finite, got " + values[i]);
      }
    }
  }
}
