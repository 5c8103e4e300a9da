package io.ttc4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import org.junit.jupiter.api.Test;

class WilsonIntervalTest {

  // reference values computed by hand from the closed form with z = 1.959963984540054
  // (Python: statistics.NormalDist().inv_cdf(0.975)); they match published tables
  // (for example R's prop.test(x, n, correct = FALSE)).
  private static final double EPS = 1e-9;

  @Test
  void zeroOfTen() {
    WilsonInterval w = WilsonInterval.of(0, 10);
    assertEquals(0.0, w.low(), EPS);
    assertEquals(0.27753279986288915, w.high(), EPS);
  }

  @Test
  void tenOfTen() {
    WilsonInterval w = WilsonInterval.of(10, 10);
    assertEquals(0.7224672001371109, w.low(), EPS);
    assertEquals(1.0, w.high(), EPS);
  }

  @Test
  void fiftyOfHundred() {
    WilsonInterval w = WilsonInterval.of(50, 100);
    assertEquals(0.4038315303659957, w.low(), EPS);
    assertEquals(0.5961684696340044, w.high(), EPS);
  }

  @Test
  void ninetyThreeOfHundred() {
    WilsonInterval w = WilsonInterval.of(93, 100);
    assertEquals(0.8625048526092651, w.low(), EPS);
    assertEquals(0.9656807389327273, w.high(), EPS);
  }

  @Test
  void otherConfidence() {
    WilsonInterval w = WilsonInterval.of(50, 100, 0.99);
    assertEquals(0.37527962504483986, w.low(), EPS);
    assertEquals(0.6247203749551602, w.high(), EPS);
  }

  @Test
  void noTrialsIsTheWholeRange() {
    assertEquals(new WilsonInterval(0, 1), WilsonInterval.of(0, 0));
  }

  @Test
  void invalidArgumentsAreNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WilsonInterval.of(11, 10));
    assertTrue(e.getMessage().contains("successes") && e.getMessage().contains("11"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> WilsonInterval.of(1, -1));
    assertTrue(e.getMessage().contains("trials") && e.getMessage().contains("-1"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> WilsonInterval.of(1, 2, 1.5));
    assertTrue(e.getMessage().contains("confidence") && e.getMessage().contains("1.5"), e.getMessage());
  }

  @Test
  void containsTheObservedRateAndIsSymmetricUnderComplement() {
    qt().forAll(integers().between(1, 2000), integers().between(0, 1_000_000))
        .checkAssert((n, k) -> {
          int s = k % (n + 1);
          WilsonInterval w = WilsonInterval.of(s, n);
          double p = (double) s / n;
          assertTrue(w.contains(p), w + " should contain " + p);
          WilsonInterval c = WilsonInterval.of(n - s, n);
          assertEquals(w.low(), 1 - c.high(), 1e-12);
          assertEquals(w.high(), 1 - c.low(), 1e-12);
        });
  }

  @Test
  void narrowsWithMoreTrials() {
    qt().forAll(integers().between(1, 500), integers().between(0, 100))
        .checkAssert((n, pct) -> {
          long s = Math.round(n * pct / 100.0);
          WilsonInterval small = WilsonInterval.of(s, n);
          WilsonInterval big = WilsonInterval.of(4 * s, 4L * n);
          assertTrue(big.high() - big.low() < small.high() - small.low(), small + " vs " + big);
        });
  }
}
