package io.ttc4j.datasets.internal;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses a LaTeX math expression (tokens of a grading form) into an {@link ExprNode} tree.
 *
 * <p>Reads numbers ({@code 2.5}, {@code 1.5e3}, mixed numbers {@code 2\frac{1}{2}}), single-letter
 * variables with optional subscripts ({@code x}, {@code a_1}), Greek letters as variables, the
 * constants {@code \pi}, {@code e} and {@code \infty}; {@code + - * / \cdot \times \div}, powers
 * {@code ^}, implicit multiplication ({@code 2\sqrt{3}}, {@code 3\pi}, {@code 2x(x+1)}),
 * {@code \frac}, {@code \sqrt}, {@code \sqrt[n]}, {@code \binom}, {@code |x|}, {@code !},
 * {@code \lfloor \rfloor}, {@code \lceil \rceil}, and the functions {@code \sin} ... {@code \cot},
 * their inverses ({@code \arcsin}, {@code \sin^{-1}}), {@code \sinh \cosh \tanh},
 * {@code \ln}, {@code \log} (natural, as sympy reads it), {@code \log_b}, {@code \exp}, with or
 * without parentheses ({@code \sin 2x}, {@code \sin^2 x}).
 *
 * <p>A run of three or more plain letters that is not a function name ({@code east},
 * {@code Evelyn}) is text, not a product of variables: such an answer does not parse and is
 * compared as text. Input size, tree size, nesting and the number of variables are capped, and
 * each token read spends one step of the caller's {@link Budget}.
 */
final class LatexExpressions {

  static final int MAX_TOKENS = 600;
  static final int MAX_NODES = 600;
  static final int MAX_DEPTH = 60;
  /** Distinct variables an answer pair may use. */
  static final int MAX_VARIABLES = 6;
  private static final int MAX_DIGITS = 400;

  /** A parsed expression and what the grader needs to know about how it was written. */
  record Expression(ExprNode root, boolean hasDecimal, boolean hasInfinity) {}

  /** The variables of the answers being compared, by slot. */
  static final class Symbols {
    private final List<String> names = new ArrayList<>(4);

    int slot(String name) {
      int i = names.indexOf(name);
      if (i >= 0) {
        return i;
      }
      if (names.size() == MAX_VARIABLES) {
        throw NotAnExpression.INSTANCE;
      }
      names.add(name);
      return names.size() - 1;
    }

    int size() {
      return names.size();
    }
  }

  private static final class NotAnExpression extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final NotAnExpression INSTANCE = new NotAnExpression();

    private NotAnExpression() {
      super("not an expression", null, false, false);
    }
  }

  private static final Map<String, Integer> FUNCTIONS = Map.ofEntries(
      Map.entry("\\sin", ExprNode.SIN), Map.entry("\\cos", ExprNode.COS), Map.entry("\\tan", ExprNode.TAN),
      Map.entry("\\sec", ExprNode.SEC), Map.entry("\\csc", ExprNode.CSC), Map.entry("\\cot", ExprNode.COT),
      Map.entry("\\arcsin", ExprNode.ARCSIN), Map.entry("\\arccos", ExprNode.ARCCOS),
      Map.entry("\\arctan", ExprNode.ARCTAN), Map.entry("\\sinh", ExprNode.SINH), Map.entry("\\cosh", ExprNode.COSH),
      Map.entry("\\tanh", ExprNode.TANH), Map.entry("\\ln", ExprNode.LN), Map.entry("\\log", ExprNode.LN),
      Map.entry("\\exp", ExprNode.EXP));

  /** Function names written without a backslash, longest first so that {@code sinh} wins over {@code sin}. */
  private static final List<String> PLAIN_FUNCTIONS = List.of(
      "arcsin", "arccos", "arctan", "sinh", "cosh", "tanh", "sqrt", "sin", "cos", "tan", "sec", "csc", "cot", "log",
      "exp", "ln");

  private static final Set<String> GREEK = Set.of(
      "\\alpha", "\\beta", "\\gamma", "\\delta", "\\epsilon", "\\varepsilon", "\\zeta", "\\eta", "\\theta",
      "\\vartheta", "\\iota", "\\kappa", "\\lambda", "\\mu", "\\nu", "\\xi", "\\rho", "\\sigma", "\\tau",
      "\\upsilon", "\\phi", "\\varphi", "\\chi", "\\psi", "\\omega", "\\Gamma", "\\Delta", "\\Theta", "\\Lambda",
      "\\Xi", "\\Sigma", "\\Phi", "\\Psi", "\\Omega");

  private static final Set<String> PRIMARY_WORDS = Set.of(
      "\\frac", "\\sqrt", "\\binom", "\\pi", "\\infty", "\\lfloor", "\\lceil");

  private final List<String> t;
  private final Symbols symbols;
  private final Budget budget;
  private int at;
  private int depth;
  private int nodes;
  private int absDepth;
  /** Tokens of the mixed-number fraction {@link #mixedFraction} last read. */
  private int mixedTokens;
  private boolean hasDecimal;
  private boolean hasInfinity;

  private LatexExpressions(List<String> tokens, Symbols symbols, Budget budget) {
    this.t = tokens;
    this.symbols = symbols;
    this.budget = budget;
  }

  static boolean isGreek(String token) {
    return GREEK.contains(token);
  }

  /** The expression {@code tokens} spell (no white space tokens), or null when they spell none. */
  static Expression parse(List<String> tokens, Symbols symbols, Budget budget) {
    if (tokens.isEmpty() || tokens.size() > MAX_TOKENS) {
      return null;
    }
    LatexExpressions p = new LatexExpressions(tokens, symbols, budget);
    try {
      ExprNode root = p.sum();
      if (p.at != tokens.size()) {
        return null;
      }
      return new Expression(root, p.hasDecimal, p.hasInfinity);
    } catch (NotAnExpression e) {
      return null;
    }
  }

  // ---------------------------------------------------------------- grammar

  private ExprNode sum() {
    enter();
    ExprNode left = term();
    while (at < t.size()) {
      String tok = t.get(at);
      if (tok.equals("+")) {
        at++;
        left = node(ExprNode.ADD, left, term());
      } else if (tok.equals("-")) {
        at++;
        left = node(ExprNode.SUBTRACT, left, term());
      } else {
        break;
      }
    }
    depth--;
    return left;
  }

  private ExprNode term() {
    ExprNode left = unary();
    while (at < t.size()) {
      String tok = t.get(at);
      if (tok.equals("*") || tok.equals("\\cdot") || tok.equals("\\times")) {
        at++;
        left = node(ExprNode.MULTIPLY, left, unary());
      } else if (tok.equals("/") || tok.equals("\\div")) {
        at++;
        left = node(ExprNode.DIVIDE, left, unary());
      } else if (startsPrimary(tok)) {
        left = node(ExprNode.MULTIPLY, left, power());
      } else {
        break;
      }
    }
    return left;
  }

  private ExprNode unary() {
    while (peek().equals("+")) {
      at++;
    }
    if (peek().equals("-")) {
      at++;
      enter();
      ExprNode n = node(ExprNode.NEGATE, unary(), null);
      depth--;
      return n;
    }
    return power();
  }

  private ExprNode power() {
    ExprNode base = postfix();
    if (peek().equals("^")) {
      at++;
      return node(ExprNode.POWER, base, exponent());
    }
    return base;
  }

  /** A superscript: a braced group, or one token as TeX reads it ({@code x^23} is {@code x^2 3}). */
  private ExprNode exponent() {
    enter();
    String tok = peek();
    ExprNode n;
    if (tok.equals("{")) {
      n = group("{", "}");
    } else if (tok.equals("-")) {
      at++;
      n = node(ExprNode.NEGATE, exponent(), null);
    } else if (isDigit(tok)) {
      at++;
      n = number(Rational.of(tok.charAt(0) - '0'));
    } else {
      n = primary();
    }
    depth--;
    return n;
  }

  private ExprNode postfix() {
    ExprNode p = primary();
    while (peek().equals("!")) {
      at++;
      p = node(ExprNode.FACTORIAL, p, null);
    }
    return p;
  }

  private ExprNode primary() {
    enter();
    budget.spend(1);
    String tok = peek();
    ExprNode n;
    if (isDigit(tok) || (tok.equals(".") && at + 1 < t.size() && isDigit(t.get(at + 1)))) {
      n = numberLiteral();
    } else if (isLetter(tok)) {
      n = letters();
    } else if (tok.equals("(")) {
      n = group("(", ")");
    } else if (tok.equals("[")) {
      n = group("[", "]");
    } else if (tok.equals("{")) {
      n = group("{", "}");
    } else if (tok.equals("|") && absDepth == 0) {
      at++;
      absDepth++;
      ExprNode inner = sum();
      absDepth--;
      expect("|");
      n = node(ExprNode.ABS, inner, null);
    } else if (tok.equals("\\frac")) {
      at++;
      ExprNode top = group("{", "}");
      n = node(ExprNode.DIVIDE, top, group("{", "}"));
    } else if (tok.equals("\\binom")) {
      at++;
      ExprNode top = group("{", "}");
      n = node(ExprNode.BINOMIAL, top, group("{", "}"));
    } else if (tok.equals("\\sqrt")) {
      at++;
      if (peek().equals("[")) {
        ExprNode index = group("[", "]");
        n = node(ExprNode.ROOT, index, group("{", "}"));
      } else {
        n = node(ExprNode.SQRT, group("{", "}"), null);
      }
    } else if (tok.equals("\\pi")) {
      at++;
      n = node(ExprNode.PI, null, null);
    } else if (tok.equals("\\infty")) {
      at++;
      hasInfinity = true;
      n = node(ExprNode.INFINITY, null, null);
    } else if (tok.equals("\\lfloor")) {
      at++;
      ExprNode inner = sum();
      expect("\\rfloor");
      n = node(ExprNode.FLOOR, inner, null);
    } else if (tok.equals("\\lceil")) {
      at++;
      ExprNode inner = sum();
      expect("\\rceil");
      n = node(ExprNode.CEIL, inner, null);
    } else if (FUNCTIONS.containsKey(tok)) {
      at++;
      n = function(FUNCTIONS.get(tok));
    } else if (GREEK.contains(tok)) {
      at++;
      n = variable(tok);
    } else {
      throw NotAnExpression.INSTANCE;
    }
    depth--;
    return n;
  }

  private boolean startsPrimary(String tok) {
    return isDigit(tok) || isLetter(tok) || tok.equals("(") || tok.equals("[") || tok.equals("{")
        || (tok.equals("|") && absDepth == 0) || PRIMARY_WORDS.contains(tok) || FUNCTIONS.containsKey(tok)
        || GREEK.contains(tok);
  }

  private ExprNode group(String open, String close) {
    expect(open);
    ExprNode inner = sum();
    expect(close);
    return inner;
  }

  /**
   * Letters: a function name written without a backslash, the constant {@code e}, or one variable
   * (with its subscript). A longer run of letters is text.
   */
  private ExprNode letters() {
    String name = plainFunctionAt(at);
    if (name != null) {
      at += name.length();
      if (name.equals("sqrt")) {
        return node(ExprNode.SQRT, argument(), null);
      }
      return function(FUNCTIONS.get("\\" + name));
    }
    int run = 0;
    while (at + run < t.size() && isLetter(t.get(at + run)) && (run == 0 || plainFunctionAt(at + run) == null)) {
      run++;
    }
    if (run >= 3) {
      throw NotAnExpression.INSTANCE;
    }
    String letter = t.get(at++);
    if (letter.equals("e") && !peek().equals("_")) {
      return node(ExprNode.EULER, null, null);
    }
    return variable(letter);
  }

  private String plainFunctionAt(int i) {
    for (String f : PLAIN_FUNCTIONS) {
      if (i + f.length() <= t.size()) {
        boolean match = true;
        for (int k = 0; k < f.length() && match; k++) {
          match = t.get(i + k).length() == 1 && t.get(i + k).charAt(0) == f.charAt(k);
        }
        if (match) {
          return f;
        }
      }
    }
    return null;
  }

  private ExprNode variable(String name) {
    StringBuilder full = new StringBuilder(name);
    if (peek().equals("_")) {
      at++;
      full.append('_');
      if (peek().equals("{")) {
        int level = 0;
        do {
          String tok = next();
          full.append(tok);
          level += tok.equals("{") ? 1 : tok.equals("}") ? -1 : 0;
        } while (level > 0);
      } else {
        full.append(next());
      }
    }
    return count(ExprNode.variable(symbols.slot(full.toString())));
  }

  /** {@code \sin x}, {@code \sin(2x)}, {@code \sin^2 x}, {@code \sin^{-1} x}, {@code \log_2 8}. */
  private ExprNode function(int function) {
    ExprNode power = null;
    if (peek().equals("^")) {
      at++;
      power = exponent();
      if (isMinusOne(power) && function <= ExprNode.COT) {
        function = inverse(function);
        power = null;
      }
    }
    ExprNode base = null;
    if (function == ExprNode.LN && peek().equals("_")) {
      at++;
      base = exponent();
    }
    ExprNode arg = argument();
    ExprNode f = base != null ? node(ExprNode.LOG_BASE, base, arg) : count(ExprNode.function(function, arg));
    return power == null ? f : node(ExprNode.POWER, f, power);
  }

  /** The argument of a function: a bracketed group, or the product of factors up to the next operator or function. */
  private ExprNode argument() {
    String tok = peek();
    if (tok.equals("(") || tok.equals("[") || tok.equals("{")) {
      return primary();
    }
    ExprNode arg = power();
    while (at < t.size() && startsPrimary(peek()) && !FUNCTIONS.containsKey(peek()) && plainFunctionAt(at) == null) {
      arg = node(ExprNode.MULTIPLY, arg, power());
    }
    return arg;
  }

  private static boolean isMinusOne(ExprNode n) {
    return n.kind == ExprNode.NEGATE && n.a.kind == ExprNode.NUMBER && n.a.exact != null
        && n.a.exact.equals(Rational.ONE);
  }

  private static int inverse(int function) {
    return switch (function) {
      case ExprNode.SIN -> ExprNode.ARCSIN;
      case ExprNode.COS -> ExprNode.ARCCOS;
      case ExprNode.TAN -> ExprNode.ARCTAN;
      default -> throw NotAnExpression.INSTANCE; // sec^{-1} and kin: rare, not worth guessing
    };
  }

  /**
   * Digits with an optional point and exponent; an integer right before a {@code \frac} of positive
   * integers is a mixed number ({@code 2\frac{1}{2}} is 5/2, never 2 times 1/2).
   */
  private ExprNode numberLiteral() {
    StringBuilder digits = new StringBuilder();
    int fractionDigits = 0;
    boolean point = false;
    while (at < t.size()) {
      String tok = t.get(at);
      if (isDigit(tok)) {
        digits.append(tok);
        if (point) {
          fractionDigits++;
        }
      } else if (tok.equals(".") && !point && at + 1 < t.size() && isDigit(t.get(at + 1))) {
        point = true;
      } else {
        break;
      }
      at++;
      if (digits.length() > MAX_DIGITS) {
        throw NotAnExpression.INSTANCE;
      }
    }
    hasDecimal |= point;
    Rational value = Rational.integer(new BigInteger(digits.toString()));
    Rational scale = Rational.powerOfTen(-fractionDigits);
    if (value == null || scale == null) {
      throw NotAnExpression.INSTANCE;
    }
    value = value.multiply(scale);
    // 1.5e3: a digit or a signed digit after the e
    if ((peek().equals("e") || peek().equals("E")) && (isDigit(peek(1))
        || ((peek(1).equals("-") || peek(1).equals("+")) && isDigit(peek(2))))) {
      at++;
      boolean negative = peek().equals("-");
      if (!isDigit(peek())) {
        at++;
      }
      int e = 0;
      while (isDigit(peek()) && e < 100_000) {
        e = e * 10 + (next().charAt(0) - '0');
      }
      Rational p = Rational.powerOfTen(negative ? -e : e);
      value = p == null ? null : value.multiply(p);
      if (value == null) {
        throw NotAnExpression.INSTANCE;
      }
    } else if (!point && peek().equals("\\frac")) {
      Rational fraction = mixedFraction(at + 1);
      if (fraction != null) {
        at += mixedTokens;
        return node(ExprNode.ADD, number(value), number(fraction));
      }
    }
    return number(value);
  }

  /**
   * The fraction of positive integers {@code {a}{b}} starting at {@code i} (right after a
   * {@code \frac}), or null; sets {@link #mixedTokens} to the tokens it spans, the {@code \frac}
   * included.
   */
  private Rational mixedFraction(int i) {
    int j = i;
    if (!peekAt(j++).equals("{")) {
      return null;
    }
    StringBuilder top = new StringBuilder();
    while (isDigit(peekAt(j))) {
      top.append(peekAt(j++));
    }
    if (top.length() == 0 || top.length() > 18 || !peekAt(j++).equals("}") || !peekAt(j++).equals("{")) {
      return null;
    }
    StringBuilder bottom = new StringBuilder();
    while (isDigit(peekAt(j))) {
      bottom.append(peekAt(j++));
    }
    if (bottom.length() == 0 || bottom.length() > 18 || !peekAt(j).equals("}")) {
      return null;
    }
    long a = Long.parseLong(top.toString());
    long b = Long.parseLong(bottom.toString());
    if (a <= 0 || b <= 0) {
      return null;
    }
    mixedTokens = j - i + 2;
    return Rational.of(BigInteger.valueOf(a), BigInteger.valueOf(b));
  }

  // ---------------------------------------------------------------- helpers

  private ExprNode number(Rational value) {
    return count(ExprNode.number(value));
  }

  private ExprNode node(int kind, ExprNode a, ExprNode b) {
    ExprNode n = a == null ? ExprNode.leaf(kind) : b == null ? ExprNode.unary(kind, a) : ExprNode.binary(kind, a, b);
    return count(n);
  }

  private ExprNode count(ExprNode n) {
    if (++nodes > MAX_NODES) {
      throw NotAnExpression.INSTANCE;
    }
    return n;
  }

  private void enter() {
    if (++depth > MAX_DEPTH) {
      throw NotAnExpression.INSTANCE;
    }
  }

  private String peek() {
    return peekAt(at);
  }

  private String peek(int ahead) {
    return peekAt(at + ahead);
  }

  private String peekAt(int i) {
    return i < t.size() ? t.get(i) : "";
  }

  private String next() {
    if (at >= t.size()) {
      throw NotAnExpression.INSTANCE;
    }
    budget.spend(1);
    return t.get(at++);
  }

  private void expect(String token) {
    if (!peek().equals(token)) {
      throw NotAnExpression.INSTANCE;
    }
    at++;
  }

  private static boolean isDigit(String tok) {
    return tok.length() == 1 && tok.charAt(0) >= '0' && tok.charAt(0) <= '9';
  }

  private static boolean isLetter(String tok) {
    return tok.length() == 1 && AnswerNormalizer.isAsciiLetter(tok.charAt(0));
  }
}
