package io.ttc4j.prm.game24;

import java.util.List;
import java.util.Objects;

/**
 * What a Tree of Thoughts log holds for one puzzle.
 *
 * @param idx        the puzzle's 0-based row in {@code 24.csv} (the logs cover 900 to 999)
 * @param outputs    the outputs with their logged judgements: the 100 samples of an IO or CoT run, or
 *                   the final states of a ToT search (highest value first), at least one
 * @param usageSoFar the cumulative usage logged after this puzzle
 * @param steps      the search's depths (ToT only; empty for IO and CoT)
 */
public record LoggedPuzzle(int idx, List<LoggedSample> outputs, LoggedUsage usageSoFar, List<BfsStep> steps) {

  /** Validates and copies. */
  public LoggedPuzzle {
    if (idx < 0) {
      throw new IllegalArgumentException("idx must be >= 0, got " + idx);
    }
    outputs = List.copyOf(outputs);
    if (outputs.isEmpty()) {
      throw new IllegalArgumentException("outputs must not be empty (puzzle " + idx + ")");
    }
    Objects.requireNonNull(usageSoFar, "usageSoFar");
    steps = List.copyOf(steps);
  }
}
