package io.ttc4j.datasets.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads the shape of an answer from its grading form: a single value, an ordered sequence
 * (a point, a vector or an interval, brackets kept: {@code (1,2]}), an unordered collection (a set
 * {@code \{1,2\}}, a list of solutions {@code 1, 2} or {@code x=1, x=2}, the two values of
 * {@code 1\pm\sqrt{2}}, a union of intervals), a matrix, or a relation (an equation or an
 * inequality). The values inside stay token lists; {@link MathGrader} compares them.
 *
 * <p>Rewrites that keep the meaning: {@code x \in S} is {@code S}; a whole answer
 * {@code 2x+3 = y} is {@code 2x+3} (one side a lone variable, as {@code y = 2x+3} is keyed
 * {@code 2x+3}); a list whose equations all assign the same variable ({@code x=1, x=2}) is the list
 * of their values; an inequality in one variable is an interval ({@code x \le 3} is
 * {@code (-\infty,3]}); {@code \mathbb{R}} is {@code (-\infty,\infty)}; {@code \emptyset} and
 * {@code \{\}} are the empty set.
 */
final class AnswerStructure {

  /** Items a collection or sequence may hold; more and the answer is compared as text. */
  static final int MAX_ITEMS = 64;
  /** Cells a matrix may hold. */
  static final int MAX_CELLS = 256;
  /** Nesting of structures (a set of tuples of intervals ...). */
  static final int MAX_DEPTH = 8;

  private static final Set<String> OPENERS = Set.of("(", "[", "{", "\\{", "\\langle", "\\lfloor", "\\lceil", "\\begin");
  private static final Set<String> CLOSERS = Set.of(")", "]", "}", "\\}", "\\rangle", "\\rfloor", "\\rceil", "\\end");
  private static final Set<String> RELATIONS = Set.of("=", "<", ">", "\\le", "\\ge", "\\ne");
  private static final List<String> MINUS_INFINITY = List.of("-", "\\infty");
  private static final List<String> INFINITY = List.of("\\infty");

  /** What an answer is made of. */
  sealed interface Part permits Scalar, Sequence, Collection, Matrix, Relation {}

  /** One value, as tokens without white space. */
  record Scalar(List<String> tokens) implements Part {
    String text() {
      return AnswerNormalizer.serialize(tokens);
    }
  }

  /** An ordered sequence between brackets: a point, a vector, an interval. */
  record Sequence(String open, String close, List<Part> items) implements Part {}

  /** How the items of a collection combine. */
  enum Kind { SET, UNION }

  /** An unordered collection: a set or list of solutions ({@code SET}), or a union of sets. */
  record Collection(Kind kind, List<Part> items) implements Part {}

  /** A matrix, cells row by row. */
  record Matrix(int rows, int columns, List<Part> cells) implements Part {}

  /** {@code sides[0] operators[0] sides[1] ...}: an equation, an inequality or a chain of them. */
  record Relation(List<List<String>> sides, List<String> operators) implements Part {}

  private final Budget budget;

  private AnswerStructure(Budget budget) {
    this.budget = budget;
  }

  /** The structure of a grading form (see {@link AnswerNormalizer#gradingForm(String)}). */
  static Part parse(String gradingForm, Budget budget) {
    List<String> tokens = AnswerNormalizer.tokenize(gradingForm);
    tokens.removeIf(AnswerNormalizer::isSpace);
    budget.spend(tokens.size());
    AnswerStructure s = new AnswerStructure(budget);
    Part p = s.list(tokens, 0);
    if (p instanceof Relation r) {
      List<String> value = assignedValue(r);
      if (value != null) {
        return s.item(value, 1);
      }
    }
    return p;
  }

  /** A comma-separated list, or one item. */
  private Part list(List<String> t, int depth) {
    budget.spend(1);
    if (depth > MAX_DEPTH) {
      return new Scalar(t);
    }
    List<List<String>> pieces = split(t, ",");
    if (pieces.size() == 1) {
      return item(t, depth);
    }
    if (pieces.size() > MAX_ITEMS) {
      return new Scalar(t);
    }
    List<Part> items = new ArrayList<>(pieces.size());
    for (List<String> piece : pieces) {
      items.add(item(piece, depth + 1));
    }
    return new Collection(Kind.SET, flatten(reduceAssignments(items)));
  }

  /** One item: a set, a union, a relation, a matrix, a sequence, a {@code \pm} pair or a scalar. */
  private Part item(List<String> t, int depth) {
    budget.spend(1);
    if (t.isEmpty() || depth > MAX_DEPTH) {
      return new Scalar(t);
    }
    int in = variableEnd(t, 0);
    if (in > 0 && in < t.size() - 1 && t.get(in).equals("\\in")) {
      return item(t.subList(in + 1, t.size()), depth + 1);
    }
    if (t.size() == 1 && t.get(0).equals("\\emptyset")) {
      return new Collection(Kind.SET, List.of());
    }
    if (t.get(0).equals("\\{") && t.get(t.size() - 1).equals("\\}") && wraps(t)) {
      List<String> inner = t.subList(1, t.size() - 1);
      if (inner.isEmpty()) {
        return new Collection(Kind.SET, List.of());
      }
      Part p = list(inner, depth + 1);
      return p instanceof Collection c && c.kind() == Kind.SET ? c : new Collection(Kind.SET, List.of(p));
    }
    List<List<String>> union = split(t, "\\cup");
    if (union.size() > 1) {
      if (union.size() > MAX_ITEMS) {
        return new Scalar(t);
      }
      List<Part> items = new ArrayList<>(union.size());
      for (List<String> u : union) {
        items.add(item(u, depth + 1));
      }
      return new Collection(Kind.UNION, items);
    }
    Relation relation = relation(t);
    if (relation != null) {
      Part interval = interval(relation);
      return interval != null ? interval : relation;
    }
    Part matrix = matrix(t, depth);
    if (matrix != null) {
      return matrix;
    }
    String open = t.get(0);
    String close = t.get(t.size() - 1);
    if ((open.equals("(") || open.equals("[") || open.equals("\\langle"))
        && (close.equals(")") || close.equals("]") || close.equals("\\rangle")) && t.size() > 2 && wraps(t)) {
      List<List<String>> inner = split(t.subList(1, t.size() - 1), ",");
      if (inner.size() == 1 && open.equals("(") && close.equals(")")) {
        Part m = matrix(inner.get(0), depth); // \left(\begin{matrix}...\end{matrix}\right)
        if (m != null) {
          return m;
        }
      }
      if (inner.size() > 1 && inner.size() <= MAX_ITEMS) {
        List<Part> items = new ArrayList<>(inner.size());
        for (List<String> piece : inner) {
          items.add(item(piece, depth + 1));
        }
        return new Sequence(open, close, items);
      }
    }
    if (t.size() == 4 && open.equals("\\mathbb") && t.get(2).equals("R")) {
      return new Sequence("(", ")", List.of(new Scalar(MINUS_INFINITY), new Scalar(INFINITY)));
    }
    Part pm = plusMinus(t);
    return pm != null ? pm : new Scalar(t);
  }

  // ---------------------------------------------------------------- splitting

  /** Pieces of {@code t} between separators that stand outside every bracket. */
  private static List<List<String>> split(List<String> t, String separator) {
    List<List<String>> out = null;
    int depth = 0;
    int start = 0;
    for (int i = 0; i < t.size(); i++) {
      String tok = t.get(i);
      if (OPENERS.contains(tok)) {
        depth++;
      } else if (CLOSERS.contains(tok)) {
        depth--;
      } else if (depth == 0 && tok.equals(separator)) {
        if (out == null) {
          out = new ArrayList<>();
        }
        out.add(t.subList(start, i));
        start = i + 1;
      }
    }
    if (out == null) {
      return List.of(t);
    }
    out.add(t.subList(start, t.size()));
    return out;
  }

  /** Whether the first token opens a bracket that only the last token closes. */
  private static boolean wraps(List<String> t) {
    int depth = 0;
    for (int i = 0; i < t.size(); i++) {
      String tok = t.get(i);
      if (OPENERS.contains(tok)) {
        depth++;
      } else if (CLOSERS.contains(tok)) {
        depth--;
        if (depth == 0 && i < t.size() - 1) {
          return false;
        }
      }
    }
    return depth == 0;
  }

  /** Whether every bracket in {@code t} is closed inside it. */
  private static boolean balanced(List<String> t) {
    int depth = 0;
    for (String tok : t) {
      if (OPENERS.contains(tok)) {
        depth++;
      } else if (CLOSERS.contains(tok) && --depth < 0) {
        return false;
      }
    }
    return depth == 0;
  }

  /**
   * The end of a lone variable starting at {@code from} (a letter or a Greek letter, with an
   * optional subscript: {@code x}, {@code a_1}, {@code \theta}, {@code x_{n}}), or -1.
   */
  static int variableEnd(List<String> t, int from) {
    if (from >= t.size()) {
      return -1;
    }
    String tok = t.get(from);
    boolean letter = tok.length() == 1 && AnswerNormalizer.isAsciiLetter(tok.charAt(0));
    if (!letter && !LatexExpressions.isGreek(tok)) {
      return -1;
    }
    int i = from + 1;
    if (i + 1 < t.size() && t.get(i).equals("_")) {
      if (t.get(i + 1).equals("{")) {
        int depth = 0;
        for (int j = i + 1; j < t.size(); j++) {
          if (t.get(j).equals("{")) {
            depth++;
          } else if (t.get(j).equals("}") && --depth == 0) {
            return j + 1;
          }
        }
        return -1;
      }
      return i + 2;
    }
    return i;
  }

  private static boolean isLoneVariable(List<String> t) {
    return variableEnd(t, 0) == t.size();
  }

  // ---------------------------------------------------------------- relations

  /** The sides and operators of a relation outside every bracket, or null when there is none. */
  private static Relation relation(List<String> t) {
    List<List<String>> sides = null;
    List<String> operators = null;
    int depth = 0;
    int start = 0;
    for (int i = 0; i < t.size(); i++) {
      String tok = t.get(i);
      if (OPENERS.contains(tok)) {
        depth++;
      } else if (CLOSERS.contains(tok)) {
        depth--;
      } else if (depth == 0 && RELATIONS.contains(tok)) {
        if (sides == null) {
          sides = new ArrayList<>();
          operators = new ArrayList<>();
        }
        sides.add(t.subList(start, i));
        operators.add(tok);
        start = i + 1;
      }
    }
    if (sides == null) {
      return null;
    }
    sides.add(t.subList(start, t.size()));
    for (List<String> side : sides) {
      if (side.isEmpty()) {
        return null;
      }
    }
    return new Relation(sides, operators);
  }

  /** The value of {@code v = value} or {@code value = v}, v a lone variable absent from value; else null. */
  static List<String> assignedValue(Relation r) {
    if (r.operators().size() != 1 || !r.operators().get(0).equals("=")) {
      return null;
    }
    List<String> left = r.sides().get(0);
    List<String> right = r.sides().get(1);
    if (isLoneVariable(left) && !(isLoneVariable(right)) && !mentions(right, left)) {
      return right;
    }
    if (isLoneVariable(right) && !isLoneVariable(left) && !mentions(left, right)) {
      return left;
    }
    return null;
  }

  private static String assignedVariable(Relation r) {
    if (assignedValue(r) == null) {
      return null;
    }
    List<String> left = r.sides().get(0);
    return AnswerNormalizer.serialize(isLoneVariable(left) ? left : r.sides().get(1));
  }

  private static boolean mentions(List<String> t, List<String> variable) {
    return t.contains(variable.get(0));
  }

  /** A one-variable inequality ({@code x<3}, {@code -1\le x<2}, {@code 5\ge x}) as an interval; else null. */
  private static Part interval(Relation r) {
    List<String> ops = r.operators();
    boolean less = true;
    boolean greater = true;
    for (String op : ops) {
      less &= op.equals("<") || op.equals("\\le");
      greater &= op.equals(">") || op.equals("\\ge");
    }
    if (!(less || greater) || ops.size() > 2) {
      return null;
    }
    List<List<String>> sides = new ArrayList<>(r.sides());
    List<String> operators = new ArrayList<>(ops);
    if (greater) { // read it backwards: 5 > x \ge 1 is 1 \le x < 5
      java.util.Collections.reverse(sides);
      java.util.Collections.reverse(operators);
      operators.replaceAll(op -> op.equals(">") ? "<" : "\\le");
    }
    int variable = -1;
    for (int i = 0; i < sides.size(); i++) {
      if (isLoneVariable(sides.get(i))) {
        if (variable >= 0) {
          return null;
        }
        variable = i;
      }
    }
    if (variable < 0) {
      return null;
    }
    for (int i = 0; i < sides.size(); i++) {
      if (i != variable && mentions(sides.get(i), sides.get(variable))) {
        return null;
      }
    }
    List<String> low = MINUS_INFINITY;
    List<String> high = INFINITY;
    String open = "(";
    String close = ")";
    if (variable > 0) {
      low = sides.get(variable - 1);
      open = operators.get(variable - 1).equals("<") ? "(" : "[";
    }
    if (variable < sides.size() - 1) {
      high = sides.get(variable + 1);
      close = operators.get(variable).equals("<") ? ")" : "]";
    }
    if (ops.size() == 2 && (variable != 1)) {
      return null;
    }
    return new Sequence(open, close, List.of(new Scalar(low), new Scalar(high)));
  }

  /**
   * In a list whose equations all assign one variable ({@code x=1, x=-2}), each equation becomes its
   * value; equations of different variables ({@code x=1, y=2}) stay.
   */
  private static List<Part> reduceAssignments(List<Part> items) {
    String variable = null;
    for (Part p : items) {
      if (p instanceof Relation r) {
        String v = assignedVariable(r);
        if (v == null || (variable != null && !variable.equals(v))) {
          return items;
        }
        variable = v;
      }
    }
    if (variable == null) {
      return items;
    }
    List<Part> out = new ArrayList<>(items.size());
    for (Part p : items) {
      out.add(p instanceof Relation r ? valueOf(assignedValue(r)) : p);
    }
    return out;
  }

  private static Part valueOf(List<String> value) {
    Part pm = plusMinus(value);
    return pm != null ? pm : new Scalar(value);
  }

  /** Sets inside a list of solutions ({@code 1\pm\sqrt{5}, -2}) join the list. */
  private static List<Part> flatten(List<Part> items) {
    List<Part> out = new ArrayList<>(items.size() + 2);
    for (Part p : items) {
      if (p instanceof Collection c && c.kind() == Kind.SET && !c.items().isEmpty()) {
        out.addAll(c.items());
      } else {
        out.add(p);
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- matrices and plus-minus

  /** {@code \begin{pmatrix} a & b \\ c & d \end{pmatrix}} as a matrix; null when {@code t} is not one. */
  private Part matrix(List<String> t, int depth) {
    String begin = "\\begin{pmatrix}";
    String end = "\\end{pmatrix}";
    int n = t.size();
    if (n < 20 || !t.get(0).equals("\\begin") || !t.get(n - 10).equals("\\end")) {
      return null;
    }
    if (!AnswerNormalizer.serialize(t.subList(0, 10)).equals(begin)
        || !AnswerNormalizer.serialize(t.subList(n - 10, n)).equals(end) || !balanced(t.subList(10, n - 10))) {
      return null;
    }
    List<List<String>> rows = new ArrayList<>(split(t.subList(10, n - 10), "\\\\"));
    if (!rows.isEmpty() && rows.get(rows.size() - 1).isEmpty()) {
      rows.remove(rows.size() - 1);
    }
    if (rows.isEmpty()) {
      return null;
    }
    int columns = -1;
    List<Part> cells = new ArrayList<>();
    for (List<String> row : rows) {
      List<List<String>> rowCells = split(row, "&");
      if (columns >= 0 && rowCells.size() != columns) {
        return null;
      }
      columns = rowCells.size();
      if (cells.size() + columns > MAX_CELLS) {
        return null;
      }
      for (List<String> cell : rowCells) {
        cells.add(item(cell, depth + 1));
      }
    }
    return new Matrix(rows.size(), columns, cells);
  }

  /**
   * {@code a \pm b} as the collection of {@code a + b} and {@code a - b} ({@code \mp} takes the
   * other sign); null when there is no {@code \pm} outside brackets.
   */
  private static Part plusMinus(List<String> t) {
    boolean found = false;
    int depth = 0;
    for (String tok : t) {
      if (OPENERS.contains(tok)) {
        depth++;
      } else if (CLOSERS.contains(tok)) {
        depth--;
      } else if (depth == 0 && (tok.equals("\\pm") || tok.equals("\\mp"))) {
        found = true;
      }
    }
    if (!found) {
      return null;
    }
    List<String> plus = new ArrayList<>(t.size());
    List<String> minus = new ArrayList<>(t.size());
    depth = 0;
    for (String tok : t) {
      if (OPENERS.contains(tok)) {
        depth++;
      } else if (CLOSERS.contains(tok)) {
        depth--;
      }
      if (depth == 0 && tok.equals("\\pm")) {
        plus.add("+");
        minus.add("-");
      } else if (depth == 0 && tok.equals("\\mp")) {
        plus.add("-");
        minus.add("+");
      } else {
        plus.add(tok);
        minus.add(tok);
      }
    }
    return new Collection(Kind.SET, List.of(new Scalar(plus), new Scalar(minus)));
  }
}
