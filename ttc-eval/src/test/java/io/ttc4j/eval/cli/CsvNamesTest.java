package io.ttc4j.eval.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ttc4j.eval.SweepStrategy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A strategy whose name holds a comma (two settings) keeps every CSV of a run folder in its columns. */
class CsvNamesTest {

  @TempDir
  Path tmp;

  @Test
  void aNameWithACommaIsQuotedInEveryCsv() throws Exception {
    Path run = tmp.resolve("run");
    ReplayCommandTest.Run r = ReplayCommandTest.ttc("sweep", "--strategies", "weighted,beam[width=2,iterations=10]",
        "--n", "2", "--limit", "3", "--out", run.toString(), "--quiet", "--no-charts");
    assertEquals(0, r.code(), r.err());
    for (String file : List.of("summary.csv", "compute.csv", "difficulty.csv")) {
      List<String> lines = Files.readAllLines(run.resolve(file));
      int columns = fields(lines.get(0)).size();
      boolean seen = false;
      for (String line : lines) {
        assertEquals(columns, fields(line).size(), file + ": " + line);
        seen |= fields(line).contains("beam[width=2,iterations=10]");
      }
      assertTrue(seen, file);
    }
    assertEquals("\"a,b\"", SweepStrategy.csvField("a,b"));
    assertEquals("\"say \"\"hi\"\"\"", SweepStrategy.csvField("say \"hi\""));
    assertEquals("weighted", SweepStrategy.csvField("weighted"));
  }

  /** RFC 4180 fields of one line. */
  private static List<String> fields(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder f = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          f.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          f.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        out.add(f.toString());
        f.setLength(0);
      } else {
        f.append(c);
      }
    }
    out.add(f.toString());
    return out;
  }
}
