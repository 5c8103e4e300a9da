package io.ttc4j.prm;

/**
 * First-error detection at one threshold, as ProcessBench scores it: for each solution, the predicted
 * first error is the first step whose score is below the threshold (or none when no step is); the
 * prediction is right on an erroneous solution when it names exactly the labelled first error, and on
 * an error-free solution when it names none. F1 is the harmonic mean of the two accuracies.
 *
 * @param threshold          steps scoring strictly below it are flagged; {@code NaN} when no
 *                           threshold could be chosen
 * @param erroneousAccuracy  the fraction of erroneous solutions whose first error was found exactly,
 *                           {@code NaN} when there are none
 * @param correctAccuracy    the fraction of error-free solutions with no step flagged, {@code NaN}
 *                           when there are none
 * @param f1                 {@code 2 a c / (a + c)} of the two accuracies (0 when both are 0),
 *                           {@code NaN} when either is
 * @param erroneous          solutions with a labelled first error
 * @param correct            solutions without one
 */
public record FirstErrorF1(double threshold, double erroneousAccuracy, double correctAccuracy, double f1,
    int erroneous, int correct) {

  /** Validates the counts. */
  public FirstErrorF1 {
    if (erroneous < 0) {
      throw new IllegalArgumentException("erroneous must be >= 0, got " + erroneous);
    }
    if (correct < 0) {
      throw new IllegalArgumentException("correct must be >= 0, got " + correct);
    }
  }

  /** The harmonic mean of two accuracies: 0 when both are 0, {@code NaN} when either is. */
  static double harmonicMean(double a, double c) {
    if (Double.isNaN(a) || Double.isNaN(c)) {
      return Double.NaN;
    }
    return a + c == 0 ? 0 : 2 * a * c / (a + c);
  }
}
