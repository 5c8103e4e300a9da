package io.ttc4j.eval.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The crash-safety promise of {@code ttc sweep}, tested the way it is broken: the command line runs
 * as a separate JVM, is killed with SIGKILL ({@link Process#destroyForcibly()}) at seeded random
 * points, and is started again with the very same command each time; the files it ends with must
 * equal those of an uninterrupted run byte for byte, without a duplicated row.
 */
class SweepCommandKillTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** 30 problems × 2 seeds = 60 units of 6 rows: about 2 s of searching on one core. */
  private static final List<String> SWEEP = List.of("sweep", "--limit", "30", "--n", "1,4", "--seeds", "0,1",
      "--strategies", "weighted,majority,beam", "--concurrency", "2", "--no-charts");
  private static final int ROWS = 30 * 2 * 2 * 3;
  private static final List<String> SAME = List.of("sweep.json", "results.jsonl", "samples.jsonl", "summary.csv",
      "compute.csv", "at-k.csv");

  @TempDir
  Path tmp;

  private int started;

  /** Starts the command line in a new JVM on this test's class path, writing into {@code out}. */
  private Process start(Path out) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        TtcCommand.class.getName()));
    command.addAll(SWEEP);
    command.addAll(List.of("--out", out.toString()));
    int n = started++;
    return new ProcessBuilder(command)
        .redirectOutput(tmp.resolve("stdout-" + n + ".txt").toFile())
        .redirectError(tmp.resolve("stderr-" + n + ".txt").toFile())
        .start();
  }

  private String stderr(int n) throws IOException {
    return Files.readString(tmp.resolve("stderr-" + n + ".txt"));
  }

  private static int finish(Process p) throws InterruptedException {
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail("the sweep did not end within 120 s");
    }
    return p.exitValue();
  }

  /** Complete lines in {@code file} (0 when it does not exist yet). */
  private static int lines(Path file) throws IOException {
    int n = 0;
    if (Files.exists(file)) {
      for (byte b : Files.readAllBytes(file)) if (b == '\n') n++;
    }
    return n;
  }

  /** The size of {@code file} in bytes (0 when it does not exist yet, or while it is replaced). */
  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }

  @Test
  void killedWithSigkillAtRandomPointsTheSameCommandEndsWithTheFilesOfAnUninterruptedRun() throws Exception {
    Path whole = tmp.resolve("whole");
    long t0 = System.nanoTime();
    Process uninterrupted = start(whole);
    assertEquals(0, finish(uninterrupted), stderr(0));
    long wholeMillis = (System.nanoTime() - t0) / 1_000_000;
    // not a terminal: plain log lines, never a progress bar redrawn with carriage returns
    assertTrue(stderr(0).contains("sweep: 240 searches to run"), stderr(0));
    assertFalse(stderr(0).contains("\r"), "a progress bar in a log file");

    long wholeSize = Files.size(whole.resolve("results.jsonl"));
    Path killed = tmp.resolve("killed");
    Path results = killed.resolve("results.jsonl");
    Random random = new Random(20261125L);
    List<String> kills = new ArrayList<>();
    int midRun = 0;
    for (int k = 0; k < 4; k++) {
      Process p = start(killed);
      if (k == 0) {
        // anywhere in the first half of a run: JVM start, sweep.json, the first units
        p.waitFor(random.nextInt((int) Math.max(1, wholeMillis / 2)), TimeUnit.MILLISECONDS);
      } else {
        // once a random share of the rows still to come has been appended (by size: a stat is quick enough to
        // catch the file growing), at once or after a random delay of up to 20 ms
        long before = size(results);
        long target = before + 1 + (long) (random.nextDouble() * (wholeSize - before) * 2 / 3);
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (p.isAlive() && size(results) < target && System.nanoTime() < deadline) {
          Thread.onSpinWait();
        }
        if (k == 3) p.waitFor(random.nextInt(20), TimeUnit.MILLISECONDS);
      }
      if (!p.isAlive()) {
        kills.add("run " + k + " had already ended (exit " + p.exitValue() + ")");
        assertEquals(0, p.exitValue(), stderr(started - 1));
        continue;
      }
      p.destroyForcibly();
      int exit = finish(p);
      assertTrue(exit != 0, "killed, yet exit status 0");
      int rows = lines(results);
      byte[] content = Files.exists(results) ? Files.readAllBytes(results) : new byte[0];
      boolean torn = content.length > 0 && content[content.length - 1] != '\n';
      String tear = torn ? " and the last line cut by the kill" : "";
      if (k == 2 && !torn && rows > 0) {
        // SIGKILL inside the write(2) of a unit's rows (about 2 kB) is rare, so one kill also leaves the last
        // line cut where such a kill would: a prefix of what was appended
        int lastLineStart = content.length - 1;
        while (lastLineStart > 0 && content[lastLineStart - 1] != '\n') lastLineStart--;
        int cut = lastLineStart + 1 + random.nextInt(content.length - 1 - lastLineStart - 1);
        Files.write(results, java.util.Arrays.copyOf(content, cut));
        tear = " and the last line cut by the test";
        rows--;
      }
      if (rows > 0 && rows < ROWS) midRun++;
      kills.add("run " + k + " killed (exit " + exit + ") with " + rows + " of " + ROWS + " rows written"
          + tear);
    }
    System.out.println("uninterrupted run " + wholeMillis + " ms; " + String.join("; ", kills));
    assertTrue(midRun >= 2, "at least two kills should land in the middle of the sweep: " + kills);

    Process last = start(killed);
    assertEquals(0, finish(last), stderr(started - 1));
    assertTrue(stderr(started - 1).contains("ttc sweep: resuming " + killed), stderr(started - 1));
    for (String f : SAME) {
      assertEquals(Files.readString(whole.resolve(f)), Files.readString(killed.resolve(f)), f + " after " + kills);
    }
    Set<String> keys = new HashSet<>();
    List<String> rows = Files.readAllLines(results, StandardCharsets.UTF_8);
    for (String line : rows) {
      JsonNode r = JSON.readTree(line);
      String key = r.get("problem_id").asText() + "/" + r.get("strategy").asText() + "/" + r.get("n").asInt() + "/"
          + r.get("seed").asLong();
      assertTrue(keys.add(key), "row twice: " + key);
    }
    assertEquals(ROWS, rows.size());
  }
}
