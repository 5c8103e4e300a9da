package io.ttc4j.prm.game24;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ttc4j.core.Usage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The figures of the Tree of Thoughts Game of 24 logs, reproduced from the bundled files: those the
 * data README states (IO 0.073 / 0.33, CoT 0.040 / 0.49, ToT 0.62 / 0.69, $13.80 / $32.17 / $74.51),
 * the paper's CoT-SC 9.0%, and the derived costs.
 */
class Game24FiguresTest {

  private static Game24Report report;

  @BeforeAll
  static void replay() {
    report = Game24Replay.bundled();
  }

  @Test
  void successAsTheDataReadmeAndThePaperState() {
    SamplingReplay io = report.io();
    SamplingReplay cot = report.cot();
    BfsReplay tot = report.tot();
    assertEquals(100, io.puzzles());
    assertEquals(100, io.samplesPerPuzzle());
    assertEquals(0.073, io.meanPerSample(), 0.0005); // 734 of 10,000
    assertEquals(0.0734, io.meanPerSample(), 1e-12);
    assertEquals(0.33, io.passAt(100), 1e-12);
    assertEquals(0.040, cot.meanPerSample(), 0.0005); // 403 of 10,000
    assertEquals(0.0403, cot.meanPerSample(), 1e-12);
    assertEquals(0.49, cot.passAt(100), 1e-12);
    assertEquals(0.09, cot.majorityAt(100), 1e-12, "the paper's CoT-SC (k = 100): 9.0%");
    assertEquals(0.62, tot.firstOfFinal(), 1e-12);
    assertEquals(0.69, tot.anyOfFinal(), 1e-12);
    assertEquals(0.238, tot.meanOfFinal(), 1e-12);
    assertEquals(5, tot.finalStates());
    // the same figures from the logs' own labels
    assertEquals(io.meanPerSample(), io.loggedMeanPerSample(), 1e-12);
    assertEquals(cot.passAt(100), cot.loggedPassAt(100), 1e-12);
    assertEquals(tot.firstOfFinal(), tot.loggedFirstOfFinal(), 1e-12);
    assertEquals(tot.anyOfFinal(), tot.loggedAnyOfFinal(), 1e-12);
  }

  @Test
  void curvesAtSelectedK() {
    SamplingReplay io = report.io();
    SamplingReplay cot = report.cot();
    double[][] expected = { // k, IO pass@k, IO first k, CoT pass@k, CoT first k, CoT majority of first k
        {1, 0.073, 0.08, 0.040, 0.05, 0.05},
        {10, 0.179, 0.18, 0.215, 0.20, 0.05},
        {50, 0.273, 0.30, 0.407, 0.41, 0.05},
        {100, 0.330, 0.33, 0.490, 0.49, 0.09}};
    for (double[] row : expected) {
      int k = (int) row[0];
      assertEquals(row[1], io.passAt(k), 0.0005, "IO pass@" + k);
      assertEquals(row[2], io.firstKAt(k), 1e-12, "IO first " + k);
      assertEquals(row[3], cot.passAt(k), 0.0005, "CoT pass@" + k);
      assertEquals(row[4], cot.firstKAt(k), 1e-12, "CoT first " + k);
      assertEquals(row[5], cot.majorityAt(k), 1e-12, "CoT majority of first " + k);
    }
    for (SamplingReplay r : List.of(io, cot)) {
      double[] curve = r.passAtK();
      for (int k = 1; k < curve.length; k++) {
        assertTrue(curve[k] >= curve[k - 1], "pass@k never decreases");
      }
      assertEquals(r.passAt(100), r.firstKAt(100), 1e-12, "all 100 samples either way");
    }
  }

  @Test
  void ourCheckerAgreesWithEveryLoggedLabel() {
    assertEquals(new Agreement(10_000, 734, 734, 0, List.of()), report.io().agreement());
    assertEquals(new Agreement(10_000, 403, 403, 0, List.of()), report.cot().agreement());
    assertEquals(new Agreement(500, 119, 119, 0, List.of()), report.tot().agreement());
  }

  @Test
  void costsFromTheLoggedCounters() {
    LogCost io = report.io().cost();
    LogCost cot = report.cot().cost();
    LogCost tot = report.tot().cost();
    // what the data README states: the last usage_so_far of each file
    assertEquals(13.80, io.lastLogged().costUsd(), 0.005);
    assertEquals(32.17, cot.lastLogged().costUsd(), 0.005);
    assertEquals(74.51, tot.lastLogged().costUsd(), 0.005);
    // derived per puzzle; the CoT run restarted before puzzle 932, so its file's end holds 68 puzzles' cost
    assertEquals(List.of(), io.restartedAt());
    assertEquals(List.of(932), cot.restartedAt());
    assertEquals(List.of(), tot.restartedAt());
    assertEquals(Usage.ofGeneration(10_000, 100_000, 0, 180_008).withCostNanoUsd(13_800_480_000L), io.total());
    assertEquals(Usage.ofGeneration(10_000, 218_500, 0, 674_862).withCostNanoUsd(47_046_720_000L), cot.total());
    assertEquals(Usage.ofGeneration(0, 1_387_936, 0, 547_859).withCostNanoUsd(74_509_620_000L), tot.total());
    for (LogCost c : List.of(io, cot, tot)) {
      assertEquals(c.total().costUsd(), c.loggedCostUsd(), 1e-6, "our prices reproduce the scripts' dollars");
    }
    for (int p = 0; p < 100; p++) {
      assertEquals(1_000, io.perPuzzle().get(p).promptTokens(), "5 calls of 20 samples, 200 prompt tokens each");
      assertEquals(2_185, cot.perPuzzle().get(p).promptTokens(), "5 calls of 20 samples, 437 prompt tokens each");
    }
    // the paper's cost table: CoT best of 100 6.7k completion / 2.2k prompt / $0.47; ToT 5.5k completion / $0.74
    CostPoint cotPuzzle = cot.meanPerPuzzle();
    assertEquals(6_748.62, cotPuzzle.completionTokens(), 1e-9);
    assertEquals(2_185, cotPuzzle.promptTokens(), 1e-9);
    assertEquals(0.470, cotPuzzle.usd(), 0.0005);
    CostPoint totPuzzle = tot.meanPerPuzzle();
    assertEquals(5_478.59, totPuzzle.completionTokens(), 1e-9);
    assertEquals(13_879.36, totPuzzle.promptTokens(), 1e-9, "the paper prints 1.4k; $0.74 needs 13.9k");
    assertEquals(0.745, totPuzzle.usd(), 0.0005);
  }

  @Test
  void computeMatchedAtToTsCost() {
    List<ComputeMatch> matched = report.computeMatched();
    assertEquals(4, matched.size());
    ComputeMatch ioUsd = matched.get(0);
    assertEquals(ToTLog.Method.IO, ioUsd.method());
    assertEquals(ComputeMatch.Measure.USD, ioUsd.measure());
    assertEquals(539, ioUsd.samples());
    assertFalse(ioUsd.measured());
    assertEquals(0.33, ioUsd.success(), 1e-12);
    assertEquals(686, matched.get(1).samples());
    ComputeMatch cotUsd = matched.get(2);
    assertEquals(158, cotUsd.samples());
    assertEquals(0.49, cotUsd.success(), 1e-12);
    assertEquals(215, matched.get(3).samples());
    for (ComputeMatch m : matched) {
      assertTrue(m.trend() < report.tot().firstOfFinal(), "even the trend stays below ToT's first of 5: " + m);
    }
    SamplingReplay cot = report.cot();
    assertEquals(cot.passAt(100) + (cot.passAt(100) - cot.passAt(50)), cot.trendAt(200), 1e-12);
  }

  @Test
  void theReadmeHoldsTheCurrentReport() throws IOException {
    Path readme = Path.of("README-game24.md");
    assumeTrue(Files.isRegularFile(readme), "run from the module folder");
    String markdown = report.toMarkdown();
    assertTrue(Files.readString(readme).contains(markdown),
        "README-game24.md must contain Game24Replay.bundled().toMarkdown() verbatim; it is now:\n" + markdown);
  }
}
