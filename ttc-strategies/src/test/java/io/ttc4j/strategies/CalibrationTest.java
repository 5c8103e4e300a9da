package io.ttc4j.strategies;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ttc4j.strategies.Confidence.Feature;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class CalibrationTest {

  /** candidates 8, score share 0.6, vote share 0.5, margin 0.25, top 0.9, mean 0.4. */
  private static final Confidence C = new Confidence(8, 0.6, 0.5, 0.25, 0.9, 0.4);

  @Test
  void probabilityIsTheLogisticOfTheLinearPredictor() {
    Calibration platt = new Calibration(List.of(Feature.VOTE_SHARE), -2, new double[] {4});
    assertEquals(0.0, platt.logOdds(C), 0);
    assertEquals(0.5, platt.probability(C), 0);

    Calibration two = new Calibration(List.of(Feature.VOTE_MARGIN, Feature.TOP_SCORE), 0.1, new double[] {2, -1});
    double z = 0.1 + 2 * 0.25 - 0.9;
    assertEquals(z, two.logOdds(C), 1e-15);
    assertEquals(1 / (1 + Math.exp(-z)), two.probability(C), 1e-15);
    // monotone in a positively weighted signal
    Confidence surer = new Confidence(8, 0.6, 0.5, 0.75, 0.9, 0.4);
    assertTrue(two.probability(surer) > two.probability(C));
    // extreme log-odds saturate without overflow
    Calibration steep = new Calibration(List.of(Feature.VOTE_SHARE), 0, new double[] {1e6});
    assertEquals(1.0, steep.probability(C), 0);
    assertEquals(0.5, steep.probability(new Confidence(8, 0.6, 0, 0, 0.9, 0.4)), 0);
    assertEquals(0.0, new Calibration(List.of(Feature.VOTE_SHARE), -1e6, new double[] {1}).probability(C), 0);
  }

  @Test
  void aNaNFeatureGivesProbabilityZeroSoACascadeEscalates() {
    Confidence unscored = new Confidence(8, Double.NaN, 0.5, 0.25, Double.NaN, Double.NaN);
    Calibration byScore = new Calibration(List.of(Feature.VOTE_SHARE, Feature.SCORE_SHARE), 3, new double[] {1, 1});
    assertTrue(Double.isNaN(byScore.logOdds(unscored)));
    assertEquals(0.0, byScore.probability(unscored), 0);
    // a NaN in a signal the calibration does not use does not matter
    Calibration byVotes = new Calibration(List.of(Feature.VOTE_SHARE), 0, new double[] {2});
    assertEquals(1 / (1 + Math.exp(-1.0)), byVotes.probability(unscored), 1e-15);
  }

  @Test
  void argumentsAreValidatedByName() {
    assertMessage("features must not be empty", () -> new Calibration(List.of(), 0, new double[0]));
    assertMessage("features must be distinct, got [VOTE_SHARE, VOTE_SHARE]",
        () -> new Calibration(List.of(Feature.VOTE_SHARE, Feature.VOTE_SHARE), 0, new double[] {1, 1}));
    assertMessage("weights must be one per feature (2), got 1",
        () -> new Calibration(List.of(Feature.VOTE_SHARE, Feature.TOP_SCORE), 0, new double[] {1}));
    assertMessage("intercept must be finite, got NaN",
        () -> new Calibration(List.of(Feature.VOTE_SHARE), Double.NaN, new double[] {1}));
    assertMessage("intercept must be finite, got Infinity",
        () -> new Calibration(List.of(Feature.VOTE_SHARE), Double.POSITIVE_INFINITY, new double[] {1}));
    assertMessage("weights[1] (top-score) must be finite, got NaN",
        () -> new Calibration(List.of(Feature.VOTE_SHARE, Feature.TOP_SCORE), 0, new double[] {1, Double.NaN}));
    assertEquals("features", assertThrows(NullPointerException.class,
        () -> new Calibration(null, 0, new double[0])).getMessage());
    assertEquals("weights", assertThrows(NullPointerException.class,
        () -> new Calibration(List.of(Feature.VOTE_SHARE), 0, null)).getMessage());
    List<Feature> withNull = new ArrayList<>();
    withNull.add(null);
    assertThrows(NullPointerException.class, () -> new Calibration(withNull, 0, new double[] {1}));
    Calibration ok = new Calibration(List.of(Feature.VOTE_SHARE), 0, new double[] {1});
    assertEquals("c", assertThrows(NullPointerException.class, () -> ok.probability(null)).getMessage());
  }

  @Test
  void isAnImmutableValue() {
    List<Feature> features = new ArrayList<>(List.of(Feature.VOTE_MARGIN));
    double[] weights = {2};
    Calibration a = new Calibration(features, 0.5, weights);
    features.add(Feature.TOP_SCORE);
    weights[0] = 99;
    a.weights()[0] = 77;
    assertEquals(List.of(Feature.VOTE_MARGIN), a.features());
    assertArrayEquals(new double[] {2}, a.weights(), 0);
    Calibration b = new Calibration(List.of(Feature.VOTE_MARGIN), 0.5, new double[] {2});
    assertEquals(a, b);
    assertEquals(a.hashCode(), b.hashCode());
    assertNotEquals(a, new Calibration(List.of(Feature.VOTE_MARGIN), 0.5, new double[] {2.5}));
    assertEquals("logistic(0.500 +2.000*vote-margin)", a.toString());
  }

  private static void assertMessage(String expected, Executable e) {
    assertEquals(expected, assertThrows(IllegalArgumentException.class, e).getMessage());
  }
}
