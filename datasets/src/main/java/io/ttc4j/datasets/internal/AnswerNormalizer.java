package io.ttc4j.datasets.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites a math answer written in LaTeX into a canonical key, with rules that never make two
 * different answers equal (as far as a string rewrite can tell). Rules are applied until nothing
 * changes, so the result is a fixed point and normalising twice gives the same key.
 *
 * <p>Works on LaTeX tokens (control words such as {@code \frac}, control symbols such as
 * {@code \,}, single characters), so that dropping white space never glues a command to the
 * letter after it: {@code \pi r} keeps one space, {@code \frac 1 2} loses both.
 */
public final class AnswerNormalizer {

  private static final int MAX_PASSES = 16;

  /** Control words that only change how an answer looks. */
  private static final Set<String> DROPPED_WORDS = Set.of(
      "\\left", "\\right", "\\displaystyle", "\\degree",
      "\\big", "\\Big", "\\bigg", "\\Bigg", "\\bigl", "\\bigr", "\\Bigl", "\\Bigr");

  /** Control symbols that only change spacing, plus the escaped dollar and percent signs. */
  private static final Set<String> DROPPED_SYMBOLS = Set.of("\\,", "\\!", "\\;", "\\:", "\\$", "\\%");

  /** Commands whose braced argument is plain text; they are unwrapped. */
  private static final Set<String> TEXT_WORDS = Set.of(
      "\\text", "\\textbf", "\\textit", "\\textrm", "\\textnormal", "\\textup", "\\mbox", "\\mathrm");

  /** A unit after a number: {@code \text{ cm}}, {@code \text{ square units}}, {@code \mbox{inches}}. */
  private static final Pattern UNIT_WORDS =
      Pattern.compile("\\s+[A-Za-z]+(?:\\s+[A-Za-z]+)*\\s*|[A-Za-z]{2,}(?:\\s+[A-Za-z]+)*\\s*");

  private static final Pattern ASSIGNMENT = Pattern.compile("[A-Za-z]=([^=]+)");
  private static final Pattern THOUSANDS = Pattern.compile("([-+]?)(\\d{1,3}(?:,\\d{3})+)(\\.\\d+)?");
  private static final Pattern DECIMAL = Pattern.compile("(?<![\\d.])(\\d+)\\.(\\d+)(?![\\d.])");
  private static final Pattern TRAILING_POINT = Pattern.compile("(-?\\d+)\\.");
  private static final Pattern LEADING_POINT = Pattern.compile("(-?)\\.(\\d+)");
  private static final Pattern LEADING_PLUS = Pattern.compile("\\+(\\d+(?:\\.\\d+)?)");
  private static final Pattern LEADING_ZEROS = Pattern.compile("(-?)0+(\\d+)");
  private static final Pattern SLASH_FRACTION = Pattern.compile("(-?)(\\d+)/(\\d+)");

  private AnswerNormalizer() {}

  /** The canonical key of {@code answer}. */
  public static String normalize(String answer) {
    Objects.requireNonNull(answer, "answer");
    String current = answer;
    for (int pass = 0; pass < MAX_PASSES; pass++) {
      String next = pass(current);
      if (next.equals(current)) {
        return current;
      }
      current = next;
    }
    return current;
  }

  private static String pass(String s) {
    List<String> tokens = tokenize(s);
    tokens = dropPresentation(tokens);
    tokens = dropTrailingUnit(tokens);
    tokens = unwrapText(tokens);
    tokens.removeIf(AnswerNormalizer::isSpace);
    tokens = dropDegrees(tokens);
    tokens = braceArguments(tokens);
    return rewriteNumbers(serialize(tokens));
  }

  // ---------------------------------------------------------------- tokens

  /** LaTeX tokens: control words, control symbols, runs of white space, single code points. */
  static List<String> tokenize(String s) {
    List<String> out = new ArrayList<>();
    int i = 0;
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      if (c == '\\') {
        int j = i + 1;
        if (j < n && isAsciiLetter(s.charAt(j))) {
          while (j < n && isAsciiLetter(s.charAt(j))) {
            j++;
          }
        } else if (j < n) {
          j += Character.charCount(s.codePointAt(j));
        }
        out.add(s.substring(i, j));
        i = j;
      } else if (Character.isWhitespace(c)) {
        int j = i;
        while (j < n && Character.isWhitespace(s.charAt(j))) {
          j++;
        }
        out.add(s.substring(i, j));
        i = j;
      } else {
        int j = i + Character.charCount(s.codePointAt(i));
        out.add(s.substring(i, j));
        i = j;
      }
    }
    return out;
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isControlWord(String t) {
    return t.length() > 1 && t.charAt(0) == '\\' && isAsciiLetter(t.charAt(1));
  }

  private static boolean isSpace(String t) {
    return Character.isWhitespace(t.charAt(0)) || (t.length() == 2 && t.charAt(0) == '\\'
        && Character.isWhitespace(t.charAt(1)));
  }

  /** Position of the token closing the group opened at {@code open}, or -1. */
  private static int closing(List<String> t, int open, String openToken, String closeToken) {
    int depth = 0;
    for (int i = open; i < t.size(); i++) {
      if (t.get(i).equals(openToken)) {
        depth++;
      } else if (t.get(i).equals(closeToken)) {
        depth--;
        if (depth == 0) {
          return i;
        }
      }
    }
    return -1;
  }

  private static int skipSpaces(List<String> t, int i) {
    while (i < t.size() && isSpace(t.get(i))) {
      i++;
    }
    return i;
  }

  /** Joins tokens; a control word followed by a letter keeps one space, so it stays the same command. */
  private static String serialize(List<String> tokens) {
    StringBuilder b = new StringBuilder();
    String previous = null;
    for (String t : tokens) {
      if (isSpace(t)) {
        continue;
      }
      if (previous != null && isControlWord(previous) && isAsciiLetter(t.charAt(0))) {
        b.append(' ');
      }
      b.append(t);
      previous = t;
    }
    return b.toString();
  }

  // ---------------------------------------------------------------- token rules

  /**
   * Drops a unit written as text at the very end, right after a number or a closing brace:
   * {@code 5.4 \text{ cents}}, {@code 864 \mbox{ inches}^2}, {@code \frac{270}7\text{ degrees}}.
   * Only plain words count as a unit, and one letter only with a space before it
   * ({@code 3\text{ m}} is metres, {@code 3\text{i}} is not dropped).
   */
  private static List<String> dropTrailingUnit(List<String> t) {
    // positions of the last five tokens that are not white space, last first
    int[] last = new int[5];
    int found = 0;
    for (int i = t.size() - 1; i >= 0 && found < last.length; i--) {
      if (!isSpace(t.get(i))) {
        last[found++] = i;
      }
    }
    int k = 0; // how many of them belong to an exponent ^2, ^3, ^{2}, ^{3} after the unit
    if (found >= 2 && isSquareOrCube(t.get(last[0])) && t.get(last[1]).equals("^")) {
      k = 2;
    } else if (found >= 4 && t.get(last[0]).equals("}") && isSquareOrCube(t.get(last[1]))
        && t.get(last[2]).equals("{") && t.get(last[3]).equals("^")) {
      k = 4;
    }
    int end = k < found ? last[k] : -1;
    if (end < 0 || !t.get(end).equals("}")) {
      return t;
    }
    for (int start = end - 1; start >= 0; start--) {
      if (!TEXT_WORDS.contains(t.get(start))) {
        continue;
      }
      int open = skipSpaces(t, start + 1);
      if (open >= t.size() || !t.get(open).equals("{") || closing(t, open, "{", "}") != end) {
        continue;
      }
      String content = String.join("", t.subList(open + 1, end));
      int before = start - 1;
      while (before >= 0 && isSpace(t.get(before))) {
        before--;
      }
      boolean afterNumber = before >= 0
          && (Character.isDigit(t.get(before).charAt(0)) || t.get(before).equals("}"));
      if (afterNumber && UNIT_WORDS.matcher(content).matches()) {
        return new ArrayList<>(t.subList(0, start));
      }
      return t;
    }
    return t;
  }

  private static boolean isSquareOrCube(String token) {
    return token.equals("2") || token.equals("3");
  }

  /** {@code \text{...}} and its kin become their content. */
  private static List<String> unwrapText(List<String> t) {
    List<String> out = new ArrayList<>(t.size());
    int i = 0;
    while (i < t.size()) {
      String tok = t.get(i);
      if (TEXT_WORDS.contains(tok)) {
        int open = skipSpaces(t, i + 1);
        if (open < t.size() && t.get(open).equals("{")) {
          int close = closing(t, open, "{", "}");
          if (close > 0) {
            out.addAll(t.subList(open + 1, close));
            i = close + 1;
            continue;
          }
        }
      }
      out.add(tok);
      i++;
    }
    return out;
  }

  /**
   * Drops spacing commands, sizing, dollar and percent signs (white space stays until the text
   * rules have seen it); {@code \dfrac} and kin become {@code \frac}.
   */
  private static List<String> dropPresentation(List<String> t) {
    List<String> out = new ArrayList<>(t.size());
    for (String tok : t) {
      if (DROPPED_WORDS.contains(tok) || DROPPED_SYMBOLS.contains(tok)
          || tok.equals("$") || tok.equals("%") || tok.equals("\u00B0")) {
        continue;
      }
      switch (tok) {
        case "\\dfrac", "\\tfrac", "\\cfrac" -> out.add("\\frac");
        case "\u2212" -> out.add("-");
        default -> out.add(tok);
      }
    }
    return out;
  }

  /** Drops {@code ^\circ} and {@code ^{\circ}}. */
  private static List<String> dropDegrees(List<String> t) {
    List<String> out = new ArrayList<>(t.size());
    int i = 0;
    while (i < t.size()) {
      if (t.get(i).equals("^")) {
        if (i + 1 < t.size() && t.get(i + 1).equals("\\circ")) {
          i += 2;
          continue;
        }
        if (i + 3 < t.size() && t.get(i + 1).equals("{") && t.get(i + 2).equals("\\circ") && t.get(i + 3).equals("}")) {
          i += 4;
          continue;
        }
      }
      out.add(t.get(i));
      i++;
    }
    return out;
  }

  /** {@code \frac12} becomes {@code \frac{1}{2}} and {@code \sqrt2} becomes {@code \sqrt{2}}. */
  private static List<String> braceArguments(List<String> t) {
    List<String> out = new ArrayList<>(t.size() + 4);
    int i = 0;
    while (i < t.size()) {
      String tok = t.get(i);
      out.add(tok);
      i++;
      int arguments = tok.equals("\\frac") ? 2 : tok.equals("\\sqrt") ? 1 : 0;
      if (arguments == 1 && i < t.size() && t.get(i).equals("[")) {
        int close = closing(t, i, "[", "]");
        if (close < 0) {
          continue;
        }
        out.addAll(t.subList(i, close + 1));
        i = close + 1;
      }
      for (int a = 0; a < arguments && i < t.size(); a++) {
        String arg = t.get(i);
        if (arg.equals("{")) {
          int close = closing(t, i, "{", "}");
          if (close < 0) {
            break;
          }
          out.addAll(t.subList(i, close + 1));
          i = close + 1;
        } else if (isControlWord(arg) || (arg.length() == 1 && Character.isLetterOrDigit(arg.charAt(0)))) {
          out.add("{");
          out.add(arg);
          out.add("}");
          i++;
        } else {
          break;
        }
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- string rules

  private static String rewriteNumbers(String s) {
    s = s.replace("{,}", ",");
    Matcher m = ASSIGNMENT.matcher(s);
    if (m.matches()) {
      s = m.group(1);
    }
    m = THOUSANDS.matcher(s);
    if (m.matches()) {
      s = m.group(1) + m.group(2).replace(",", "") + (m.group(3) == null ? "" : m.group(3));
    }
    s = stripDecimalZeros(s);
    if ((m = TRAILING_POINT.matcher(s)).matches()) {
      s = m.group(1);
    } else if ((m = LEADING_POINT.matcher(s)).matches()) {
      s = m.group(1) + "0." + m.group(2);
    } else if ((m = LEADING_PLUS.matcher(s)).matches()) {
      s = m.group(1);
    }
    if ((m = LEADING_ZEROS.matcher(s)).matches()) {
      s = m.group(1) + m.group(2);
    } else if ((m = SLASH_FRACTION.matcher(s)).matches()) {
      s = m.group(1) + "\\frac{" + m.group(2) + "}{" + m.group(3) + "}";
    }
    return s;
  }

  /** {@code 2.50} becomes {@code 2.5} and {@code 3.0} becomes {@code 3}, wherever such a number stands. */
  private static String stripDecimalZeros(String s) {
    Matcher m = DECIMAL.matcher(s);
    StringBuilder b = null;
    int last = 0;
    while (m.find()) {
      String fraction = m.group(2);
      int keep = fraction.length();
      while (keep > 0 && fraction.charAt(keep - 1) == '0') {
        keep--;
      }
      if (keep == fraction.length()) {
        continue;
      }
      if (b == null) {
        b = new StringBuilder(s.length());
      }
      b.append(s, last, m.start()).append(m.group(1));
      if (keep > 0) {
        b.append('.').append(fraction, 0, keep);
      }
      last = m.end();
    }
    return b == null ? s : b.append(s, last, s.length()).toString();
  }
}
