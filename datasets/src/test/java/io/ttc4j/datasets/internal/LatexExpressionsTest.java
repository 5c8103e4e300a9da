package io.ttc4j.datasets.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ttc4j.datasets.internal.LatexExpressions.Expression;
import io.ttc4j.datasets.internal.LatexExpressions.Symbols;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The expression parser and evaluator on grading forms. */
class LatexExpressionsTest {

  private static Expression parse(String latex, Symbols symbols) {
    List<String> tokens = AnswerNormalizer.tokenize(AnswerNormalizer.gradingForm(latex));
    tokens.removeIf(AnswerNormalizer::isSpace);
    return LatexExpressions.parse(tokens, symbols, new Budget(1_000_000));
  }

  /** The value of a constant expression. */
  private static double value(String latex) {
    Expression e = parse(latex, new Symbols());
    assertNotNull(e, latex);
    return ExpressionEvaluator.eval(e.root(), new double[LatexExpressions.MAX_VARIABLES], new Budget(1_000_000));
  }

  /** The value with the variables, in order of appearance, set to {@code values}. */
  private static double value(String latex, double... values) {
    Expression e = parse(latex, new Symbols());
    assertNotNull(e, latex);
    double[] point = new double[LatexExpressions.MAX_VARIABLES];
    System.arraycopy(values, 0, point, 0, values.length);
    return ExpressionEvaluator.eval(e.root(), point, new Budget(1_000_000));
  }

  private static Rational exact(String latex) {
    Expression e = parse(latex, new Symbols());
    assertNotNull(e, latex);
    return ExpressionEvaluator.exact(e.root(), new Budget(1_000_000));
  }

  @Test
  void arithmeticAndPrecedence() {
    assertEquals(7, value("1+2\\cdot3"), 0);
    assertEquals(9, value("(1+2)\\times3"), 0);
    assertEquals(-4, value("-2^2"), 0);
    assertEquals(0.5, value("1/2"), 0);
    assertEquals(2, value("8\\div4"), 0);
    assertEquals(512, value("2^{3^2}"), 0);
    assertEquals(12, value("2^23"), 0, "TeX reads 2^23 as 2^2 times 3");
  }

  @Test
  void implicitMultiplication() {
    assertEquals(2 * Math.sqrt(3), value("2\\sqrt{3}"), 1e-15);
    assertEquals(3 * Math.PI, value("3\\pi"), 1e-15);
    assertEquals(12, value("2x(x+1)", 2), 0);
    assertEquals(6, value("xy", 2, 3), 0);
    assertEquals(2.5, value("2\\frac{1}{2}"), 0, "a mixed number");
    assertEquals(2 * Math.sqrt(2) / 2, value("2\\frac{\\sqrt{2}}{2}"), 1e-15, "not a mixed number");
  }

  @Test
  void functionsWithAndWithoutParentheses() {
    assertEquals(Math.sin(2 * 0.3), value("\\sin 2x", 0.3), 1e-15);
    assertEquals(Math.pow(Math.sin(0.3), 2), value("\\sin^2 x", 0.3), 1e-15);
    assertEquals(Math.asin(0.3), value("\\sin^{-1} x", 0.3), 1e-15);
    assertEquals(Math.sin(0.3) * Math.cos(0.3), value("\\sin x\\cos x", 0.3), 1e-15);
    assertEquals(3, value("\\log_2 8"), 1e-15);
    assertEquals(2, value("\\ln e^2"), 1e-15);
    assertEquals(1 / Math.tan(0.7), value("\\cot(x)", 0.7), 1e-15);
    assertEquals(Math.sin(0.3), value("sin x", 0.3), 1e-15, "without a backslash");
    assertEquals(3, value("|-3|"), 0);
    assertEquals(2, value("\\lfloor 2.5 \\rfloor"), 0);
    assertEquals(-2, value("\\sqrt[3]{-8}"), 1e-15);
    assertEquals(120, value("5!"), 0);
    assertEquals(10, value("\\binom{5}{2}"), 0);
  }

  @Test
  void undefinedValuesAreNotNumbers() {
    assertTrue(Double.isNaN(value("\\sqrt{-1}")));
    assertTrue(Double.isNaN(value("\\frac{1}{0}")));
    assertTrue(Double.isNaN(value("\\ln 0")));
    assertTrue(Double.isNaN(value("(-8)^{1/3}")), "a real power of a negative number");
    assertTrue(Double.isInfinite(value("10^{10^{10}}")));
  }

  @Test
  void exactValues() {
    assertEquals(Rational.of(BigInteger.valueOf(120000), BigInteger.ONE), exact("80000*1.5"));
    assertEquals(Rational.of(BigInteger.valueOf(3), BigInteger.TEN), exact("0.1+0.2"));
    assertEquals(Rational.of(BigInteger.TWO.pow(100), BigInteger.ONE), exact("2^{100}"));
    assertEquals(Rational.of(BigInteger.valueOf(2), BigInteger.valueOf(3)), exact("\\sqrt{\\frac{4}{9}}"));
    assertNull(exact("\\sqrt{2}"));
    assertNull(exact("\\pi"));
    assertNull(exact("3^{10000}"), "too big to keep exact");
    assertNull(exact("\\binom{60000}{30000}"));
  }

  @Test
  void textIsNotAnExpression() {
    for (String s : new String[] {"Evelyn", "east", "nosolution", "4:30", "52_8x!!", "\\frac{1}{", "(1", "1)", "x^", "\\%", "a,b"}) {
      assertNull(parse(s, new Symbols()), s);
    }
  }

  @Test
  void variablesTakeSlotsAndAreCapped() {
    Symbols symbols = new Symbols();
    assertNotNull(parse("x + a_1 + \\theta", symbols));
    assertEquals(3, symbols.size());
    assertNotNull(parse("\\theta x", symbols));
    assertEquals(3, symbols.size());
    assertNull(parse("a+b+c+d+f+g+h", new Symbols()), "more than " + LatexExpressions.MAX_VARIABLES + " variables");
    assertEquals(Math.E, value("e"), 0, "e is Euler's number");
  }

  @Test
  void sizeAndNestingAreCapped() {
    assertNull(parse("(".repeat(100) + "1" + ")".repeat(100), new Symbols()));
    assertNull(parse("1+".repeat(400) + "1", new Symbols()));
    assertNotNull(parse("(".repeat(20) + "1" + ")".repeat(20), new Symbols()));
  }

  @Test
  void parsingSpendsTheBudget() {
    List<String> tokens = AnswerNormalizer.tokenize("1+1+1+1+1+1+1+1+1+1");
    assertThrows(Budget.Exhausted.class, () -> LatexExpressions.parse(tokens, new Symbols(), new Budget(3)));
  }
}
