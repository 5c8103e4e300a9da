package io.ttc4j.core;

/** Whether a generator call produces one more step or the rest of the solution. */
public enum GenerationMode {
  /** Generate one step and stop at the step boundary (step-level search). */
  ONE_STEP,
  /** Generate to the end of the solution (best-of-N, self-consistency). */
  TO_END
}
