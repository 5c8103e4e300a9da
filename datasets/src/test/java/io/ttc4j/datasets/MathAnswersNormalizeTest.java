package io.ttc4j.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ttc4j.core.AnswerEquivalence;
import org.junit.jupiter.api.Test;

/** One test per normalisation rule, with the cases it must leave alone. */
class MathAnswersNormalizeTest {

  private static String n(String s) {
    return MathAnswers.normalize(s);
  }

  @Test
  void removesWhiteSpace() {
    assertEquals("(3,4)", n(" ( 3 ,\t4 )\n"));
    assertEquals("2x+3", n("2 x + 3"));
  }

  @Test
  void keepsOneSpaceBetweenACommandAndALetter() {
    assertEquals("2\\pi r", n("2 \\pi   r"));
    assertNotEquals(n("\\pi r"), n("\\pir"));
    assertEquals("\\frac{1}{2}", n("\\frac 1 2"));
  }

  @Test
  void removesLeftAndRight() {
    assertEquals("(3,\\frac{\\pi}{2})", n("\\left( 3, \\frac{\\pi}{2} \\right)"));
    assertEquals("\\{1,2\\}", n("\\left\\{1,2\\right\\}"));
    assertEquals("[1,2)", n("\\bigl[1,2\\bigr)"));
    // \leftarrow is another command
    assertEquals("a\\leftarrow b", n("a \\leftarrow b"));
  }

  @Test
  void dfracAndTfracBecomeFrac() {
    assertEquals("\\frac{17}{50}", n("\\dfrac{17}{50}"));
    assertEquals("\\frac{1}{2}", n("\\tfrac{1}{2}"));
    assertEquals("\\frac{1}{2}", n("\\cfrac12"));
  }

  @Test
  void bracesShorthandArguments() {
    assertEquals("\\frac{1}{2}", n("\\frac12"));
    assertEquals("\\frac{12}{5}", n("\\frac{12}5"));
    assertEquals("\\frac{\\pi}{2}", n("\\frac\\pi2"));
    assertEquals("\\frac{1}{2}3", n("\\frac123"));
    assertEquals("3\\sqrt{2}", n("3\\sqrt2"));
    assertEquals("\\sqrt[3]{2}", n("\\sqrt[3]2"));
  }

  @Test
  void integerSlashIntegerBecomesAFraction() {
    assertEquals("\\frac{1}{2}", n("1/2"));
    assertEquals("-\\frac{3}{4}", n("-3/4"));
    assertEquals("x/2", n("x/2"));
  }

  @Test
  void unwrapsText() {
    assertEquals("Evelyn", n("\\text{Evelyn}"));
    assertEquals("(C)", n("\\text{(C)}"));
    assertEquals("east", n("\\mbox{east}"));
    assertEquals("nosolution", n("\\text{no solution}"));
    assertEquals("\\frac{1}{2}", n("\\text{$\\frac{1}{2}$}"));
    assertEquals("2", n("\\textbf{2}"));
  }

  @Test
  void dropsAUnitWrittenAsTextAfterANumber() {
    assertEquals("5.4", n("5.4 \\text{ cents}"));
    assertEquals("864", n("864 \\mbox{ inches}^2"));
    assertEquals("15", n("15\\mbox{ cm}^2"));
    assertEquals("\\frac{270}{7}", n("\\frac{270}7\\text{ degrees}"));
    assertEquals("10", n("10\\text{ square units}"));
    assertEquals("3", n("3\\text{ m}"));
    assertEquals("4", n("4\\text{inches}"));
  }

  @Test
  void keepsTextThatIsNotATrailingUnit() {
    // one letter without a space could be a variable or the imaginary unit
    assertEquals("3i", n("3\\text{i}"));
    // not after a number
    assertEquals("xcm", n("x \\text{ cm}"));
    // not at the end
    assertEquals("2,so3", n("2\\text{, so }3"));
    // not only words
    assertEquals("1(doubleroot)", n("1 \\text{ (double root)}"));
  }

  @Test
  void removesDollarSigns() {
    assertEquals("18.9", n("\\$18.90"));
    assertEquals("36", n("$36$"));
    assertEquals("\\frac{1}{2}", n("$$\\frac{1}{2}$$"));
    assertEquals("32348", n("\\$32,\\!348"));
  }

  @Test
  void removesPercentSigns() {
    assertEquals("50", n("50\\%"));
    assertEquals("12.5", n("12.5%"));
  }

  @Test
  void removesDegrees() {
    assertEquals("90", n("90^\\circ"));
    assertEquals("90", n("90^{\\circ}"));
    assertEquals("90", n("90 ^ { \\circ }"));
    assertEquals("90", n("90\u00B0"));
    assertEquals("x^2", n("x^2"));
  }

  @Test
  void removesThinSpacesAndNegativeSpaces() {
    assertEquals("10080", n("10,\\!080"));
    assertEquals("11111111100", n("11,\\! 111,\\! 111,\\! 100"));
    assertEquals("1000", n("1\\,000"));
    assertEquals("ab", n("a\\;b"));
  }

  @Test
  void removesThousandsSeparatorsOnlyInGroupsOfThree() {
    assertEquals("1000", n("1,000"));
    assertEquals("1234567", n("1,234,567"));
    assertEquals("-58500", n("-58,500"));
    assertEquals("1000.5", n("1,000.50"));
    assertEquals("10000", n("10{,}000"));
    // tuples and lists stay what they are
    assertEquals("1,2", n("1,2"));
    assertEquals("1,2000", n("1,2000"));
    assertEquals("12,34", n("12,34"));
    assertEquals("(1,000)", n("(1,000)"));
    assertEquals("-2,1", n("-2,1"));
  }

  @Test
  void removesTrailingZerosOfDecimals() {
    assertEquals("27", n("27.0"));
    assertEquals("2.5", n("2.50"));
    assertEquals("0", n("0.000"));
    assertEquals("(1.5,2)", n("(1.50, 2.0)"));
    assertEquals("100", n("100"));
    assertEquals("105", n("105"));
    assertEquals("1.05", n("1.05"));
    assertEquals("5", n("5."));
  }

  @Test
  void tidiesWholeNumbers() {
    assertEquals("25", n("025"));
    assertEquals("0", n("000"));
    assertEquals("0", n("0"));
    assertEquals("-5", n("-05"));
    assertEquals("0.5", n(".5"));
    assertEquals("-0.5", n("-.5"));
    assertEquals("7", n("+7"));
    assertEquals("-3", n("\u22123"));
  }

  @Test
  void removesALeadingAssignmentBeforeASingleValue() {
    assertEquals("5", n("x=5"));
    assertEquals("5", n("x = 5"));
    assertEquals("2x+3", n("y = 2x + 3"));
    assertEquals("-\\frac{1}{2}", n("k=-\\dfrac{1}{2}"));
    // several assignments, or a relation, are kept
    assertEquals("x=1,y=2", n("x=1, y=2"));
    assertEquals("x\\in[-2,7]", n("x \\in [-2,7]"));
    assertEquals("x=", n("x="));
  }

  @Test
  void leavesOrdinaryAnswersAlone() {
    for (String s : new String[] {"\\frac{3}{5}", "(6,31,-1)", "(3,4]", "\\sqrt{2}", "2\\sqrt{3}", "x^2+1",
        "(0,9)\\cup(9,36)", "A", "\\pi"}) {
      assertEquals(s, n(s), s);
    }
  }

  @Test
  void keepsDifferentAnswersApart() {
    AnswerEquivalence eq = MathAnswers.equivalence();
    assertFalse(eq.equivalent("1,2", "12"));
    assertFalse(eq.equivalent("12", "1.2"));
    assertFalse(eq.equivalent("\\frac{1}{2}", "\\frac{2}{1}"));
    assertFalse(eq.equivalent("(1,2)", "[1,2]"));
    assertFalse(eq.equivalent("2\\pi r", "2\\pir"));
    assertFalse(eq.equivalent("-5", "5"));
    assertFalse(eq.equivalent("10", "100"));
  }

  @Test
  void equivalenceUsesTheNormalisedKey() {
    AnswerEquivalence eq = MathAnswers.equivalence();
    assertTrue(eq.equivalent("\\dfrac{1}{2}", "\\frac12"));
    assertTrue(eq.equivalent("\\$1,000.00", "1000"));
    assertTrue(eq.equivalent("x = 5", "5"));
    assertTrue(eq.equivalent("\\left(1, 2\\right)", "(1,2)"));
    assertEquals("1000", eq.key("1,000"));
  }

  @Test
  void takesTheLastBoxOfAnAnswerThatStillHasOne() {
    assertEquals("5", n("\\boxed{5}"));
    assertEquals("7", n("first \\boxed{5}, then \\boxed{7}."));
    assertEquals("\\frac{1}{2}", n("\\fbox{\\dfrac12}"));
    assertEquals("\\boxed{}", n("\\boxed{}"));
  }

  @Test
  void mapsSynonymsToOneSpelling() {
    assertEquals("\\pm3", n("\u00B13"));
    assertEquals("(2,\\infty)", n("(2,\u221E)"));
    assertEquals("2\\pi r", n("2\u03C0r"));
    assertEquals("x\\le3", n("x \\leq 3"));
    assertEquals("x\\ge3", n("x\u22653"));
    assertEquals("x\\ne3", n("x \\neq 3"));
    assertEquals("\\{1,2\\}", n("\\lbrace 1, 2 \\rbrace"));
    assertEquals("\\emptyset", n("\\varnothing"));
    assertEquals("\\binom{5}{2}", n("\\dbinom52"));
    assertEquals("|x|", n("\\lvert x \\rvert"));
  }

  @Test
  void writesEveryMatrixAsPmatrix() {
    String p = "\\begin{pmatrix}1&2\\\\3&4\\end{pmatrix}";
    assertEquals(p, n("\\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix}"));
    assertEquals(p, n("\\begin{matrix}1&2\\\\3&4\\end{matrix}"));
    assertEquals(p, n("\\begin{array}{cc}1&2\\\\3&4\\end{array}"));
    // a determinant is another thing
    assertEquals("\\begin{vmatrix}1&2\\\\3&4\\end{vmatrix}", n("\\begin{vmatrix}1&2\\\\3&4\\end{vmatrix}"));
  }

  @Test
  void orAndAndBetweenValuesSeparateAlternatives() {
    assertEquals("x=1,x=2", n("x = 1 \\text{ or } x = 2"));
    assertEquals("1,2", n("1 \\text{and} 2"));
    assertEquals("3,4", n("3 or 4"));
    // not a separator: a word inside a word, or nothing on one side
    assertEquals("north", n("north"));
    assertEquals("or", n("\\text{or}"));
  }

  @Test
  void dropsABareUnitAfterANumber() {
    assertEquals("5", n("5 cm"));
    assertEquals("12", n("12 square feet"));
    assertEquals("6", n("6 cm^2"));
    assertEquals("\\frac{1}{2}", n("\\frac{1}{2} cup"));
    // a single letter is a variable, a function name is a function, a word without a number is text
    assertEquals("2x", n("2 x"));
    assertEquals("2\\pi r", n("2 \\pi r"));
    assertEquals("nosolution", n("no solution"));
  }

  @Test
  void bracesArgumentsAtAnyDepth() {
    assertEquals("\\frac{\\sqrt{2}}{2}", n("\\frac{\\sqrt2}{2}"));
    assertEquals("\\sqrt{\\frac{1}{2}}", n("\\sqrt{\\frac12}"));
    assertEquals("\\mathbb{R}", n("\\mathbb R"));
  }

  @Test
  void unbracesOneTokenScripts() {
    assertEquals("x^2", n("x^{2}"));
    assertEquals("52_8", n("52_{8}"));
    assertEquals("x^{10}", n("x^{10}"));
    assertEquals("e^\\pi", n("e^{\\pi}"));
  }

  @Test
  void dropsAFullStopAfterTheAnswer() {
    assertEquals("(1,2)", n("(1, 2)."));
    assertEquals("\\frac{1}{2}", n("\\frac12."));
    assertEquals("5", n("5."));
  }

  @Test
  void theGradingFormKeepsPercentSigns() {
    assertEquals("50\\%", io.ttc4j.datasets.internal.AnswerNormalizer.gradingForm("50%"));
    assertEquals("1000\\%", io.ttc4j.datasets.internal.AnswerNormalizer.gradingForm("1,000 \\%"));
    assertEquals("50", n("50 \\%"));
  }

  @Test
  void hugeAnswersAreTheirOwnKeys() {
    String huge = "1 + ".repeat(10_000) + "1";
    assertEquals(huge, n(huge));
  }

  @Test
  void nullIsRejected() {
    assertThrows(NullPointerException.class, () -> n(null));
  }
}
