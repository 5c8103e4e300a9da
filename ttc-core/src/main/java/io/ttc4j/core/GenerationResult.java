package io.ttc4j.core;

import java.util.List;
import java.util.Objects;

/**
 * The answer of one generator call.
 *
 * @param continuations the {@code n} continuations, in the order of their index
 * @param usage         what the call cost as the server reported it (generations, prompt tokens
 *                      including cached ones, completion tokens); cost and PRM calls are 0 here,
 *                      the meter prices the call
 */
public record GenerationResult(List<Continuation> continuations, Usage usage) {

  /** Validates and copies. */
  public GenerationResult {
    continuations = List.copyOf(continuations);
    Objects.requireNonNull(usage, "usage");
  }
}
