package io.ttc4j.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ttc4j.core.AnswerEquivalence;
import io.ttc4j.core.Problem;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * GSM8K as written by its authors: the reference is the number on the solution's {@code ####} line,
 * and the calculator annotations {@code <<80000*1.5=120000>>} of the worked solutions are thousands
 * of real arithmetic expressions with their results, a check of the expression evaluator on data
 * nobody here wrote.
 */
class Gsm8kSanityTest {

  private static final AnswerEquivalence EQ = MathAnswers.equivalence();
  private static final Pattern CALCULATOR = Pattern.compile("<<([^=<>]*)=([^<>]*)>>");

  @Test
  void referencesAndCalculatorAnnotationsAgreeWithTheSolutions() throws IOException {
    List<Problem> problems = Datasets.load("gsm8k");
    ObjectMapper mapper = new ObjectMapper();
    List<String> referenceMisses = new ArrayList<>();
    List<String> annotationMisses = new ArrayList<>();
    List<String> mutantsAccepted = new ArrayList<>();
    int annotations = 0;
    int mutants = 0;
    int i = 0;
    try (BufferedReader r = new BufferedReader(new InputStreamReader(
        Objects.requireNonNull(getClass().getResourceAsStream("data/gsm8k-test.jsonl")), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        String solution = mapper.readTree(line).get("answer").textValue();
        String last = solution.substring(solution.lastIndexOf("####") + 4).strip();
        Problem p = problems.get(i++);
        if (!EQ.equivalent(last, p.reference())) {
          referenceMisses.add(p.id() + ": '" + last + "' vs '" + p.reference() + "'");
        }
        Matcher m = CALCULATOR.matcher(solution);
        while (m.find()) {
          annotations++;
          String expression = m.group(1);
          String result = m.group(2);
          if (!EQ.equivalent(expression, result)) {
            annotationMisses.add(p.id() + ": " + expression + " = " + result);
          }
          // the result off by one unit in its last place is a different number
          String mutant = nextInLastPlace(result);
          if (mutant != null) {
            mutants++;
            if (EQ.equivalent(expression, mutant)) {
              mutantsAccepted.add(p.id() + ": " + expression + " = " + mutant);
            }
          }
        }
      }
    }
    System.out.println("GSM8K: reference equals the #### number in " + (i - referenceMisses.size()) + "/" + i
        + "; calculator annotations equivalent to their results " + (annotations - annotationMisses.size()) + "/"
        + annotations + "; results moved by one unit in the last place still accepted " + mutantsAccepted.size()
        + "/" + mutants);
    assertEquals(1319, i);
    assertEquals(List.of(), referenceMisses);
    assertEquals(List.of(), annotationMisses);
    assertEquals(List.of(), mutantsAccepted);
    assertEquals(4282, annotations);
  }

  private static String nextInLastPlace(String number) {
    try {
      BigDecimal d = new BigDecimal(number.strip());
      return d.add(d.ulp()).toPlainString();
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
