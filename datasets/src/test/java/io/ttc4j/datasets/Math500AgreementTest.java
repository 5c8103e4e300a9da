package io.ttc4j.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * Extraction and normalisation on real data: the last box of each MATH-500 reference solution,
 * normalised, should equal the normalised {@code answer} field (both were written by the MATH
 * authors, so disagreements are either the normaliser's blind spots or quirks of the data).
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

  private static String quote(String s) {
    return s == null ? "(none)" : "'" + s + "'";
  }

  private static String key(String s) {
    return s == null ? "(none)" : "'" + MathAnswers.normalize(s) + "'";
  }
}
