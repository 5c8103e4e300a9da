package io.ttc4j.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ttc4j.core.Selection;
import org.junit.jupiter.api.Test;

/**
 * The presets hit the figures they were fitted to, measured with {@link PresetFit} (core
 * selection rules on {@code TO_END} samples, correctness by {@code MathAnswers.equivalence()}).
 * The targets and their sources are in {@code ttc-sim/CALIBRATION.md}; the step-level search targets
 * of {@code math500} (beam search, DVTS) need ttc-strategies and are checked in ttc-eval's
 * {@code SearchAndLearnShapeTest}.
 */
class PresetTargetsTest {

  /** Seeds the qwen-math-cot figures are averaged over. */
  static final long[] QWEN_SEEDS = {1, 2, 3, 4, 5, 6, 7, 8};
  /** Seeds of the math500 figures. */
  static final long[] MATH500_SEEDS = {1, 2, 3};
  /** Single-sample accuracy per level targeted by the math500 preset. */
  static final double[] MATH500_LEVEL_TARGET = {0.70, 0.50, 0.35, 0.22, 0.09};

  @Test
  void qwenMathCotReproducesTheRealRunWithinThreePoints() {
    PresetFit.Figures f = PresetFit.evaluate(SimulatorPreset.named("qwen-math-cot"), Fixtures.qwen(), QWEN_SEEDS,
        new int[] {1, 8});
    String report = f.describe();
    assertEquals(0.90, f.at(Selection.FIRST, 8), 0.03, report);
    assertEquals(0.93, f.at(Selection.MAJORITY, 8), 0.03, report);
    assertEquals(0.94, f.at(Selection.NAIVE, 8), 0.03, report);
    assertEquals(0.96, f.at(Selection.ORACLE, 8), 0.03, report);
  }

  @Test
  void math500AccuracyFallsWithLevelAsFitted() {
    PresetFit.Figures f = PresetFit.evaluate(SimulatorPreset.named("math500"), Fixtures.math500(), MATH500_SEEDS,
        new int[] {1, 16});
    String report = f.describe();
    for (int l = 0; l < 5; l++) {
      assertEquals(MATH500_LEVEL_TARGET[l], f.levelAccuracy()[l], 0.04, "level " + (l + 1) + "\n" + report);
      if (l > 0) {
        assertTrue(f.levelAccuracy()[l] < f.levelAccuracy()[l - 1] - 0.05, report);
      }
    }
    // Meta reports 30.6 for Llama-3.2-1B-Instruct on MATH (0-shot CoT)
    assertEquals(0.306, f.meanAccuracy(), 0.02, report);
  }

  @Test
  void math500SearchHelpsAndNaiveBestOfNOverOptimises() {
    int[] ns = {1, 2, 4, 8, 16, 32, 64};
    PresetFit.Figures f = PresetFit.evaluate(SimulatorPreset.named("math500"), Fixtures.math500(), MATH500_SEEDS, ns);
    String report = f.describe();
    double single = f.meanAccuracy();
    // majority voting gains, then plateaus
    assertTrue(f.at(Selection.MAJORITY, 8) > single + 0.07, report);
    assertTrue(Math.abs(f.at(Selection.MAJORITY, 64) - f.at(Selection.MAJORITY, 16)) < 0.02, report);
    // PRM-weighted voting gains more and holds its gain, but plateaus near the 8B model
    // (search-and-learn: "still falling short of the performance achieved by the Llama 8B model",
    // Llama 3.1 8B Instruct: 51.9 on MATH; see CALIBRATION.md)
    assertTrue(f.at(Selection.WEIGHTED, 16) > f.at(Selection.MAJORITY, 16) + 0.06, report);
    assertTrue(f.at(Selection.WEIGHTED, 64) > f.at(Selection.MAJORITY, 64) + 0.06, report);
    assertTrue(f.at(Selection.WEIGHTED, 64) > f.at(Selection.WEIGHTED, 16) - 0.02, report);
    assertTrue(f.at(Selection.WEIGHTED, 64) < f.at(Selection.WEIGHTED, 16) + 0.04, report);
    assertTrue(f.at(Selection.WEIGHTED, 64) < 0.55, report);
    // naive best-of-N peaks, then loses accuracy as N grows (the PRM's deceptive answers win more
    // often the more wrong samples there are): weighted best-of-N pulls away from it with N
    double peak = 0;
    for (int n : ns) peak = Math.max(peak, f.at(Selection.NAIVE, n));
    assertTrue(f.at(Selection.NAIVE, 64) < peak - 0.02, report);
    double gap4 = f.at(Selection.WEIGHTED, 4) - f.at(Selection.NAIVE, 4);
    double gap64 = f.at(Selection.WEIGHTED, 64) - f.at(Selection.NAIVE, 64);
    assertTrue(gap64 > gap4 + 0.05, report);
    // and the oracle shows what a perfect verifier would reach
    assertTrue(f.at(Selection.ORACLE, 64) > 0.75, report);
  }
}
