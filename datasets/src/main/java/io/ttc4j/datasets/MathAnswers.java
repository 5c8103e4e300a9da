package io.ttc4j.datasets;

import io.ttc4j.core.AnswerEquivalence;
import io.ttc4j.core.AnswerExtractor;
import io.ttc4j.datasets.internal.AnswerNormalizer;
import io.ttc4j.datasets.internal.BoxedAnswers;
import java.util.Objects;
import java.util.Optional;

/**
 * Final answers of math solutions: extraction from {@code \boxed{}} and a first, conservative
 * normaliser that makes equal answers written differently compare equal.
 *
 * <p>The normaliser is a string rewrite, not a grader: {@code 1/2} and {@code 0.5} keep different
 * keys, and so do {@code 2\sqrt{2}} and {@code \sqrt{8}}. A symbolic grader can be plugged in
 * through {@link AnswerEquivalence} later without changing callers.
 */
public final class MathAnswers {

  private static final AnswerExtractor EXTRACTOR = new AnswerExtractor() {
    @Override
    public Optional<String> extract(String solutionText) {
      Objects.requireNonNull(solutionText, "solutionText");
      return BoxedAnswers.lastBoxed(solutionText);
    }

    @Override
    public String toString() {
      return "last-boxed";
    }
  };

  private static final AnswerEquivalence EQUIVALENCE = new AnswerEquivalence() {
    @Override
    public String key(String answer) {
      return normalize(answer);
    }

    @Override
    public String toString() {
      return "math-normalized";
    }
  };

  private MathAnswers() {}

  /**
   * Extracts the content of the <em>last</em> {@code \boxed{...}} or {@code \fbox{...}} of a
   * solution, with nested braces matched ({@code \boxed{\frac{1}{2}}} gives {@code \frac{1}{2}})
   * and escaped braces {@code \{ \}} taken literally; {@code \boxed 5} without braces gives
   * {@code 5}. The answer is empty when the solution has no box, when its last box is never closed
   * (a solution cut at its length limit) or when the box is blank. The content is returned as
   * written, only trimmed; normalise it with {@link #normalize(String)}.
   */
  public static AnswerExtractor extractor() {
    return EXTRACTOR;
  }

  /**
   * The canonical key of a math answer. Rules, applied until nothing changes:
   * <ul>
   *   <li>white space removed (a command followed by a letter keeps one space: {@code \pi r});</li>
   *   <li>{@code \left}, {@code \right}, {@code \big} and kin, {@code \displaystyle} removed;
   *       {@code \dfrac}, {@code \tfrac}, {@code \cfrac} become {@code \frac};</li>
   *   <li>{@code \frac12} becomes {@code \frac{1}{2}}, {@code \sqrt2} becomes {@code \sqrt{2}}, and
   *       a whole answer {@code a/b} of two integers becomes {@code \frac{a}{b}};</li>
   *   <li>a unit written as text at the very end after a number is dropped
   *       ({@code 5.4 \text{ cents}}, {@code 864 \mbox{ inches}^2}); other {@code \text{...}},
   *       {@code \mbox{...}}, {@code \textbf{...}}, {@code \mathrm{...}} are unwrapped;</li>
   *   <li>dollar signs ({@code $}, {@code \$}), percent signs ({@code %}, {@code \%}), degrees
   *       ({@code ^\circ}, {@code ^{\circ}}, {@code °}) and the spacing commands {@code \, \! \; \:}
   *       removed;</li>
   *   <li>a leading one-letter assignment {@code x=} before a single value removed
   *       ({@code y = 2x + 3} becomes {@code 2x+3}; {@code x=1,y=2} is kept);</li>
   *   <li>in a whole-answer number: thousands separators removed when every group after the first
   *       has three digits ({@code 1,000}, {@code 10,\!080}; {@code 1,2} stays a tuple), a leading
   *       {@code +} and leading zeros removed, {@code .5} becomes {@code 0.5}, {@code 5.} becomes
   *       {@code 5};</li>
   *   <li>in every decimal number: trailing zeros removed ({@code 2.50} → {@code 2.5},
   *       {@code 27.0} → {@code 27}).</li>
   * </ul>
   * Idempotent: {@code normalize(normalize(a)).equals(normalize(a))}.
   *
   * @throws NullPointerException when {@code answer} is null
   */
  public static String normalize(String answer) {
    return AnswerNormalizer.normalize(answer);
  }

  /**
   * Answers are equivalent when their {@linkplain #normalize(String) normalised} keys are equal.
   * Reflexive, symmetric and transitive.
   */
  public static AnswerEquivalence equivalence() {
    return EQUIVALENCE;
  }
}
