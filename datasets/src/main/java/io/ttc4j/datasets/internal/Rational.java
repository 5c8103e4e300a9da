package io.ttc4j.datasets.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;

/**
 * An exact rational number in lowest terms with a positive denominator. Every operation returns
 * null instead of a result whose numerator or denominator would exceed {@link #MAX_BITS} bits,
 * so exact arithmetic on a hostile answer ({@code 2^{10^{9}}}) stays cheap and falls back to
 * floating point.
 */
final class Rational implements Comparable<Rational> {

  /** Largest numerator or denominator kept exact, in bits (about 1,200 decimal digits). */
  static final int MAX_BITS = 4096;

  static final Rational ZERO = new Rational(BigInteger.ZERO, BigInteger.ONE);
  static final Rational ONE = new Rational(BigInteger.ONE, BigInteger.ONE);
  static final Rational HUNDRED = new Rational(BigInteger.valueOf(100), BigInteger.ONE);

  final BigInteger num;
  final BigInteger den;

  private Rational(BigInteger num, BigInteger den) {
    this.num = num;
    this.den = den;
  }

  /** {@code n / d} in lowest terms; null when {@code d} is zero or the result is too big. */
  static Rational of(BigInteger n, BigInteger d) {
    if (d.signum() == 0) {
      return null;
    }
    if (d.signum() < 0) {
      n = n.negate();
      d = d.negate();
    }
    if (!d.equals(BigInteger.ONE)) {
      BigInteger g = n.gcd(d);
      if (!g.equals(BigInteger.ONE) && g.signum() != 0) {
        n = n.divide(g);
        d = d.divide(g);
      }
    }
    if (n.bitLength() > MAX_BITS || d.bitLength() > MAX_BITS) {
      return null;
    }
    return new Rational(n, d);
  }

  static Rational of(long n) {
    return new Rational(BigInteger.valueOf(n), BigInteger.ONE);
  }

  static Rational integer(BigInteger n) {
    return n.bitLength() > MAX_BITS ? null : new Rational(n, BigInteger.ONE);
  }

  /** {@code 10^exponent}, exponent of either sign; null when too big. */
  static Rational powerOfTen(int exponent) {
    if (Math.abs(exponent) > 1200) {
      return null;
    }
    BigInteger p = BigInteger.TEN.pow(Math.abs(exponent));
    return exponent >= 0 ? of(p, BigInteger.ONE) : of(BigInteger.ONE, p);
  }

  /** Work, in steps, that an operation on this number and {@code o} costs. */
  int cost(Rational o) {
    return 1 + (num.bitLength() + den.bitLength() + o.num.bitLength() + o.den.bitLength()) / 64;
  }

  Rational add(Rational o) {
    if (den.equals(o.den)) {
      return of(num.add(o.num), den);
    }
    return of(num.multiply(o.den).add(o.num.multiply(den)), den.multiply(o.den));
  }

  Rational subtract(Rational o) {
    return add(o.negate());
  }

  Rational multiply(Rational o) {
    return of(num.multiply(o.num), den.multiply(o.den));
  }

  /** Null when dividing by zero. */
  Rational divide(Rational o) {
    return o.num.signum() == 0 ? null : of(num.multiply(o.den), den.multiply(o.num));
  }

  Rational negate() {
    return new Rational(num.negate(), den);
  }

  Rational abs() {
    return num.signum() < 0 ? negate() : this;
  }

  /** This number to an integer power; null for {@code 0^negative} or a result too big. */
  Rational pow(long exponent) {
    if (exponent == 0) {
      return ONE;
    }
    boolean unit = den.equals(BigInteger.ONE) && num.abs().equals(BigInteger.ONE);
    if (num.signum() == 0) {
      return exponent > 0 ? ZERO : null;
    }
    if (unit) {
      return (exponent % 2 == 0) ? ONE : this;
    }
    long bits = Math.max(num.bitLength(), den.bitLength());
    if (Math.abs(exponent) > MAX_BITS || bits * Math.abs(exponent) > MAX_BITS + 64) {
      return null;
    }
    int e = (int) Math.abs(exponent);
    Rational r = of(num.pow(e), den.pow(e));
    return r == null || exponent > 0 ? r : ONE.divide(r);
  }

  int signum() {
    return num.signum();
  }

  boolean isInteger() {
    return den.equals(BigInteger.ONE);
  }

  /** The nearest double; infinite beyond the double range. */
  double toDouble() {
    if (num.bitLength() <= 53 && den.bitLength() <= 53) {
      return num.doubleValue() / den.doubleValue();
    }
    return new BigDecimal(num).divide(new BigDecimal(den), MathContext.DECIMAL64).doubleValue();
  }

  @Override
  public int compareTo(Rational o) {
    return num.multiply(o.den).compareTo(o.num.multiply(den));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Rational r && num.equals(r.num) && den.equals(r.den);
  }

  @Override
  public int hashCode() {
    return num.hashCode() * 31 + den.hashCode();
  }

  @Override
  public String toString() {
    return isInteger() ? num.toString() : num + "/" + den;
  }
}
