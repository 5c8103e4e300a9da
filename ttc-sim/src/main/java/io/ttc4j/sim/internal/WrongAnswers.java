package io.ttc4j.sim.internal;

import io.ttc4j.core.AnswerEquivalence;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Makes the wrong final answers of a problem from its reference answer, most plausible first: a
 * whole number becomes off-by-one, doubled, halved, negated or shifted; an expression gets one of
 * its numbers changed; a multiple-choice letter becomes another letter; a word becomes another
 * word; an expression without digits gets a coefficient or a sign. Every candidate changes the
 * value of the answer, not only its spelling, so none is equivalent to the reference; an optional
 * {@link AnswerEquivalence} filters out what it still finds equivalent (to the reference or to an
 * earlier wrong answer).
 */
final class WrongAnswers {

  private static final String[] WORDS = {
    "odd", "even", "neither", "both", "none", "north", "south", "east", "west", "circle", "parabola",
    "hyperbola", "ellipse", "line", "point", "plane", "Alice", "Bob", "Carla", "Derek", "Evelyn", "Navin",
    "yes", "no", "always", "never", "increasing", "decreasing"
  };

  private static final String[] TEXT_COMMANDS = {"\\text", "\\mbox", "\\mathrm"};

  private static final long[] INTEGER_MISTAKES_ADD = {1, -1, 2, -2, 10, -10, 3, -3, 5, -5, 4, -4};

  private WrongAnswers() {}

  /**
   * Up to {@code count} distinct wrong answers, most plausible first, in an order that depends on
   * {@code key}; never empty.
   */
  static String[] of(String reference, int count, long key, AnswerEquivalence check) {
    String ref = reference.strip();
    List<String> raw = new ArrayList<>(count * 2 + 8);
    if (!integerMistakes(ref, count, key, raw) && !decimalMistakes(ref, count, raw)) {
      if (hasDigit(ref)) {
        digitMistakes(ref, count, key, raw);
      } else if (!choiceMistakes(ref, raw) && !wordMistakes(ref, key, raw)) {
        symbolMistakes(ref, count, raw);
      }
    }
    List<String> out = new ArrayList<>(count);
    Set<String> keys = new HashSet<>();
    keys.add(squash(ref));
    Set<String> checkKeys = new HashSet<>();
    if (check != null) {
      checkKeys.add(check.key(reference));
    }
    for (int i = 0; i < raw.size() && out.size() < count; i++) {
      String c = raw.get(i);
      if (!keys.add(squash(c))) {
        continue;
      }
      if (check != null && (!checkKeys.add(check.key(c)) || check.equivalent(c, reference))) {
        continue;
      }
      out.add(c);
    }
    for (long k = 0; out.isEmpty(); k++) {
      // nothing survived the check: fall back to numbers that no sane grader equates to the reference
      String c = Long.toString(Math.floorMod(key, 9000L) + 1000 + k);
      if (keys.add(c) && (check == null || !check.equivalent(c, reference))) {
        out.add(c);
      }
    }
    return out.toArray(new String[0]);
  }

  /** The string without white space, to drop candidates that only differ in spacing. */
  private static String squash(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!Character.isWhitespace(c)) {
        b.append(c);
      }
    }
    return b.toString();
  }

  private static boolean hasDigit(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (isDigit(s.charAt(i))) return true;
    }
    return false;
  }

  private static boolean allDigits(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (!isDigit(s.charAt(i))) return false;
    }
    return true;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /**
   * Digits of a whole-answer number, with thousands separators ({@code ,} or {@code {,}}) removed
   * when every group after the first has three digits; null when the text is not such a number.
   */
  private static String plainDigits(String s, int from, int to) {
    StringBuilder b = new StringBuilder(to - from);
    int i = from;
    int group = -1; // digits since the last separator, or -1 before the first one
    while (i < to) {
      char c = s.charAt(i);
      if (isDigit(c)) {
        b.append(c);
        if (group >= 0) group++;
        i++;
        continue;
      }
      int width = c == ',' ? 1 : s.startsWith("{,}", i) ? 3 : 0;
      if (width == 0 || b.length() == 0 || (group >= 0 && group != 3) || (group < 0 && b.length() > 3)) {
        return null;
      }
      group = 0;
      i += width;
    }
    if (b.length() == 0 || (group >= 0 && group != 3)) {
      return null;
    }
    return b.toString();
  }

  /** A whole-answer integer such as {@code 420}, {@code -3} or {@code 10{,}000}. */
  private static boolean integerMistakes(String ref, int count, long key, List<String> out) {
    boolean negative = ref.startsWith("-");
    String digits = plainDigits(ref, negative ? 1 : 0, ref.length());
    if (digits == null || digits.length() > 15) {
      return false;
    }
    long v = Long.parseLong(digits) * (negative ? -1 : 1);
    List<Long> values = new ArrayList<>();
    // the most common slips of a whole-number answer, in an order that depends on the problem
    List<Long> common = new ArrayList<>();
    common.add(v + 1);
    common.add(v - 1);
    if (v != 0) common.add(2 * v);
    if (v % 2 == 0 && v != 0) common.add(v / 2);
    common.add(v + 2);
    if (v != 0) common.add(-v);
    shuffle(common, key);
    values.addAll(common);
    for (long d : INTEGER_MISTAKES_ADD) values.add(v + d);
    if (v != 0) values.add(10 * v);
    if (v != 0) values.add(3 * v);
    for (long d = 6; values.size() < count * 2 + 8; d++) {
      values.add(v + d);
      values.add(v - d);
    }
    boolean allowNegative = v < 0 || Math.floorMod(key >>> 7, 3) == 0;
    for (long x : values) {
      if (x != v && (x >= 0 || allowNegative)) {
        out.add(Long.toString(x));
      }
    }
    return true;
  }

  /** A whole-answer decimal such as {@code 2.5}, {@code -0.25} or {@code .0000672}. */
  private static boolean decimalMistakes(String ref, int count, List<String> out) {
    boolean negative = ref.startsWith("-");
    int start = negative ? 1 : 0;
    int dot = ref.indexOf('.');
    if (dot < start || dot == ref.length() - 1) {
      return false;
    }
    String whole = dot == start ? "0" : plainDigits(ref, start, dot);
    String fraction = ref.substring(dot + 1);
    if (whole == null || fraction.isEmpty() || !allDigits(fraction) || whole.length() + fraction.length() > 15) {
      return false;
    }
    int places = fraction.length();
    long u = Long.parseLong(whole + fraction) * (negative ? -1 : 1);
    List<Long> values = new ArrayList<>();
    values.add(u + 1);
    values.add(u - 1);
    if (u != 0) values.add(2 * u);
    values.add(u + 2);
    if (u % 2 == 0 && u != 0) values.add(u / 2);
    for (long d = 3; values.size() < count * 2 + 4; d++) {
      values.add(u + d);
      values.add(u - d);
    }
    for (long x : values) {
      if (x != u && (x >= 0 || u < 0)) {
        out.add(decimal(x, places));
      }
    }
    return true;
  }

  private static String decimal(long scaled, int places) {
    boolean negative = scaled < 0;
    String digits = Long.toString(Math.abs(scaled));
    while (digits.length() <= places) {
      digits = "0" + digits;
    }
    int cut = digits.length() - places;
    return (negative ? "-" : "") + digits.substring(0, cut) + "." + digits.substring(cut);
  }

  /** An expression with numbers in it: one number at a time is changed by a small amount or doubled. */
  private static void digitMistakes(String ref, int count, long key, List<String> out) {
    // digits after a text command are most likely a unit (inches^2) that graders drop: leave them
    int end = ref.length();
    for (String command : TEXT_COMMANDS) {
      int at = ref.indexOf(command);
      if (at >= 0) end = Math.min(end, at);
    }
    List<int[]> runs = new ArrayList<>();
    for (int i = 0; i < end; ) {
      if (isDigit(ref.charAt(i))) {
        int j = i;
        while (j < end && isDigit(ref.charAt(j))) j++;
        if (j - i <= 15) runs.add(new int[] {i, j});
        i = j;
      } else {
        i++;
      }
    }
    if (runs.isEmpty()) {
      symbolMistakes(ref, count, out);
      return;
    }
    int offset = (int) Math.floorMod(key, (long) runs.size());
    long[] deltas = {1, -1, 2, -2, 3, 4, -3, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20};
    for (int round = 0; round < deltas.length + 1 && out.size() < count * 2 + 4; round++) {
      for (int r = 0; r < runs.size(); r++) {
        int[] run = runs.get((r + offset) % runs.size());
        String digits = ref.substring(run[0], run[1]);
        long v = Long.parseLong(digits);
        long x;
        if (round == 2) {
          if (v == 0) continue;
          x = 2 * v; // a doubled term: a classic slip
        } else {
          long d = deltas[round < 2 ? round : round - 1];
          x = v + d;
        }
        // \frac43 is 4/3: a change that keeps the ratio of the two digits (\frac86) is no mistake
        if (digits.length() == 2 && x >= 10 && x < 100 && afterFrac(ref, run[0])
            && (digits.charAt(0) - '0') * (x % 10) == (digits.charAt(1) - '0') * (x / 10)) {
          continue;
        }
        boolean fraction = run[0] > 0 && ref.charAt(run[0] - 1) == '.';
        if (x < 0 || x == v || (x == 0 && !fraction)) continue; // no 1/0, no 0 * x
        String replacement = Long.toString(x);
        if (fraction || (digits.length() > 1 && digits.charAt(0) == '0')) {
          // digits after a decimal point keep their width, so that 5.4 never becomes 5.10 = 5.1
          if (replacement.length() > digits.length()) continue;
          while (replacement.length() < digits.length()) replacement = "0" + replacement;
        }
        out.add(ref.substring(0, run[0]) + replacement + ref.substring(run[1]));
      }
    }
  }

  /** Whether {@code \frac} (maybe followed by spaces) ends just before {@code at}. */
  private static boolean afterFrac(String s, int at) {
    int i = at;
    while (i > 0 && s.charAt(i - 1) == ' ') i--;
    return i >= 4 && s.startsWith("frac", i - 4);
  }

  /** A multiple-choice letter A to E, bare or in parentheses or {@code \text{}}: the other letters. */
  private static boolean choiceMistakes(String ref, List<String> out) {
    int letterAt = -1;
    for (int i = 0; i < ref.length(); i++) {
      char c = ref.charAt(i);
      if (c >= 'A' && c <= 'E' && (i == 0 || !Character.isLetter(ref.charAt(i - 1)))
          && (i + 1 == ref.length() || !Character.isLetter(ref.charAt(i + 1)))) {
        if (letterAt >= 0) return false;
        letterAt = i;
      } else if (Character.isLetter(c) && !insideCommand(ref, i)) {
        return false;
      }
    }
    if (letterAt < 0) return false;
    char letter = ref.charAt(letterAt);
    for (char c = 'A'; c <= 'E'; c++) {
      if (c != letter) out.add(ref.substring(0, letterAt) + c + ref.substring(letterAt + 1));
    }
    return true;
  }

  /** Whether the letter at {@code i} belongs to a control word such as {@code \text}. */
  private static boolean insideCommand(String s, int i) {
    int j = i;
    while (j > 0 && Character.isLetter(s.charAt(j - 1))) j--;
    return j > 0 && s.charAt(j - 1) == '\\';
  }

  /** A word answer such as {@code \text{east}}: other words of the same kind of answer. */
  private static boolean wordMistakes(String ref, long key, List<String> out) {
    String prefix = "";
    String suffix = "";
    String word = ref;
    if (ref.startsWith("\\text{") && ref.endsWith("}")) {
      prefix = "\\text{";
      suffix = "}";
      word = ref.substring(6, ref.length() - 1).strip();
    }
    for (int i = 0; i < word.length(); i++) {
      if (!Character.isLetter(word.charAt(i))) return false;
    }
    if (word.length() < 2) return false;
    String lower = word.toLowerCase(Locale.ROOT);
    int offset = (int) Math.floorMod(key, (long) WORDS.length);
    for (int i = 0; i < WORDS.length; i++) {
      String w = WORDS[(i + offset) % WORDS.length];
      if (!w.toLowerCase(Locale.ROOT).equals(lower)) out.add(prefix + w + suffix);
    }
    return true;
  }

  /** An expression without digits ({@code \pi}, {@code p - q}): a sign or a coefficient in front. */
  private static void symbolMistakes(String ref, int count, List<String> out) {
    if (!ref.startsWith("-")) out.add("-" + wrap(ref));
    for (int k = 2; out.size() < count + 1; k++) {
      out.add(k + wrap(ref));
    }
  }

  private static String wrap(String ref) {
    for (int i = 0; i < ref.length(); i++) {
      char c = ref.charAt(i);
      if (c == '+' || c == '-' || c == ',' || c == '=' || c == ' ') {
        return "(" + ref + ")";
      }
    }
    return ref;
  }

  private static void shuffle(List<Long> list, long key) {
    for (int i = list.size() - 1; i > 0; i--) {
      int j = (int) Math.floorMod(Mix.draw(key, i), (long) (i + 1));
      Long t = list.get(i);
      list.set(i, list.get(j));
      list.set(j, t);
    }
  }
}
