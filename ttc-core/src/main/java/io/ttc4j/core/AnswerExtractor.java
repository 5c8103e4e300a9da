package io.ttc4j.core;

import java.util.Optional;

/** Turns a solution text into its final answer (for math: the content of the last {@code \boxed{}}). */
@FunctionalInterface
public interface AnswerExtractor {

  /** The final answer of {@code solutionText}, or empty when it states none. */
  Optional<String> extract(String solutionText);
}
