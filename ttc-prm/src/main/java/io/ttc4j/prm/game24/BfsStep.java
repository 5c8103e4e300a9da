package io.ttc4j.prm.game24;

import java.util.List;
import java.util.Objects;

/**
 * One depth of a logged Tree of Thoughts breadth-first search: the states kept from the previous
 * depth, the states proposed from them, the value the model gave each proposal and the states kept.
 *
 * @param step     the depth, from 0
 * @param x        the puzzle as the search saw it ({@code "4 5 6 10"})
 * @param ys       the states expanded at this depth ({@code [""]} at depth 0)
 * @param newYs    every proposed state ({@code new_ys})
 * @param values   the value of each proposed state, in {@code newYs} order (sum of the value
 *                 prompt's verdicts, e.g. 20 for "sure", 1 for "likely", 0.001 for "impossible"; a
 *                 proposal repeated within the depth gets 0)
 * @param selected the kept states ({@code select_new_ys}), highest value first
 */
public record BfsStep(int step, String x, List<String> ys, List<String> newYs, List<Double> values, List<String> selected) {

  /** Validates and copies: one value per proposed state. */
  public BfsStep {
    Objects.requireNonNull(x, "x");
    ys = List.copyOf(ys);
    newYs = List.copyOf(newYs);
    values = List.copyOf(values);
    selected = List.copyOf(selected);
    if (values.size() != newYs.size()) {
      throw new IllegalArgumentException("values must hold one value per proposed state (" + newYs.size()
          + "), got " + values.size());
    }
  }
}
