package io.ttc4j.datasets;

import io.ttc4j.core.MalformedDataException;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ttc4j.core.Aggregation;
import io.ttc4j.core.AnswerEquivalence;
import io.ttc4j.core.Candidate;
import io.ttc4j.core.Selection;
import io.ttc4j.core.StepEnd;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CandidateSetsTest {

  @TempDir
  Path dir;

  /** Every documented field, plus fields the reader must ignore or keep as metadata. */
  private static final String FULL = "{\"id\": \"p1\", \"reference\": \"5\", \"problem\": \"2+3?\", \"level\": \"Level 2\","
      + " \"subject\": \"Algebra\", \"model\": {\"name\": \"m\"}, \"candidates\": ["
      + "{\"text\": \"so \\\\boxed{5}\", \"answer\": \"5\", \"step_scores\": [0.5, 0.9], \"score\": 0.7,"
      + " \"correct\": true, \"completion_tokens\": 123},"
      + "{\"text\": \"hence \\\\boxed{\\\\dfrac{10}{2}}\", \"score\": 0.2},"
      + "{\"text\": \"no box here\", \"score\": 0.95},"
      + "{\"answer\": 6, \"score\": null, \"extra\": 1}]}";

  private static List<CandidateSet> parse(String... lines) {
    return CandidateSets.read(new ByteArrayInputStream(String.join("\n", lines).getBytes(StandardCharsets.UTF_8)),
        "mem.jsonl");
  }

  @Test
  void readsEveryDocumentedField() {
    CandidateSet s = parse(FULL).get(0);
    assertEquals("p1", s.id());
    assertEquals("5", s.reference());
    assertEquals("2+3?", s.problem());
    assertEquals(Map.of("level", "2", "subject", "Algebra"), s.metadata());
    assertEquals(4, s.size());
    assertEquals(new RecordedCandidate("so \\boxed{5}", "5", new double[] {0.5, 0.9}, 0.7, true, 123),
        s.candidates().get(0));
    RecordedCandidate c1 = s.candidates().get(1);
    assertNull(c1.answer());
    assertNull(c1.correct());
    assertNull(c1.stepScores());
    assertNull(c1.completionTokens());
    assertEquals(0.2, c1.score());
    RecordedCandidate c3 = s.candidates().get(3);
    assertEquals("6", c3.answer());
    assertNull(c3.text());
    assertFalse(c3.hasScore());
    assertEquals(2, s.toProblem().orElseThrow().level().getAsInt());
  }

  @Test
  void toCandidatesAggregatesStepScoresElseTakesScoreElseNaN() {
    CandidateSet s = parse(FULL).get(0);
    assertEquals(0.9, s.toCandidates(Aggregation.LAST, MathAnswers.extractor()).get(0).score());
    assertEquals(0.5, s.toCandidates(Aggregation.MIN, MathAnswers.extractor()).get(0).score());
    assertEquals(0.45, s.toCandidates(Aggregation.PRODUCT, MathAnswers.extractor()).get(0).score(), 1e-12);
    assertEquals(0.7, s.toCandidates(Aggregation.MEAN, MathAnswers.extractor()).get(0).score(), 1e-12);
    List<Candidate> cs = s.toCandidates(Aggregation.LAST, MathAnswers.extractor());
    assertEquals(0.2, cs.get(1).score());
    assertEquals(0.95, cs.get(2).score());
    assertTrue(Double.isNaN(cs.get(3).score()));
    for (int i = 0; i < cs.size(); i++) {
      assertEquals(i, cs.get(i).index());
      assertTrue(cs.get(i).trajectory().isComplete());
      assertEquals(StepEnd.END_OF_SOLUTION, cs.get(i).trajectory().lastStep().end());
    }
    assertEquals(123, cs.get(0).trajectory().tokens());
    assertEquals(0, cs.get(1).trajectory().tokens());
    assertEquals("so \\boxed{5}", cs.get(0).trajectory().text());
    assertEquals("", cs.get(3).trajectory().text());
    assertArrayEquals(new double[] {0.5, 0.9}, cs.get(0).stepScores());
  }

  @Test
  void answersComeFromTheRecordElseFromTheLastBoxOfTheText() {
    List<Candidate> cs = parse(FULL).get(0).toCandidates(Aggregation.LAST, MathAnswers.extractor());
    assertEquals("5", cs.get(0).answer());
    assertEquals("\\dfrac{10}{2}", cs.get(1).answer());
    assertNull(cs.get(2).answer());
    assertEquals("6", cs.get(3).answer());
  }

  @Test
  void aBlankRecordedAnswerMeansNoAnswerEvenWithABoxedText() {
    CandidateSet s = parse("{\"id\": 1, \"reference\": \"5\", \"candidates\": [{\"text\": \"\\\\boxed{5}\", \"answer\": \"\"}]}")
        .get(0);
    assertNull(s.toCandidates(Aggregation.LAST, MathAnswers.extractor()).get(0).answer());
    assertFalse(s.isCorrect(0, MathAnswers.extractor(), MathAnswers.equivalence()));
  }

  @Test
  void correctnessIsTheLabelElseTheAnswerAgainstTheReference() {
    CandidateSet s = parse(FULL).get(0);
    assertTrue(s.isCorrect(0, MathAnswers.extractor(), AnswerEquivalence.EXACT)); // labelled
    assertFalse(s.isCorrect(1, MathAnswers.extractor(), AnswerEquivalence.EXACT)); // "\dfrac{10}{2}" != "5"
    // the grader compares values: 10/2 is 5 (as Qwen's math_equal; PRM800K would want a reduced fraction)
    assertTrue(s.isCorrect(1, MathAnswers.extractor(), MathAnswers.equivalence()));
    assertFalse(s.isCorrect(2, MathAnswers.extractor(), MathAnswers.equivalence())); // no answer
    assertFalse(s.isCorrect(3, MathAnswers.extractor(), MathAnswers.equivalence())); // 6
    CandidateSet t = parse("{\"id\": \"q\", \"reference\": \"1,000\", \"candidates\": ["
        + "{\"answer\": \"1000\"}, {\"answer\": \"1000\", \"correct\": false}]}").get(0);
    assertFalse(t.isCorrect(0, MathAnswers.extractor(), AnswerEquivalence.EXACT));
    assertTrue(t.isCorrect(0, MathAnswers.extractor(), MathAnswers.equivalence()));
    assertFalse(t.isCorrect(1, MathAnswers.extractor(), MathAnswers.equivalence())); // the label wins
    Predicate<Candidate> ok = t.correctness(MathAnswers.extractor(), MathAnswers.equivalence());
    List<Candidate> cs = t.toCandidates(Aggregation.LAST, MathAnswers.extractor());
    assertTrue(ok.test(cs.get(0)));
    assertFalse(ok.test(cs.get(1)));
    assertEquals(0, Selection.ORACLE.select(cs, MathAnswers.equivalence(), ok));
  }

  @Test
  void referenceMayBeLeftOutWhenEveryCandidateIsLabelled() {
    CandidateSet s = parse("{\"id\": \"x\", \"candidates\": [{\"answer\": \"1\", \"correct\": true}]}").get(0);
    assertNull(s.reference());
    assertTrue(s.isCorrect(0, MathAnswers.extractor(), AnswerEquivalence.EXACT));
  }

  @Test
  void blankLinesAreSkippedAndLineNumbersStillCount() {
    List<CandidateSet> sets = parse("", FULL, "   ", "{\"id\": \"p2\", \"reference\": 7, \"candidates\": [{\"answer\": 7.0}]}");
    assertEquals(2, sets.size());
    assertEquals("7", sets.get(1).reference());
    assertEquals("7", sets.get(1).candidates().get(0).answer());
  }

  @Test
  void malformedLinesNameTheSourceTheLineAndTheField() {
    String ok = "{\"id\": \"ok\", \"reference\": \"1\", \"candidates\": [{\"answer\": \"1\"}]}";
    Object[][] cases = {
        {"{\"id\": \"a\", \"reference\": \"1\", \"candidates\": [{\"answer\": \"1\"}]", null, "is not valid JSON"},
        {"{\"id\": \"a\", \"reference\": \"1\", \"candidates\": [{\"answer\": \"1\"}]} x", null, "is not valid JSON"},
        {"{\"id\": \"a\", \"reference\": \"1\", \"candidates\": [{\"answer\": NaN}]}", null, "is not valid JSON"},
        {"\"just a string\"", null, "must be a JSON object"},
        {"{\"reference\": \"1\", \"candidates\": [{\"answer\": \"1\"}]}", "id", "is required but missing"},
        {"{\"id\": \" \", \"reference\": \"1\", \"candidates\": [{\"answer\": \"1\"}]}", "id", "must not be blank"},
        {"{\"id\": 1.5, \"reference\": \"1\", \"candidates\": [{\"answer\": \"1\"}]}", "id", "must be a string or an integer"},
        {"{\"id\": \"a\", \"reference\": \"1\"}", "candidates", "is required but missing"},
        {"{\"id\": \"a\", \"reference\": \"1\", \"candidates\": []}", "candidates", "at least one"},
        {"{\"id\": \"a\", \"reference\": \"1\", \"candidates\": {}}", "candidates", "must be an array"},
        {"{\"id\": \"a\", \"reference\": \"1\", \"candidates\": [3]}", "candidates[0]", "must be an object"},
        {"{\"id\": \"a\", \"reference\": \"1\", \"candidates\": [{\"answer\": \"1\"}, {\"score\": 1}]}", "candidates[1]",
            "needs an 'answer' or a 'text'"},
        {"{\"id\": \"a\", \"reference\": \"1\", \"candidates\": [{\"text\": 5}]}", "candidates[0].text", "must be a string"},
        {"{\"id\": \"a\", \"reference\": \"1\", \"candidates\": [{\"answer\": true}]}", "candidates[0].answer",
            "must be a string or a number"},
        {"{\"id\": \"a\", \"reference\": \"1\", \"candidates\": [{\"answer\": \"1\", \"score\": \"high\"}]}",
            "candidates[0].score", "must be a finite number"},
        {"{\"id\": \"a\", \"reference\": \"1\", \"candidates\": [{\"answer\": \"1\", \"score\": 1e400}]}",
            "candidates[0].score", "must be a finite number"},
        {"{\"id\": \"a\", \"reference\": \"1\", \"candidates\": [{\"answer\": \"1\", \"step_scores\": [0.5, -1e999]}]}",
            "candidates[0].step_scores[1]", "must be a finite number"},
        {"{\"id\": \"a\", \"reference\": \"1\", \"candidates\": [{\"answer\": \"1\", \"step_scores\": []}]}",
            "candidates[0].step_scores", "must not be empty"},
        {"{\"id\": \"a\", \"reference\": \"1\", \"candidates\": [{\"answer\": \"1\", \"step_scores\": 0.5}]}",
            "candidates[0].step_scores", "must be an array"},
        {"{\"id\": \"a\", \"reference\": \"1\", \"candidates\": [{\"answer\": \"1\", \"correct\": \"yes\"}]}",
            "candidates[0].correct", "must be true or false"},
        {"{\"id\": \"a\", \"reference\": \"1\", \"candidates\": [{\"answer\": \"1\", \"completion_tokens\": -1}]}",
            "candidates[0].completion_tokens", "must be an integer between 0"},
        {"{\"id\": \"a\", \"reference\": \"1\", \"candidates\": [{\"answer\": \"1\", \"completion_tokens\": 12.5}]}",
            "candidates[0].completion_tokens", "must be an integer between 0"},
        {"{\"id\": \"a\", \"candidates\": [{\"answer\": \"1\", \"correct\": true}, {\"answer\": \"2\"}]}", "reference",
            "candidates[1] has none"},
        {"{\"id\": \"a\", \"reference\": {\"x\": 1}, \"candidates\": [{\"answer\": \"1\"}]}", "reference",
            "must be a string or a number"},
        {"{\"id\": \"a\", \"problem\": 3, \"reference\": \"1\", \"candidates\": [{\"answer\": \"1\"}]}", "problem",
            "must be a string"},
        {"{\"id\": \"a\", \"reference\": \"1\", \"level\": 1.5, \"candidates\": [{\"answer\": \"1\"}]}", "level",
            "must be an integer"},
        {"{\"id\": \"ok\", \"reference\": \"1\", \"candidates\": [{\"answer\": \"1\"}]}", "id", "first on line 1"},
    };
    for (Object[] c : cases) {
      String bad = (String) c[0];
      MalformedDataException e = assertThrows(MalformedDataException.class, () -> parse(ok, "", bad), bad);
      assertEquals("mem.jsonl", e.source(), bad);
      assertEquals(3, e.line(), bad);
      assertEquals(c[1], e.field(), e.getMessage());
      assertTrue(e.getMessage().startsWith("mem.jsonl:3: " + (c[1] == null ? "line " : "field '" + c[1] + "' ")),
          e.getMessage());
      assertTrue(e.getMessage().contains((String) c[2]), e.getMessage());
    }
  }

  @Test
  void readFromAFileNamesTheFile() throws IOException {
    Path f = dir.resolve("run.jsonl");
    Files.writeString(f, "{\"id\": \"a\", \"candidates\": [{\"answer\": \"1\"}]}\n");
    MalformedDataException e = assertThrows(MalformedDataException.class, () -> CandidateSets.read(f));
    assertEquals(f + ":1: field 'reference' is required when a candidate has no 'correct' label "
        + "(candidates[0] has none)", e.getMessage());
  }

  @Test
  void writeThenReadGivesEqualSets() throws IOException {
    List<CandidateSet> sets = List.of(
        parse(FULL).get(0),
        new CandidateSet("q\"2", null, null, Map.of("level", "Level 07", "count", "007", "flag", "true"),
            List.of(new RecordedCandidate("t\n\u00e9\u2019", null, new double[] {1e-300, 0.1}, Double.NaN, false, 0))),
        CandidateSet.of("r", "x", List.of(RecordedCandidate.ofText("\\boxed{x}"), RecordedCandidate.ofAnswer("y", null))));
    Path f = dir.resolve("out.jsonl");
    CandidateSets.write(f, sets);
    assertEquals(sets, CandidateSets.read(f));
    assertEquals(Map.of("level", "7", "count", "007", "flag", "true"), sets.get(1).metadata());
    String first = Files.readAllLines(f).get(0);
    assertEquals("{\"id\":\"p1\",\"problem\":\"2+3?\",\"reference\":\"5\",\"level\":2,\"subject\":\"Algebra\","
        + "\"candidates\":[{\"text\":\"so \\\\boxed{5}\",\"answer\":\"5\",\"step_scores\":[0.5,0.9],\"score\":0.7,"
        + "\"correct\":true,\"completion_tokens\":123},{\"text\":\"hence \\\\boxed{\\\\dfrac{10}{2}}\",\"score\":0.2},"
        + "{\"text\":\"no box here\",\"score\":0.95},{\"answer\":\"6\"}]}", first);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CandidateSets.write(bytes, sets);
    assertArrayEquals(Files.readAllBytes(f), bytes.toByteArray());
  }

  @Test
  void limitKeepsTheFirstCandidates() {
    CandidateSet s = parse(FULL).get(0);
    assertEquals(2, s.limit(2).size());
    assertEquals(s.candidates().subList(0, 2), s.limit(2).candidates());
    assertSame(s, s.limit(4));
    assertSame(s, s.limit(100));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.limit(0));
    assertEquals("n must be >= 1, got 0", e.getMessage());
  }

  @Test
  void valuesValidateTheirArguments() {
    assertThrows(IllegalArgumentException.class, () -> new RecordedCandidate(null, null, null, 0, null, null));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new RecordedCandidate("t", null, new double[] {0.1, Double.NaN}, 0, null, null));
    assertEquals("stepScores[1] must be finite, got NaN", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new RecordedCandidate("t", null, null, Double.POSITIVE_INFINITY, null, null));
    assertEquals("score must be finite or NaN, got Infinity", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new RecordedCandidate("t", null, null, 0, null, -3));
    assertEquals("completionTokens must be >= 0 or null, got -3", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> CandidateSet.of("a", "1", List.of()));
    assertTrue(e.getMessage().startsWith("candidates must not be empty"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> CandidateSet.of("a", null, List.of(RecordedCandidate.ofAnswer("1", null))));
    assertTrue(e.getMessage().startsWith("reference must not be null"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new CandidateSet("a", null, "1", Map.of("candidates", "x"),
        List.of(RecordedCandidate.ofAnswer("1", null))));
    assertTrue(e.getMessage().contains("'candidates'"), e.getMessage());
  }

  @Test
  void stepScoresAreCopiedInAndOut() {
    double[] steps = {0.1, 0.2};
    RecordedCandidate c = new RecordedCandidate("t", null, steps, Double.NaN, null, null);
    steps[0] = 9;
    assertEquals(0.1, c.stepScores()[0]);
    c.stepScores()[1] = 9;
    assertEquals(0.2, c.stepScores()[1]);
    assertNotSame(c.stepScores(), c.stepScores());
  }

  @Test
  void bundledRejectsUnknownNames() {
    assertEquals(List.of("qwen-math-cot-100"), CandidateSets.bundledNames());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CandidateSets.bundled("qwen"));
    assertEquals("name must be one of [qwen-math-cot-100], got 'qwen'", e.getMessage());
  }
}
