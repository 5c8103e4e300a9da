package io.ttc4j.prm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CalibrationTest {

  private static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }

  @Test
  void plattRecoversAKnownLogisticCalibration() {
    SplittableRandom r = new SplittableRandom(1);
    int n = 20_000;
    double[] x = new double[n];
    boolean[] y = new boolean[n];
    for (int i = 0; i < n; i++) {
      x[i] = -2 + 4 * r.nextDouble();
      y[i] = r.nextDouble() < sigmoid(2 * x[i] - 0.5);
    }
    PlattScaling fit = PlattScaling.fit(x, y);
    assertEquals(2.0, fit.slope(), 0.15);
    assertEquals(-0.5, fit.intercept(), 0.1);
    assertEquals(sigmoid(fit.intercept()), fit.apply(0), 1e-15);
  }

  @Test
  void plattStaysFiniteOnSeparableData() {
    PlattScaling fit = PlattScaling.fit(new double[] {0.1, 0.2, 0.8, 0.9}, new boolean[] {false, false, true, true});
    assertTrue(Double.isFinite(fit.slope()) && fit.slope() > 0, fit.toString());
    assertTrue(fit.apply(0.9) > 0.5 && fit.apply(0.9) < 1);
    assertTrue(fit.apply(0.1) < 0.5 && fit.apply(0.1) > 0);
    PlattScaling flat = PlattScaling.fit(new double[] {0.3, 0.3, 0.3}, new boolean[] {true, true, false});
    assertTrue(Double.isFinite(flat.slope()) && Double.isFinite(flat.intercept()), flat.toString());
    assertEquals((2 * 0.75 + 1.0 / 3) / 3, flat.apply(0.3), 1e-6, "the mean of Platt's smoothed targets");
  }

  @Test
  void isotonicPoolsAdjacentViolators() {
    IsotonicCalibration fit = IsotonicCalibration.fit(new double[] {3, 1, 4, 2}, new boolean[] {true, true, true, false});
    assertArrayEquals(new double[] {1, 2, 3, 4}, fit.knots());
    assertArrayEquals(new double[] {0.5, 0.5, 1, 1}, fit.values());
    assertEquals(0.5, fit.apply(0));
    assertEquals(0.75, fit.apply(2.5));
    assertEquals(1, fit.apply(10));
    assertTrue(Double.isNaN(fit.apply(Double.NaN)));
  }

  @Test
  void isotonicGivesEqualScoresOneValue() {
    IsotonicCalibration fit = IsotonicCalibration.fit(new double[] {1, 1, 2}, new boolean[] {true, false, true});
    assertArrayEquals(new double[] {1, 2}, fit.knots());
    assertArrayEquals(new double[] {0.5, 1}, fit.values());
    assertEquals(fit, new IsotonicCalibration(new double[] {1, 2}, new double[] {0.5, 1}));
  }

  @Test
  void isotonicRecoversAKnownMonotoneCalibration() {
    SplittableRandom r = new SplittableRandom(2);
    int n = 20_000;
    double[] x = new double[n];
    boolean[] y = new boolean[n];
    for (int i = 0; i < n; i++) {
      x[i] = r.nextDouble();
      y[i] = r.nextDouble() < x[i] * x[i];
    }
    IsotonicCalibration fit = IsotonicCalibration.fit(x, y);
    for (double at : new double[] {0.2, 0.5, 0.7, 0.9}) {
      assertEquals(at * at, fit.apply(at), 0.05, "at " + at);
    }
  }

  @Test
  void isotonicIsMonotoneAndPreservesTheMean() {
    qt().withExamples(200).forAll(longs().all(), integers().between(1, 200)).checkAssert((seed, n) -> {
      SplittableRandom r = new SplittableRandom(seed);
      double[] x = new double[n];
      boolean[] y = new boolean[n];
      double positives = 0;
      for (int i = 0; i < n; i++) {
        x[i] = r.nextInt(20) / 4.0; // ties on purpose
        y[i] = r.nextBoolean();
        positives += y[i] ? 1 : 0;
      }
      IsotonicCalibration fit = IsotonicCalibration.fit(x, y);
      double previous = -1;
      for (double at = -1; at <= 6; at += 0.05) {
        double v = fit.apply(at);
        assertTrue(v >= previous && v >= 0 && v <= 1);
        previous = v;
      }
      double fitted = 0;
      for (double xi : x) {
        fitted += fit.apply(xi);
      }
      assertEquals(positives, fitted, 1e-9, "isotonic regression keeps the training mean");
    });
  }

  @Test
  void reliabilityTableByHand() {
    ReliabilityTable t = ReliabilityTable.of(new double[] {0.05, 0.15, 0.12, 0.95, 1.0},
        new boolean[] {false, true, false, true, true}, 10);
    assertEquals(10, t.bins().size());
    assertEquals(5, t.total());
    ReliabilityTable.Bin b1 = t.bins().get(1);
    assertEquals(2, b1.count());
    assertEquals(0.135, b1.meanPredicted(), 1e-12);
    assertEquals(0.5, b1.observedFrequency());
    assertEquals(0.1, b1.lower());
    assertEquals(0.2, b1.upper());
    assertEquals(2, t.bins().get(9).count(), "1.0 falls in the last bin");
    assertEquals(0, t.bins().get(5).count());
    assertTrue(Double.isNaN(t.bins().get(5).meanPredicted()));
    assertEquals((0.05 + 2 * 0.365 + 2 * 0.025) / 5, t.expectedCalibrationError(), 1e-12);
    assertEquals(0.365, t.maximumCalibrationError(), 1e-12);
  }

  @Test
  void calibratedPredictionsHaveNearZeroError() {
    SplittableRandom r = new SplittableRandom(3);
    int n = 50_000;
    double[] p = new double[n];
    boolean[] y = new boolean[n];
    for (int i = 0; i < n; i++) {
      p[i] = r.nextDouble();
      y[i] = r.nextDouble() < p[i];
    }
    assertTrue(ReliabilityTable.of(p, y, 10).expectedCalibrationError() < 0.015);
  }

  @Test
  void fittedMapsFixAMiscalibratedScoreOnHeldOutData() {
    // raw score s = q^2 where q is the true probability: the raw score is under-confident everywhere
    SplittableRandom r = new SplittableRandom(4);
    int n = 20_000;
    double[][] s = new double[2][n];
    boolean[][] y = new boolean[2][n];
    for (int k = 0; k < 2; k++) {
      for (int i = 0; i < n; i++) {
        double q = r.nextDouble();
        s[k][i] = q * q;
        y[k][i] = r.nextDouble() < q;
      }
    }
    double raw = ReliabilityTable.of(s[1], y[1], 10).expectedCalibrationError();
    double isotonic = ReliabilityTable.of(IsotonicCalibration.fit(s[0], y[0]).applyAll(s[1]), y[1], 10)
        .expectedCalibrationError();
    double platt = ReliabilityTable.of(PlattScaling.fit(s[0], y[0]).applyAll(s[1]), y[1], 10)
        .expectedCalibrationError();
    assertTrue(raw > 0.1, "raw ECE " + raw);
    assertTrue(isotonic < 0.02, "isotonic ECE " + isotonic);
    assertTrue(platt < raw / 2, "Platt ECE " + platt);
  }

  @Test
  void validatesArguments() {
    assertEquals("scores and correct must have the same length, got 2 and 1", assertThrows(IllegalArgumentException.class,
        () -> PlattScaling.fit(new double[2], new boolean[1])).getMessage());
    assertEquals("scores[1] must be finite, got NaN", assertThrows(IllegalArgumentException.class,
        () -> IsotonicCalibration.fit(new double[] {0, Double.NaN}, new boolean[2])).getMessage());
    assertEquals("predicted[0] must be a probability in [0, 1], got 1.5", assertThrows(IllegalArgumentException.class,
        () -> ReliabilityTable.of(new double[] {1.5}, new boolean[1], 10)).getMessage());
    assertEquals("bins must be >= 1, got 0", assertThrows(IllegalArgumentException.class,
        () -> ReliabilityTable.of(new double[] {0.5}, new boolean[1], 0)).getMessage());
    assertEquals("slope must be finite, got Infinity", assertThrows(IllegalArgumentException.class,
        () -> new PlattScaling(Double.POSITIVE_INFINITY, 0)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> new IsotonicCalibration(new double[] {1, 1}, new double[] {0, 1}));
    assertThrows(IllegalArgumentException.class, () -> new IsotonicCalibration(new double[] {1, 2}, new double[] {1, 0}));
  }
}
