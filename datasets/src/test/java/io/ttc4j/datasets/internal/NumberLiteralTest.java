package io.ttc4j.datasets.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class NumberLiteralTest {

  private static Rational q(long n, long d) {
    return Rational.of(BigInteger.valueOf(n), BigInteger.valueOf(d));
  }

  private static NumberLiteral p(String s) {
    return NumberLiteral.parse(s);
  }

  @Test
  void integersAreExact() {
    assertEquals(new NumberLiteral(q(42, 1), false, null), p("42"));
    assertEquals(new NumberLiteral(q(-7, 1), false, null), p("-7"));
    assertEquals(q(7, 1), p("+7").value());
    assertEquals(new BigInteger("123456789012345678901234567890"), p("123456789012345678901234567890").value().num);
  }

  @Test
  void decimalsKeepTheirPrecision() {
    NumberLiteral n = p("3.14");
    assertEquals(q(314, 100), n.value());
    assertTrue(n.decimal());
    assertEquals(q(5, 1000), n.halfUlp());
    assertEquals(q(1, 2), p(".5").value());
    assertEquals(q(5, 1), p("5.").value());
    assertEquals(q(-1, 4), p("-0.25").value());
  }

  @Test
  void fractionsAndMixedNumbers() {
    assertEquals(new NumberLiteral(q(3, 4), false, null), p("\\frac{3}{4}"));
    assertEquals(q(-3, 4), p("\\frac{-3}{4}").value());
    assertEquals(q(-3, 4), p("-\\frac{3}{4}").value());
    assertEquals(q(-3, 4), p("\\frac{3}{-4}").value());
    assertEquals(q(3, 4), p("3/4").value());
    assertEquals(q(5, 2), p("2\\frac{1}{2}").value());
    assertEquals(q(-5, 4), p("-1\\frac{1}{4}").value());
    NumberLiteral decimals = p("\\frac{1.5}{2}");
    assertEquals(q(3, 4), decimals.value());
    assertTrue(decimals.decimal());
    assertNull(decimals.halfUlp(), "a quotient of decimals has no single written precision");
  }

  @Test
  void anIntegerAgainstAFractionIsASumEvenWhenImproper() {
    assertEquals(q(7, 2), p("2\\frac{3}{2}").value());
    assertEquals(q(14, 5), p("1\\frac{9}{5}").value());
    assertNull(p("2\\frac{0}{2}"));
    assertNull(p("2\\frac{1.5}{2}"));
  }

  @Test
  void scientificNotation() {
    assertEquals(q(1500, 1), p("1.5e3").value());
    assertEquals(q(50, 1), p("1.5e3").halfUlp());
    assertEquals(q(1500, 1), p("1.5\\times10^{3}").value());
    assertEquals(q(1500, 1), p("1.5\\times10^3").value());
    assertEquals(q(2, 10_000), p("2\\cdot10^{-4}").value());
    assertFalse(p("2\\cdot10^{-4}").decimal(), "an integer mantissa is exact");
    assertEquals(q(672, 10_000_000), p("6.72\\times10^{-5}").value());
    assertNull(p("1e999999999"), "exponent too big to keep exact");
  }

  @Test
  void repeatingDecimals() {
    assertEquals(new NumberLiteral(q(1, 3), false, null), p("0.\\overline{3}"));
    assertEquals(q(1, 6), p("0.1\\overline{6}").value());
    assertEquals(q(1, 7), p("0.\\overline{142857}").value());
  }

  @Test
  void everythingElseIsNotANumber() {
    for (String s : new String[] {"", "x", "2x", "1,2", "\\frac{x}{2}", "1/0", "\\frac{1}{0}", "2e", "1.2.3", "--1", "\\pi",
        "3\\%", "10^{3}", "1.5\\times10", "(1)"}) {
      assertNull(p(s), s);
    }
    assertNull(p("1".repeat(NumberLiteral.MAX_LENGTH + 1)));
  }
}
