package io.ttc4j.prm.game24;

import java.util.List;
import java.util.Objects;

/**
 * One Tree of Thoughts log file, read by {@link ToTLogs}: how the outputs were produced and what was
 * logged for each puzzle, in file order.
 *
 * @param source  the file or classpath resource it was read from
 * @param method  how the outputs were produced
 * @param puzzles one entry per puzzle, in file order (the order the run solved them), at least one
 */
public record ToTLog(String source, Method method, List<LoggedPuzzle> puzzles) {

  /** How a log's outputs were produced. */
  public enum Method {
    /** Input-output prompting: n independent answers sampled per puzzle ({@code naive_standard}). */
    IO,
    /** Chain-of-thought prompting: n independent worked solutions per puzzle ({@code naive_cot}). */
    COT,
    /** Tree of Thoughts breadth-first search (propose, value, keep the best b states per depth). */
    BFS
  }

  /** Validates and copies. */
  public ToTLog {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(method, "method");
    puzzles = List.copyOf(puzzles);
    if (puzzles.isEmpty()) {
      throw new IllegalArgumentException("puzzles must not be empty (" + source + ")");
    }
  }
}
