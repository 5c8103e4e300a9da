package io.ttc4j.datasets.internal;

import java.math.BigInteger;

/**
 * Evaluates an {@link ExprNode} tree: in doubles at a point (variables by slot), or exactly as a
 * {@link Rational} when the tree is built from integers, decimals and rational operations only.
 * Every node visited spends one step of the caller's {@link Budget}; exact arithmetic also spends
 * steps in proportion to the size of its numbers.
 *
 * <p>In doubles, an undefined value (a square root of a negative number, a pole, a factorial of a
 * non-integer, an overflow) is NaN or infinite; the grader skips such points.
 */
final class ExpressionEvaluator {

  /** Largest n whose n! is kept exact: 500! has about 3,800 bits, under {@link Rational#MAX_BITS}. */
  private static final int MAX_FACTORIAL = 500;
  private static final double[] FACTORIALS = new double[171];

  static {
    FACTORIALS[0] = 1;
    for (int i = 1; i < FACTORIALS.length; i++) {
      FACTORIALS[i] = FACTORIALS[i - 1] * i;
    }
  }

  private ExpressionEvaluator() {}

  /** The value of {@code n} with variable slot {@code i} set to {@code point[i]}. */
  static double eval(ExprNode n, double[] point, Budget budget) {
    budget.spend(1);
    switch (n.kind) {
      case ExprNode.NUMBER:
        return n.number;
      case ExprNode.VARIABLE:
        return point[n.index];
      case ExprNode.PI:
        return Math.PI;
      case ExprNode.EULER:
        return Math.E;
      case ExprNode.INFINITY:
        return Double.POSITIVE_INFINITY;
      case ExprNode.NEGATE:
        return -eval(n.a, point, budget);
      case ExprNode.ADD:
        return eval(n.a, point, budget) + eval(n.b, point, budget);
      case ExprNode.SUBTRACT:
        return eval(n.a, point, budget) - eval(n.b, point, budget);
      case ExprNode.MULTIPLY:
        return eval(n.a, point, budget) * eval(n.b, point, budget);
      case ExprNode.DIVIDE: {
        double top = eval(n.a, point, budget);
        double bottom = eval(n.b, point, budget);
        return bottom == 0 ? Double.NaN : top / bottom;
      }
      case ExprNode.POWER:
        return power(eval(n.a, point, budget), eval(n.b, point, budget));
      case ExprNode.SQRT: {
        double x = eval(n.a, point, budget);
        return x < 0 ? Double.NaN : Math.sqrt(x);
      }
      case ExprNode.ROOT:
        return root(eval(n.a, point, budget), eval(n.b, point, budget));
      case ExprNode.FUNCTION:
        return function(n.index, eval(n.a, point, budget));
      case ExprNode.ABS:
        return Math.abs(eval(n.a, point, budget));
      case ExprNode.FACTORIAL: {
        double x = eval(n.a, point, budget);
        return x >= 0 && x == Math.rint(x) && x < FACTORIALS.length ? FACTORIALS[(int) x] : Double.NaN;
      }
      case ExprNode.FLOOR:
        return Math.floor(eval(n.a, point, budget));
      case ExprNode.CEIL:
        return Math.ceil(eval(n.a, point, budget));
      case ExprNode.LOG_BASE: {
        double base = eval(n.a, point, budget);
        double x = eval(n.b, point, budget);
        return base <= 0 || base == 1 || x <= 0 ? Double.NaN : Math.log(x) / Math.log(base);
      }
      case ExprNode.BINOMIAL:
        return binomial(eval(n.a, point, budget), eval(n.b, point, budget));
      default:
        return Double.NaN;
    }
  }

  private static double power(double x, double y) {
    if (x < 0 && y != Math.rint(y)) {
      return Double.NaN; // a real power of a negative number: not real
    }
    if (x == 0 && y <= 0) {
      return Double.NaN;
    }
    return Math.pow(x, y);
  }

  private static double root(double index, double x) {
    if (index != Math.rint(index) || index < 2) {
      return Double.NaN;
    }
    if (x >= 0) {
      return index == 3 ? Math.cbrt(x) : Math.pow(x, 1 / index);
    }
    return ((long) index) % 2 == 1 ? -Math.pow(-x, 1 / index) : Double.NaN;
  }

  private static double binomial(double n, double k) {
    if (n != Math.rint(n) || k != Math.rint(k) || k < 0 || n < 0 || k > n || n > 1_000) {
      return Double.NaN;
    }
    double r = 1;
    for (int i = 1; i <= k; i++) {
      r = r * (n - k + i) / i;
    }
    return Math.rint(r);
  }

  private static double function(int f, double x) {
    return switch (f) {
      case ExprNode.SIN -> Math.sin(x);
      case ExprNode.COS -> Math.cos(x);
      case ExprNode.TAN -> Math.tan(x);
      case ExprNode.SEC -> 1 / Math.cos(x);
      case ExprNode.CSC -> 1 / Math.sin(x);
      case ExprNode.COT -> 1 / Math.tan(x);
      case ExprNode.ARCSIN -> Math.asin(x);
      case ExprNode.ARCCOS -> Math.acos(x);
      case ExprNode.ARCTAN -> Math.atan(x);
      case ExprNode.SINH -> Math.sinh(x);
      case ExprNode.COSH -> Math.cosh(x);
      case ExprNode.TANH -> Math.tanh(x);
      case ExprNode.LN -> x <= 0 ? Double.NaN : Math.log(x);
      case ExprNode.EXP -> Math.exp(x);
      default -> Double.NaN;
    };
  }

  /**
   * The exact value of {@code n}, or null when it has none this evaluator can find (a variable,
   * {@code \pi}, an irrational root, a number too big to keep exact).
   */
  static Rational exact(ExprNode n, Budget budget) {
    budget.spend(1);
    switch (n.kind) {
      case ExprNode.NUMBER:
        return n.exact;
      case ExprNode.NEGATE: {
        Rational a = exact(n.a, budget);
        return a == null ? null : a.negate();
      }
      case ExprNode.ADD:
      case ExprNode.SUBTRACT:
      case ExprNode.MULTIPLY:
      case ExprNode.DIVIDE: {
        Rational a = exact(n.a, budget);
        Rational b = a == null ? null : exact(n.b, budget);
        if (b == null) {
          return null;
        }
        budget.spend(a.cost(b));
        return switch (n.kind) {
          case ExprNode.ADD -> a.add(b);
          case ExprNode.SUBTRACT -> a.subtract(b);
          case ExprNode.MULTIPLY -> a.multiply(b);
          default -> a.divide(b);
        };
      }
      case ExprNode.POWER: {
        Rational base = exact(n.a, budget);
        Rational e = base == null ? null : exact(n.b, budget);
        if (e == null) {
          return null;
        }
        if (e.isInteger() && e.num.bitLength() < 32) {
          budget.spend(base.cost(base) * Math.min(Math.abs(e.num.longValue()), Rational.MAX_BITS));
          return base.pow(e.num.longValue());
        }
        if (e.equals(Rational.of(BigInteger.ONE, BigInteger.TWO))) {
          return squareRoot(base);
        }
        return null;
      }
      case ExprNode.SQRT: {
        Rational a = exact(n.a, budget);
        return a == null ? null : squareRoot(a);
      }
      case ExprNode.ABS: {
        Rational a = exact(n.a, budget);
        return a == null ? null : a.abs();
      }
      case ExprNode.FLOOR:
      case ExprNode.CEIL: {
        Rational a = exact(n.a, budget);
        if (a == null) {
          return null;
        }
        BigInteger[] qr = a.num.divideAndRemainder(a.den);
        BigInteger q = qr[0];
        if (qr[1].signum() != 0) {
          if (n.kind == ExprNode.FLOOR && a.signum() < 0) {
            q = q.subtract(BigInteger.ONE);
          } else if (n.kind == ExprNode.CEIL && a.signum() > 0) {
            q = q.add(BigInteger.ONE);
          }
        }
        return Rational.integer(q);
      }
      case ExprNode.FACTORIAL: {
        Rational a = exact(n.a, budget);
        if (a == null || !a.isInteger() || a.signum() < 0 || a.num.bitLength() > 16
            || a.num.intValue() > MAX_FACTORIAL) {
          return null;
        }
        int m = a.num.intValue();
        budget.spend(m * 4L);
        BigInteger f = BigInteger.ONE;
        for (int i = 2; i <= m; i++) {
          f = f.multiply(BigInteger.valueOf(i));
        }
        return Rational.integer(f);
      }
      case ExprNode.BINOMIAL: {
        Rational a = exact(n.a, budget);
        Rational b = a == null ? null : exact(n.b, budget);
        if (b == null || !a.isInteger() || !b.isInteger() || a.num.bitLength() > 16 || b.signum() < 0
            || b.compareTo(a) > 0) {
          return null;
        }
        int m = a.num.intValue();
        int k = Math.min(b.num.intValue(), m - b.num.intValue());
        // C(m, k) < m^k: refuse before computing a number that could not be kept
        if (k * (32 - Integer.numberOfLeadingZeros(m)) > Rational.MAX_BITS) {
          return null;
        }
        budget.spend(k * 4L);
        BigInteger r = BigInteger.ONE;
        for (int i = 1; i <= k; i++) {
          r = r.multiply(BigInteger.valueOf(m - k + i)).divide(BigInteger.valueOf(i));
        }
        return Rational.integer(r);
      }
      default:
        return null;
    }
  }

  /** The square root of {@code r} when numerator and denominator are perfect squares, else null. */
  private static Rational squareRoot(Rational r) {
    if (r.signum() < 0) {
      return null;
    }
    BigInteger n = r.num.sqrt();
    BigInteger d = r.den.sqrt();
    if (!n.multiply(n).equals(r.num) || !d.multiply(d).equals(r.den)) {
      return null;
    }
    return Rational.of(n, d);
  }
}
