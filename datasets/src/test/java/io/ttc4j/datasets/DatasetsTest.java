package io.ttc4j.datasets;

import io.ttc4j.core.MalformedDataException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ttc4j.core.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetsTest {

  @TempDir
  Path dir;

  @Test
  void namesAreTheDocumentedSets() {
    assertEquals(List.of("math500", "gsm8k", "aime24", "aime25", "amc23", "qwen-math-cot-100"), Datasets.names());
  }

  @Test
  void everySetLoadsWithUniqueIdsAndReferences() {
    Map<String, Integer> sizes = Map.of("math500", 500, "gsm8k", 1319, "aime24", 30, "aime25", 30, "amc23", 40,
        "qwen-math-cot-100", 100);
    for (String name : Datasets.names()) {
      List<Problem> problems = Datasets.load(name);
      assertEquals(sizes.get(name), problems.size(), name);
      Set<String> ids = new HashSet<>();
      for (Problem p : problems) {
        assertTrue(ids.add(p.id()), name + ": duplicate id " + p.id());
        assertTrue(p.hasReference() && !p.reference().isBlank(), name + ": " + p.id());
        assertFalse(p.prompt().isBlank(), name + ": " + p.id());
      }
    }
  }

  @Test
  void math500HasUniqueIdsLevelsAndSubjects() {
    Problem p = Datasets.load("math500").get(0);
    assertEquals("test/precalculus/807.json", p.id());
    assertEquals("\\left( 3, \\frac{\\pi}{2} \\right)", p.reference());
    assertEquals(Map.of("level", "2", "subject", "Precalculus"), p.metadata());
    assertEquals(2, p.level().getAsInt());
    assertTrue(p.prompt().startsWith("Convert the point $(0,3)$"));
    for (Problem q : Datasets.load("math500")) {
      int level = q.level().getAsInt();
      assertTrue(level >= 1 && level <= 5, q.id());
    }
  }

  @Test
  void gsm8kReferenceIsTheNumberAfterTheMarkWithoutCommas() {
    List<Problem> gsm = Datasets.load("gsm8k");
    assertEquals("gsm8k-0", gsm.get(0).id());
    assertEquals("18", gsm.get(0).reference());
    assertTrue(gsm.get(0).prompt().startsWith("Janet\u2019s ducks lay 16 eggs per day."));
    assertEquals("70000", gsm.get(2).reference());
    assertEquals("2125", gsm.get(146).reference()); // "#### 2,125" in the file
    assertEquals("1450000", gsm.get(611).reference()); // "#### 1,450,000"
    assertEquals("gsm8k-1318", gsm.get(1318).id());
    assertTrue(gsm.stream().allMatch(p -> p.reference().matches("-?[0-9]+")));
  }

  @Test
  void aimeAndAmcReferencesAreIntegersWithoutPaddingOrDecimals() {
    List<Problem> aime24 = Datasets.load("aime24");
    assertEquals("aime24-60", aime24.get(0).id());
    assertEquals("204", aime24.get(0).reference());
    Problem padded = aime24.stream().filter(p -> p.id().equals("aime24-67")).findFirst().orElseThrow();
    assertEquals("25", padded.reference()); // "025" in the file
    List<Problem> aime25 = Datasets.load("aime25");
    assertEquals("aime25-0", aime25.get(0).id());
    assertEquals("70", aime25.get(0).reference());
    List<Problem> amc = Datasets.load("amc23");
    assertEquals("amc23-0", amc.get(0).id());
    assertEquals("27", amc.get(0).reference()); // 27.0 in the file
    assertTrue(amc.stream().anyMatch(p -> p.reference().equals("-1")));
    assertTrue(amc.stream().allMatch(p -> p.reference().matches("-?[0-9]+")));
  }

  @Test
  void unknownNameIsRejectedWithTheKnownNames() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Datasets.load("math5000"));
    assertTrue(e.getMessage().contains("'math5000'") && e.getMessage().contains("math500"), e.getMessage());
  }

  @Test
  void fromFileReadsTheDocumentedFields() throws IOException {
    Path f = write("problems.jsonl",
        "{\"id\": \"a\", \"problem\": \"1+1?\", \"answer\": \"2\", \"level\": \"Level 3\", \"subject\": \"Algebra\"}",
        "",
        "{\"id\": 7, \"question\": \"2+2?\", \"answer\": 4.0, \"extra\": [1]}",
        "{\"id\": \"c\", \"prompt\": \"3+3?\", \"answer\": 6, \"level\": 2, \"subject\": null}");
    List<Problem> ps = Datasets.fromFile(f);
    assertEquals(3, ps.size());
    assertEquals(new Problem("a", "1+1?", "2", Map.of("level", "3", "subject", "Algebra")), ps.get(0));
    assertEquals(new Problem("7", "2+2?", "4", Map.of()), ps.get(1));
    assertEquals(new Problem("c", "3+3?", "6", Map.of("level", "2")), ps.get(2));
  }

  @Test
  void fromFileNamesFileLineAndFieldOfMalformedLines() throws IOException {
    assertMalformed("{\"problem\": \"p\", \"answer\": \"1\"}", "id", "is required but missing");
    assertMalformed("{\"id\": \"a\", \"answer\": \"1\"}", "problem", "is required but missing");
    assertMalformed("{\"id\": \"a\", \"problem\": \"p\"}", "answer", "is required but missing");
    assertMalformed("{\"id\": \"a\", \"problem\": \"p\", \"answer\": \" \"}", "answer", "must not be blank");
    assertMalformed("{\"id\": true, \"problem\": \"p\", \"answer\": \"1\"}", "id", "must be a string or an integer");
    assertMalformed("{\"id\": \"a\", \"problem\": 5, \"answer\": \"1\"}", "problem", "must be a string");
    assertMalformed("{\"id\": \"a\", \"problem\": \"p\", \"answer\": [1]}", "answer", "must be a string or a number");
    assertMalformed("{\"id\": \"a\", \"problem\": \"p\", \"answer\": \"1\", \"level\": 2.5}", "level", "must be an integer");
    assertMalformed("{\"id\": \"a\", \"problem\": \"p\", \"answer\": 1e999}", "answer", "must be a finite number");
    assertMalformed("{\"id\": \"a\", \"problem\": \"p\", \"answer\": \"1\"", null, "is not valid JSON");
    assertMalformed("[1, 2]", null, "must be a JSON object");
    assertMalformed("{\"id\": \"a\", \"id\": \"b\", \"problem\": \"p\", \"answer\": \"1\"}", null, "is not valid JSON");
  }

  @Test
  void fromFileRejectsDuplicateIds() throws IOException {
    Path f = write("dup.jsonl",
        "{\"id\": \"a\", \"problem\": \"p\", \"answer\": \"1\"}",
        "{\"id\": \"a\", \"problem\": \"q\", \"answer\": \"2\"}");
    MalformedDataException e = assertThrows(MalformedDataException.class, () -> Datasets.fromFile(f));
    assertEquals(2, e.line());
    assertEquals("id", e.field());
    assertTrue(e.getMessage().contains("first on line 1"), e.getMessage());
  }

  @Test
  void fromFileRejectsInvalidUtf8() throws IOException {
    Path f = dir.resolve("latin1.jsonl");
    Files.write(f, new byte[] {'{', '"', 'i', 'd', '"', ':', '"', (byte) 0xE9, '"', '}', '\n'});
    MalformedDataException e = assertThrows(MalformedDataException.class, () -> Datasets.fromFile(f));
    assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
  }

  private void assertMalformed(String badLine, String field, String detail) throws IOException {
    Path f = write("bad.jsonl", "{\"id\": \"ok\", \"problem\": \"p\", \"answer\": \"1\"}", "", badLine);
    MalformedDataException e = assertThrows(MalformedDataException.class, () -> Datasets.fromFile(f), badLine);
    assertEquals(f.toString(), e.source());
    assertEquals(3, e.line(), e.getMessage());
    assertEquals(field, e.field(), e.getMessage());
    assertTrue(e.getMessage().startsWith(f + ":3: "), e.getMessage());
    assertTrue(e.getMessage().contains(detail), e.getMessage());
    if (field != null) {
      assertTrue(e.getMessage().contains("field '" + field + "'"), e.getMessage());
    }
  }

  private Path write(String name, String... lines) throws IOException {
    Path f = dir.resolve(name);
    Files.writeString(f, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    return f;
  }

  @Test
  void levelOfMathLevelQuestionMarkIsKeptAsWritten() throws IOException {
    Path f = write("q.jsonl", "{\"id\": \"a\", \"problem\": \"p\", \"answer\": \"1\", \"level\": \"Level ?\"}");
    Problem p = Datasets.fromFile(f).get(0);
    assertEquals("Level ?", p.metadata().get("level"));
    assertTrue(p.level().isEmpty());
    assertNull(p.metadata().get("subject"));
  }
}
