package io.ttc4j.prm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class BigBenchMistakeTest {

  private static final Path SHARED = Path.of("../../shared/data/big-bench-mistake");

  @Test
  void loadsEveryTaskWithItsLabels() {
    int[][] expected = {{986, 650, 24178, 482}, {300, 294, 2497, 45}, {300, 238, 1506, 45}, {300, 260, 1617, 45},
        {300, 266, 3508, 45}};
    for (int k = 0; k < 5; k++) {
      String task = BigBenchMistake.tasks().get(k);
      List<LabelledSolution> all = BigBenchMistake.load(task);
      int errors = 0;
      int steps = 0;
      int correct = 0;
      for (LabelledSolution s : all) {
        errors += s.hasError() ? 1 : 0;
        steps += s.steps().size();
        correct += s.correct() ? 1 : 0;
      }
      assertArrayEquals(expected[k], new int[] {all.size(), errors, steps, correct}, task);
    }
    LabelledSolution first = BigBenchMistake.load("word_sorting").get(0);
    assertEquals("word_sorting-1", first.id());
    assertTrue(first.question().startsWith("kitten normative scan"));
    assertEquals(2186, BigBenchMistake.loadAll().size());
    assertEquals("task must be one of [dyck_languages, logical_deduction, multistep_arithmetic, "
            + "tracking_shuffled_objects, word_sorting], got 'chess'",
        assertThrows(IllegalArgumentException.class, () -> BigBenchMistake.load("chess")).getMessage());
  }

  @Test
  void bundledFilesAreExactCopiesWithTheirLicence() throws IOException {
    for (String name : List.of("NOTICE.md", "WHGTyen-BIG-Bench-Mistake.txt")) {
      try (InputStream in = BigBenchMistake.class.getResourceAsStream("/io/ttc4j/prm/data/big-bench-mistake/" + name)) {
        assertTrue(in != null, name + " is bundled");
      }
    }
    assumeTrue(Files.isDirectory(SHARED), "shared data not present");
    for (String task : BigBenchMistake.tasks()) {
      try (InputStream in = BigBenchMistake.class.getResourceAsStream("/io/ttc4j/prm/data/big-bench-mistake/" + task + ".jsonl")) {
        assertArrayEquals(Files.readAllBytes(SHARED.resolve(task + ".jsonl")), in.readAllBytes(), task);
      }
    }
  }

  @Test
  void baselineScorers() {
    List<LabelledSolution> all = BigBenchMistake.loadAll();
    StringBuilder report = new StringBuilder("BIG-Bench-Mistake baselines (all 2186 traces)\n");
    double[] randomStepAuc = new double[3];
    for (int seed = 0; seed < 3; seed++) {
      PrmEvaluation e = PrmMetrics.evaluate(all, StepScorer.random(seed));
      randomStepAuc[seed] = e.stepAuc();
      report.append("random(seed ").append(seed).append("):\n").append(e.summary()).append('\n');
      assertEquals(0.5, e.stepAuc(), 0.03, "chance");
      assertEquals(0.5, e.outcomeAuc(), 0.06, "chance");
    }
    PrmEvaluation position = PrmMetrics.evaluate(all, StepScorer.byPosition());
    report.append("byPosition:\n").append(position.summary()).append('\n');
    assertTrue(position.stepAuc() > 0.5, "first errors come after the correct steps before them");
    for (String task : BigBenchMistake.tasks()) {
      PrmEvaluation e = PrmMetrics.evaluate(BigBenchMistake.load(task), StepScorer.byPosition());
      report.append(String.format(Locale.ROOT, "byPosition %s: step AUC %.4f, outcome AUC %.4f, F1@0.5 %.4f, best F1 %.4f%n",
          task, e.stepAuc(), e.outcomeAuc(), e.atThreshold().f1(), e.best().f1()));
    }
    System.out.print(report);
  }
}
