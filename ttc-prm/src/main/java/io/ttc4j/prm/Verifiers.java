package io.ttc4j.prm;

import io.ttc4j.core.AnswerEquivalence;
import io.ttc4j.core.AnswerExtractor;
import io.ttc4j.core.Problem;
import io.ttc4j.prm.internal.CodeBlocks;
import io.ttc4j.prm.internal.Game24;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Ready-made {@link Verifier}s, and the answer extractors that go with them: the Game of 24 checker's,
 * and {@link #lastCodeBlock} for code judged by a {@link TestRunVerifier}.
 */
public final class Verifiers {

  private Verifiers() {}

  /**
   * Compares the answer with the problem's reference answer under {@code equivalence}.
   * {@link Verifier#verify} throws {@link IllegalArgumentException} for a problem without a
   * reference answer.
   */
  public static Verifier reference(AnswerEquivalence equivalence) {
    Objects.requireNonNull(equivalence, "equivalence");
    return new Verifier() {
      @Override
      public boolean verify(Problem problem, String answer) {
        Objects.requireNonNull(answer, "answer");
        if (!problem.hasReference()) {
          throw new IllegalArgumentException("problem '" + problem.id() + "' has no reference answer to verify against");
        }
        return equivalence.equivalent(answer, problem.reference());
      }

      @Override
      public String name() {
        return "reference(" + equivalence + ")";
      }
    };
  }

  /**
   * The Game of 24 checker. The problem's prompt is the four numbers, separated by spaces or commas
   * ({@code "4 4 6 8"}, as in Tree of Thoughts' {@code 24.csv}). The answer is an arithmetic
   * expression over non-negative integer literals with {@code + - * /} and parentheses, optionally
   * preceded by {@code "Answer:"} and followed by {@code "= ..."}; it is right when its literals are
   * exactly the four numbers (as a multiset: each used once) and its value is exactly 24 in rational
   * arithmetic (so {@code 8 / (3 - 8 / 3)} is right). Anything after the first {@code =} is the
   * solver's claim about the value and is not checked. Signs ({@code -4}), decimals, powers and
   * other symbols make an answer wrong, as does division by zero.
   *
   * <p>{@link Verifier#verify} throws {@link IllegalArgumentException} when the prompt is not four
   * integers.
   */
  public static Verifier game24() {
    return new Verifier() {
      @Override
      public boolean verify(Problem problem, String answer) {
        Objects.requireNonNull(answer, "answer");
        return Game24.solves(Game24.numbers(problem.id(), problem.prompt()), answer);
      }

      @Override
      public String name() {
        return "game24";
      }
    };
  }

  /**
   * The answer of a Game of 24 solution as Tree of Thoughts reads it: the last line of the text,
   * trimmed, without a leading {@code "Answer:"} (any case); empty when that line is blank.
   */
  public static AnswerExtractor game24Answers() {
    return text -> {
      String answer = Game24.lastLineAnswer(text);
      return answer.isEmpty() ? Optional.empty() : Optional.of(answer);
    };
  }
  /**
   * The program of a code solution: the content of the last fenced code block ({@code ```python}
   * &hellip; {@code ```}, or with {@code ~~~}) whose language tag is one of {@code languages}
   * (case-insensitive), or of any block, tagged or not, when none is given. For example
   * {@code lastCodeBlock("python", "py")}.
   *
   * <p>Blank blocks are skipped, and a block still open at the end of the text is ignored (a
   * solution cut by the length limit has no finished program); the answer is empty when no block
   * qualifies. The content is the lines between the fences, each ending in a newline. A block may
   * span several steps: {@link io.ttc4j.core.Trajectory#text()} joins steps with a blank line.
   *
   * @throws IllegalArgumentException when a language is blank or holds white space or a backtick
   */
  public static AnswerExtractor lastCodeBlock(String... languages) {
    Objects.requireNonNull(languages, "languages");
    Set<String> tags = new LinkedHashSet<>();
    for (int i = 0; i < languages.length; i++) {
      String l = Objects.requireNonNull(languages[i], "languages[" + i + "]");
      if (l.isBlank() || !l.strip().equals(l) || l.chars().anyMatch(c -> Character.isWhitespace(c) || c == '`')) {
        throw new IllegalArgumentException("languages[" + i + "] must be a language tag such as 'python', got '" + l + "'");
      }
      tags.add(l.toLowerCase(Locale.ROOT));
    }
    Set<String> wanted = Set.copyOf(tags);
    return text -> CodeBlocks.last(text, wanted);
  }
}
