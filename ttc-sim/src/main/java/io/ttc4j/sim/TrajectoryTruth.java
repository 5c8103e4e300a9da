package io.ttc4j.sim;

/**
 * The ground truth of a simulated trajectory, recovered from the trajectory itself by
 * {@link Simulator#truth}: whether it is still on a correct path, where it went wrong, and which
 * answer it states or is heading to.
 *
 * @param correct         whether no step has made an error: the trajectory heads to the reference
 * @param firstErrorStep  index of the first wrong step, or -1 when there is none
 * @param intendedAnswer  the answer the trajectory states (when complete) or is heading to: the
 *                        reference when correct, else its wrong answer; the reference for the
 *                        empty trajectory
 * @param wrongAnswerRank the rank of its wrong answer among the problem's wrong answers (0 is the
 *                        most frequent), or -1 when correct
 * @param plannedSteps    the number of steps the solution is planned to have, 0 for the empty
 *                        trajectory
 * @param prmDeceived     whether the simulated reward model systematically scores this wrong
 *                        path as right: its answer is a deceptive one, or its first error is in the
 *                        reward model's blind spot (always false when correct)
 */
public record TrajectoryTruth(
    boolean correct,
    int firstErrorStep,
    String intendedAnswer,
    int wrongAnswerRank,
    int plannedSteps,
    boolean prmDeceived) {

  /** Whether step {@code index} (0-based) is a correct step: it comes before the first error. */
  public boolean isStepCorrect(int index) {
    if (index < 0) {
      throw new IllegalArgumentException("index must be >= 0, got " + index);
    }
    return firstErrorStep < 0 || index < firstErrorStep;
  }
}
