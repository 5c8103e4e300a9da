package io.ttc4j.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeout;

import io.ttc4j.core.AnswerEquivalence;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import org.junit.jupiter.api.Test;

/**
 * Hostile answers: huge strings, deep nesting, huge exponents and factorials, long lists, big sets
 * and matrices. Each pair differs, and the grader must say so (or give up, which also says "not
 * equivalent") within a bounded time, in the calling thread: input length, expression size,
 * nesting, exact-number size and the work of one call are all capped (see {@code MathGrader}).
 *
 * <p>This is not a benchmark: the time limit is a generous guard against a cap being lost (a cap
 * lost means seconds or a stack overflow, not milliseconds). The measured times are printed.
 */
class MathGraderLimitsTest {

  private static final AnswerEquivalence EQ = MathAnswers.equivalence();
  private static final Duration GUARD = Duration.ofSeconds(2);

  private static String nest(String open, String inner, String close, int n) {
    return open.repeat(n) + inner + close.repeat(n);
  }

  /** Pairs of different answers that are hard to grade. */
  static Map<String, String[]> hostilePairs() {
    Map<String, String[]> p = new LinkedHashMap<>();
    p.put("100 KB of digits", new String[] {"1".repeat(100_000), "1".repeat(99_999) + "2"});
    p.put("100 KB of \\frac{", new String[] {"\\frac{".repeat(17_000), "\\frac{".repeat(16_999) + "1"});
    p.put("100 KB of nested \\text", new String[] {nest("\\text{", "a", "}", 15_000), nest("\\text{", "b", "}", 15_000)});
    p.put("10 KB of \\frac{ under the key cap", new String[] {"\\frac{".repeat(1_600), "\\frac{".repeat(1_599) + "1"});
    p.put("10 KB of nested fractions", new String[] {nest("\\frac{1}{", "2", "}", 900), nest("\\frac{1}{", "3", "}", 900)});
    p.put("10 KB of nested braces", new String[] {nest("{", "1", "}", 4_900), nest("{", "2", "}", 4_900)});
    p.put("10 KB of \\left( \\right)", new String[] {nest("\\left(", "1", "\\right)", 700), nest("\\left(", "2", "\\right)", 700)});
    p.put("900 nested parentheses", new String[] {nest("(", "x", ")", 900), nest("(", "x+1", ")", 900)});
    p.put("300 nested square roots", new String[] {nest("\\sqrt{", "2", "}", 300), nest("\\sqrt{", "3", "}", 300)});
    p.put("a chain of 1900 minus signs", new String[] {"x^" + "-".repeat(1_900) + "1", "x"});
    p.put("a power tower", new String[] {"2^{2^{2^{2^{2^{2^{2^{100}}}}}}}", "2^{2^{2^{2^{2^{2^{2^{101}}}}}}}"});
    p.put("10^(10^10)", new String[] {"10^{10^{10}}", "10^{10^{10}}+1"});
    p.put("3^4000 exactly", new String[] {"3^{4000}", "3^{4000}+1"});
    p.put("1e999999999", new String[] {"1e999999999", "1e999999998"});
    p.put("100000!", new String[] {"100000!", "100001!"});
    p.put("binomial(60000, 30000)", new String[] {"\\binom{60000}{30000}", "\\binom{60000}{29999}"});
    p.put("a product of 150 factors", new String[] {"(x+1)".repeat(150), "(x+2)".repeat(150)});
    p.put("a list of 5000 items", new String[] {"1,".repeat(5_000) + "1", "1,".repeat(5_000) + "2"});
    p.put("sets of 64 expressions", new String[] {set(64, 0), set(64, 1)});
    p.put("lists of 64 points", new String[] {points(64, 0), points(64, 1)});
    p.put("15x15 matrices", new String[] {matrix(15, 0), matrix(15, 1)});
    p.put("300 plus-minus signs", new String[] {"1\\pm".repeat(300) + "1", "1\\pm".repeat(299) + "2"});
    p.put("1500 repeated digits", new String[] {"0." + "3".repeat(1_500) + "4", "\\frac13"});
    p.put("300 nested absolute values", new String[] {nest("|", "x", "|", 300), "x"});
    p.put("200 nested sets", new String[] {nest("\\{", "1", "\\}", 200), nest("\\{", "2", "\\}", 200)});
    p.put("500 equals signs", new String[] {"x=".repeat(500) + "1", "x=".repeat(500) + "2"});
    p.put("60 nested sines", new String[] {nest("\\sin(", "x", ")", 60), nest("\\sin(", "x", ")", 59)});
    return p;
  }

  @Test
  void hostileAnswersAreNotEquivalentAndCostLittle() {
    List<String> wrong = new ArrayList<>();
    long worst = 0;
    String worstName = "";
    for (Map.Entry<String, String[]> e : hostilePairs().entrySet()) {
      String a = e.getValue()[0];
      String b = e.getValue()[1];
      long start = System.nanoTime();
      boolean ab = assertTimeout(GUARD, () -> EQ.equivalent(a, b), e.getKey());
      boolean ba = assertTimeout(GUARD, () -> EQ.equivalent(b, a), e.getKey());
      assertTimeout(GUARD, () -> EQ.key(a), e.getKey());
      long micros = (System.nanoTime() - start) / 1_000;
      if (ab || ba) {
        wrong.add(e.getKey());
      }
      if (micros > worst) {
        worst = micros;
        worstName = e.getKey();
      }
    }
    System.out.printf("hostile answers: %d pairs, slowest (two verdicts and a key) %s: %.1f ms%n",
        hostilePairs().size(), worstName, worst / 1000.0);
    assertEquals(List.of(), wrong);
  }

  @Test
  void hostileAnswersAreStillEquivalentToThemselves() {
    for (Map.Entry<String, String[]> e : hostilePairs().entrySet()) {
      String a = e.getValue()[0];
      assertEquals(true, assertTimeout(GUARD, () -> EQ.equivalent(a, a)), e.getKey());
    }
  }

  private static String set(int n, int shift) {
    StringJoiner j = new StringJoiner(",", "\\{", "\\}");
    for (int i = 0; i < n; i++) {
      j.add("\\sqrt{" + (i + shift) + "}+x");
    }
    return j.toString();
  }

  private static String points(int n, int shift) {
    StringJoiner j = new StringJoiner(",");
    for (int i = 0; i < n; i++) {
      j.add("(" + i + "," + (i * 7 + shift) + ")");
    }
    return j.toString();
  }

  private static String matrix(int n, int shift) {
    StringBuilder b = new StringBuilder("\\begin{pmatrix}");
    for (int r = 0; r < n; r++) {
      for (int c = 0; c < n; c++) {
        if (c > 0) {
          b.append('&');
        }
        int k = r * n + c + (r == n - 1 && c == n - 1 ? shift : 0);
        b.append("\\frac{").append(k).append("}{x}");
      }
      b.append("\\\\");
    }
    return b.append("\\end{pmatrix}").toString();
  }
}
