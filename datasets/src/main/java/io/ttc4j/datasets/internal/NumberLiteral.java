package io.ttc4j.datasets.internal;

import java.math.BigInteger;

/**
 * A whole answer that is one written number, read exactly: an integer, a decimal ({@code 2.50},
 * {@code .5}, {@code 5.}), a repeating decimal ({@code 0.\overline{3}}), scientific notation
 * ({@code 1.5e-3}, {@code 1.5\times10^{3}}, {@code 2\cdot10^{-4}}), a fraction of two such numbers
 * ({@code \frac{3}{4}}, {@code 3/4}, {@code \frac{-1}{2}}) or a mixed number
 * ({@code 2\frac{1}{2}} is 5/2, {@code -1\frac{1}{4}} is -5/4; an integer written against a fraction
 * of positive integers is always a sum, proper or not), with an optional sign.
 *
 * <p>Input is a grading form of {@link AnswerNormalizer} (no white space, {@code \dfrac} already
 * {@code \frac}, thousands separators already removed).
 *
 * @param value   the exact value of what is written
 * @param decimal whether a decimal point is written: the number may be a rounded value, so it is
 *                compared with a tolerance instead of exactly
 * @param halfUlp half a unit in the last written place of a plain decimal ({@code 0.005} for
 *                {@code 3.14}, {@code 50} for {@code 1.5e3}); null when there is none (an exact
 *                number, or a fraction of decimals)
 */
record NumberLiteral(Rational value, boolean decimal, Rational halfUlp) {

  /** Longest literal read, in characters; longer ones are left to the expression path. */
  static final int MAX_LENGTH = 1_000;

  private static final Rational HALF = Rational.of(BigInteger.ONE, BigInteger.TWO);

  /** The number {@code s} spells, or null when {@code s} is anything else. */
  static NumberLiteral parse(String s) {
    if (s.isEmpty() || s.length() > MAX_LENGTH) {
      return null;
    }
    Cursor c = new Cursor(s);
    boolean negative = false;
    if (c.peek() == '-' || c.peek() == '+') {
      negative = c.next() == '-';
    }
    NumberLiteral n = mixedOrFraction(c);
    if (n == null) {
      c.at = negative || s.charAt(0) == '+' ? 1 : 0;
      n = decimal(c, true);
      if (n != null && c.peek() == '/') {
        c.at++;
        NumberLiteral d = decimal(c, false);
        n = d == null ? null : quotient(n, d);
      }
    }
    if (n == null || !c.atEnd()) {
      return null;
    }
    return negative ? new NumberLiteral(n.value.negate(), n.decimal, n.halfUlp) : n;
  }

  /** {@code \frac{a}{b}} of signed decimals, or {@code k\frac{a}{b}} of positive integers. */
  private static NumberLiteral mixedOrFraction(Cursor c) {
    int start = c.at;
    BigInteger whole = null;
    if (c.isDigit()) {
      whole = c.digits();
      if (!c.startsWith("\\frac{")) {
        c.at = start;
        return null;
      }
    }
    if (!c.eat("\\frac{")) {
      return null;
    }
    NumberLiteral top = signedDecimal(c);
    if (top == null || !c.eat("}{")) {
      return null;
    }
    NumberLiteral bottom = signedDecimal(c);
    if (bottom == null || !c.eat("}")) {
      return null;
    }
    if (whole == null) {
      return quotient(top, bottom);
    }
    // a mixed number: positive integers (2\frac{3}{2} is 2 + 3/2: an integer written against a
    // fraction is never a product)
    if (top.decimal || bottom.decimal || top.value.signum() <= 0 || bottom.value.signum() <= 0
        || !top.value.isInteger() || !bottom.value.isInteger()) {
      return null;
    }
    Rational w = Rational.integer(whole);
    Rational f = top.value.divide(bottom.value);
    Rational v = w == null || f == null ? null : w.add(f);
    return v == null ? null : new NumberLiteral(v, false, null);
  }

  private static NumberLiteral signedDecimal(Cursor c) {
    boolean negative = false;
    if (c.peek() == '-' || c.peek() == '+') {
      negative = c.next() == '-';
    }
    NumberLiteral n = decimal(c, false);
    return n == null || !negative ? n : new NumberLiteral(n.value.negate(), n.decimal, n.halfUlp);
  }

  private static NumberLiteral quotient(NumberLiteral a, NumberLiteral b) {
    Rational v = a.value.divide(b.value);
    if (v == null) {
      return null;
    }
    return new NumberLiteral(v, a.decimal || b.decimal, null);
  }

  /**
   * Digits with an optional decimal point, then (when {@code scientific}) an optional exponent or
   * repeating part.
   */
  private static NumberLiteral decimal(Cursor c, boolean scientific) {
    BigInteger intPart = c.isDigit() ? c.digits() : null;
    BigInteger fraction = BigInteger.ZERO;
    int fractionDigits = 0;
    boolean point = false;
    if (c.peek() == '.' && (intPart != null || c.isDigitAt(c.at + 1))) {
      c.at++;
      point = true;
      int before = c.at;
      if (c.isDigit()) {
        fraction = c.digits();
      }
      fractionDigits = c.at - before;
    }
    if (intPart == null && !point) {
      return null;
    }
    if (intPart == null) {
      intPart = BigInteger.ZERO;
    }
    Rational scale = Rational.powerOfTen(-fractionDigits);
    if (scale == null) {
      return null;
    }
    Rational v = Rational.integer(intPart);
    Rational f = Rational.integer(fraction);
    if (v == null || f == null) {
      return null;
    }
    v = v.add(f.multiply(scale));
    if (!scientific) {
      return new NumberLiteral(v, point, point ? scale.multiply(HALF) : null);
    }
    if (point && c.startsWith("\\overline{")) {
      // 0.1\overline{6}: the repeating block r of length k adds r / (10^k - 1) in the last place
      c.eat("\\overline{");
      int before = c.at;
      if (!c.isDigit()) {
        return null;
      }
      BigInteger block = c.digits();
      int k = c.at - before;
      if (!c.eat("}") || k > 100) {
        return null;
      }
      Rational repeat = Rational.integer(block).divide(Rational.integer(BigInteger.TEN.pow(k).subtract(BigInteger.ONE)));
      Rational total = v.add(repeat.multiply(scale));
      return total == null ? null : new NumberLiteral(total, false, null);
    }
    Integer exponent = exponent(c);
    if (exponent == null) {
      return new NumberLiteral(v, point, point ? scale.multiply(HALF) : null);
    }
    Rational p = Rational.powerOfTen(exponent);
    if (p == null) {
      return null;
    }
    Rational value = v.multiply(p);
    Rational ulp = scale.multiply(p);
    if (value == null || ulp == null) {
      return null;
    }
    return new NumberLiteral(value, point, point ? ulp.multiply(HALF) : null);
  }

  /** {@code e-3}, {@code E5}, {@code \times10^{3}}, {@code \cdot10^-2}, {@code \times10^4}; null when absent. */
  private static Integer exponent(Cursor c) {
    int start = c.at;
    if (c.peek() == 'e' || c.peek() == 'E') {
      c.at++;
    } else if ((c.eat("\\times") || c.eat("\\cdot")) && c.eat("10^")) {
      if (c.eat("{")) {
        Integer e = signedInt(c);
        if (e != null && c.eat("}")) {
          return e;
        }
        c.at = start;
        return null;
      }
      if (c.peek() == '-' || c.isDigit()) {
        boolean negative = c.peek() == '-';
        if (negative) {
          c.at++;
        }
        if (c.isDigit()) {
          int d = c.next() - '0'; // one digit without braces, as TeX reads it
          return negative ? -d : d;
        }
      }
      c.at = start;
      return null;
    } else {
      c.at = start;
      return null;
    }
    Integer e = signedInt(c);
    if (e == null) {
      c.at = start;
    }
    return e;
  }

  private static Integer signedInt(Cursor c) {
    boolean negative = false;
    if (c.peek() == '-' || c.peek() == '+') {
      negative = c.next() == '-';
    }
    int before = c.at;
    if (!c.isDigit()) {
      return null;
    }
    BigInteger d = c.digits();
    if (c.at - before > 6) {
      return null;
    }
    int e = d.intValueExact();
    return negative ? -e : e;
  }

  /** A position in the text being read. */
  private static final class Cursor {
    final String s;
    int at;

    Cursor(String s) {
      this.s = s;
    }

    char peek() {
      return at < s.length() ? s.charAt(at) : '\0';
    }

    char next() {
      return s.charAt(at++);
    }

    boolean atEnd() {
      return at == s.length();
    }

    boolean isDigit() {
      return isDigitAt(at);
    }

    boolean isDigitAt(int i) {
      return i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9';
    }

    BigInteger digits() {
      int start = at;
      while (isDigit()) {
        at++;
      }
      int length = at - start;
      return length <= 18 ? BigInteger.valueOf(Long.parseLong(s, start, at, 10)) : new BigInteger(s.substring(start, at));
    }

    boolean startsWith(String prefix) {
      return s.startsWith(prefix, at);
    }

    boolean eat(String prefix) {
      if (s.startsWith(prefix, at)) {
        at += prefix.length();
        return true;
      }
      return false;
    }
  }
}
