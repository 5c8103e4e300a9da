package io.ttc4j.datasets;

import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import io.ttc4j.core.AnswerEquivalence;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.QuickTheory;
import org.quicktheories.core.Gen;

/** Properties of the normaliser and the equivalence on randomised answers. */
class MathAnswersPropertiesTest {

  private static final AnswerEquivalence EQ = MathAnswers.equivalence();

  /** Fixed seed: a failure is reproducible; QuickTheories prints the shrunk counterexample. */
  private static QuickTheory qt() {
    return org.quicktheories.QuickTheory.qt().withFixedSeed(20_240_611L).withExamples(3_000);
  }

  /** Fragments chosen to hit every rule, including half-written and malformed LaTeX. */
  private static final List<String> FRAGMENTS = List.of(
      "\\", "{", "}", "(", ")", "[", "]", "$", "$$", "\\$", "%", "\\%", "^", "_", "\\circ", "{\\circ}", ",", "{,}",
      ".", "0", "00", "1", "5", "9", "12", "000", "x", "y", "r", "i", "=", "-", "+", "/", " ", "  ", "\t", "\\ ",
      "\\frac", "\\dfrac", "\\tfrac", "\\sqrt", "\\left", "\\right", "\\left(", "\\right)", "\\text", "\\text{",
      "\\text{ cm}", "\\mbox{ inches}", "\\text{Evelyn}", "\\!", "\\,", "\\;", "\\pi", "\\in", "\\{", "\\}",
      "cm", "\u00B0", "\u2212", "\\displaystyle", "\\big");

  private static Gen<String> latexish() {
    return lists().of(arbitrary().pick(FRAGMENTS)).ofSizeBetween(0, 14).map(l -> String.join("", l));
  }

  /** Atoms of well-formed answers: joined with the separators LaTeX needs, they read as one answer. */
  private static final List<String> ATOMS = List.of(
      "0", "1", "2", "5", "12", "1,000", "3.50", "x", "y", "r", "+", "-", "=", ",", "(", ")", "[", "]",
      "\\frac{1}{2}", "\\frac{x}{3}", "\\frac12", "\\sqrt{2}", "\\pi", "\\cdot", "\\infty", "\\cup", "^2",
      "^\\circ", "\\%", "\\$", "\\text{ cm}", "\\text{Evelyn}", "\\mbox{ units}^2");

  private static Gen<List<String>> answers() {
    return lists().of(arbitrary().pick(ATOMS)).ofSizeBetween(1, 8);
  }

  /** Joins atoms; a command followed by a letter needs one space to stay that command. */
  private static String join(List<String> atoms, List<Integer> extraSpaces) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < atoms.size(); i++) {
      String a = atoms.get(i);
      if (i > 0) {
        b.append(" ".repeat(extraSpaces.get(i % extraSpaces.size())));
        if (endsWithControlWord(atoms.get(i - 1)) && Character.isLetter(a.charAt(0))) {
          b.append(' ');
        }
      }
      b.append(a);
    }
    return b.toString();
  }

  private static boolean endsWithControlWord(String s) {
    int i = s.length() - 1;
    while (i >= 0 && Character.isLetter(s.charAt(i))) {
      i--;
    }
    return i >= 0 && i < s.length() - 1 && s.charAt(i) == '\\';
  }

  @Test
  void normaliseIsIdempotentOnLatexFragments() {
    qt().forAll(latexish()).check(s -> {
      String once = MathAnswers.normalize(s);
      return MathAnswers.normalize(once).equals(once);
    });
  }

  @Test
  void normaliseIsIdempotentOnArbitraryText() {
    qt().forAll(strings().allPossible().ofLengthBetween(0, 24)).check(s -> {
      String once = MathAnswers.normalize(s);
      return MathAnswers.normalize(once).equals(once);
    });
  }

  @Test
  void normaliseIsIdempotentOnWellFormedAnswers() {
    qt().forAll(answers()).check(atoms -> {
      String once = MathAnswers.normalize(join(atoms, List.of(0)));
      return MathAnswers.normalize(once).equals(once);
    });
  }

  @Test
  void equivalenceIsReflexive() {
    qt().forAll(latexish()).check(s -> EQ.equivalent(s, s));
  }

  @Test
  void equivalenceIsSymmetric() {
    // pairs that are often equivalent (a spaced variant) and often not (another answer)
    qt().forAll(answers(), answers(), booleans().all(), lists().of(integers().between(0, 2)).ofSize(4))
        .check((a, b, same, spaces) -> {
          String x = join(a, List.of(0));
          String y = same ? join(a, spaces) : join(b, spaces);
          return EQ.equivalent(x, y) == EQ.equivalent(y, x);
        });
  }

  @Test
  void addingSpacesNeverChangesTheKey() {
    qt().forAll(answers(), lists().of(integers().between(0, 3)).ofSizeBetween(1, 8))
        .check((atoms, spaces) -> MathAnswers.normalize(join(atoms, List.of(0)))
            .equals(MathAnswers.normalize(join(atoms, spaces))));
  }

  @Test
  void addingLeftAndRightNeverChangesTheKey() {
    qt().forAll(answers()).check(atoms -> {
      List<String> sized = atoms.stream()
          .map(a -> a.equals("(") || a.equals("[") ? "\\left" + a : a.equals(")") || a.equals("]") ? "\\right" + a : a)
          .toList();
      return MathAnswers.normalize(join(atoms, List.of(0))).equals(MathAnswers.normalize(join(sized, List.of(1))));
    });
  }

  @Test
  void dfracTfracAndFracHaveTheSameKey() {
    qt().forAll(answers(), arbitrary().pick("\\dfrac", "\\tfrac")).check((atoms, display) -> {
      List<String> shown = atoms.stream().map(a -> a.replace("\\frac", display)).toList();
      return MathAnswers.normalize(join(atoms, List.of(0))).equals(MathAnswers.normalize(join(shown, List.of(0))));
    });
  }
}
