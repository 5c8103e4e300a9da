package io.ttc4j.datasets.internal;

/**
 * A node of a parsed math expression. One small final class with an integer kind rather than a
 * class per operator, so that evaluation is a switch over primitives and allocates nothing.
 */
final class ExprNode {

  static final int NUMBER = 0;
  static final int VARIABLE = 1;
  static final int PI = 2;
  static final int EULER = 3;
  static final int INFINITY = 4;
  static final int NEGATE = 5;
  static final int ADD = 6;
  static final int SUBTRACT = 7;
  static final int MULTIPLY = 8;
  static final int DIVIDE = 9;
  static final int POWER = 10;
  static final int SQRT = 11;
  /** {@code \sqrt[a]{b}}. */
  static final int ROOT = 12;
  /** A named function of {@code a}, {@link #index} one of the function constants below. */
  static final int FUNCTION = 13;
  static final int ABS = 14;
  static final int FACTORIAL = 15;
  static final int FLOOR = 16;
  static final int CEIL = 17;
  /** {@code \log_a b}. */
  static final int LOG_BASE = 18;
  /** {@code \binom{a}{b}}. */
  static final int BINOMIAL = 19;

  static final int SIN = 0;
  static final int COS = 1;
  static final int TAN = 2;
  static final int SEC = 3;
  static final int CSC = 4;
  static final int COT = 5;
  static final int ARCSIN = 6;
  static final int ARCCOS = 7;
  static final int ARCTAN = 8;
  static final int SINH = 9;
  static final int COSH = 10;
  static final int TANH = 11;
  static final int LN = 12;
  static final int EXP = 13;

  final int kind;
  final ExprNode a;
  final ExprNode b;
  /** Value of a {@link #NUMBER}. */
  final double number;
  /** Exact value of a {@link #NUMBER}, null when it has none. */
  final Rational exact;
  /** Variable slot of a {@link #VARIABLE}, function of a {@link #FUNCTION}. */
  final int index;

  private ExprNode(int kind, ExprNode a, ExprNode b, double number, Rational exact, int index) {
    this.kind = kind;
    this.a = a;
    this.b = b;
    this.number = number;
    this.exact = exact;
    this.index = index;
  }

  static ExprNode number(Rational exact) {
    return new ExprNode(NUMBER, null, null, exact.toDouble(), exact, 0);
  }

  static ExprNode variable(int slot) {
    return new ExprNode(VARIABLE, null, null, 0, null, slot);
  }

  static ExprNode leaf(int kind) {
    return new ExprNode(kind, null, null, 0, null, 0);
  }

  static ExprNode unary(int kind, ExprNode a) {
    return new ExprNode(kind, a, null, 0, null, 0);
  }

  static ExprNode binary(int kind, ExprNode a, ExprNode b) {
    return new ExprNode(kind, a, b, 0, null, 0);
  }

  static ExprNode function(int function, ExprNode argument) {
    return new ExprNode(FUNCTION, argument, null, 0, null, function);
  }
}
