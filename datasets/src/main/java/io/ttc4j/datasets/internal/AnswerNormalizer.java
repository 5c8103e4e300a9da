package io.ttc4j.datasets.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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
 *
 * <p>Every pass is linear in the length of the answer (braces are matched once per pass with a
 * stack), and answers longer than {@link #MAX_LENGTH} characters are returned unchanged, so a
 * hostile answer costs at most {@code MAX_PASSES} linear passes.
 */
public final class AnswerNormalizer {

  /** Answers longer than this many characters are keys of themselves, not rewritten. */
  public static final int MAX_LENGTH = 10_000;

  private static final int MAX_PASSES = 16;

  /** Control words that only change how an answer looks. */
  private static final Set<String> DROPPED_WORDS = Set.of(
      "\\left", "\\right", "\\displaystyle", "\\textstyle", "\\degree", "\\quad", "\\qquad",
      "\\big", "\\Big", "\\bigg", "\\Bigg", "\\bigl", "\\bigr", "\\Bigl", "\\Bigr", "\\biggl", "\\biggr",
      "\\middle", "\\limits");

  /** Control symbols that only change spacing, plus the escaped dollar sign. */
  private static final Set<String> DROPPED_SYMBOLS = Set.of("\\,", "\\!", "\\;", "\\:", "\\$");

  /** Spellings that mean the same symbol, mapped to one. */
  private static final Map<String, String> SYNONYMS = Map.ofEntries(
      Map.entry("\\dfrac", "\\frac"), Map.entry("\\tfrac", "\\frac"), Map.entry("\\cfrac", "\\frac"),
      Map.entry("\\dbinom", "\\binom"), Map.entry("\\tbinom", "\\binom"),
      Map.entry("\\leq", "\\le"), Map.entry("\\leqslant", "\\le"), Map.entry("\\geq", "\\ge"),
      Map.entry("\\geqslant", "\\ge"), Map.entry("\\neq", "\\ne"), Map.entry("\\lt", "<"), Map.entry("\\gt", ">"),
      Map.entry("\\lbrace", "\\{"), Map.entry("\\rbrace", "\\}"), Map.entry("\\lbrack", "["), Map.entry("\\rbrack", "]"),
      Map.entry("\\lvert", "|"), Map.entry("\\rvert", "|"), Map.entry("\\vert", "|"), Map.entry("\\mid", "|"),
      Map.entry("\\varnothing", "\\emptyset"), Map.entry("\\ast", "*"), Map.entry("\\infin", "\\infty"),
      Map.entry("\u2212", "-"), Map.entry("\u00B1", "\\pm"), Map.entry("\u2213", "\\mp"),
      Map.entry("\u221E", "\\infty"), Map.entry("\u03C0", "\\pi"), Map.entry("\u221A", "\\sqrt"),
      Map.entry("\u00D7", "\\times"), Map.entry("\u00B7", "\\cdot"), Map.entry("\u22C5", "\\cdot"),
      Map.entry("\u00F7", "\\div"), Map.entry("\u2264", "\\le"), Map.entry("\u2265", "\\ge"),
      Map.entry("\u2260", "\\ne"), Map.entry("\u222A", "\\cup"), Map.entry("\u2229", "\\cap"),
      Map.entry("\u2205", "\\emptyset"), Map.entry("\u2208", "\\in"));

  /** Commands whose braced argument is plain text or only a font; they are unwrapped. */
  private static final Set<String> TEXT_WORDS = Set.of(
      "\\text", "\\textbf", "\\textit", "\\textrm", "\\textnormal", "\\textup", "\\textsf", "\\texttt", "\\mbox",
      "\\mathrm", "\\mathbf", "\\mathit", "\\mathsf", "\\boldsymbol", "\\bm");

  /** Matrix environments written differently; all become {@code pmatrix}. */
  private static final Set<String> MATRIX_ENVIRONMENTS = Set.of("bmatrix", "matrix", "smallmatrix", "array", "pmatrix");

  /** Two-letter words that are units when they follow a number ({@code 5 cm}); longer words always are. */
  private static final Set<String> SHORT_UNITS = Set.of("cm", "mm", "km", "kg", "mg", "ft", "yd", "mi", "ml", "mL",
      "hr", "oz", "lb", "lbs", "sq", "mph");

  /** Words that are not units even after a number: function names written without a backslash. */
  private static final Set<String> NOT_UNITS = Set.of("sin", "cos", "tan", "sec", "csc", "cot", "log", "ln", "exp",
      "sqrt", "pi");

  /** A unit after a number: {@code \text{ cm}}, {@code \text{ square units}}, {@code \mbox{inches}}. */
  private static final Pattern UNIT_WORDS =
      Pattern.compile("(?:\\s+[A-Za-z]+(?:\\s+[A-Za-z]+)*|[A-Za-z]{2,}(?:\\s+[A-Za-z]+)*)\\.?\\s*");

  private static final Pattern ASSIGNMENT = Pattern.compile("[A-Za-z]=([^=]+)");
  private static final Pattern THOUSANDS = Pattern.compile("([-+]?)(\\d{1,3}(?:,\\d{3})+)(\\.\\d+)?");
  private static final Pattern DECIMAL = Pattern.compile("(?<![\\d.])(\\d+)\\.(\\d+)(?![\\d.])");
  private static final Pattern TRAILING_POINT = Pattern.compile("(-?\\d+)\\.");
  private static final Pattern LEADING_POINT = Pattern.compile("(-?)\\.(\\d+)");
  private static final Pattern LEADING_PLUS = Pattern.compile("\\+(\\d+(?:\\.\\d+)?)");
  private static final Pattern LEADING_ZEROS = Pattern.compile("(-?)0+(\\d+)");
  private static final Pattern SLASH_FRACTION = Pattern.compile("(-?)(\\d+)/(\\d+)");

  private static final String PERCENT = "\\%";

  private AnswerNormalizer() {}

  /** The canonical key of {@code answer}: percent signs dropped. */
  public static String normalize(String answer) {
    return normalize(answer, false);
  }

  /**
   * The form the grader reads: the key's rules, except that a percent sign is kept, written
   * {@code \%}, so that {@code 50\%} can be compared with {@code 0.5}.
   */
  public static String gradingForm(String answer) {
    return normalize(answer, true);
  }

  private static String normalize(String answer, boolean keepPercent) {
    Objects.requireNonNull(answer, "answer");
    if (answer.length() > MAX_LENGTH) {
      return answer;
    }
    String current = unbox(answer);
    for (int pass = 0; pass < MAX_PASSES; pass++) {
      String next = pass(current, keepPercent);
      if (next.equals(current) || next.length() > MAX_LENGTH) {
        return next.length() > MAX_LENGTH ? current : next;
      }
      current = next;
    }
    return current;
  }

  /** The content of the last {@code \boxed{}} when the answer still holds one. */
  private static String unbox(String s) {
    for (int i = 0; i < 4 && (s.contains("\\boxed") || s.contains("\\fbox")); i++) {
      Optional<String> inner = BoxedAnswers.lastBoxed(s);
      if (inner.isEmpty() || inner.get().equals(s)) {
        break;
      }
      s = inner.get();
    }
    return s;
  }

  private static String pass(String s, boolean keepPercent) {
    List<String> tokens = tokenize(s);
    tokens = dropPresentation(tokens, keepPercent);
    tokens = dropFullStop(tokens);
    tokens = canonicalMatrices(tokens);
    tokens = separateAlternatives(tokens);
    tokens = dropTrailingUnit(tokens);
    tokens = dropBareTrailingUnit(tokens);
    tokens = unwrapText(tokens);
    tokens.removeIf(AnswerNormalizer::isSpace);
    tokens = dropDegrees(tokens);
    tokens = braceArguments(tokens);
    tokens = unbraceScripts(tokens);
    return rewriteNumbers(serialize(tokens));
  }

  // ---------------------------------------------------------------- tokens

  /** LaTeX tokens: control words, control symbols, runs of white space, single code points. */
  static List<String> tokenize(String s) {
    List<String> out = new ArrayList<>(s.length());
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

  static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  static boolean isControlWord(String t) {
    return t.length() > 1 && t.charAt(0) == '\\' && isAsciiLetter(t.charAt(1));
  }

  static boolean isSpace(String t) {
    return Character.isWhitespace(t.charAt(0)) || (t.length() == 2 && t.charAt(0) == '\\'
        && Character.isWhitespace(t.charAt(1))) || t.equals("~");
  }

  private static boolean isLetterToken(String t) {
    return t.length() == 1 && isAsciiLetter(t.charAt(0));
  }

  private static boolean isDigitToken(String t) {
    return t.length() == 1 && t.charAt(0) >= '0' && t.charAt(0) <= '9';
  }

  /**
   * For each opening token, the position of the token that closes it (nesting counted), or -1;
   * -1 for every other position. One stack pass, so later look-ups are constant time.
   */
  static int[] matching(List<String> t, String open, String close) {
    int[] match = new int[t.size()];
    Arrays.fill(match, -1);
    ArrayDeque<Integer> stack = new ArrayDeque<>();
    for (int i = 0; i < t.size(); i++) {
      String tok = t.get(i);
      if (tok.equals(open)) {
        stack.push(i);
      } else if (tok.equals(close) && !stack.isEmpty()) {
        match[stack.pop()] = i;
      }
    }
    return match;
  }

  private static int skipSpaces(List<String> t, int i) {
    while (i < t.size() && isSpace(t.get(i))) {
      i++;
    }
    return i;
  }

  /** Joins tokens; a control word followed by a letter keeps one space, so it stays the same command. */
  static String serialize(List<String> tokens) {
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
   * Drops spacing commands, sizing, dollar signs, degree signs and (for keys) percent signs (white
   * space stays until the text rules have seen it); maps synonyms to one spelling.
   */
  private static List<String> dropPresentation(List<String> t, boolean keepPercent) {
    List<String> out = new ArrayList<>(t.size());
    for (String tok : t) {
      if (DROPPED_WORDS.contains(tok) || DROPPED_SYMBOLS.contains(tok) || tok.equals("$") || tok.equals("\u00B0")) {
        continue;
      }
      if (tok.equals("%") || tok.equals(PERCENT)) {
        if (keepPercent) {
          out.add(PERCENT);
        }
        continue;
      }
      out.add(SYNONYMS.getOrDefault(tok, tok));
    }
    return out;
  }

  /**
   * Drops a full stop after the answer ({@code (1,2).}, {@code 1.25.}, {@code 5 \text{ cm}.}),
   * but not the dots of an ellipsis.
   */
  private static List<String> dropFullStop(List<String> t) {
    int[] last = lastNonSpace(t, 2);
    if (last.length == 2 && t.get(last[0]).equals(".") && !t.get(last[1]).equals(".")) {
      List<String> out = new ArrayList<>(t);
      out.remove(last[0]);
      return out;
    }
    return t;
  }

  /**
   * {@code \begin{bmatrix}}, {@code \begin{matrix}}, {@code \begin{smallmatrix}} and
   * {@code \begin{array}{cc}} become {@code \begin{pmatrix}} (the column spec of an array dropped),
   * and their ends likewise: they all write a matrix.
   */
  private static List<String> canonicalMatrices(List<String> t) {
    if (!t.contains("\\begin") && !t.contains("\\end")) {
      return t;
    }
    List<String> out = new ArrayList<>(t.size());
    int i = 0;
    while (i < t.size()) {
      String tok = t.get(i);
      if ((tok.equals("\\begin") || tok.equals("\\end")) && i + 1 < t.size() && t.get(i + 1).equals("{")) {
        int j = i + 2;
        StringBuilder name = new StringBuilder();
        while (j < t.size() && isLetterToken(t.get(j))) {
          name.append(t.get(j));
          j++;
        }
        if (j < t.size() && t.get(j).equals("}") && MATRIX_ENVIRONMENTS.contains(name.toString())) {
          out.add(tok);
          out.add("{");
          for (char c : "pmatrix".toCharArray()) {
            out.add(String.valueOf(c));
          }
          out.add("}");
          i = j + 1;
          if (tok.equals("\\begin") && name.toString().equals("array") && i < t.size() && t.get(i).equals("{")) {
            int close = matching(t, "{", "}")[i];
            if (close > 0) {
              i = close + 1;
            }
          }
          continue;
        }
      }
      out.add(tok);
      i++;
    }
    return out;
  }

  /**
   * The words "or" and "and" between values separate alternatives, like a comma:
   * {@code 1 \text{ or } 2}, {@code x = 1 \text{ and } x = 2}, {@code 3 or 4} all list two values.
   */
  private static List<String> separateAlternatives(List<String> t) {
    List<String> out = null;
    for (int i = 0; i < t.size(); i++) {
      int end = alternativeWord(t, i);
      if (end > 0) {
        if (out == null) {
          out = new ArrayList<>(t.subList(0, i));
        }
        out.add(",");
        i = end - 1;
      } else if (out != null) {
        out.add(t.get(i));
      }
    }
    return out == null ? t : out;
  }

  /**
   * When an "or"/"and" separator starts at {@code i} (a text command holding only the word, or the
   * bare word between white space), the position after it; else -1.
   */
  private static int alternativeWord(List<String> t, int i) {
    String tok = t.get(i);
    if (TEXT_WORDS.contains(tok)) {
      int open = skipSpaces(t, i + 1);
      if (open < t.size() && t.get(open).equals("{")) {
        int j = skipSpaces(t, open + 1);
        int word = wordEnd(t, j);
        if (word > j && isConnective(t, j, word)) {
          int close = skipSpaces(t, word);
          if (close < t.size() && t.get(close).equals("}") && i > 0 && close + 1 < t.size()) {
            return close + 1;
          }
        }
      }
      return -1;
    }
    if (isSpace(tok) && i > 0) {
      int word = wordEnd(t, i + 1);
      if (word > i + 1 && isConnective(t, i + 1, word) && word < t.size() && isSpace(t.get(word))
          && word + 1 < t.size()) {
        return word + 1;
      }
    }
    return -1;
  }

  private static int wordEnd(List<String> t, int from) {
    int j = from;
    while (j < t.size() && isLetterToken(t.get(j))) {
      j++;
    }
    return j;
  }

  private static boolean isConnective(List<String> t, int from, int to) {
    String w = String.join("", t.subList(from, to));
    return w.equals("or") || w.equals("and");
  }

  /**
   * Drops a unit written as text at the very end, right after a number or a closing brace:
   * {@code 5.4 \text{ cents}}, {@code 864 \mbox{ inches}^2}, {@code \frac{270}7\text{ degrees}}.
   * Only plain words count as a unit, and one letter only with a space before it
   * ({@code 3\text{ m}} is metres, {@code 3\text{i}} is not dropped).
   */
  private static List<String> dropTrailingUnit(List<String> t) {
    int[] last = lastNonSpace(t, 5);
    int found = last.length;
    int k = exponentTokens(t, last); // tokens of an exponent ^2, ^3, ^{2}, ^{3} after the unit
    int end = k < found ? last[k] : -1;
    if (end < 0 || !t.get(end).equals("}")) {
      return t;
    }
    int[] braces = matching(t, "{", "}");
    for (int start = end - 1; start >= 0; start--) {
      if (!TEXT_WORDS.contains(t.get(start))) {
        continue;
      }
      int open = skipSpaces(t, start + 1);
      if (open >= t.size() || !t.get(open).equals("{") || braces[open] != end) {
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

  /**
   * Drops plain words written after a number and a space at the very end: {@code 5 cm},
   * {@code 12 square feet}, {@code 3 dollars}. A word counts as a unit when it has three letters or
   * more, or is a common two-letter unit; single letters ({@code 2 x}) never do.
   */
  private static List<String> dropBareTrailingUnit(List<String> t) {
    int[] last = lastNonSpace(t, 5);
    int k = exponentTokens(t, last);
    int end = k < last.length ? last[k] + 1 : -1; // exclusive end of the words
    if (end <= 0 || !isLetterToken(t.get(end - 1))) {
      return t;
    }
    int start = end;
    boolean sawWord = false;
    while (true) {
      int wordStart = start;
      while (wordStart > 0 && isLetterToken(t.get(wordStart - 1))) {
        wordStart--;
      }
      String word = String.join("", t.subList(wordStart, start));
      if (word.isEmpty() || NOT_UNITS.contains(word) || (word.length() < 3 && !SHORT_UNITS.contains(word))) {
        return t;
      }
      if (wordStart == 0 || !isSpace(t.get(wordStart - 1))) {
        return t;
      }
      sawWord = true;
      int before = wordStart - 1;
      while (before >= 0 && isSpace(t.get(before))) {
        before--;
      }
      if (before < 0) {
        return t;
      }
      String prev = t.get(before);
      if (isDigitToken(prev) || prev.equals("}") || prev.equals("\\pi")) {
        return sawWord ? new ArrayList<>(t.subList(0, before + 1)) : t;
      }
      if (!isLetterToken(prev)) {
        return t;
      }
      start = before + 1;
    }
  }

  /** Positions of the last (up to) {@code count} tokens that are not white space, last first. */
  private static int[] lastNonSpace(List<String> t, int count) {
    int[] last = new int[count];
    int found = 0;
    for (int i = t.size() - 1; i >= 0 && found < count; i--) {
      if (!isSpace(t.get(i))) {
        last[found++] = i;
      }
    }
    return Arrays.copyOf(last, found);
  }

  /** How many of the last tokens form an exponent {@code ^2}, {@code ^3}, {@code ^{2}}, {@code ^{3}}. */
  private static int exponentTokens(List<String> t, int[] last) {
    int found = last.length;
    if (found >= 2 && isSquareOrCube(t.get(last[0])) && t.get(last[1]).equals("^")) {
      return 2;
    }
    if (found >= 4 && t.get(last[0]).equals("}") && isSquareOrCube(t.get(last[1]))
        && t.get(last[2]).equals("{") && t.get(last[3]).equals("^")) {
      return 4;
    }
    return 0;
  }

  private static boolean isSquareOrCube(String token) {
    return token.equals("2") || token.equals("3");
  }

  /** {@code \text{...}} and its kin become their content. */
  private static List<String> unwrapText(List<String> t) {
    int[] braces = null;
    List<String> out = new ArrayList<>(t.size());
    int i = 0;
    while (i < t.size()) {
      String tok = t.get(i);
      if (TEXT_WORDS.contains(tok)) {
        int open = skipSpaces(t, i + 1);
        if (open < t.size() && t.get(open).equals("{")) {
          if (braces == null) {
            braces = matching(t, "{", "}");
          }
          int close = braces[open];
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

  /**
   * {@code \frac12} becomes {@code \frac{1}{2}}, {@code \sqrt2} becomes {@code \sqrt{2}},
   * {@code \binom52} becomes {@code \binom{5}{2}} and {@code \mathbb R} becomes {@code \mathbb{R}},
   * at any depth ({@code \frac{\sqrt2}{2}} too). One scan marks the one-token arguments, a second
   * writes them braced.
   */
  private static List<String> braceArguments(List<String> t) {
    int[] braces = null;
    int[] brackets = null;
    boolean[] wrap = null;
    for (int i = 0; i < t.size(); i++) {
      String tok = t.get(i);
      int arguments = switch (tok) {
        case "\\frac", "\\binom" -> 2;
        case "\\sqrt", "\\mathbb" -> 1;
        default -> 0;
      };
      if (arguments == 0) {
        continue;
      }
      int j = i + 1;
      if (tok.equals("\\sqrt") && j < t.size() && t.get(j).equals("[")) {
        if (brackets == null) {
          brackets = matching(t, "[", "]");
        }
        if (brackets[j] < 0) {
          continue;
        }
        j = brackets[j] + 1;
      }
      for (int a = 0; a < arguments && j < t.size(); a++) {
        String arg = t.get(j);
        if (arg.equals("{")) {
          if (braces == null) {
            braces = matching(t, "{", "}");
          }
          if (braces[j] < 0) {
            break;
          }
          j = braces[j] + 1;
        } else if (isControlWord(arg) || (arg.length() == 1 && Character.isLetterOrDigit(arg.charAt(0)))) {
          if (wrap == null) {
            wrap = new boolean[t.size()];
          }
          wrap[j] = true;
          j++;
        } else {
          break;
        }
      }
    }
    if (wrap == null) {
      return t;
    }
    List<String> out = new ArrayList<>(t.size() + 8);
    for (int i = 0; i < t.size(); i++) {
      if (wrap[i]) {
        out.add("{");
        out.add(t.get(i));
        out.add("}");
      } else {
        out.add(t.get(i));
      }
    }
    return out;
  }

  /**
   * A superscript or subscript of one character or one command loses its braces:
   * {@code x^{2}} becomes {@code x^2}, {@code 52_{8}} becomes {@code 52_8}.
   */
  private static List<String> unbraceScripts(List<String> t) {
    List<String> out = null;
    for (int i = 0; i < t.size(); i++) {
      String tok = t.get(i);
      if ((tok.equals("^") || tok.equals("_")) && i + 3 < t.size() && t.get(i + 1).equals("{")
          && t.get(i + 3).equals("}") && isSimpleScript(t.get(i + 2))) {
        if (out == null) {
          out = new ArrayList<>(t.subList(0, i));
        }
        out.add(tok);
        out.add(t.get(i + 2));
        i += 3;
      } else if (out != null) {
        out.add(tok);
      }
    }
    return out == null ? t : out;
  }

  private static boolean isSimpleScript(String t) {
    return (t.length() == 1 && Character.isLetterOrDigit(t.charAt(0))) || (isControlWord(t) && !t.equals("\\circ"));
  }

  // ---------------------------------------------------------------- string rules

  private static String rewriteNumbers(String s) {
    s = s.replace("{,}", ",");
    // the rules below read a whole answer; a percent sign after it does not change them
    String suffix = "";
    if (s.endsWith(PERCENT) && s.length() > PERCENT.length()) {
      suffix = PERCENT;
      s = s.substring(0, s.length() - PERCENT.length());
    }
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
    return s + suffix;
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
