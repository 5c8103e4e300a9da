package io.ttc4j.eval.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ttc4j.eval.UnitSamples;
import io.ttc4j.eval.stats.DifficultyBins.Measure;
import io.ttc4j.eval.stats.DifficultyBins.ProblemDifficulty;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DifficultyBinsTest {

  private static UnitSamples.Sample right(double score) {
    return new UnitSamples.Sample("1", score, true, 10);
  }

  private static UnitSamples.Sample wrong(double score) {
    return new UnitSamples.Sample("2", score, false, 10);
  }

  /** A problem with 10 samples, {@code correct} of them right, every one scored {@code meanScore}. */
  private static ProblemDifficulty problem(String id, int correct, double meanScore) {
    return new ProblemDifficulty(id, 10, correct, 10, meanScore);
  }

  private static List<String> ids(DifficultyBins bins, int bin) {
    return bins.get(bin).problemIds();
  }

  @Test
  void measurePoolsTheSamplesOfEverySeed() {
    List<UnitSamples> units = List.of(
        new UnitSamples("p1", 0, 2, List.of(right(0.9), wrong(0.5))),
        new UnitSamples("p2", 0, 2, List.of(wrong(0.2), wrong(0.4))),
        new UnitSamples("p1", 1, 2, List.of(right(0.7))));
    List<ProblemDifficulty> d = DifficultyBins.measure(units);
    assertEquals(List.of("p1", "p2"), d.stream().map(ProblemDifficulty::problemId).toList(), "first-appearance order");
    ProblemDifficulty p1 = d.get(0);
    assertEquals(3, p1.samples());
    assertEquals(2, p1.correct());
    assertEquals(2.0 / 3, p1.passAt1(), 1e-15);
    assertEquals((0.9 + 0.5 + 0.7) / 3, p1.meanScore(), 1e-15);
    assertEquals(0.0, d.get(1).passAt1());
    assertEquals(0.3, d.get(1).meanScore(), 1e-15);
  }

  @Test
  void quantileBinsBreakTiesByProblemOrder() {
    // pass@1 by position: p0 .5, p1 1, p2 .5, p3 0, p4 1, p5 1, p6 .2, p7 .5, p8 0, p9 .8
    int[] correct = {5, 10, 5, 0, 10, 10, 2, 5, 0, 8};
    List<ProblemDifficulty> problems = new ArrayList<>();
    for (int i = 0; i < correct.length; i++) problems.add(problem("p" + i, correct[i], 0.5));
    DifficultyBins bins = DifficultyBins.of(problems, Measure.ORACLE, 5);
    // ranked p1 p4 p5 p9 p0 p2 p7 p6 p3 p8; rank r goes to bin floor(5(2r+1)/20) + 1: two per bin
    assertEquals(List.of("p1", "p4"), ids(bins, 1));
    assertEquals(List.of("p5", "p9"), ids(bins, 2));
    assertEquals(List.of("p0", "p2"), ids(bins, 3));
    assertEquals(List.of("p7", "p6"), ids(bins, 4));
    assertEquals(List.of("p3", "p8"), ids(bins, 5));
    // edges: highest and lowest pass@1 per bin; the tied 1.0 straddles bins 1 and 2
    assertEquals(1.0, bins.get(1).high());
    assertEquals(1.0, bins.get(1).low());
    assertEquals(1.0, bins.get(2).high());
    assertEquals(0.8, bins.get(2).low());
    assertEquals(0.5, bins.get(4).high());
    assertEquals(0.2, bins.get(4).low());
    assertEquals(0.0, bins.get(5).high());
    assertEquals(OptionalInt.of(2), bins.bin("p5"));
    assertEquals(OptionalInt.of(4), bins.bin("p7"));
    assertEquals(OptionalInt.empty(), bins.bin("unknown"));
    assertTrue(bins.unbinned().isEmpty());
    assertEquals(10, bins.binnedCount());

    // the order given decides ties: p5 before p4 puts p5 into bin 1 instead
    List<ProblemDifficulty> swapped = new ArrayList<>(problems);
    swapped.set(4, problems.get(5));
    swapped.set(5, problems.get(4));
    DifficultyBins other = DifficultyBins.of(swapped, Measure.ORACLE, 5);
    assertEquals(List.of("p1", "p5"), ids(other, 1));
    assertEquals(List.of("p4", "p9"), ids(other, 2));
    // and the same input gives the same bins
    assertEquals(bins.bins(), DifficultyBins.of(problems, Measure.ORACLE, 5).bins());
  }

  @Test
  void predictedBinsRankByMeanScoreHighestFirst() {
    List<ProblemDifficulty> problems = List.of(problem("a", 10, 0.1), problem("b", 0, 0.9), problem("c", 5, 0.5),
        problem("d", 5, 0.3));
    DifficultyBins bins = DifficultyBins.of(problems, Measure.PREDICTED, 2);
    assertEquals(List.of("b", "c"), ids(bins, 1));
    assertEquals(List.of("d", "a"), ids(bins, 2));
    assertEquals(0.9, bins.get(1).high());
    assertEquals(0.5, bins.get(1).low());
    assertEquals(Measure.PREDICTED, bins.measure());
    // by pass@1 the same problems bin the other way round
    DifficultyBins oracle = DifficultyBins.of(problems, Measure.ORACLE, 2);
    assertEquals(List.of("a", "c"), ids(oracle, 1));
    assertEquals(List.of("d", "b"), ids(oracle, 2));
  }

  @Test
  void fewerProblemsThanBinsSpreadSymmetricallyAndLeaveEmptyBins() {
    List<ProblemDifficulty> problems = List.of(problem("x", 2, 0.5), problem("y", 9, 0.5), problem("z", 5, 0.5));
    DifficultyBins bins = DifficultyBins.of(problems, Measure.ORACLE, 5);
    // ranks y, z, x: bins floor(5(2r+1)/6) + 1 = 1, 3, 5
    assertEquals(List.of("y"), ids(bins, 1));
    assertEquals(List.of("z"), ids(bins, 3));
    assertEquals(List.of("x"), ids(bins, 5));
    assertTrue(bins.get(2).isEmpty());
    assertTrue(bins.get(4).isEmpty());
    assertTrue(Double.isNaN(bins.get(2).high()) && Double.isNaN(bins.get(2).low()));
    assertEquals(5, bins.binCount());
    // a new value between bins 1 and 3 goes to the harder bin, skipping the empty one
    assertEquals(3, bins.binOf(0.7));
    assertEquals(1, bins.binOf(0.9));
    assertEquals(1, bins.binOf(1.0));
    assertEquals(5, bins.binOf(0.0));
    assertEquals(5, bins.binOf(0.2));
    assertEquals(3, bins.binOf(0.5));

    // one problem: the middle bin
    DifficultyBins one = DifficultyBins.of(List.of(problem("only", 3, 0.5)), Measure.ORACLE, 5);
    assertEquals(OptionalInt.of(3), one.bin("only"));
  }

  @Test
  void sevenProblemsInFiveBinsHoldOneOrTwoEach() {
    List<ProblemDifficulty> problems = new ArrayList<>();
    for (int i = 0; i < 7; i++) problems.add(problem("p" + i, 10 - i, 0.5));
    DifficultyBins bins = DifficultyBins.of(problems, Measure.ORACLE, 5);
    // ranks 0..6 -> floor(5(2r+1)/14): 0, 1, 1, 2, 3, 3, 4
    assertEquals(List.of("p0"), ids(bins, 1));
    assertEquals(List.of("p1", "p2"), ids(bins, 2));
    assertEquals(List.of("p3"), ids(bins, 3));
    assertEquals(List.of("p4", "p5"), ids(bins, 4));
    assertEquals(List.of("p6"), ids(bins, 5));
  }

  @Test
  void missingScoresLeavePredictedDifficultyUndefinedAndNoSamplesLeaveNoBin() {
    List<UnitSamples> units = List.of(
        new UnitSamples("scored", 0, 2, List.of(right(0.8), wrong(0.4))),
        new UnitSamples("half", 0, 2, List.of(right(0.8), wrong(Double.NaN))),
        new UnitSamples("empty", 0, 2, List.of()),
        new UnitSamples("unscored", 0, 2, List.of(wrong(Double.NaN))));
    List<ProblemDifficulty> d = DifficultyBins.measure(units);
    assertEquals(4, d.size());
    ProblemDifficulty half = d.get(1);
    assertEquals(1, half.scored());
    assertFalse(half.hasMeanScore(), "one unscored sample leaves the mean score undefined");
    assertEquals(0.5, half.passAt1());
    ProblemDifficulty empty = d.get(2);
    assertEquals(0, empty.samples());
    assertTrue(Double.isNaN(empty.passAt1()));

    DifficultyBins oracle = DifficultyBins.of(d, Measure.ORACLE, 5);
    assertEquals(List.of("empty"), oracle.unbinned().stream().map(ProblemDifficulty::problemId).toList());
    assertEquals(3, oracle.binnedCount());
    assertEquals(OptionalInt.empty(), oracle.bin("empty"));

    DifficultyBins predicted = DifficultyBins.of(d, Measure.PREDICTED, 5);
    assertEquals(List.of("half", "empty", "unscored"),
        predicted.unbinned().stream().map(ProblemDifficulty::problemId).toList());
    assertEquals(OptionalInt.of(3), predicted.bin("scored"));
    assertEquals(4, predicted.problems().size());
    assertEquals(0.6, predicted.difficulty("scored").orElseThrow().meanScore(), 1e-15);

    DifficultyBins none = DifficultyBins.predicted(List.of(units.get(3)), 5);
    assertEquals(0, none.binnedCount());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> none.binOf(0.5));
    assertTrue(e.getMessage().contains("mean score"), e.getMessage());
  }

  @Test
  void binsAreEqualSizedAndOrderedForEveryCount() {
    Random random = new Random(7);
    for (int k = 1; k <= 7; k++) {
      for (int m = 1; m <= 60; m++) {
        List<ProblemDifficulty> problems = new ArrayList<>();
        for (int i = 0; i < m; i++) problems.add(problem("p" + i, random.nextInt(11), 0.5));
        DifficultyBins bins = DifficultyBins.of(problems, Measure.ORACLE, k);
        int smallest = Integer.MAX_VALUE;
        int largest = 0;
        int total = 0;
        double previousLow = Double.POSITIVE_INFINITY;
        for (DifficultyBins.Bin b : bins.bins()) {
          int size = b.problemIds().size();
          total += size;
          if (m >= k) {
            smallest = Math.min(smallest, size);
            largest = Math.max(largest, size);
          }
          if (!b.isEmpty()) {
            assertTrue(b.high() <= previousLow, "bins ordered easiest first, k=" + k + ", m=" + m);
            previousLow = b.low();
          }
        }
        assertEquals(m, total);
        if (m >= k) {
          assertTrue(smallest >= 1 && largest - smallest <= 1, "k=" + k + ", m=" + m + ": sizes " + smallest + ".."
              + largest);
        }
        for (ProblemDifficulty p : problems) {
          // a problem's own value maps back to its bin, or to an easier bin whose edge it ties
          int b = bins.bin(p.problemId()).orElseThrow();
          int of = bins.binOf(p.passAt1());
          assertTrue(of == b || (of < b && bins.get(of).low() == p.passAt1()), "k=" + k + ", m=" + m + ", " + p);
        }
      }
    }
  }

  @Test
  void badArgumentsAreNamed() {
    List<ProblemDifficulty> one = List.of(problem("a", 1, 0.5));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DifficultyBins.of(one, Measure.ORACLE, 0));
    assertTrue(e.getMessage().contains("bins") && e.getMessage().contains("0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> DifficultyBins.of(List.of(problem("a", 1, 0.5), problem("a", 2, 0.5)), Measure.ORACLE, 5));
    assertTrue(e.getMessage().contains("'a'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new ProblemDifficulty("q", 3, 4, 3, 0.5));
    assertTrue(e.getMessage().contains("correct") && e.getMessage().contains("4") && e.getMessage().contains("'q'"),
        e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new ProblemDifficulty("q", 3, 1, 2, 0.5));
    assertTrue(e.getMessage().contains("meanScore"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> DifficultyBins.of(one, Measure.ORACLE, 5).get(6));
    assertTrue(e.getMessage().contains("index") && e.getMessage().contains("6"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> DifficultyBins.of(one, Measure.ORACLE, 5).binOf(Double.NaN));
    assertTrue(e.getMessage().contains("value"), e.getMessage());
  }
}
