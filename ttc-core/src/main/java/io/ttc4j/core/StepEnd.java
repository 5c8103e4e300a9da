package io.ttc4j.core;

/** How a generated step ended. */
public enum StepEnd {
  /** The generator stopped at a step boundary; the solution goes on. */
  STEP_BOUNDARY,
  /** The solution is complete (end of sequence). */
  END_OF_SOLUTION,
  /** The generation hit its token limit; the solution is cut and will not go on. */
  LENGTH;

  /** Whether a trajectory ending in a step with this end is finished (no further steps). */
  public boolean isTerminal() {
    return this != STEP_BOUNDARY;
  }
}
