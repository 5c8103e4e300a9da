package io.ttc4j.eval.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ReplayCommandTest {

  @TempDir
  Path tmp;

  /** Exit code, stdout and stderr of one command line. */
  record Run(int code, String out, String err) {}

  static Run ttc(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = TtcCommand.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void bundledQwenReplayReproducesTheRecordedFiguresWithExactVotes() throws IOException {
    Path csv = tmp.resolve("out/qwen.csv");
    Run r = ttc("replay", "--candidates", "qwen-math-cot-100", "--n", "1,2,4,8", "--equivalence", "exact",
        "--out", csv.toString());
    assertEquals(0, r.code(), r.err());
    List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    assertEquals("strategy,n,problems,accuracy,ci_low,ci_high", lines.get(0));
    assertEquals(1 + 5 * 4, lines.size());
    Map<String, String> at8 = new HashMap<>();
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",");
      if (f[1].equals("8")) at8.put(f[0], f[3]);
    }
    assertEquals("0.9000", at8.get("first"));
    assertEquals("0.9300", at8.get("majority"));
    assertEquals("0.9400", at8.get("naive"));
    assertEquals("0.9600", at8.get("oracle"));
    assertTrue(r.out().contains("majority  8       100    0.9300"), r.out());
  }

  @Test
  void defaultEquivalenceIsMathAndSaysWhetherExactStringsDiffer() {
    Run r = ttc("replay", "--candidates", "qwen-math-cot-100");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("votes: math equivalence"), r.out());
    assertTrue(r.out().contains("oracle    8       100    0.9600"), r.out());
    assertTrue(r.out().contains("hold under both"), r.out());
  }

  @Test
  void differencesBetweenMathAndExactVotesAreShownAndExplained() throws IOException {
    Path file = tmp.resolve("fracs.jsonl");
    Files.writeString(file, String.join("\n",
        "{\"id\":\"half\",\"reference\":\"\\\\frac{1}{2}\",\"candidates\":[{\"answer\":\"3\"},"
            + "{\"answer\":\"\\\\dfrac{1}{2}\"},{\"answer\":\"\\\\frac{1}{2}\"},{\"answer\":\"\\\\frac12\"},"
            + "{\"answer\":\"3\"}]}",
        "{\"id\":\"two\",\"reference\":\"2\",\"candidates\":[{\"answer\":\"2\"},{\"answer\":\"2\"},"
            + "{\"answer\":\"5\"},{\"answer\":\"2\"},{\"answer\":\"7\"}]}",
        ""));
    Run r = ttc("replay", "--candidates", file.toString(), "--strategies", "first,majority,oracle");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("exact vote"), r.out());
    assertTrue(r.out().contains("majority@5 on half: math chooses \"\\dfrac{1}{2}\" (right), exact chooses \"3\" (wrong)"),
        r.out());
    assertTrue(r.out().contains("math counts as one answer {\"\\dfrac{1}{2}\" x1, \"\\frac{1}{2}\" x1, \"\\frac12\" x1}"), r.out());
  }

  @Test
  void malformedFilesFailWithFileLineAndField() throws IOException {
    Path file = tmp.resolve("bad.jsonl");
    Files.writeString(file, "{\"id\":\"a\",\"reference\":\"1\",\"candidates\":[{\"answer\":\"1\",\"score\":0.5}]}\n"
        + "{\"id\":\"b\",\"reference\":\"1\",\"candidates\":[{\"answer\":\"1\",\"score\":\"high\"}]}\n");
    Run r = ttc("replay", "--candidates", file.toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains(file + ":2: field 'candidates[0].score'"), r.err());
    assertEquals(1, r.err().strip().lines().count(), "one line, no stack trace: " + r.err());
  }

  @Test
  void nAboveAProblemsCandidateCountNamesTheProblem() throws IOException {
    Path file = tmp.resolve("short.jsonl");
    Files.writeString(file, "{\"id\":\"long\",\"reference\":\"1\",\"candidates\":[{\"answer\":\"1\"},{\"answer\":\"2\"}]}\n"
        + "{\"id\":\"tiny\",\"reference\":\"1\",\"candidates\":[{\"answer\":\"1\"}]}\n");
    Run r = ttc("replay", "--candidates", file.toString(), "--strategies", "first,majority", "--n", "1,2");
    assertEquals(1, r.code());
    assertTrue(r.err().contains("'tiny'") && r.err().contains("n=2"), r.err());
    // the default Ns stop at the smallest candidate count
    Run ok = ttc("replay", "--candidates", file.toString(), "--strategies", "first,majority");
    assertEquals(0, ok.code(), ok.err());
  }

  @Test
  void scoreRulesWithoutScoresFailClearly() throws IOException {
    Path file = tmp.resolve("noscores.jsonl");
    Files.writeString(file, "{\"id\":\"x\",\"reference\":\"1\",\"candidates\":[{\"answer\":\"1\"},{\"answer\":\"2\"}]}\n");
    Run r = ttc("replay", "--candidates", file.toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("naive needs reward-model scores") && r.err().contains("'x'"), r.err());
  }

  @Test
  void missingFilesAndBadOptionsAreNamed() {
    Run r = ttc("replay", "--candidates", tmp.resolve("nope.jsonl").toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("--candidates") && r.err().contains("nope.jsonl"), r.err());
    Run bad = ttc("replay", "--candidates", "qwen-math-cot-100", "--n", "1,zero");
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("--n") && bad.err().contains("zero"), bad.err());
    Run eq = ttc("replay", "--candidates", "qwen-math-cot-100", "--equivalence", "fuzzy");
    assertEquals(2, eq.code());
    assertTrue(eq.err().contains("--equivalence") && eq.err().contains("fuzzy"), eq.err());
  }

  @Test
  void helpListsTheCommands() {
    Run r = ttc("--help");
    assertEquals(0, r.code());
    assertTrue(r.out().contains("sweep") && r.out().contains("replay"), r.out());
  }
}
