package io.ttc4j.prm.game24;

import io.ttc4j.prm.PassAtK;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import org.junit.jupiter.api.Test;

class PassAtKTest {

  /** The share of all k-subsets of n samples (the first c correct) that hold a correct one, by enumeration. */
  private static double bruteForce(int n, int c, int k) {
    int subsets = 0;
    int withCorrect = 0;
    for (int mask = 0; mask < 1 << n; mask++) {
      if (Integer.bitCount(mask) == k) {
        subsets++;
        withCorrect += (mask & ((1 << c) - 1)) != 0 ? 1 : 0;
      }
    }
    return (double) withCorrect / subsets;
  }

  @Test
  void equalsEnumerationOfEveryKSubsetForSmallN() {
    // c and k drawn as shares of n, so that every draw is valid
    qt().forAll(integers().between(1, 14), integers().between(0, 10_000), integers().between(0, 10_000))
        .checkAssert((n, cShare, kShare) -> {
          int c = cShare % (n + 1);
          int k = 1 + kShare % n;
          assertEquals(bruteForce(n, c, k), PassAtK.of(n, c, k), 1e-12, "n=" + n + " c=" + c + " k=" + k);
        });
  }

  @Test
  void curveIsMonotoneFromTheShareCorrectToAnyCorrect() {
    qt().forAll(integers().between(1, 300), integers().between(0, 10_000))
        .checkAssert((n, cShare) -> {
          int c = cShare % (n + 1);
          double[] curve = PassAtK.curve(n, c);
          assertEquals(n, curve.length);
          assertEquals((double) c / n, curve[0], 1e-12, "pass@1 is c/n");
          assertEquals(c > 0 ? 1.0 : 0.0, curve[n - 1], 1e-12, "pass@n is 'any correct'");
          for (int k = 1; k < n; k++) {
            if (curve[k] < curve[k - 1] - 1e-12) {
              throw new AssertionError("pass@k decreases at k=" + (k + 1) + " for n=" + n + " c=" + c);
            }
          }
        });
  }

  @Test
  void knownValuesAndLargeN() {
    assertEquals(0.1, PassAtK.of(10, 1, 1), 1e-12);
    assertEquals(1 - (8.0 / 10) * (7.0 / 9), PassAtK.of(10, 2, 2), 1e-12, "1 - C(8,2)/C(10,2)");
    assertEquals(0.2, PassAtK.of(10, 1, 2), 1e-12);
    assertEquals(1.0, PassAtK.of(10, 9, 2), 0.0, "n - c < k: every subset holds a correct one");
    assertEquals(0.0, PassAtK.of(10, 0, 10), 0.0);
    // binomials of 5000 overflow double; the product form does not
    assertEquals(1 - Math.pow(0.5, 1), PassAtK.of(5000, 2500, 1), 1e-12);
    double big = PassAtK.of(5000, 3, 2500);
    assertEquals(1 - (2500.0 / 5000) * (2499.0 / 4999) * (2498.0 / 4998), big, 1e-12);
  }

  @Test
  void rejectsArgumentsOutsideTheirRange() {
    assertEquals("n must be >= 1, got 0", assertThrows(IllegalArgumentException.class, () -> PassAtK.of(0, 0, 1)).getMessage());
    assertEquals("c must be in [0, n=5], got 6",
        assertThrows(IllegalArgumentException.class, () -> PassAtK.of(5, 6, 1)).getMessage());
    assertEquals("k must be in [1, n=5], got 6",
        assertThrows(IllegalArgumentException.class, () -> PassAtK.of(5, 1, 6)).getMessage());
    assertEquals("k must be in [1, n=5], got 0",
        assertThrows(IllegalArgumentException.class, () -> PassAtK.of(5, 1, 0)).getMessage());
    assertThrows(IllegalArgumentException.class, () -> PassAtK.curve(3, -1));
  }
}
