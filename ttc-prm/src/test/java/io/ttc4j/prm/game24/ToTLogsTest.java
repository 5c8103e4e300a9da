package io.ttc4j.prm.game24;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ttc4j.core.MalformedDataException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ToTLogsTest {

  private static final Path SHARED = Path.of("../../shared/data");

  private static byte[] bundledBytes(String name) throws IOException {
    try (InputStream in = ToTLogs.bundled(name)) {
      return in.readAllBytes();
    }
  }

  @Test
  void bundledFilesAreExactCopiesOfTheSharedData() throws IOException {
    assertTrue(new String(bundledBytes("NOTICE.md"), StandardCharsets.UTF_8).contains("@ ab40034"));
    assertTrue(new String(bundledBytes("princeton-nlp-tree-of-thought-llm.txt"), StandardCharsets.UTF_8)
        .startsWith("MIT License"));
    assumeTrue(Files.isDirectory(SHARED.resolve("game24")), "shared data not present: " + SHARED.toAbsolutePath());
    for (String name : List.of(ToTLogs.PUZZLES, ToTLogs.IO_LOG, ToTLogs.COT_LOG, ToTLogs.BFS_LOG)) {
      assertArrayEquals(Files.readAllBytes(SHARED.resolve("game24").resolve(name)), bundledBytes(name), name);
    }
    assertArrayEquals(Files.readAllBytes(SHARED.resolve("licenses/princeton-nlp-tree-of-thought-llm.txt")),
        bundledBytes("princeton-nlp-tree-of-thought-llm.txt"));
  }

  @Test
  void readsTheBundledLogs() {
    List<String> puzzles = ToTLogs.bundledPuzzles();
    assertEquals(1362, puzzles.size());
    assertEquals("1 1 4 6", puzzles.get(0));
    assertEquals("4 5 6 10", puzzles.get(900));

    ToTLog io = ToTLogs.bundledIo();
    assertEquals(ToTLog.Method.IO, io.method());
    assertEquals(100, io.puzzles().size());
    LoggedPuzzle first = io.puzzles().get(0);
    assertEquals(900, first.idx());
    assertEquals(100, first.outputs().size());
    assertEquals(new LoggedSample("Answer: (10 - 6) * (5 - 4) * 4 = 24", false), first.outputs().get(0));
    assertEquals(new LoggedUsage(1000, 1856, 0.14135999999999999), first.usageSoFar());
    assertEquals(999, io.puzzles().get(99).idx());

    ToTLog cot = ToTLogs.bundledCot();
    assertEquals(100, cot.puzzles().get(0).outputs().size());
    assertTrue(cot.puzzles().get(0).outputs().get(0).text().startsWith("Steps:\n10 - 4 = 6"));

    ToTLog bfs = ToTLogs.bundledBfs();
    LoggedPuzzle search = bfs.puzzles().get(0);
    assertEquals(5, search.outputs().size());
    assertEquals(4, search.steps().size());
    BfsStep depth0 = search.steps().get(0);
    assertEquals("4 5 6 10", depth0.x());
    assertEquals(List.of(""), depth0.ys());
    assertEquals(12, depth0.newYs().size());
    assertEquals(3.0, depth0.values().get(0));
    assertEquals("4 + 5 = 9 (left: 6 9 10)\n", depth0.selected().get(0));
    assertEquals(search.steps().get(3).selected(), search.outputs().stream().map(LoggedSample::text).toList());
  }

  @Test
  void readsFilesFromAPath() {
    assumeTrue(Files.isDirectory(SHARED.resolve("game24")), "shared data not present");
    assertEquals(ToTLogs.bundledIo().puzzles(), ToTLogs.readIo(SHARED.resolve("game24").resolve(ToTLogs.IO_LOG)).puzzles());
    assertEquals(ToTLogs.bundledPuzzles(), ToTLogs.readPuzzles(SHARED.resolve("game24").resolve(ToTLogs.PUZZLES)));
  }

  private static MalformedDataException malformed(String json, ToTLog.Method method) {
    return assertThrows(MalformedDataException.class,
        () -> ToTLogs.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "log.json", method));
  }

  private static final String USAGE = "\"usage_so_far\": {\"prompt_tokens\": 10, \"completion_tokens\": 20, \"cost\": 0.0015}";

  @Test
  void malformedLogsNameFileLineAndField() {
    assertEquals("log.json:1: line is empty: expected a JSON document", malformed("", ToTLog.Method.IO).getMessage());
    assertEquals("log.json:1: line must be a JSON array, got an object", malformed("{}", ToTLog.Method.IO).getMessage());
    assertEquals("log.json:1: line must not be empty", malformed("[]", ToTLog.Method.IO).getMessage());
    assertTrue(malformed("[{\"idx\": 1,", ToTLog.Method.IO).getMessage().startsWith("log.json:1: line is not valid JSON: "));
    assertTrue(malformed("[{\"idx\": 1, \"idx\": 2}]", ToTLog.Method.IO).getMessage().contains("Duplicate field 'idx'"));
    assertEquals("log.json:1: line has content after the end of the JSON document",
        malformed("[{\"idx\": 1, \"ys\": [\"a\"], \"accs\": [true], " + USAGE + "}] []", ToTLog.Method.IO).getMessage());

    MalformedDataException e = malformed("[\n {\"idx\": 900,\n  \"ys\": [\"Answer: 1\", 7],\n  \"accs\": [true, false],\n  "
        + USAGE + "}\n]", ToTLog.Method.IO);
    assertEquals("log.json:3: field '[0].ys[1]' must be a string, got 7", e.getMessage());
    assertEquals("log.json", e.source());
    assertEquals(3, e.line());
    assertEquals("[0].ys[1]", e.field());

    assertEquals("log.json:2: field '[0].ys' is required but missing",
        malformed("[\n {\"idx\": 900, \"accs\": [true], " + USAGE + "}]", ToTLog.Method.IO).getMessage());
    assertEquals("log.json:1: field '[0].accs' must hold one judgement per output in 'ys' (2), got 1",
        malformed("[{\"idx\": 900, \"ys\": [\"a\", \"b\"], \"accs\": [true], " + USAGE + "}]", ToTLog.Method.IO).getMessage());
    assertEquals("log.json:1: field '[0]' must hold the judgement of each output, as 'accs' or 'infos', and holds neither",
        malformed("[{\"idx\": 900, \"ys\": [\"a\"], " + USAGE + "}]", ToTLog.Method.COT).getMessage());
    assertEquals("log.json:1: field '[0].infos[0].r' must be 0 or 1, got 2",
        malformed("[{\"idx\": 900, \"ys\": [\"a\"], \"infos\": [{\"r\": 2}], " + USAGE + "}]", ToTLog.Method.COT).getMessage());
    assertEquals("log.json:1: field '[0].accs[0]' must be true or false, got 1",
        malformed("[{\"idx\": 900, \"ys\": [\"a\"], \"accs\": [1], " + USAGE + "}]", ToTLog.Method.IO).getMessage());
    assertEquals("log.json:1: field '[0].idx' must be an integer >= 0, got -1",
        malformed("[{\"idx\": -1, \"ys\": [\"a\"], \"accs\": [true], " + USAGE + "}]", ToTLog.Method.IO).getMessage());
    assertEquals("log.json:1: field '[0].usage_so_far.cost' must be >= 0, got -0.5",
        malformed("[{\"idx\": 1, \"ys\": [\"a\"], \"accs\": [true], \"usage_so_far\": {\"prompt_tokens\": 1, "
            + "\"completion_tokens\": 2, \"cost\": -0.5}}]", ToTLog.Method.IO).getMessage());
    assertEquals("log.json:1: field '[0].usage_so_far.completion_tokens' must not be null",
        malformed("[{\"idx\": 1, \"ys\": [\"a\"], \"accs\": [true], \"usage_so_far\": {\"prompt_tokens\": 1, "
            + "\"completion_tokens\": null, \"cost\": 0.5}}]", ToTLog.Method.IO).getMessage());
    assertEquals("log.json:3: field '[1].idx' puzzle 7 appears twice (first on line 2)",
        malformed("[\n{\"idx\": 7, \"ys\": [\"a\"], \"accs\": [true], " + USAGE + "},\n{\"idx\": 7, \"ys\": [\"a\"], "
            + "\"accs\": [true], " + USAGE + "}]", ToTLog.Method.IO).getMessage());
    assertEquals("log.json:1: field '[0].steps' is required but missing",
        malformed("[{\"idx\": 1, \"ys\": [\"a\"], \"infos\": [{\"r\": 1}], " + USAGE + "}]", ToTLog.Method.BFS).getMessage());
    assertEquals("log.json:1: field '[0].steps[0].values' must hold one value per state in 'new_ys' (2), got 1",
        malformed("[{\"idx\": 1, \"ys\": [\"a\"], \"infos\": [{\"r\": 1}], " + USAGE + ", \"steps\": [{\"step\": 0, \"x\": "
            + "\"1 2 3 4\", \"ys\": [\"\"], \"new_ys\": [\"a\", \"b\"], \"values\": [1.0], \"select_new_ys\": [\"a\"]}]}]",
            ToTLog.Method.BFS).getMessage());
  }

  @Test
  void malformedFilesOnDiskAreNamedByTheirPath(@TempDir Path dir) throws IOException {
    Path log = dir.resolve("bad.json");
    Files.writeString(log, "[{\"idx\": 1, \"ys\": \"Answer: 1\"}]");
    MalformedDataException e = assertThrows(MalformedDataException.class, () -> ToTLogs.readIo(log));
    assertEquals(log + ":1: field '[0].ys' must be a JSON array, got \"Answer: 1\"", e.getMessage());

    Path csv = dir.resolve("24.csv");
    Files.writeString(csv, "Rank,Puzzles,AMT (s)\n1,1 1 4 6,4.4\n2,1 1 11,4.41\n");
    e = assertThrows(MalformedDataException.class, () -> ToTLogs.readPuzzles(csv));
    assertEquals(csv + ":3: field 'Puzzles' must be four integers such as \"4 5 6 10\", got '1 1 11'", e.getMessage());
    Files.writeString(csv, "Rank,Numbers\n1,1 1 4 6\n");
    assertEquals(csv + ":1: line must be a header row naming a 'Puzzles' column",
        assertThrows(MalformedDataException.class, () -> ToTLogs.readPuzzles(csv)).getMessage());
    Files.writeString(csv, "Rank,Puzzles\n1,1 1 4 6\n\n2,1 1 11 11");
    assertEquals(List.of("1 1 4 6", "1 1 11 11"), ToTLogs.readPuzzles(csv));
  }

  @Test
  void unknownBundledFilesAreRejected() {
    assertEquals("no bundled file 'nope.json' in io/ttc4j/prm/data/game24/",
        assertThrows(IllegalArgumentException.class, () -> ToTLogs.bundled("nope.json")).getMessage());
  }
}
