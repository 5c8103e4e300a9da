package io.ttc4j.eval.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ttc4j.eval.cli.ReplayCommandTest.Run;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path tmp;

  private Run sweep(Path out, String... extra) {
    List<String> args = new ArrayList<>(List.of("sweep", "--limit", "20", "--n", "1,4", "--seeds", "0,1", "--quiet",
        "--no-charts", "--out", out.toString()));
    args.addAll(List.of(extra));
    return ReplayCommandTest.ttc(args.toArray(String[]::new));
  }

  private static List<JsonNode> results(Path dir) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve("results.jsonl"), StandardCharsets.UTF_8)) {
      out.add(JSON.readTree(line));
    }
    return out;
  }

  private static Map<String, String[]> summary(Path dir) throws IOException {
    Map<String, String[]> out = new HashMap<>();
    List<String> lines = Files.readAllLines(dir.resolve("summary.csv"), StandardCharsets.UTF_8);
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",");
      out.put(f[0] + "@" + f[1], f);
    }
    return out;
  }

  @Test
  void smallSweepRunsEndToEndIntoItsRunFolder() throws IOException {
    Path dir = tmp.resolve("run");
    Run r = sweep(dir, "--concurrency", "2");
    assertEquals(0, r.code(), r.err());
    List<String> stdout = r.out().strip().lines().toList();
    assertEquals(dir.toString(), stdout.get(stdout.size() - 1), "the run folder is printed last");

    List<String> summaryLines = Files.readAllLines(dir.resolve("summary.csv"), StandardCharsets.UTF_8);
    assertEquals("strategy,n,problems,seeds,accuracy,ci_low,ci_high,mean_generations,mean_completion_tokens,"
        + "mean_prompt_tokens,mean_prm_calls", summaryLines.get(0));
    assertEquals(1 + 8 * 2, summaryLines.size(), "five best-of-N rules and beam, dvts, rebase at two Ns");
    assertTrue(Files.readString(dir.resolve("report.md")).contains("common random numbers"));

    List<JsonNode> rows = results(dir);
    assertEquals(20 * 2 * 2 * 8, rows.size());
    Map<String, Boolean> oracle = new HashMap<>();
    for (JsonNode row : rows) {
      for (String field : List.of("problem_id", "strategy", "n", "seed", "answer", "reference", "correct", "stop_reason",
          "generations", "prompt_tokens", "cached_prompt_tokens", "completion_tokens", "prm_calls", "cost_usd")) {
        assertTrue(row.has(field), field + " missing in " + row);
      }
      if (row.get("strategy").asText().equals("oracle")) {
        oracle.put(key(row), row.get("correct").asBoolean());
      }
    }
    for (JsonNode row : rows) {
      // oracle bounds the rules that choose among the same best-of-N candidates, not other searches
      boolean bestOfNRule = List.of("first", "naive", "weighted", "majority").contains(row.get("strategy").asText());
      if (bestOfNRule && row.get("correct").asBoolean()) {
        assertTrue(oracle.get(key(row)), "oracle below " + row);
      }
    }

    Map<String, String[]> s = summary(dir);
    for (String[] f : s.values()) {
      assertEquals("20", f[2]);
      assertEquals("2", f[3]);
    }
    double tokens1 = Double.parseDouble(s.get("naive@1")[8]);
    double tokens4 = Double.parseDouble(s.get("naive@4")[8]);
    assertEquals(4.0, tokens4 / tokens1, 0.4, "mean completion tokens N=4 vs N=1: " + tokens4 + " vs " + tokens1);
    assertEquals("4.00", s.get("weighted@4")[10]);
    assertEquals("0.00", s.get("majority@4")[10]);
    assertEquals("1.00", s.get("first@4")[7]);
    // beam search at N = 4 runs its own search: several PRM calls per step, more than best-of-4's four
    for (String searched : List.of("beam@4", "dvts@4", "rebase@4")) {
      assertTrue(Double.parseDouble(s.get(searched)[10]) > 4, searched + " PRM calls " + s.get(searched)[10]);
    }
  }

  @Test
  void sameSeedsGiveIdenticalFilesWhateverTheConcurrency() throws IOException {
    Path a = tmp.resolve("a");
    Path b = tmp.resolve("b");
    Path c = tmp.resolve("c");
    assertEquals(0, sweep(a, "--concurrency", "1").code());
    assertEquals(0, sweep(b, "--concurrency", "2").code());
    assertEquals(0, sweep(c, "--concurrency", "2").code());
    for (String file : List.of("results.jsonl", "summary.csv")) {
      assertEquals(Files.readString(a.resolve(file)), Files.readString(b.resolve(file)), file);
      assertEquals(Files.readString(b.resolve(file)), Files.readString(c.resolve(file)), file);
    }
  }

  @Test
  void budgetTokensAreNeverExceeded() throws IOException {
    Path dir = tmp.resolve("budget");
    Run r = ReplayCommandTest.ttc("sweep", "--limit", "10", "--n", "1,4,16", "--seeds", "0", "--quiet",
        "--budget-tokens", "3000", "--max-tokens", "1024", "--out", dir.toString());
    assertEquals(0, r.code(), r.err());
    boolean stoppedByBudget = false;
    for (JsonNode row : results(dir)) {
      assertTrue(row.get("completion_tokens").asLong() <= 3000, row.toString());
      stoppedByBudget |= row.get("stop_reason").asText().equals("budget");
    }
    assertTrue(stoppedByBudget, "N=16 should not fit in 3000 tokens");
  }

  @Test
  void aKilledSweepResumesToTheSameFiles() throws IOException {
    Path whole = tmp.resolve("whole");
    Path killed = tmp.resolve("killed");
    assertEquals(0, sweep(whole).code());
    assertEquals(0, sweep(killed).code());
    // simulate a kill: 37 complete lines (2 units of 16 rows and a part) and half of the next line;
    // samples.jsonl is written first: leave it 4 units and half of the 5th
    List<String> lines = Files.readAllLines(killed.resolve("results.jsonl"), StandardCharsets.UTF_8);
    String cut = String.join("\n", lines.subList(0, 37)) + "\n" + lines.get(37).substring(0, 20);
    Files.writeString(killed.resolve("results.jsonl"), cut);
    List<String> sampleLines = Files.readAllLines(killed.resolve("samples.jsonl"), StandardCharsets.UTF_8);
    Files.writeString(killed.resolve("samples.jsonl"), String.join("\n", sampleLines.subList(0, 4)) + "\n"
        + sampleLines.get(4).substring(0, 30));
    Files.delete(killed.resolve("summary.csv"));

    Run conflict = ReplayCommandTest.ttc("sweep", "--resume", killed.toString(), "--n", "1,2");
    assertEquals(1, conflict.code());
    assertTrue(conflict.err().contains("leave out --n"), conflict.err());

    Run r = ReplayCommandTest.ttc("sweep", "--resume", killed.toString(), "--quiet", "--concurrency", "1");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("2 of 40 (problem, seed) units done, 38 to run"), r.err());
    for (String file : List.of("results.jsonl", "summary.csv", "samples.jsonl", "compute.csv", "at-k.csv")) {
      assertEquals(Files.readString(whole.resolve(file)), Files.readString(killed.resolve(file)), file);
    }
  }

  /**
   * A run folder written before rows carried confidence, resumed now: its rows stay as they were
   * (no confidence fields), the units run now record it, and every report file equals an
   * uninterrupted run's.
   */
  @Test
  void aRunFolderWrittenBeforeConfidenceResumesAcrossTheChange() throws IOException {
    Path whole = tmp.resolve("whole");
    Path old = tmp.resolve("old");
    assertEquals(0, sweep(whole).code());
    // an older run killed after 3 units (16 rows each): lines as the older version wrote them
    List<String> lines = Files.readAllLines(whole.resolve("results.jsonl"), StandardCharsets.UTF_8);
    List<String> oldLines = new ArrayList<>();
    for (String line : lines.subList(0, 3 * 16)) oldLines.add(withoutConfidence(line));
    Files.createDirectories(old);
    Files.copy(whole.resolve("sweep.json"), old.resolve("sweep.json"));
    Files.writeString(old.resolve("results.jsonl"), String.join("\n", oldLines) + "\n", StandardCharsets.UTF_8);
    List<String> samples = Files.readAllLines(whole.resolve("samples.jsonl"), StandardCharsets.UTF_8);
    Files.writeString(old.resolve("samples.jsonl"), String.join("\n", samples.subList(0, 3)) + "\n");

    Run r = ReplayCommandTest.ttc("sweep", "--resume", old.toString(), "--quiet");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("3 of 40 (problem, seed) units done, 37 to run"), r.err());
    List<String> resumed = Files.readAllLines(old.resolve("results.jsonl"), StandardCharsets.UTF_8);
    assertEquals(lines.size(), resumed.size());
    for (int i = 0; i < lines.size(); i++) {
      assertEquals(i < 3 * 16 ? oldLines.get(i) : lines.get(i), resumed.get(i), "line " + (i + 1));
    }
    for (String file : List.of("summary.csv", "samples.jsonl", "compute.csv", "at-k.csv", "difficulty.csv")) {
      assertEquals(Files.readString(whole.resolve(file)), Files.readString(old.resolve(file)), file);
    }
  }

  /** A results.jsonl line without its confidence fields, as a run folder written before them holds it. */
  static String withoutConfidence(String line) {
    String stripped = line.replaceAll(",\"conf_[a-z_]+\":(null|[-0-9.Ee+]+)", "");
    assertTrue(line.contains("\"conf_vote_share\"") && !stripped.contains("conf_"), line);
    return stripped;
  }

  @Test
  void badArgumentsAreNamed() throws IOException {
    Run preset = ReplayCommandTest.ttc("sweep", "--preset", "nope", "--quiet", "--out", tmp.resolve("x").toString());
    assertEquals(1, preset.code());
    assertTrue(preset.err().contains("--preset") && preset.err().contains("nope"), preset.err());
    Run dataset = ReplayCommandTest.ttc("sweep", "--dataset", "nope", "--quiet", "--out", tmp.resolve("y").toString());
    assertEquals(1, dataset.code());
    assertTrue(dataset.err().contains("--dataset") && dataset.err().contains("nope"), dataset.err());
    Run seeds = ReplayCommandTest.ttc("sweep", "--seeds", "2..1");
    assertEquals(2, seeds.code());
    assertTrue(seeds.err().contains("--seeds") && seeds.err().contains("2..1"), seeds.err());

    Path used = tmp.resolve("used");
    Files.createDirectories(used);
    Files.writeString(used.resolve("results.jsonl"), "");
    Run again = sweep(used);
    assertEquals(1, again.code());
    assertTrue(again.err().contains("already holds a run"), again.err());
  }

  private static String key(JsonNode row) {
    return row.get("problem_id").asText() + "/" + row.get("seed").asLong() + "/" + row.get("n").asInt();
  }
}
