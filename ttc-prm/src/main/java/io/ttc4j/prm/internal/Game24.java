package io.ttc4j.prm.internal;

import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.math3.fraction.BigFraction;

/**
 * The Game of 24 rules, in exact rational arithmetic: an expression over the four numbers, each used
 * once, with {@code + - * /} and parentheses, whose value is 24.
 */
public final class Game24 {

  private static final Pattern PROMPT = Pattern.compile("\\s*(\\d{1,9})(?:[\\s,]+(\\d{1,9}))(?:[\\s,]+(\\d{1,9}))(?:[\\s,]+(\\d{1,9}))\\s*");
  private static final Pattern ANSWER_LABEL = Pattern.compile("(?i)^\\s*answer\\s*:\\s*");
  private static final BigFraction TARGET = new BigFraction(24);
  /** Parenthesis nesting beyond this is rejected (no solution needs it; it bounds the recursion). */
  private static final int MAX_DEPTH = 64;

  private Game24() {}

  /**
   * The four numbers of a prompt such as {@code "4 4 6 8"}, sorted.
   *
   * @throws IllegalArgumentException when the prompt is not four integers
   */
  public static long[] numbers(String problemId, String prompt) {
    Matcher m = PROMPT.matcher(prompt);
    if (!m.matches()) {
      throw new IllegalArgumentException("Game of 24 problem '" + problemId
          + "' must have a prompt of four integers such as \"4 4 6 8\", got '" + prompt + "'");
    }
    long[] out = new long[4];
    for (int i = 0; i < 4; i++) {
      out[i] = Long.parseLong(m.group(i + 1));
    }
    Arrays.sort(out);
    return out;
  }

  /** The last line of {@code text}, trimmed, without a leading "Answer:". */
  public static String lastLineAnswer(String text) {
    String t = text.strip();
    int nl = t.lastIndexOf('\n');
    String last = (nl < 0 ? t : t.substring(nl + 1)).strip();
    return ANSWER_LABEL.matcher(last).replaceFirst("").strip();
  }

  /** Whether {@code answer} uses exactly {@code sortedNumbers} and equals 24. */
  public static boolean solves(long[] sortedNumbers, String answer) {
    String expression = ANSWER_LABEL.matcher(answer).replaceFirst("");
    int eq = expression.indexOf('=');
    if (eq >= 0) {
      expression = expression.substring(0, eq);
    }
    Parser p = new Parser(expression);
    if (!p.tokenize() || !p.usesExactly(sortedNumbers)) {
      return false;
    }
    BigFraction value = p.parse(); // null when malformed or dividing by zero
    return value != null && value.equals(TARGET);
  }

  /** Recursive descent over integer literals, + - * / and parentheses; no unary signs. */
  private static final class Parser {
    private final String src;
    private char[] kinds; // 'n' for a literal, else the operator or parenthesis
    private long[] literals;
    private int count;
    private int pos;
    private int depth;

    Parser(String src) {
      this.src = src;
    }

    boolean tokenize() {
      kinds = new char[src.length()];
      literals = new long[src.length()];
      int i = 0;
      while (i < src.length()) {
        char c = src.charAt(i);
        if (Character.isWhitespace(c)) {
          i++;
        } else if (c >= '0' && c <= '9') {
          int j = i;
          while (j < src.length() && src.charAt(j) >= '0' && src.charAt(j) <= '9') {
            j++;
          }
          if (j - i > 9) {
            return false; // far beyond any Game of 24 number
          }
          kinds[count] = 'n';
          literals[count++] = Long.parseLong(src.substring(i, j));
          i = j;
        } else if ("+-*/()".indexOf(c) >= 0) {
          kinds[count++] = c;
          i++;
        } else {
          return false;
        }
      }
      return true;
    }

    boolean usesExactly(long[] sortedNumbers) {
      long[] used = new long[count];
      int k = 0;
      for (int i = 0; i < count; i++) {
        if (kinds[i] == 'n') {
          used[k++] = literals[i];
        }
      }
      long[] sorted = Arrays.copyOf(used, k);
      Arrays.sort(sorted);
      return Arrays.equals(sorted, sortedNumbers);
    }

    /** The value, or null when the tokens are not one well-formed expression. */
    BigFraction parse() {
      BigFraction v = expression();
      return v != null && pos == count ? v : null;
    }

    private BigFraction expression() {
      BigFraction v = term();
      while (v != null && pos < count && (kinds[pos] == '+' || kinds[pos] == '-')) {
        char op = kinds[pos++];
        BigFraction w = term();
        if (w == null) {
          return null;
        }
        v = op == '+' ? v.add(w) : v.subtract(w);
      }
      return v;
    }

    private BigFraction term() {
      BigFraction v = factor();
      while (v != null && pos < count && (kinds[pos] == '*' || kinds[pos] == '/')) {
        char op = kinds[pos++];
        BigFraction w = factor();
        if (w == null) {
          return null;
        }
        if (op == '/' && w.getNumerator().signum() == 0) {
          return null;
        }
        v = op == '*' ? v.multiply(w) : v.divide(w);
      }
      return v;
    }

    private BigFraction factor() {
      if (pos >= count) {
        return null;
      }
      if (kinds[pos] == 'n') {
        return new BigFraction(literals[pos++]);
      }
      if (kinds[pos] == '(') {
        if (++depth > MAX_DEPTH) {
          return null;
        }
        pos++;
        BigFraction v = expression();
        if (v == null || pos >= count || kinds[pos] != ')') {
          return null;
        }
        pos++;
        depth--;
        return v;
      }
      return null;
    }
  }
}
