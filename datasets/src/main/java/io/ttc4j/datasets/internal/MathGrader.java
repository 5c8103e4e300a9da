package io.ttc4j.datasets.internal;

import io.ttc4j.datasets.internal.AnswerStructure.Collection;
import io.ttc4j.datasets.internal.AnswerStructure.Matrix;
import io.ttc4j.datasets.internal.AnswerStructure.Part;
import io.ttc4j.datasets.internal.AnswerStructure.Relation;
import io.ttc4j.datasets.internal.AnswerStructure.Scalar;
import io.ttc4j.datasets.internal.AnswerStructure.Sequence;
import io.ttc4j.datasets.internal.LatexExpressions.Expression;
import io.ttc4j.datasets.internal.LatexExpressions.Symbols;
import java.math.BigInteger;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Decides whether two math answers are equivalent, beyond their normalised keys: by structure
 * ({@link AnswerStructure}), by number ({@link NumberLiteral}) and by value of expressions
 * ({@link LatexExpressions}, {@link ExpressionEvaluator}).
 *
 * <p>Values: whenever both sides have exact rational values (integers, fractions, mixed numbers,
 * and expressions of them, decimals inside an expression included: {@code 80000*1.5} is exactly
 * 120000), they compare exactly, so {@code 100001} is not {@code 100000}, which math_equal's
 * tolerance would accept. A side written as a plain decimal may be a rounded value: it matches within
 * relative tolerance {@value #DECIMAL_TOLERANCE}, as math_equal, and no further off than its last
 * written place (rounded or truncated there: {@code 0.3333} and {@code 3.1416} pass for 1/3 and pi,
 * {@code 9999.857142857143} is not 10000). Irrational constants compare in floating point, to
 * {@value #DECIMAL_TOLERANCE} when a decimal is written and {@value #EXACT_TOLERANCE} otherwise. A
 * percentage equals its number and its number divided by 100 ({@code 50\%} is {@code 50} and
 * {@code 0.5}); plain numbers are never scaled ({@code 10} is not {@code 1000}).
 *
 * <p>Expressions with variables are evaluated at {@value #POINTS} points (each variable drawn from
 * ±[0.5, 2.5], the first four points positive, from a fixed seed) and must agree to
 * {@value #POINT_TOLERANCE} at every point where both are defined, with at least
 * {@value #MIN_VALID_POINTS} such points; a decimal coefficient is taken as written
 * ({@code 1.4142x} is not {@code \sqrt{2}x}, as in math_equal).
 *
 * <p>Bounded: answers whose grading form is longer than {@value #MAX_GRADED_LENGTH} characters
 * are equivalent only when their keys are equal, and each call spends at most
 * {@value #STEP_BUDGET} steps, after which the answers count as not equivalent. The two answers are
 * put in one canonical order before anything is compared, so the verdict is symmetric even when the
 * budget runs out. Stateless and thread-safe; nothing is cached and no thread is started.
 */
public final class MathGrader {

  /** Relative tolerance where a decimal is written, as Qwen2.5-Math's math_equal uses. */
  public static final double DECIMAL_TOLERANCE = 1e-4;
  /** Relative tolerance for values written exactly but evaluated in floating point. */
  public static final double EXACT_TOLERANCE = 1e-9;
  /** Relative tolerance at random points for expressions without decimals. */
  public static final double POINT_TOLERANCE = 1e-8;
  /** Absolute slack under every relative comparison, for values that cancel to zero. */
  static final double ABSOLUTE_SLACK = 1e-12;
  /** Longest grading form graded; longer answers are compared by key only. */
  public static final int MAX_GRADED_LENGTH = 2_000;
  /** Steps one call may spend. */
  public static final long STEP_BUDGET = 400_000;
  public static final int POINTS = 16;
  public static final int MIN_VALID_POINTS = 4;

  private static final long SEED = 0x7C4A_11D5_2024L;
  private static final double[][] POINT_VALUES = points();
  private static final Rational PERCENT = Rational.of(BigInteger.ONE, BigInteger.valueOf(100));
  private static final Rational TEN_THOUSAND = Rational.of(10_000);

  private final Budget budget;

  private MathGrader(Budget budget) {
    this.budget = budget;
  }

  private static double[][] points() {
    SplittableRandom random = new SplittableRandom(SEED);
    double[][] p = new double[POINTS][LatexExpressions.MAX_VARIABLES];
    for (int i = 0; i < POINTS; i++) {
      for (int v = 0; v < p[i].length; v++) {
        double magnitude = 0.5 + 2 * random.nextDouble();
        boolean negative = i >= 4 && random.nextBoolean();
        p[i][v] = negative ? -magnitude : magnitude;
      }
    }
    return p;
  }

  /**
   * Answers of a few hundred characters compared before, remembered: votes compare every new answer
   * with every group of a candidate set, and sweeps vote over the same answers again and again. The
   * comparison is a pure function of the two strings, so a remembered result is the result; the memo
   * is emptied when full.
   */
  private static final int MEMO_LIMIT = 100_000;
  private static final java.util.concurrent.ConcurrentHashMap<String, Boolean> MEMO =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** Whether {@code a} and {@code b} are equivalent answers. Reflexive and symmetric. */
  public static boolean equivalent(String a, String b) {
    Objects.requireNonNull(a, "a");
    Objects.requireNonNull(b, "b");
    if (a.length() + b.length() > 512) {
      return compare(a, b);
    }
    // one key for both orders ('\u0000' cannot occur in either: LaTeX answers never hold it, and
    // if one did the key would still be unique as the lengths are part of it)
    String key = a.compareTo(b) <= 0 ? a.length() + "\u0000" + a + "\u0000" + b : b.length() + "\u0000" + b + "\u0000" + a;
    Boolean known = MEMO.get(key);
    if (known != null) {
      return known;
    }
    boolean same = compare(a, b);
    if (MEMO.size() >= MEMO_LIMIT) {
      MEMO.clear();
    }
    MEMO.put(key, same);
    return same;
  }

  private static boolean compare(String a, String b) {
    if (a.length() > 4 * MAX_GRADED_LENGTH || b.length() > 4 * MAX_GRADED_LENGTH) {
      return AnswerNormalizer.normalize(a).equals(AnswerNormalizer.normalize(b));
    }
    String x = AnswerNormalizer.gradingForm(a);
    String y = AnswerNormalizer.gradingForm(b);
    if (x.equals(y)) {
      return true;
    }
    // the key differs from the grading form only by its percent signs: equal keys are equivalent
    String keyX = a.indexOf('%') < 0 ? x : AnswerNormalizer.normalize(a);
    String keyY = b.indexOf('%') < 0 ? y : AnswerNormalizer.normalize(b);
    if (keyX.equals(keyY)) {
      return true;
    }
    if (x.length() > MAX_GRADED_LENGTH || y.length() > MAX_GRADED_LENGTH) {
      return false;
    }
    if (x.compareTo(y) > 0) { // one order for both calls: symmetric by construction
      String swap = x;
      x = y;
      y = swap;
    }
    Budget budget = new Budget(STEP_BUDGET);
    try {
      MathGrader g = new MathGrader(budget);
      return g.same(AnswerStructure.parse(x, budget), AnswerStructure.parse(y, budget));
    } catch (Budget.Exhausted e) {
      return false;
    }
  }

  // ---------------------------------------------------------------- structure

  private boolean same(Part x, Part y) {
    budget.spend(1);
    if (x instanceof Scalar sx && y instanceof Scalar sy) {
      return scalars(sx.tokens(), sy.tokens());
    }
    if (x instanceof Collection cx && y instanceof Collection cy) {
      return cx.kind() == cy.kind() && unordered(cx.items(), cy.items());
    }
    if (x instanceof Collection cx && cx.kind() == AnswerStructure.Kind.SET && cx.items().size() == 1) {
      return same(cx.items().get(0), y);
    }
    if (y instanceof Collection cy && cy.kind() == AnswerStructure.Kind.SET && cy.items().size() == 1) {
      return same(x, cy.items().get(0));
    }
    if (x instanceof Sequence qx && y instanceof Sequence qy) {
      return qx.open().equals(qy.open()) && qx.close().equals(qy.close()) && ordered(qx.items(), qy.items());
    }
    if (x instanceof Matrix mx && y instanceof Matrix my) {
      return mx.rows() == my.rows() && mx.columns() == my.columns() && ordered(mx.cells(), my.cells());
    }
    if (x instanceof Matrix mx && y instanceof Sequence qy) {
      return isVector(mx, qy) && ordered(mx.cells(), qy.items());
    }
    if (x instanceof Sequence qx && y instanceof Matrix my) {
      return isVector(my, qx) && ordered(qx.items(), my.cells());
    }
    if (x instanceof Relation rx && y instanceof Relation ry) {
      return relations(rx, ry);
    }
    if (x instanceof Scalar sx && y instanceof Relation ry) {
      return solvedFor(sx.tokens(), ry);
    }
    if (x instanceof Relation rx && y instanceof Scalar sy) {
      return solvedFor(sy.tokens(), rx);
    }
    return false;
  }

  /**
   * Whether {@code value} is the equation solved for one of its variables that {@code value} does
   * not use: {@code -2x} (the key of {@code y = -2x}) and {@code 2x + y = 0}.
   */
  private boolean solvedFor(List<String> value, Relation equation) {
    if (equation.operators().size() != 1 || !equation.operators().get(0).equals("=")) {
      return false;
    }
    for (List<String> side : equation.sides()) {
      for (int i = 0; i < side.size(); i++) {
        int end = AnswerStructure.variableEnd(side, i);
        if (end < 0 || (i > 0 && side.get(i - 1).equals("_")) || value.contains(side.get(i))) {
          continue;
        }
        List<String> variable = side.subList(i, end);
        if (variable.size() == 1 && (variable.get(0).equals("e") || variable.get(0).equals("i"))) {
          continue;
        }
        List<List<String>> solved = List.of(variable, value);
        if (relations(new Relation(solved, equation.operators()), equation)) {
          return true;
        }
      }
    }
    return false;
  }

  /** A one-row or one-column matrix written as a tuple {@code (1,2,3)} or {@code \langle 1,2,3\rangle}. */
  private static boolean isVector(Matrix m, Sequence s) {
    boolean tuple = (s.open().equals("(") && s.close().equals(")"))
        || (s.open().equals("\\langle") && s.close().equals("\\rangle"));
    return tuple && (m.rows() == 1 || m.columns() == 1) && m.cells().size() == s.items().size();
  }

  private boolean ordered(List<Part> x, List<Part> y) {
    if (x.size() != y.size()) {
      return false;
    }
    for (int i = 0; i < x.size(); i++) {
      if (!same(x.get(i), y.get(i))) {
        return false;
      }
    }
    return true;
  }

  /** Same size and every item of {@code x} matched to its own item of {@code y}, in any order. */
  private boolean unordered(List<Part> x, List<Part> y) {
    if (x.size() != y.size()) {
      return false;
    }
    boolean[] used = new boolean[y.size()];
    for (Part p : x) {
      boolean found = false;
      for (int j = 0; j < y.size() && !found; j++) {
        if (!used[j] && same(p, y.get(j))) {
          used[j] = true;
          found = true;
        }
      }
      if (!found) {
        return false;
      }
    }
    return true;
  }

  /**
   * Equations are equivalent when one side minus the other is a constant non-zero multiple of the
   * other equation's ({@code y=2x+1}, {@code 2x+1=y}, {@code 2y-4x=2}); other relations when their
   * operators and sides match, read in either direction ({@code a<b} is {@code b>a}).
   */
  private boolean relations(Relation x, Relation y) {
    if (x.operators().size() != y.operators().size()) {
      return false;
    }
    if (x.operators().size() == 1 && x.operators().get(0).equals("=") && y.operators().get(0).equals("=")) {
      Symbols symbols = new Symbols();
      Expression[] e = new Expression[4];
      List<List<String>> sides = List.of(x.sides().get(0), x.sides().get(1), y.sides().get(0), y.sides().get(1));
      for (int i = 0; i < 4; i++) {
        e[i] = parse(sides.get(i), symbols);
      }
      if (e[0] != null && e[1] != null && e[2] != null && e[3] != null && symbols.size() > 0) {
        return proportional(ExprNode.binary(ExprNode.SUBTRACT, e[0].root(), e[1].root()),
            ExprNode.binary(ExprNode.SUBTRACT, e[2].root(), e[3].root()));
      }
      return sidesMatch(x.sides(), y.sides()) || sidesMatch(x.sides(), reversed(y.sides()));
    }
    if (x.operators().equals(y.operators()) && sidesMatch(x.sides(), y.sides())) {
      return true;
    }
    return flipped(x.operators()).equals(reversed(y.operators())) && sidesMatch(x.sides(), reversed(y.sides()));
  }

  private static <T> List<T> reversed(List<T> list) {
    List<T> out = new java.util.ArrayList<>(list);
    java.util.Collections.reverse(out);
    return out;
  }

  private static List<String> flipped(List<String> operators) {
    return operators.stream().map(op -> switch (op) {
      case "<" -> ">";
      case ">" -> "<";
      case "\\le" -> "\\ge";
      case "\\ge" -> "\\le";
      default -> op;
    }).toList();
  }

  private boolean sidesMatch(List<List<String>> x, List<List<String>> y) {
    if (x.size() != y.size()) {
      return false;
    }
    for (int i = 0; i < x.size(); i++) {
      if (!scalars(x.get(i), y.get(i))) {
        return false;
      }
    }
    return true;
  }

  private boolean proportional(ExprNode dx, ExprNode dy) {
    double tolerance = POINT_TOLERANCE;
    double ratio = Double.NaN;
    int valid = 0;
    for (double[] point : POINT_VALUES) {
      double a = ExpressionEvaluator.eval(dx, point, budget);
      double b = ExpressionEvaluator.eval(dy, point, budget);
      if (!Double.isFinite(a) || !Double.isFinite(b)) {
        continue;
      }
      boolean zeroA = Math.abs(a) <= 1e-10;
      boolean zeroB = Math.abs(b) <= 1e-10;
      if (zeroA && zeroB) {
        continue;
      }
      if (zeroA || zeroB) {
        return false;
      }
      double r = a / b;
      if (Double.isNaN(ratio)) {
        ratio = r;
      } else if (!close(r, ratio, tolerance)) {
        return false;
      }
      valid++;
    }
    return valid >= MIN_VALID_POINTS;
  }

  // ---------------------------------------------------------------- values

  private boolean scalars(List<String> x, List<String> y) {
    budget.spend(1);
    if (x.equals(y)) {
      return true;
    }
    boolean px = endsWithPercent(x);
    boolean py = endsWithPercent(y);
    if (px) {
      x = x.subList(0, x.size() - 1);
    }
    if (py) {
      y = y.subList(0, y.size() - 1);
    }
    if (x.isEmpty() || y.isEmpty()) {
      return false;
    }
    if (x.equals(y)) {
      return true; // 50\% and 50
    }
    char cx = choice(x);
    char cy = choice(y);
    if (cx != 0 && cy != 0) {
      return cx == cy;
    }
    String tx = AnswerNormalizer.serialize(x);
    String ty = AnswerNormalizer.serialize(y);
    NumberLiteral nx = NumberLiteral.parse(tx);
    NumberLiteral ny = NumberLiteral.parse(ty);
    if (nx != null && ny != null) {
      return numbers(nx, px, ny, py);
    }
    Symbols symbols = new Symbols();
    Expression ex = parse(x, symbols);
    Expression ey = ex == null ? null : parse(y, symbols);
    if (ex == null || ey == null) {
      return px == py && tx.equalsIgnoreCase(ty); // text: "Evelyn" is "evelyn"
    }
    if (symbols.size() == 0) {
      return constants(ex, nx, px, ey, ny, py);
    }
    // decimals in an expression with variables are exact coefficients: 1.4142x is not \sqrt{2}x (as math_equal)
    return px == py && atPoints(ex.root(), ey.root(), POINT_TOLERANCE);
  }

  private Expression parse(List<String> tokens, Symbols symbols) {
    return LatexExpressions.parse(tokens, symbols, budget);
  }

  private static boolean endsWithPercent(List<String> t) {
    return !t.isEmpty() && t.get(t.size() - 1).equals("\\%");
  }

  /** The letter of a multiple-choice answer ({@code C}, {@code (C)}, {@code (c)}), or 0. */
  private static char choice(List<String> t) {
    String letter;
    if (t.size() == 1) {
      letter = t.get(0);
      return letter.length() == 1 && letter.charAt(0) >= 'A' && letter.charAt(0) <= 'E' ? letter.charAt(0) : 0;
    }
    if (t.size() == 3 && t.get(0).equals("(") && t.get(2).equals(")")) {
      char c = Character.toUpperCase(t.get(1).charAt(0));
      return t.get(1).length() == 1 && c >= 'A' && c <= 'E' ? c : 0;
    }
    return 0;
  }

  /** Two written numbers, with the percentage alternatives. */
  private boolean numbers(NumberLiteral x, boolean px, NumberLiteral y, boolean py) {
    if (numbers(x, y)) {
      return true;
    }
    if (px && !py) {
      return numbers(scaled(x), y);
    }
    if (py && !px) {
      return numbers(x, scaled(y));
    }
    return false;
  }

  private static NumberLiteral scaled(NumberLiteral n) {
    return new NumberLiteral(n.value().multiply(PERCENT), n.decimal(),
        n.halfUlp() == null ? null : n.halfUlp().multiply(PERCENT));
  }

  /** Exactly when both are written exactly; else within the decimal tolerance and the written precision. */
  private boolean numbers(NumberLiteral x, NumberLiteral y) {
    budget.spend(x.value().cost(y.value()));
    Rational vx = x.value();
    Rational vy = y.value();
    if (vx.equals(vy)) {
      return true;
    }
    if (!x.decimal() && !y.decimal()) {
      return false;
    }
    Rational diff = vx.subtract(vy);
    if (diff == null) {
      return false;
    }
    diff = diff.abs();
    Rational max = vx.abs().compareTo(vy.abs()) >= 0 ? vx.abs() : vy.abs();
    Rational scaledDiff = diff.multiply(TEN_THOUSAND);
    if (scaledDiff == null || scaledDiff.compareTo(max) > 0) {
      return false;
    }
    NumberLiteral coarse = coarser(x, y);
    if (coarse == null) {
      return true;
    }
    NumberLiteral fine = coarse == x ? y : x;
    Rational h = coarse.halfUlp();
    if (diff.compareTo(h) <= 0) {
      return true; // the coarse one is the other rounded
    }
    // or truncated: smaller in magnitude, same sign, less than one unit in the last place off
    return coarse.value().signum() == fine.value().signum() && coarse.value().abs().compareTo(fine.value().abs()) < 0
        && diff.compareTo(h.add(h)) < 0;
  }

  /** The plain decimal written with fewer places, or null when neither is a plain decimal. */
  private static NumberLiteral coarser(NumberLiteral x, NumberLiteral y) {
    if (x.halfUlp() == null) {
      return y.halfUlp() == null ? null : y;
    }
    if (y.halfUlp() == null) {
      return x;
    }
    return x.halfUlp().compareTo(y.halfUlp()) >= 0 ? x : y;
  }

  /**
   * Two expressions without variables: exactly when both have exact values (decimals inside an
   * expression are exact: {@code 80000*1.5} is 120000, not 120001), with the written-number rules
   * when one side is a plain number; else in floating point.
   */
  private boolean constants(Expression x, NumberLiteral nx, boolean px, Expression y, NumberLiteral ny, boolean py) {
    Rational rx = ExpressionEvaluator.exact(x.root(), budget);
    Rational ry = rx == null ? null : ExpressionEvaluator.exact(y.root(), budget);
    if (rx != null && ry != null) {
      return numbers(nx != null ? nx : new NumberLiteral(rx, false, null), px,
          ny != null ? ny : new NumberLiteral(ry, false, null), py);
    }
    double[] none = POINT_VALUES[0];
    double dx = ExpressionEvaluator.eval(x.root(), none, budget);
    double dy = ExpressionEvaluator.eval(y.root(), none, budget);
    if (Double.isInfinite(dx) && Double.isInfinite(dy)) {
      return dx == dy && x.hasInfinity() && y.hasInfinity();
    }
    if (!Double.isFinite(dx) || !Double.isFinite(dy)) {
      return false;
    }
    double tolerance = x.hasDecimal() || y.hasDecimal() ? DECIMAL_TOLERANCE : EXACT_TOLERANCE;
    if (value(dx, nx, dy, ny, tolerance)) {
      return true;
    }
    if (px && !py) {
      return value(dx / 100, nx == null ? null : scaled(nx), dy, ny, tolerance);
    }
    if (py && !px) {
      return value(dx, nx, dy / 100, ny == null ? null : scaled(ny), tolerance);
    }
    return false;
  }

  /** Close within {@code tolerance}, and consistent with the precision of a side written as a plain decimal. */
  private static boolean value(double x, NumberLiteral nx, double y, NumberLiteral ny, double tolerance) {
    if (!close(x, y, tolerance)) {
      return false;
    }
    NumberLiteral written = nx != null && nx.halfUlp() != null ? nx : ny != null && ny.halfUlp() != null ? ny : null;
    if (written == null) {
      return true;
    }
    double decimal = written == nx ? x : y;
    double other = written == nx ? y : x;
    double h = written.halfUlp().toDouble() * (1 + 1e-9) + Math.ulp(other) * 4;
    double diff = Math.abs(decimal - other);
    return diff <= h || (Math.signum(decimal) == Math.signum(other) && Math.abs(decimal) < Math.abs(other)
        && diff < 2 * h);
  }

  /** Equal at every sample point where both are defined, with enough such points. */
  private boolean atPoints(ExprNode x, ExprNode y, double tolerance) {
    int valid = 0;
    for (double[] point : POINT_VALUES) {
      double a = ExpressionEvaluator.eval(x, point, budget);
      double b = ExpressionEvaluator.eval(y, point, budget);
      if (!Double.isFinite(a) || !Double.isFinite(b)) {
        continue;
      }
      if (!close(a, b, tolerance)) {
        return false;
      }
      valid++;
    }
    return valid >= MIN_VALID_POINTS;
  }

  static boolean close(double a, double b, double relative) {
    return Math.abs(a - b) <= relative * Math.max(Math.abs(a), Math.abs(b)) + ABSOLUTE_SLACK;
  }
}
