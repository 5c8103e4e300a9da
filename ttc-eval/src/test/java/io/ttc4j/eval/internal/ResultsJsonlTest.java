package io.ttc4j.eval.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ttc4j.core.StopReason;
import io.ttc4j.core.Usage;
import io.ttc4j.eval.ResultRow;
import io.ttc4j.eval.SweepStrategy;
import io.ttc4j.strategies.Confidence;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The confidence fields of {@code results.jsonl}: written, read back equal, and older lines still read. */
class ResultsJsonlTest {

  @TempDir
  Path tmp;

  /** A line exactly as a run folder written before rows carried confidence holds it (an error row included). */
  private static final String OLD_LINE = "{\"problem_id\":\"test/precalculus/807.json\",\"strategy\":\"weighted\",\"n\":4,"
      + "\"seed\":0,\"candidates\":4,\"answer\":\"\\\\frac{\\\\pi}{8}\",\"reference\":\"\\\\frac{\\\\pi}{2}\","
      + "\"correct\":false,\"stop_reason\":\"completed\",\"generations\":4,\"prompt_tokens\":404,"
      + "\"cached_prompt_tokens\":0,\"completion_tokens\":1008,\"prm_calls\":4,\"prm_tokens\":1424,"
      + "\"cost_usd\":0.000123}";
  private static final String OLD_ERROR_LINE = "{\"problem_id\":\"p2\",\"strategy\":\"beam\",\"n\":4,\"seed\":1,"
      + "\"candidates\":0,\"answer\":null,\"reference\":\"7\",\"correct\":false,\"stop_reason\":\"failed\","
      + "\"generations\":1,\"prompt_tokens\":40,\"cached_prompt_tokens\":0,\"completion_tokens\":0,\"prm_calls\":0,"
      + "\"prm_tokens\":0,\"cost_usd\":0,\"error\":\"IOException: connection reset\"}";

  private static ResultRow row(String answer, Confidence confidence) {
    return new ResultRow("p1", SweepStrategy.MAJORITY, 8, 2, 8, answer, "42", "42".equals(answer),
        StopReason.COMPLETED, new Usage(8, 320, 0, 1600, 0, 0, 0), null, confidence);
  }

  private List<ResultRow> roundTrip(List<ResultRow> rows) throws IOException {
    Path file = tmp.resolve("results.jsonl");
    ResultsJsonl.rewrite(file, rows);
    return ResultsJsonl.read(file);
  }

  @Test
  void confidenceRoundTripsExactly() throws IOException {
    List<ResultRow> rows = List.of(
        row("42", new Confidence(8, 2.0 / 3, 5.0 / 8, 3.0 / 8, 0.9123456789012345, 0.1 + 0.2)),
        row("42", new Confidence(1, 1, 1, 1, 1e-300, -0.75)),
        row(null, new Confidence(8, 0, 0, -0.5, Double.NaN, Math.PI / 10)),
        row("41", Confidence.NONE));
    assertEquals(rows, roundTrip(rows));
    String line = ResultsJsonl.toJson(rows.get(0));
    assertTrue(line.endsWith(",\"conf_candidates\":8,\"conf_score_share\":0.6666666666666666,\"conf_vote_share\":0.625,"
        + "\"conf_vote_margin\":0.375,\"conf_top_score\":0.9123456789012345,\"conf_mean_score\":0.30000000000000004}"),
        line);
  }

  @Test
  void nanIsWrittenAsNullAndReadBack() throws IOException {
    Confidence unscored = new Confidence(4, Double.NaN, 0.5, 0.25, Double.NaN, Double.NaN);
    String line = ResultsJsonl.toJson(row("42", unscored));
    assertTrue(line.contains("\"conf_score_share\":null,\"conf_vote_share\":0.5,\"conf_vote_margin\":0.25,"
        + "\"conf_top_score\":null,\"conf_mean_score\":null"), line);
    assertFalse(line.contains("NaN"), line);
    Confidence read = roundTrip(List.of(row("42", unscored))).get(0).confidence();
    assertEquals(unscored, read);
    assertTrue(Double.isNaN(read.scoreShare()) && Double.isNaN(read.topScore()) && Double.isNaN(read.meanScore()));
    assertEquals(Confidence.NONE, roundTrip(List.of(row(null, Confidence.NONE))).get(0).confidence());
  }

  @Test
  void aRowWithoutConfidenceHasNoConfidenceFields() throws IOException {
    ResultRow old = row("42", null);
    String line = ResultsJsonl.toJson(old);
    assertFalse(line.contains("conf_"), line);
    assertEquals(List.of(old), roundTrip(List.of(old)));
    assertEquals(old, new ResultRow("p1", SweepStrategy.MAJORITY, 8, 2, 8, "42", "42", true, StopReason.COMPLETED,
        new Usage(8, 320, 0, 1600, 0, 0, 0), null), "the 11-argument constructor records no confidence");
    assertEquals(row("42", Confidence.NONE), old.withConfidence(Confidence.NONE));
  }

  /** Old run folders load with a null confidence and are written back byte for byte (a resume rewrites them). */
  @Test
  void linesOfOlderRunFoldersReadWithoutConfidenceAndRewriteUnchanged() throws IOException {
    Path file = tmp.resolve("results.jsonl");
    Files.writeString(file, OLD_LINE + "\n" + OLD_ERROR_LINE + "\n", StandardCharsets.UTF_8);
    List<ResultRow> rows = ResultsJsonl.read(file);
    assertEquals(2, rows.size());
    assertNull(rows.get(0).confidence());
    assertNull(rows.get(1).confidence());
    assertEquals("IOException: connection reset", rows.get(1).error());
    assertEquals(OLD_LINE, ResultsJsonl.toJson(rows.get(0)));
    assertEquals(OLD_ERROR_LINE, ResultsJsonl.toJson(rows.get(1)));
    // a run resumed across the change: old rows without, new rows with confidence, in one file
    ResultRow fresh = row("42", new Confidence(8, 0.5, 0.5, 0.25, 0.8, 0.6));
    try (ResultsJsonl out = ResultsJsonl.append(file)) {
      out.write(List.of(fresh));
    }
    assertEquals(List.of(rows.get(0), rows.get(1), fresh), ResultsJsonl.read(file));
  }

  @Test
  void malformedConfidenceIsNamedByLineAndField() throws IOException {
    String good = ResultsJsonl.toJson(row("42", new Confidence(8, 0.5, 0.5, 0.25, 0.8, 0.6)));
    assertBad(good.replace("\"conf_vote_share\":0.5", "\"conf_vote_share\":\"half\""),
        "field 'conf_vote_share' must be a number, got \"half\"");
    assertBad(good.replace("\"conf_vote_share\":0.5", "\"conf_vote_share\":null"),
        "field 'conf_vote_share' must be a number, got null");
    assertBad(good.replace("\"conf_score_share\":0.5", "\"conf_score_share\":true"),
        "field 'conf_score_share' must be a number or null, got true");
    assertBad(good.replace("\"conf_vote_share\":0.5", "\"conf_vote_share\":1.5"),
        "field 'conf_vote_share' must be in [0, 1], got 1.5");
    assertBad(good.replace("\"conf_vote_margin\":0.25", "\"conf_vote_margin\":-2"),
        "field 'conf_vote_margin' must be in [-1, 1], got -2");
    assertBad(good.replace("\"conf_top_score\":0.8", "\"conf_top_score\":1e999"),
        "field 'conf_top_score' must be finite, got");
    assertBad(good.replace("\"conf_candidates\":8", "\"conf_candidates\":2.5"),
        "field 'conf_candidates' must be an integer, got 2.5");
    assertBad(good.replace("\"conf_candidates\":8", "\"conf_candidates\":-1"),
        "field 'conf_candidates' must be a count >= 0, got -1");
    // some confidence fields but not all: cut by hand, not an older file
    assertBad(good.replace(",\"conf_mean_score\":0.6", ""), "field 'conf_mean_score' is missing");
    assertBad(OLD_LINE.substring(0, OLD_LINE.length() - 1) + ",\"conf_vote_share\":0.5}",
        "field 'conf_candidates' is missing");
  }

  private void assertBad(String badLine, String message) throws IOException {
    Path file = tmp.resolve("results.jsonl");
    Files.writeString(file, OLD_LINE + "\n" + badLine + "\n", StandardCharsets.UTF_8);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ResultsJsonl.read(file));
    assertTrue(e.getMessage().startsWith(file + ":2: " + message), e.getMessage());
  }
}
