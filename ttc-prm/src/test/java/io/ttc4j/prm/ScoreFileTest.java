package io.ttc4j.prm;

import io.ttc4j.core.MalformedDataException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScoreFileTest {

  private static List<ScoredSolution> read(String text) {
    return ScoreFile.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "scores.jsonl");
  }

  private static String error(String text) {
    MalformedDataException e = assertThrows(MalformedDataException.class, () -> read(text));
    return e.getMessage();
  }

  @Test
  void readsTheDocumentedFormat() {
    List<ScoredSolution> s = read(
        "{\"id\": \"a\", \"question\": \"2+2?\", \"steps\": [\"x\", \"y\"], \"step_scores\": [0.9, 0.1], \"first_error\": 1, \"correct\": true}\n"
            + "\n"
            + "{\"id\": 7, \"steps\": [\"z\"], \"step_scores\": [1], \"first_error\": null, \"extra\": {\"ignored\": 1}}\n"
            + "{\"id\": \"c\", \"steps\": [\"z\"], \"step_scores\": [0], \"first_error\": 0}\n");
    assertEquals(3, s.size());
    LabelledSolution a = s.get(0).solution();
    assertEquals("2+2?", a.question());
    assertEquals(List.of("x", "y"), a.steps());
    assertEquals(1, a.firstError());
    assertTrue(a.correct(), "an explicit 'correct' wins");
    assertEquals(0.1, s.get(0).stepScore(1));
    assertEquals("7", s.get(1).solution().id());
    assertEquals(LabelledSolution.NO_ERROR, s.get(1).solution().firstError());
    assertTrue(s.get(1).solution().correct(), "no mistake: correct by default");
    assertFalse(s.get(2).solution().correct(), "a mistake: wrong by default");
  }

  @Test
  void writesWhatItReads(@TempDir Path dir) throws IOException {
    List<ScoredSolution> original = List.of(
        new ScoredSolution(new LabelledSolution("a", "q \"quoted\"\nnewline", List.of("é", "b"), 0, true),
            new double[] {0.1 + 0.2, 1e-300}),
        new ScoredSolution(new LabelledSolution("b", "", List.of("c"), -1, false), new double[] {-3}));
    Path file = dir.resolve("s.jsonl");
    ScoreFile.write(file, original);
    assertEquals(2, Files.readAllLines(file).size());
    assertEquals(original, ScoreFile.read(file));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ScoreFile.write(out, original);
    assertEquals(Files.readString(file), out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void errorsNameFileLineAndField() {
    String ok = "{\"id\": \"a\", \"steps\": [\"x\"], \"step_scores\": [0.5], \"first_error\": null}\n";
    assertEquals("scores.jsonl:2: line is not valid JSON: Unexpected character ('x' (code 120)): was expecting "
        + "double-quote to start field name", error(ok + "{x}\n"));
    assertEquals("scores.jsonl:1: line must be a JSON object, got [1]", error("[1]\n"));
    assertEquals("scores.jsonl:1: field 'id' is required but missing",
        error("{\"steps\": [\"x\"], \"step_scores\": [0.5], \"first_error\": null}"));
    assertEquals("scores.jsonl:1: field 'steps[1]' must be a string, got 3",
        error("{\"id\": \"a\", \"steps\": [\"x\", 3], \"step_scores\": [0.5, 1], \"first_error\": null}"));
    assertEquals("scores.jsonl:1: field 'step_scores[0]' must be a finite number, got \"high\"",
        error("{\"id\": \"a\", \"steps\": [\"x\"], \"step_scores\": [\"high\"], \"first_error\": null}"));
    assertEquals("scores.jsonl:1: field 'step_scores' must hold one score per step (1), got 2",
        error("{\"id\": \"a\", \"steps\": [\"x\"], \"step_scores\": [0.5, 0.5], \"first_error\": null}"));
    assertEquals("scores.jsonl:1: field 'first_error' is required (null when the solution has no mistake) but missing",
        error("{\"id\": \"a\", \"steps\": [\"x\"], \"step_scores\": [0.5]}"));
    assertEquals("scores.jsonl:1: field 'first_error' must be a step index below 1 or null, got 1",
        error("{\"id\": \"a\", \"steps\": [\"x\"], \"step_scores\": [0.5], \"first_error\": 1}"));
    assertEquals("scores.jsonl:1: field 'first_error' must be an integer >= 0 or null, got -1",
        error("{\"id\": \"a\", \"steps\": [\"x\"], \"step_scores\": [0.5], \"first_error\": -1}"));
    assertEquals("scores.jsonl:1: field 'correct' must be true or false, got \"yes\"",
        error("{\"id\": \"a\", \"steps\": [\"x\"], \"step_scores\": [0.5], \"first_error\": null, \"correct\": \"yes\"}"));
    assertEquals("scores.jsonl:1: field 'steps' must hold at least one step",
        error("{\"id\": \"a\", \"steps\": [], \"step_scores\": [], \"first_error\": null}"));
    assertEquals("scores.jsonl:3: field 'id' 'a' repeats the id of line 1", error(ok + "\n" + ok));
    MalformedDataException e = assertThrows(MalformedDataException.class, () -> read(ok + "{x}"));
    assertEquals("scores.jsonl", e.source());
    assertEquals(2, e.line());
    assertEquals(null, e.field());
  }
}
