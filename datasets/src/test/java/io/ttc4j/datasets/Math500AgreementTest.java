package io.ttc4j.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import io.ttc4j.core.AnswerEquivalence;
import io.ttc4j.core.Problem;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Extraction, normalisation and grading on real data: the last box of each MATH-500 reference
 * solution should be equivalent to the {@code answer} field (both were written by the MATH authors,
 * so disagreements are either the grader's blind spots or quirks of the data); the answers of
 * different problems should not be equivalent unless they are the same value; and formatting noise
 * on a real answer should never change its verdict.
 */
class Math500AgreementTest {

  /** Measured: all 500 (the answer field agrees with the last box character for character, too). */
  private static final int MEASURED_AGREEMENT = 500;

  @Test
  void lastBoxOfSolutionMatchesAnswerAfterNormalisation() throws IOException {
    ObjectMapper mapper = new ObjectMapper();
    int agree = 0;
    int raw = 0;
    int total = 0;
    List<String> misses = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        Objects.requireNonNull(getClass().getResourceAsStream("data/math500.jsonl")), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        JsonNode o = mapper.readTree(line);
        total++;
        String answer = o.get("answer").textValue();
        String boxed = MathAnswers.extractor().extract(o.get("solution").textValue()).orElse(null);
        if (answer.equals(boxed)) {
          raw++;
        }
        if (boxed != null && MathAnswers.equivalence().equivalent(boxed, answer)) {
          agree++;
        } else {
          misses.add(o.get("unique_id").textValue() + ": boxed " + quote(boxed) + " -> " + key(boxed)
              + " vs answer " + quote(answer) + " -> " + key(answer));
        }
      }
    }
    System.out.println("MATH-500: last \\boxed{} of solution equals answer: exactly " + raw + "/" + total
        + ", after normalisation " + agree + "/" + total);
    misses.forEach(m -> System.out.println("  miss " + m));
    assertEquals(500, total);
    assertTrue(agree >= MEASURED_AGREEMENT, "agreement fell to " + agree + "; misses: " + misses);
  }

  /**
   * A false-positive probe: every pair of distinct answers of different MATH-500 problems (45,150
   * pairs). The only equivalent pairs are these, each the same value written differently.
   */
  private static final List<String> EQUIVALENT_ACROSS_PROBLEMS = List.of(
      "90^\\circ ~ 90", "5 ~ x=5", "1,-2 ~ -2,1", "120^\\circ ~ 120", "36 ~ 36^\\circ", "36 ~ \\$36",
      "\\frac{1}{4} ~ \\frac14", "30^\\circ ~ 30", "10,\\!080 ~ 10080", "15 ~ 15\\mbox{ cm}^2",
      "36^\\circ ~ \\$36", "2 \\sqrt{5} ~ 2\\sqrt{5}");

  @Test
  void answersOfDifferentProblemsAreEquivalentOnlyWhenTheyAreTheSameValue() {
    List<String> answers = distinctAnswers();
    AnswerEquivalence eq = MathAnswers.equivalence();
    List<String> equivalent = new ArrayList<>();
    long start = System.nanoTime();
    int pairs = 0;
    for (int i = 0; i < answers.size(); i++) {
      for (int j = i + 1; j < answers.size(); j++) {
        pairs++;
        if (eq.equivalent(answers.get(i), answers.get(j))) {
          equivalent.add(answers.get(i) + " ~ " + answers.get(j));
        }
      }
    }
    System.out.printf("MATH-500: %d distinct answers, %d pairs, equivalent %d (%.0f ms)%n", answers.size(), pairs,
        equivalent.size(), (System.nanoTime() - start) / 1e6);
    assertEquals(45_150, pairs);
    assertEquals(EQUIVALENT_ACROSS_PROBLEMS, equivalent);
  }

  /** Rewrites that change how an answer is written, never what it is. */
  private static final List<UnaryOperator<String>> NOISE = List.of(
      s -> " " + s.replace(",", " , ").replace("+", " + ") + " ",
      s -> "$" + s + "$",
      s -> s.replace("\\frac", "\\dfrac"),
      s -> s.replace("(", "\\left(").replace(")", "\\right)").replace("[", "\\left[").replace("]", "\\right]"),
      s -> s.replaceAll("(?<![\\d\\s])\\\\frac(\\{1\\}\\{2\\}|12)", "0.5"), // not inside a mixed number
      s -> "\\boxed{" + s + "}",
      s -> s.replace(",", ",\\,"),
      s -> s + ".");

  @Test
  void formattingNoiseNeverChangesTheVerdictOnRealAnswers() {
    List<String> answers = distinctAnswers();
    AnswerEquivalence eq = MathAnswers.equivalence();
    List<String> broken = new ArrayList<>();
    for (String a : answers) {
      for (int k = 0; k < NOISE.size(); k++) {
        String noisy = NOISE.get(k).apply(a);
        if (!eq.equivalent(noisy, a) || !eq.equivalent(a, noisy)) {
          broken.add("noise " + k + ": '" + noisy + "' vs '" + a + "'");
        }
        // and it does not make the answer equal to its neighbour's
        String other = answers.get((answers.indexOf(a) + 1) % answers.size());
        if (eq.equivalent(noisy, other) != eq.equivalent(a, other)) {
          broken.add("noise " + k + " changes the verdict against '" + other + "': '" + noisy + "'");
        }
      }
    }
    assertEquals(List.of(), broken);
  }

  private static List<String> distinctAnswers() {
    return new ArrayList<>(new LinkedHashSet<>(Datasets.load("math500").stream().map(Problem::reference).toList()));
  }

  private static String quote(String s) {
    return s == null ? "(none)" : "'" + s + "'";
  }

  private static String key(String s) {
    return s == null ? "(none)" : "'" + MathAnswers.normalize(s) + "'";
  }
}
