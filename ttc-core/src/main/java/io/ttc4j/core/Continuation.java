package io.ttc4j.core;

import java.util.List;

/**
 * One sampled continuation of a prefix: a single step for {@link GenerationMode#ONE_STEP}, or the
 * steps to the end of the solution for {@link GenerationMode#TO_END}.
 *
 * @param steps the new steps, at least one
 */
public record Continuation(List<Step> steps) {

  /** Validates and copies. */
  public Continuation {
    steps = List.copyOf(steps);
    if (steps.isEmpty()) {
      throw new IllegalArgumentException("a continuation needs at least one step, got 0");
    }
  }

  /** Completion tokens of all steps. */
  public long tokens() {
    long sum = 0;
    for (Step s : steps) {
      sum += s.tokens();
    }
    return sum;
  }
}
