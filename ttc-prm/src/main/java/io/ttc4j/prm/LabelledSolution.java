package io.ttc4j.prm;

import io.ttc4j.core.Problem;
import io.ttc4j.core.Step;
import io.ttc4j.core.StepEnd;
import io.ttc4j.core.Trajectory;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A step-by-step solution with its human labels: the index of its first erroneous step (the
 * ProcessBench and BIG-Bench-Mistake annotation) and whether its final answer is correct.
 *
 * <p>Only the first error is labelled: the steps before it are correct, the step at it is wrong, and
 * the steps after it are unlabelled (they build on a mistake, and annotators stop there).
 *
 * @param id         identifier, unique within its data set, not blank
 * @param question   the problem the solution answers (may be empty when a scorer does not need it)
 * @param steps      the step texts, in order, at least one
 * @param firstError the 0-based index of the first erroneous step, or {@link #NO_ERROR}
 * @param correct    whether the final answer is correct (a solution can reach the right answer
 *                   through a wrong step, and a flawless one can still be graded wrong)
 */
public record LabelledSolution(String id, String question, List<String> steps, int firstError, boolean correct) {

  /** The {@link #firstError()} of a solution without a mistake. */
  public static final int NO_ERROR = -1;

  /** Validates and copies. */
  public LabelledSolution {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(question, "question");
    Objects.requireNonNull(steps, "steps");
    if (id.isBlank()) {
      throw new IllegalArgumentException("id must not be blank, got '" + id + "'");
    }
    for (int i = 0; i < steps.size(); i++) {
      if (steps.get(i) == null) {
        throw new NullPointerException("steps[" + i + "] of solution '" + id + "'");
      }
    }
    steps = List.copyOf(steps);
    if (steps.isEmpty()) {
      throw new IllegalArgumentException("steps of solution '" + id + "' must not be empty");
    }
    if (firstError < NO_ERROR || firstError >= steps.size()) {
      throw new IllegalArgumentException("firstError of solution '" + id + "' must be -1 (no error) or a step index in [0, "
          + (steps.size() - 1) + "], got " + firstError);
    }
  }

  /** Whether a step is labelled wrong. */
  public boolean hasError() {
    return firstError != NO_ERROR;
  }

  /** The question as a problem with this solution's id (for reward models). */
  public Problem problem() {
    return Problem.of(id, question);
  }

  /**
   * The steps as a finished trajectory (for reward models): every step ends at a step boundary but
   * the last, which ends the solution; token counts are 0 (unknown).
   */
  public Trajectory trajectory() {
    List<Step> out = new ArrayList<>(steps.size());
    for (int i = 0; i < steps.size(); i++) {
      out.add(Step.of(steps.get(i), 0, i == steps.size() - 1 ? StepEnd.END_OF_SOLUTION : StepEnd.STEP_BOUNDARY));
    }
    return Trajectory.of(out);
  }
}
