package io.ttc4j.eval.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ttc4j.eval.cli.ReplayCommandTest.Run;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The difficulty bins of a run folder: {@code difficulty.csv}, the report section and the bin charts. */
class DifficultyReportTest {

  @TempDir
  Path tmp;

  private static final String HEADER = "difficulty,bin,value_low,value_high,strategy,n,problems,rows,accuracy,"
      + "cluster_ci_low,cluster_ci_high,mean_completion_tokens";

  @Test
  void sweepAndReportWriteTheSameBinsAndCharts() throws IOException {
    Path run = tmp.resolve("run");
    Run r = ReplayCommandTest.ttc("sweep", "--limit", "20", "--n", "1,4", "--seeds", "0,1", "--strategies",
        "first,weighted,majority,beam", "--quiet", "--concurrency", "2", "--out", run.toString());
    assertEquals(0, r.code(), r.err());
    List<String> lines = Files.readAllLines(run.resolve("difficulty.csv"));
    assertEquals(HEADER, lines.get(0));
    // 2 measures x 5 bins x 4 strategies x 2 N, 20 problems: 4 per bin
    assertEquals(1 + 2 * 5 * 4 * 2, lines.size(), String.join("\n", lines));
    Map<String, Double> accuracy = new HashMap<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",");
      assertEquals("4", f[6], line);
      assertEquals("8", f[7], line);
      accuracy.put(f[0] + "," + f[1] + "," + f[4] + "," + f[5], Double.parseDouble(f[8]));
    }
    // oracle bins are ranked by pass@1, so the first sample is right far more often in bin 1 than in bin 5
    assertTrue(accuracy.get("oracle,1,first,1") > accuracy.get("oracle,5,first,1") + 0.5, accuracy.toString());
    assertTrue(accuracy.get("oracle,1,weighted,4") > accuracy.get("oracle,5,weighted,4"), accuracy.toString());

    String md = Files.readString(run.resolve("report.md"), StandardCharsets.UTF_8);
    for (String s : List.of("## Difficulty bins", "**Accuracy per oracle bin**", "**Accuracy per predicted bin**",
        "| 1 (easiest) |", "| 5 (hardest) |", "**best**")) {
      assertTrue(md.contains(s), s + " missing in report.md");
    }
    for (int b = 1; b <= 5; b++) {
      String png = "accuracy-vs-n-bin-" + b + ".png";
      byte[] head = Arrays.copyOf(Files.readAllBytes(run.resolve(png)), 4);
      assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, head, png);
      assertTrue(md.contains("](" + png + ")"), png + " not linked from report.md");
    }

    Path copy = tmp.resolve("copy");
    Files.createDirectories(copy);
    for (String f : List.of("sweep.json", "results.jsonl", "samples.jsonl")) {
      Files.copy(run.resolve(f), copy.resolve(f));
    }
    r = ReplayCommandTest.ttc("report", copy.toString());
    assertEquals(0, r.code(), r.err());
    assertEquals(Files.readString(run.resolve("difficulty.csv")), Files.readString(copy.resolve("difficulty.csv")));
    assertTrue(Files.exists(copy.resolve("accuracy-vs-n-bin-3.png")));

    // without samples there are no bins: the files of the earlier report go, and the report says why
    Files.delete(copy.resolve("samples.jsonl"));
    r = ReplayCommandTest.ttc("report", copy.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("difficulty bins"), r.err());
    assertFalse(Files.exists(copy.resolve("difficulty.csv")));
    for (int b = 1; b <= 5; b++) {
      assertFalse(Files.exists(copy.resolve("accuracy-vs-n-bin-" + b + ".png")), "stale bin chart " + b);
    }
    md = Files.readString(copy.resolve("report.md"), StandardCharsets.UTF_8);
    assertTrue(md.contains("No difficulty bins"), md);
    assertFalse(md.contains("**Accuracy per oracle bin**"), md);
  }

  @Test
  void aSweepWithoutBestOfNRulesHasNoBinsAndSaysWhy() throws IOException {
    Path run = tmp.resolve("beam-only");
    Run r = ReplayCommandTest.ttc("sweep", "--limit", "4", "--n", "1,2", "--seeds", "0", "--strategies", "beam",
        "--quiet", "--no-charts", "--out", run.toString());
    assertEquals(0, r.code(), r.err());
    assertFalse(Files.exists(run.resolve("difficulty.csv")));
    String md = Files.readString(run.resolve("report.md"), StandardCharsets.UTF_8);
    assertTrue(md.contains("## Difficulty bins") && md.contains("ran no best-of-N rule"), md);
  }
}
