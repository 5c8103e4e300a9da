package io.ttc4j.core;

import java.util.Objects;

/**
 * A finished solution a search considered, with what is known of it.
 *
 * @param index      position in generation order (0 is the first sample); ties go to the lowest
 * @param trajectory the solution's steps
 * @param answer     the extracted final answer, or {@code null} when the solution states none
 * @param stepScores reward-model scores per step, or {@code null} when not scored
 * @param score      the aggregated score, or {@code NaN} when not scored
 */
public record Candidate(int index, Trajectory trajectory, String answer, double[] stepScores, double score) {

  /** Validates. */
  public Candidate {
    if (index < 0) {
      throw new IllegalArgumentException("index must be >= 0, got " + index);
    }
    Objects.requireNonNull(trajectory, "trajectory");
    if (Double.isInfinite(score)) {
      throw new IllegalArgumentException("score must be finite or NaN, got " + score);
    }
  }

  /** Whether a reward model scored this candidate. */
  public boolean isScored() {
    return !Double.isNaN(score);
  }

  /** Whether an answer was extracted. */
  public boolean hasAnswer() {
    return answer != null;
  }
}
