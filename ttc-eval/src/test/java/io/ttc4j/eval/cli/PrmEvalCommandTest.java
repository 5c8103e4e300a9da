package io.ttc4j.eval.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ttc4j.prm.BigBenchMistake;
import io.ttc4j.prm.LabelledSolution;
import io.ttc4j.prm.ScoreFile;
import io.ttc4j.prm.ScoredSolution;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrmEvalCommandTest {

  @TempDir
  Path tmp;

  @Test
  void aPerfectScoreFileGetsPerfectMetrics() {
    List<ScoredSolution> scored = new ArrayList<>();
    for (LabelledSolution s : BigBenchMistake.load("multistep_arithmetic")) {
      double[] scores = new double[s.steps().size()];
      for (int i = 0; i < scores.length; i++) {
        scores[i] = s.hasError() && i >= s.firstError() ? 0.1 : 0.9;
      }
      scored.add(new ScoredSolution(s, scores));
    }
    Path file = tmp.resolve("perfect.jsonl");
    ScoreFile.write(file, scored);
    ReplayCommandTest.Run r = ReplayCommandTest.ttc("prm-eval", "--steps", file.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("step AUC 1.0000"), r.out());
    assertTrue(r.out().contains("first-error F1 at threshold 0.5000: 1.0000"), r.out());
  }

  @Test
  void baselinesOnBigBenchMistakeAndClearErrors() throws Exception {
    ReplayCommandTest.Run r = ReplayCommandTest.ttc("prm-eval", "--big-bench-mistake", "word_sorting", "--scorer", "random");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("solutions 300"), r.out());
    Path bad = tmp.resolve("bad.jsonl");
    Files.writeString(bad, "{\"id\": \"a\", \"steps\": [\"x\"], \"step_scores\": [\"high\"], \"first_error\": null}\n",
        StandardCharsets.UTF_8);
    r = ReplayCommandTest.ttc("prm-eval", "--steps", bad.toString());
    assertNotEquals(0, r.code());
    assertTrue(r.err().contains(":1: field 'step_scores[0]'"), r.err());
    r = ReplayCommandTest.ttc("prm-eval", "--big-bench-mistake", "all", "--scorer", "oracle");
    assertNotEquals(0, r.code());
    assertTrue(r.err().contains("--scorer"), r.err());
  }

  @Test
  void theSimulatedPrmScoresRealLabelledSteps() {
    ReplayCommandTest.Run r = ReplayCommandTest.ttc("prm-eval", "--big-bench-mistake", "all", "--scorer", "simulator");
    assertEquals(0, r.code(), r.err());
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("step AUC ([0-9.]+)").matcher(r.out());
    assertTrue(m.find(), r.out());
    assertTrue(Double.parseDouble(m.group(1)) > 0.6, r.out());
    ReplayCommandTest.Run again = ReplayCommandTest.ttc("prm-eval", "--big-bench-mistake", "all", "--scorer", "simulator");
    assertEquals(r.out(), again.out(), "deterministic");
  }
}
