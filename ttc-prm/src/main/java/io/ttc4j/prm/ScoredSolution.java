package io.ttc4j.prm;

import java.util.Arrays;
import java.util.Objects;

/**
 * A labelled solution with one reward-model score per step: what PRM quality metrics are computed
 * from, and one line of a {@link ScoreFile}.
 *
 * @param solution   the solution and its labels
 * @param stepScores one finite score per step (copied; the accessor returns a copy)
 */
public record ScoredSolution(LabelledSolution solution, double[] stepScores) {

  /** Validates and copies. */
  public ScoredSolution {
    Objects.requireNonNull(solution, "solution");
    Objects.requireNonNull(stepScores, "stepScores");
    if (stepScores.length != solution.steps().size()) {
      throw new IllegalArgumentException("stepScores of solution '" + solution.id() + "' must have one score per step ("
          + solution.steps().size() + "), got " + stepScores.length);
    }
    stepScores = stepScores.clone();
    for (int i = 0; i < stepScores.length; i++) {
      if (!Double.isFinite(stepScores[i])) {
        throw new IllegalArgumentException("stepScores[" + i + "] of solution '" + solution.id()
            + "' must be finite, got " + stepScores[i]);
      }
    }
  }

  /** The step scores (a copy). */
  @Override
  public double[] stepScores() {
    return stepScores.clone();
  }

  /** The score of step {@code index}. */
  public double stepScore(int index) {
    return stepScores[index];
  }

  /** The number of steps. */
  public int length() {
    return stepScores.length;
  }

  /** The solution's score under {@code aggregation}. */
  public double aggregate(StepAggregation aggregation) {
    return aggregation.aggregate(stepScores);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ScoredSolution other && solution.equals(other.solution)
        && Arrays.equals(stepScores, other.stepScores);
  }

  @Override
  public int hashCode() {
    return 31 * solution.hashCode() + Arrays.hashCode(stepScores);
  }

  @Override
  public String toString() {
    return "ScoredSolution[id=" + solution.id() + ", stepScores=" + Arrays.toString(stepScores) + "]";
  }
}
