package io.ttc4j.prm;

import java.util.Locale;
import java.util.Objects;

/**
 * PRM quality on one labelled data set: how well step scores separate correct from erroneous steps,
 * how well aggregated scores separate correct from wrong solutions, and how well a threshold finds
 * the first error.
 *
 * @param solutions          solutions evaluated
 * @param erroneousSolutions those with a labelled first error
 * @param labelledSteps      steps with a label (those up to and including the first error; steps
 *                           after it are unlabelled and left out of the step AUC)
 * @param stepAuc            step-level ROC AUC: correct steps (positive) against first-error steps
 * @param aggregation        how step scores were reduced for {@code outcomeAuc}
 * @param outcomeAuc         solution-level ROC AUC of the aggregated score against final-answer
 *                           correctness
 * @param atThreshold        first-error detection at the given threshold
 * @param best               first-error detection at the threshold that maximises F1 on this very
 *                           data (an optimistic, oracle choice: report it as such)
 */
public record PrmEvaluation(int solutions, int erroneousSolutions, int labelledSteps, double stepAuc,
    StepAggregation aggregation, double outcomeAuc, FirstErrorF1 atThreshold, FirstErrorF1 best) {

  /** Validates. */
  public PrmEvaluation {
    Objects.requireNonNull(aggregation, "aggregation");
    Objects.requireNonNull(atThreshold, "atThreshold");
    Objects.requireNonNull(best, "best");
  }

  /** A few lines for a terminal or a report. */
  public String summary() {
    return String.format(Locale.ROOT,
        "solutions %d (%d with an error), labelled steps %d%n"
            + "step AUC %.4f, outcome AUC (%s) %.4f%n"
            + "first-error F1 at threshold %.4g: %.4f (erroneous acc %.4f, correct acc %.4f)%n"
            + "first-error F1 at best threshold %.4g: %.4f (erroneous acc %.4f, correct acc %.4f)",
        solutions, erroneousSolutions, labelledSteps, stepAuc, aggregation.label(), outcomeAuc,
        atThreshold.threshold(), atThreshold.f1(), atThreshold.erroneousAccuracy(), atThreshold.correctAccuracy(),
        best.threshold(), best.f1(), best.erroneousAccuracy(), best.correctAccuracy());
  }
}
