package io.ttc4j.eval.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ttc4j.strategies.Calibration;
import io.ttc4j.strategies.Confidence;
import io.ttc4j.strategies.Confidence.Feature;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class LogisticFitTest {

  private static double sigmoid(double z) {
    return 1 / (1 + Math.exp(-z));
  }

  private static double eta(double[] beta, double[] x) {
    double z = beta[0];
    for (int j = 0; j < x.length; j++) z += beta[j + 1] * x[j];
    return z;
  }

  /**
   * Data simulated from known coefficients are fitted back within four asymptotic standard errors
   * of the maximum-likelihood estimate (the square roots of the diagonal of the inverse Fisher
   * information at the true coefficients, so the tolerance shrinks as 1/√n), plus 1% for the ridge's
   * shrinkage (about {@code RIDGE / p(1-p)}, 0.5% here).
   */
  @Test
  void recoversKnownCoefficientsWithinTheirStandardErrors() {
    double[] truth = {-0.5, 1.2, -0.8};
    int n = 50_000;
    Random rnd = new Random(42);
    double[][] x = new double[n][];
    double[] y = new double[n];
    double[][] information = new double[3][3];
    for (int i = 0; i < n; i++) {
      x[i] = new double[] {rnd.nextGaussian(), 3 * rnd.nextDouble()};
      double p = sigmoid(eta(truth, x[i]));
      y[i] = rnd.nextDouble() < p ? 1 : 0;
      double[] z = {1, x[i][0], x[i][1]};
      for (int a = 0; a < 3; a++) for (int b = 0; b < 3; b++) information[a][b] += p * (1 - p) * z[a] * z[b];
    }
    RealMatrix covariance = new LUDecomposition(new Array2DRowRealMatrix(information)).getSolver().getInverse();
    double[] fitted = LogisticFit.fit(x, y);
    assertEquals(3, fitted.length);
    for (int j = 0; j < 3; j++) {
      double se = Math.sqrt(covariance.getEntry(j, j));
      double tolerance = 4 * se + 0.01 * Math.abs(truth[j]);
      assertTrue(tolerance < 0.25 * Math.abs(truth[j]), "the test has power: tolerance " + tolerance);
      assertEquals(truth[j], fitted[j], tolerance, "coefficient " + j + " (standard error " + se + ")");
    }
  }

  /** The fit standardises features internally; the coefficients come back in the original units. */
  @Test
  void coefficientsAreInTheOriginalUnitsWhateverTheScale() {
    Random rnd = new Random(3);
    int n = 4000;
    double[][] x = new double[n][];
    double[][] scaled = new double[n][];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      double v = rnd.nextGaussian();
      x[i] = new double[] {v};
      scaled[i] = new double[] {1000 + 250 * v};
      y[i] = rnd.nextDouble() < sigmoid(0.3 + 1.5 * v) ? 1 : 0;
    }
    double[] a = LogisticFit.fit(x, y);
    double[] b = LogisticFit.fit(scaled, y);
    // scaled = 1000 + 250 v, so v = (scaled - 1000) / 250: the same model
    assertEquals(a[1] / 250, b[1], 1e-9);
    assertEquals(a[0] - a[1] * 1000 / 250, b[0], 1e-6);
  }

  /**
   * Targets may be fractions: with targets equal to the model's own probabilities the fit returns the
   * model (up to the ridge's shrinkage), and a fraction weighs exactly as the 0/1 rows it averages.
   */
  @Test
  void fractionalTargetsAreFittedLikeTheOutcomesTheyAverage() {
    double[] truth = {0.4, -2.0};
    int n = 200;
    double[][] x = new double[n][];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = new double[] {-2 + 4.0 * i / (n - 1)};
      y[i] = sigmoid(eta(truth, x[i]));
    }
    double[] fitted = LogisticFit.fit(x, y);
    // the intercept is not penalised: at the optimum the residuals sum to 0 exactly
    double residual = 0;
    for (int i = 0; i < n; i++) residual += y[i] - sigmoid(eta(fitted, x[i]));
    assertEquals(0, residual, 1e-9);
    // the ridge shrinks the slope by about RIDGE / E[p(1-p) z^2] (1-2% on this range), the intercept with it
    assertEquals(truth[0], fitted[0], 0.03 * Math.abs(truth[0]));
    assertEquals(truth[1], fitted[1], 0.03 * Math.abs(truth[1]));
    assertTrue(Math.abs(fitted[1]) < Math.abs(truth[1]), "shrunk towards 0: " + fitted[1]);

    // each row four times with outcomes whose mean is the fraction: the same penalised likelihood, times four
    Random rnd = new Random(11);
    int m = 50;
    double[][] fx = new double[m][];
    double[] fy = new double[m];
    double[][] bx = new double[4 * m][];
    double[] by = new double[4 * m];
    for (int i = 0; i < m; i++) {
      fx[i] = new double[] {rnd.nextGaussian(), rnd.nextDouble()};
      int ones = rnd.nextInt(5);
      fy[i] = ones / 4.0;
      for (int k = 0; k < 4; k++) {
        bx[4 * i + k] = fx[i];
        by[4 * i + k] = k < ones ? 1 : 0;
      }
    }
    assertArrayEquals(LogisticFit.fit(bx, by), LogisticFit.fit(fx, fy), 1e-8);
  }

  @Test
  void separableDataGivesFiniteWeightsThatSeparate() {
    double[][] x = {{-2}, {-1}, {1}, {2}};
    double[] y = {0, 0, 1, 1};
    double[] b = LogisticFit.fit(x, y);
    for (double v : b) assertTrue(Double.isFinite(v), "coefficients " + java.util.Arrays.toString(b));
    assertTrue(b[1] > 0, "slope " + b[1]);
    assertTrue(sigmoid(eta(b, x[1])) < 0.5 && sigmoid(eta(b, x[2])) > 0.5, java.util.Arrays.toString(b));

    // two features, separated by a line
    Random rnd = new Random(5);
    double[][] two = new double[300][];
    double[] labels = new double[300];
    for (int i = 0; i < two.length; i++) {
      two[i] = new double[] {rnd.nextDouble(), rnd.nextDouble()};
      labels[i] = two[i][0] + two[i][1] > 1 ? 1 : 0;
    }
    double[] w = LogisticFit.fit(two, labels);
    for (double v : w) assertTrue(Double.isFinite(v));
    int right = 0;
    for (int i = 0; i < two.length; i++) right += (sigmoid(eta(w, two[i])) > 0.5) == (labels[i] == 1) ? 1 : 0;
    // the ridge softens the boundary, so a few points next to it may fall on the wrong side
    assertTrue(right >= 285, right + " of 300 on the right side");

    // every target the same: finite, and the probability all but that target
    double[] all = LogisticFit.fit(new double[][] {{0.1}, {0.7}, {0.4}}, new double[] {1, 1, 1});
    for (double v : all) assertTrue(Double.isFinite(v), java.util.Arrays.toString(all));
    assertTrue(sigmoid(eta(all, new double[] {0.4})) > 0.99);
  }

  @Test
  void aConstantFeatureGetsNoWeight() {
    double[][] x = {{1, 5}, {2, 5}, {3, 5}, {4, 5}, {5, 5}};
    double[] y = {0, 1, 0, 1, 1};
    double[] b = LogisticFit.fit(x, y);
    assertEquals(0.0, b[2], 0);
    assertArrayEquals(LogisticFit.fit(new double[][] {{1}, {2}, {3}, {4}, {5}}, y), new double[] {b[0], b[1]}, 1e-9);
    // no features at all: the intercept is the log-odds of the mean target
    double[] intercept = LogisticFit.fit(new double[][] {{}, {}, {}, {}}, new double[] {1, 0, 1, 1});
    assertEquals(Math.log(3), intercept[0], 1e-9);
  }

  @Test
  void badInputIsRejectedNamingTheArgument() {
    assertMessage("x must have at least one row", () -> LogisticFit.fit(new double[0][], new double[0]));
    assertMessage("y must have one target per row (2), got 3",
        () -> LogisticFit.fit(new double[][] {{1}, {2}}, new double[] {0, 1, 1}));
    assertMessage("x[1] must have 2 values like x[0], got 1",
        () -> LogisticFit.fit(new double[][] {{1, 2}, {3}}, new double[] {0, 1}));
    assertMessage("x[1][0] must be finite, got NaN",
        () -> LogisticFit.fit(new double[][] {{1}, {Double.NaN}}, new double[] {0, 1}));
    assertMessage("x[0][0] must be finite, got Infinity",
        () -> LogisticFit.fit(new double[][] {{Double.POSITIVE_INFINITY}}, new double[] {0}));
    assertMessage("y[0] must be in [0, 1], got 1.5", () -> LogisticFit.fit(new double[][] {{1}}, new double[] {1.5}));
    assertMessage("y[1] must be in [0, 1], got NaN",
        () -> LogisticFit.fit(new double[][] {{1}, {2}}, new double[] {0, Double.NaN}));
    assertEquals("x", assertThrows(NullPointerException.class, () -> LogisticFit.fit(null, new double[0])).getMessage());
    assertEquals("y", assertThrows(NullPointerException.class, () -> LogisticFit.fit(new double[0][], null))
        .getMessage());
    assertEquals("x[1]", assertThrows(NullPointerException.class,
        () -> LogisticFit.fit(new double[][] {{1}, null}, new double[] {0, 1})).getMessage());
  }

  /** A calibration of the vote share fitted to outcomes simulated from a known one. */
  @Test
  void calibratesConfidenceToOutcomesLeavingOutRowsWithoutTheFeature() {
    Random rnd = new Random(9);
    List<Confidence> confidences = new ArrayList<>();
    List<Boolean> correct = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      double share = (1 + rnd.nextInt(16)) / 16.0;
      double score = rnd.nextDouble();
      boolean scored = i % 10 != 0;
      confidences.add(new Confidence(16, scored ? score : Double.NaN, share, share, scored ? score : Double.NaN,
          scored ? score : Double.NaN));
      correct.add(rnd.nextDouble() < sigmoid(-3 + 6 * share));
    }
    Calibration votes = LogisticFit.calibrate(List.of(Feature.VOTE_SHARE), confidences, correct);
    assertEquals(List.of(Feature.VOTE_SHARE), votes.features());
    assertEquals(-3, votes.intercept(), 0.4);
    assertEquals(6, votes.weights()[0], 0.7);
    assertTrue(votes.probability(confidences.get(0)) >= 0 && votes.probability(confidences.get(0)) <= 1);

    // with the score share, the unscored tenth is left out: the same as fitting the scored rows alone
    List<Confidence> scoredOnly = new ArrayList<>();
    List<Boolean> scoredCorrect = new ArrayList<>();
    for (int i = 0; i < confidences.size(); i++) {
      if (!Double.isNaN(confidences.get(i).scoreShare())) {
        scoredOnly.add(confidences.get(i));
        scoredCorrect.add(correct.get(i));
      }
    }
    List<Feature> both = List.of(Feature.VOTE_SHARE, Feature.SCORE_SHARE);
    assertEquals(LogisticFit.calibrate(both, scoredOnly, scoredCorrect), LogisticFit.calibrate(both, confidences,
        correct));
  }

  @Test
  void calibrationInputIsValidated() {
    Confidence c = new Confidence(4, Double.NaN, 0.5, 0, Double.NaN, Double.NaN);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LogisticFit.calibrate(List.of(Feature.VOTE_SHARE), List.of(c, c), List.of(true)));
    assertEquals("one outcome per confidence: 2 confidences, 1 outcomes", e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> LogisticFit.calibrate(List.of(Feature.TOP_SCORE), List.of(c), List.of(true)));
    assertTrue(e.getMessage().startsWith("no confidence has every feature of [TOP_SCORE]"), e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> LogisticFit.calibrate(Collections.emptyList(), List.of(c), List.of(true)));
    assertEquals("confidences", assertThrows(NullPointerException.class,
        () -> LogisticFit.calibrate(List.of(Feature.VOTE_SHARE), null, List.of())).getMessage());
  }

  private static void assertMessage(String expected, Executable e) {
    assertEquals(expected, assertThrows(IllegalArgumentException.class, e).getMessage());
  }
}
