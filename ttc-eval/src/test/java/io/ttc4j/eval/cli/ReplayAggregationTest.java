package io.ttc4j.eval.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replay takes every aggregation of ttc-prm, and grades raw texts with the project's grader. */
class ReplayAggregationTest {

  @TempDir
  Path tmp;

  private String naiveAccuracy(Path file, String aggregation) throws Exception {
    Path csv = tmp.resolve(aggregation + ".csv");
    ReplayCommandTest.Run r = ReplayCommandTest.ttc("replay", "--candidates", file.toString(), "--aggregation",
        aggregation, "--n", "2", "--strategies", "naive", "--out", csv.toString());
    assertEquals(0, r.code(), r.err());
    List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    return lines.get(1).split(",")[3];
  }

  @Test
  void everyAggregationChangesWhatNaiveChooses() throws Exception {
    // no `correct` fields: texts are graded against the reference by the math grader (\frac12 = 0.5)
    Path file = tmp.resolve("cs.jsonl");
    Files.writeString(file, String.join("\n",
        "{\"id\":\"a\",\"reference\":\"0.5\",\"candidates\":[{\"text\":\"so \\\\boxed{\\\\frac12}\",\"step_scores\":[0.9,0.2]},"
            + "{\"text\":\"\\\\boxed{3}\",\"step_scores\":[0.5,0.6]}]}",
        "{\"id\":\"b\",\"reference\":\"5\",\"candidates\":[{\"answer\":\"5\",\"step_scores\":[0.3,0.9]},"
            + "{\"answer\":\"4\",\"step_scores\":[0.8,0.8]}]}", ""), StandardCharsets.UTF_8);
    assertEquals("0.5000", naiveAccuracy(file, "last"));
    assertEquals("0.0000", naiveAccuracy(file, "min"));
    assertEquals("0.0000", naiveAccuracy(file, "geometric-mean"));
    assertEquals("1.0000", naiveAccuracy(file, "max"));
    ReplayCommandTest.Run r = ReplayCommandTest.ttc("replay", "--candidates", file.toString(), "--aggregation", "bogus");
    assertEquals(2, r.code());
    assertTrue(r.err().contains("'bogus'"), r.err());
  }
}
