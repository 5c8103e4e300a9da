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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportCommandTest {

  /** What equals between a run and its regenerated or merged report. */
  private static final List<String> SAME = List.of("summary.csv", "compute.csv", "at-k.csv");

  @TempDir
  static Path tmp;

  private static Path whole;

  private static Run sweep(Path out, String... extra) {
    List<String> args = new ArrayList<>(List.of("sweep", "--limit", "13", "--n", "1,2,8", "--seeds", "0,1", "--quiet",
        "--concurrency", "2", "--out", out.toString()));
    args.addAll(List.of(extra));
    return ReplayCommandTest.ttc(args.toArray(String[]::new));
  }

  @BeforeAll
  static void unshardedRun() {
    whole = tmp.resolve("whole");
    Run r = sweep(whole, "--no-charts");
    assertEquals(0, r.code(), r.err());
  }

  @Test
  void reportRebuildsTheFilesFromResultsAloneAndDrawsCharts() throws IOException {
    Path copy = tmp.resolve("copy");
    Files.createDirectories(copy);
    for (String f : List.of("sweep.json", "results.jsonl", "samples.jsonl")) {
      Files.copy(whole.resolve(f), copy.resolve(f));
    }
    Run r = ReplayCommandTest.ttc("report", copy.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().strip().endsWith(copy.toString()), r.out());
    for (String f : SAME) {
      assertEquals(Files.readString(whole.resolve(f)), Files.readString(copy.resolve(f)), f);
    }
    String md = Files.readString(copy.resolve("report.md"), StandardCharsets.UTF_8);
    for (String section : List.of("## Compute", "## Compute-matched frontier", "## Unbiased rule@k from one run",
        "## Charts", "regenerated from", "common random numbers")) {
      assertTrue(md.contains(section), section + " missing in report.md");
    }
    for (String png : List.of("accuracy-vs-n.png", "accuracy-vs-tokens.png", "accuracy-vs-flops.png",
        "accuracy-vs-usd-commodity.png", "accuracy-vs-usd-production.png", "accuracy-vs-usd-premium.png",
        "accuracy-at-k.png")) {
      byte[] head = Arrays.copyOf(Files.readAllBytes(copy.resolve(png)), 4);
      assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, head, png);
      assertTrue(md.contains("](" + png + ")"), png + " not linked from report.md");
    }
    assertFalse(Files.exists(copy.resolve("accuracy-vs-usd-on-device.png")), "no dollar chart for a free tier");
  }

  /**
   * The confidence recorded on each row is not part of any report: a run folder written before rows
   * carried it (the same rows without their confidence fields) gives the same report files, byte for byte.
   */
  @Test
  void reportsDoNotDependOnTheRecordedConfidence() throws IOException {
    // names of one length: report.md pads its settings table to the folder name
    Path with = tmp.resolve("conf-with");
    Path without = tmp.resolve("conf-sans");
    for (Path dir : List.of(with, without)) {
      Files.createDirectories(dir);
      for (String f : List.of("sweep.json", "results.jsonl", "samples.jsonl")) Files.copy(whole.resolve(f), dir.resolve(f));
    }
    List<String> lines = new ArrayList<>();
    for (String line : Files.readAllLines(whole.resolve("results.jsonl"), StandardCharsets.UTF_8)) {
      lines.add(SweepCommandTest.withoutConfidence(line));
    }
    Files.writeString(without.resolve("results.jsonl"), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    for (Path dir : List.of(with, without)) {
      Run r = ReplayCommandTest.ttc("report", dir.toString(), "--no-charts");
      assertEquals(0, r.code(), r.err());
    }
    for (String f : List.of("summary.csv", "compute.csv", "at-k.csv", "difficulty.csv")) {
      assertEquals(Files.readString(whole.resolve(f)), Files.readString(without.resolve(f)), f);
      assertEquals(Files.readString(with.resolve(f)), Files.readString(without.resolve(f)), f);
    }
    // report.md names the folder it was rebuilt from; otherwise equal
    assertEquals(Files.readString(with.resolve("report.md")).replace(with.toString(), "DIR"),
        Files.readString(without.resolve("report.md")).replace(without.toString(), "DIR"));
  }

  @Test
  void shardsMergeIntoTheUnshardedReport() throws IOException {
    List<String> dirs = new ArrayList<>(List.of("report"));
    for (int k = 1; k <= 3; k++) {
      Path shard = tmp.resolve("shard" + k);
      Run r = sweep(shard, "--shard", k + "/3", "--no-charts");
      assertEquals(0, r.code(), r.err());
      dirs.add(shard.toString());
    }
    // shard 1 of 3 holds problems 0, 3, 6, 9, 12
    assertTrue(Files.readString(tmp.resolve("shard1/summary.csv")).contains(",5,2,"), "5 problems x 2 seeds");
    Path merged = tmp.resolve("merged");
    dirs.addAll(List.of("--no-charts", "--out", merged.toString()));
    Run r = ReplayCommandTest.ttc(dirs.toArray(String[]::new));
    assertEquals(0, r.code(), r.err());
    for (String f : SAME) {
      assertEquals(Files.readString(whole.resolve(f)), Files.readString(merged.resolve(f)), f);
    }
    assertTrue(Files.readString(merged.resolve("report.md")).contains("shards 1/3, 2/3, 3/3"));

    // two of three shards: a report with a warning
    Run partial = ReplayCommandTest.ttc("report", tmp.resolve("shard1").toString(), tmp.resolve("shard3").toString(),
        "--no-charts", "--out", tmp.resolve("partial").toString());
    assertEquals(0, partial.code(), partial.err());
    assertTrue(partial.err().contains("only 2 of 3 shards given"), partial.err());

    // the same shard twice
    Run twice = ReplayCommandTest.ttc("report", tmp.resolve("shard1").toString(), tmp.resolve("shard1").toString(),
        "--out", tmp.resolve("x").toString());
    assertEquals(1, twice.code());
    assertTrue(twice.err().contains("given twice"), twice.err());
  }

  @Test
  void foldersOfDifferentSweepsAreRefusedNamingTheKey() throws IOException {
    Path other = tmp.resolve("other");
    assertEquals(0, sweep(other, "--shard", "2/3", "--temperature", "0.7", "--no-charts").code());
    Path shard1 = tmp.resolve("diff1");
    assertEquals(0, sweep(shard1, "--shard", "1/3", "--no-charts").code());
    Run r = ReplayCommandTest.ttc("report", shard1.toString(), other.toString(), "--out", tmp.resolve("y").toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("differ in 'temperature' (0.8 vs 0.7)"), r.err());

    Run several = ReplayCommandTest.ttc("report", shard1.toString(), other.toString());
    assertEquals(1, several.code());
    assertTrue(several.err().contains("--out"), several.err());

    Run notARun = ReplayCommandTest.ttc("report", tmp.toString());
    assertEquals(1, notARun.code());
    assertTrue(notARun.err().contains("is not a sweep run folder"), notARun.err());

    Run badTier = ReplayCommandTest.ttc("report", shard1.toString(), "--price-tier", "cheap");
    assertEquals(2, badTier.code());
    assertTrue(badTier.err().contains("--price-tier") && badTier.err().contains("cheap"), badTier.err());
  }
}
