package io.ttc4j.core;

import java.util.Objects;

/**
 * One reasoning step as produced by a generator.
 *
 * @param text          the step text, without the step separator
 * @param tokens        completion tokens the step cost, at least 0
 * @param logProbability sum of the token log-probabilities (natural log), or {@code NaN} when the
 *                      generator does not report them
 * @param end           how the step ended
 */
public record Step(String text, int tokens, double logProbability, StepEnd end) {

  /** Validates. */
  public Step {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(end, "end");
    if (tokens < 0) {
      throw new IllegalArgumentException("tokens must be >= 0, got " + tokens);
    }
    if (logProbability > 0) {
      throw new IllegalArgumentException("logProbability must be <= 0 or NaN, got " + logProbability);
    }
  }

  /** A step without log-probabilities. */
  public static Step of(String text, int tokens, StepEnd end) {
    return new Step(text, tokens, Double.NaN, end);
  }

  /** Whether the generator reported a log-probability for this step. */
  public boolean hasLogProbability() {
    return !Double.isNaN(logProbability);
  }
}
