package io.ttc4j.datasets;

import io.ttc4j.core.AnswerEquivalence;
import io.ttc4j.core.AnswerExtractor;
import io.ttc4j.datasets.internal.AnswerNormalizer;
import io.ttc4j.datasets.internal.BoxedAnswers;
import io.ttc4j.datasets.internal.MathGrader;
import java.util.Objects;
import java.util.Optional;

/**
 * Final answers of math solutions: extraction from {@code \boxed{}}, a canonical key for grouping
 * votes, and a grader that decides whether two answers are the same answer.
 *
 * <p>The grader ({@link #equivalence()}) accepts what the field's Python graders accept (Qwen2.5-Math's
 * {@code math_equal}, the Hendrycks MATH and PRM800K normalisers) and compares by value:
 * {@code 0.5} is {@code \frac12}, {@code 2\sqrt{3}} is {@code \sqrt{12}}, {@code (1,2]} is not
 * {@code (1,2)}, {@code x=1, x=2} is {@code 2, 1}. The key ({@code equivalence().key}) stays a cheap
 * string rewrite: equal keys are always equivalent, and the grader goes further.
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
    public boolean equivalent(String a, String b) {
      return MathGrader.equivalent(a, b);
    }

    @Override
    public String toString() {
      return "math";
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
   *   <li>an answer that still holds a box is the content of its last {@code \boxed{}} or
   *       {@code \fbox{}};</li>
   *   <li>white space removed (a command followed by a letter keeps one space: {@code \pi r});</li>
   *   <li>{@code \left}, {@code \right}, {@code \big} and kin, {@code \displaystyle}, {@code \quad}
   *       removed; {@code \dfrac}, {@code \tfrac}, {@code \cfrac} become {@code \frac};
   *       {@code \leq}, {@code \geq}, {@code \neq}, {@code \lbrace}, {@code \varnothing},
   *       {@code \dbinom} and the Unicode signs {@code ±}, {@code ∞}, {@code π}, {@code √},
   *       {@code ×}, {@code ≤}, {@code −} ... get one spelling each;</li>
   *   <li>{@code bmatrix}, {@code matrix}, {@code smallmatrix} and {@code array} environments become
   *       {@code pmatrix};</li>
   *   <li>{@code \frac12} becomes {@code \frac{1}{2}}, {@code \sqrt2} becomes {@code \sqrt{2}} (at
   *       any depth), a whole answer {@code a/b} of two integers becomes {@code \frac{a}{b}}, and a
   *       one-character script loses its braces ({@code x^{2}} is {@code x^2});</li>
   *   <li>a unit after a number is dropped, written as text ({@code 5.4 \text{ cents}},
   *       {@code 864 \mbox{ inches}^2}) or bare ({@code 5 cm}, {@code 12 square feet}); other
   *       {@code \text{...}}, {@code \mbox{...}}, {@code \textbf{...}}, {@code \mathrm{...}} are
   *       unwrapped; "or" and "and" between values become commas ({@code 1 \text{ or } 2} is
   *       {@code 1,2});</li>
   *   <li>dollar signs ({@code $}, {@code \$}), percent signs ({@code %}, {@code \%}), degrees
   *       ({@code ^\circ}, {@code ^{\circ}}, {@code °}), the spacing commands {@code \, \! \; \:}
   *       and a full stop after the answer removed;</li>
   *   <li>a leading one-letter assignment {@code x=} before a single value removed
   *       ({@code y = 2x + 3} becomes {@code 2x+3}; {@code x=1,y=2} is kept);</li>
   *   <li>in a whole-answer number: thousands separators removed when every group after the first
   *       has three digits ({@code 1,000}, {@code 10,\!080}; {@code 1,2} stays a list), a leading
   *       {@code +} and leading zeros removed, {@code .5} becomes {@code 0.5}, {@code 5.} becomes
   *       {@code 5};</li>
   *   <li>in every decimal number: trailing zeros removed ({@code 2.50} → {@code 2.5},
   *       {@code 27.0} → {@code 27}).</li>
   * </ul>
   * Answers longer than 10,000 characters are their own keys. Idempotent:
   * {@code normalize(normalize(a)).equals(normalize(a))}.
   *
   * @throws NullPointerException when {@code answer} is null
   */
  public static String normalize(String answer) {
    return AnswerNormalizer.normalize(answer);
  }

  /**
   * The math-answer grader. {@code key(a)} is {@link #normalize(String)}; {@code equivalent(a, b)}
   * is true when the keys are equal, and otherwise compares the answers by structure and value:
   * <ul>
   *   <li>numbers exactly when written exactly (integers, fractions, mixed numbers
   *       {@code 2\frac{1}{2}}, repeating decimals); where a decimal is written, within relative
   *       tolerance 1e-4 (as {@code math_equal}) and no further off than the decimal's last place
   *       ({@code 0.3333} is 1/3, {@code 3.14} is not pi, {@code 9999.857142857143} is not 10000);
   *       scientific notation; {@code p%} equals {@code p} and {@code p/100};</li>
   *   <li>tuples, points and vectors in order, brackets significant ({@code (1,2]} is not
   *       {@code (1,2)}); sets {@code \{...\}}, lists of solutions ({@code 1, 2},
   *       {@code x=1, x=2}, {@code 1\pm\sqrt2}) and unions of intervals in any order; matrices cell by
   *       cell; one-variable inequalities as intervals; equations up to sides swapped and a constant
   *       factor;</li>
   *   <li>expressions ({@code \sqrt}, {@code \pi}, powers, {@code \frac}, {@code \cdot},
   *       implicit multiplication, trigonometric and logarithmic functions) by value: exactly when
   *       rational, else in floating point, with variables at 16 seeded points;</li>
   *   <li>anything that is not math (words, labels) as text, ignoring case.</li>
   * </ul>
   * Bounded: long answers are compared by key, and each call has a step budget; a call that runs out
   * returns false. Reflexive and symmetric (not transitive: {@code 50\%} is {@code 50} and
   * {@code 0.5}, which differ). Thread-safe, stateless.
   */
  public static AnswerEquivalence equivalence() {
    return EQUIVALENCE;
  }
}
