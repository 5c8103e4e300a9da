package io.ttc4j.eval.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ttc4j.core.StopReason;
import io.ttc4j.core.Usage;
import io.ttc4j.eval.ResultRow;
import io.ttc4j.eval.SweepStrategy;
import io.ttc4j.eval.UnitSamples;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A sweep killed while appending leaves its JSON-lines files cut at any byte, also inside a
 * multi-byte character: reading them for a resume keeps exactly the whole lines, at every cut.
 */
class KilledJsonlTest {

  @TempDir
  Path tmp;

  private static final List<ResultRow> ROWS = List.of(
      row("p1", "½", true),
      row("p1", "π/2", false),
      row("p2", null, false),
      row("p2", "√3 ≈ 1.732", true),
      // with confidence (a NaN written as null): cut inside its fields, the line is never whole
      row("p3", "7", false).withConfidence(new io.ttc4j.strategies.Confidence(4, Double.NaN, 0.75, 0.5, 0.25,
          Double.NaN)));

  private static ResultRow row(String id, String answer, boolean correct) {
    return new ResultRow(id, SweepStrategy.WEIGHTED, 4, 0, 4, answer, answer == null ? "0" : answer, correct,
        StopReason.COMPLETED, new Usage(4, 120, 0, 800, 4, 0, 1_234_000), null);
  }

  @Test
  void resultsCutAtEveryByteKeepExactlyTheWholeLines() throws IOException {
    Path file = tmp.resolve("results.jsonl");
    try (ResultsJsonl out = ResultsJsonl.append(file)) {
      out.write(ROWS);
    }
    byte[] whole = Files.readAllBytes(file);
    assertTrue(whole.length > new String(whole, StandardCharsets.UTF_8).length(), "the file holds multi-byte characters");
    for (int cut = 0; cut <= whole.length; cut++) {
      byte[] part = Arrays.copyOf(whole, cut);
      Files.write(file, part);
      int expected = wholeLines(whole, cut);
      List<ResultRow> read = ResultsJsonl.readKilled(file);
      assertEquals(ROWS.subList(0, expected), read, "cut at byte " + cut);
      if (expected < lines(part)) {
        assertThrows(IllegalArgumentException.class, () -> ResultsJsonl.read(file), "a cut line is an error in a "
            + "finished file (byte " + cut + ")");
      }
    }
  }

  @Test
  void samplesCutAtEveryByteKeepExactlyTheWholeLines() throws IOException {
    List<UnitSamples> units = List.of(
        new UnitSamples("p1", 0, 2, List.of(new UnitSamples.Sample("½", 0.5, true, 10),
            new UnitSamples.Sample(null, Double.NaN, false, 12))),
        new UnitSamples("p2", 0, 2, List.of(new UnitSamples.Sample("π", 0.25, false, 7))));
    Path file = tmp.resolve("samples.jsonl");
    try (SamplesJsonl out = SamplesJsonl.append(file)) {
      units.forEach(out::write);
    }
    byte[] whole = Files.readAllBytes(file);
    for (int cut = 0; cut <= whole.length; cut++) {
      byte[] part = Arrays.copyOf(whole, cut);
      Files.write(file, part);
      List<UnitSamples> read = SamplesJsonl.read(file, true);
      assertEquals(wholeLines(whole, cut), read.size(), "cut at byte " + cut);
      for (int i = 0; i < read.size(); i++) {
        assertEquals(SamplesJsonl.toJson(units.get(i)), SamplesJsonl.toJson(read.get(i)), "cut at byte " + cut);
      }
    }
  }

  /**
   * Lines a reader can take whole from the first {@code cut} bytes of {@code whole}: those ending
   * with a line break, and a last one cut just before its line break.
   */
  private static int wholeLines(byte[] whole, int cut) {
    int breaks = 0;
    for (int i = 0; i < cut; i++) if (whole[i] == '\n') breaks++;
    boolean cutJustBeforeBreak = cut > 0 && cut < whole.length && whole[cut] == '\n';
    return breaks + (cutJustBeforeBreak ? 1 : 0);
  }

  private static int lines(byte[] part) {
    int breaks = 0;
    for (byte b : part) if (b == '\n') breaks++;
    return breaks + (part.length > 0 && part[part.length - 1] != '\n' ? 1 : 0);
  }
}
