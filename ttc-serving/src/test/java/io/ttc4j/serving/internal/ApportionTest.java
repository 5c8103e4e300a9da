package io.ttc4j.serving.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import org.junit.jupiter.api.Test;

class ApportionTest {

  @Test
  void sharesSumExactlyAndStayWithinOneOfTheProportion() {
    qt().withExamples(2000).forAll(longs().between(0, 5_000_000), integers().between(1, 64), longs().all())
        .checkAssert((total, k, seed) -> {
          java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
          long[] w = new long[k];
          long sum = 0;
          for (int i = 0; i < k; i++) {
            w[i] = r.nextInt(5) == 0 ? 0 : r.nextLong(1, 100_000);
            sum += w[i];
          }
          long[] s = Apportion.largestRemainder(total, w);
          long got = 0;
          for (int i = 0; i < k; i++) {
            double exact = sum == 0 ? (double) total / k : (double) total * w[i] / sum;
            assertTrue(Math.abs(s[i] - exact) < 1 + 1e-9, "share " + i + " = " + s[i] + " vs " + exact);
            assertTrue(s[i] >= 0);
            got += s[i];
          }
          assertEquals(total, got);
        });
  }

  @Test
  void examples() {
    assertArrayEquals(new long[] {4, 3, 3}, Apportion.largestRemainder(10, new long[] {1, 1, 1}));
    assertArrayEquals(new long[] {0, 7}, Apportion.largestRemainder(7, new long[] {0, 5}));
    assertArrayEquals(new long[] {2, 2}, Apportion.largestRemainder(4, new long[] {0, 0}));
    assertArrayEquals(new long[] {3, 6, 1}, Apportion.largestRemainder(10, new long[] {3, 6, 1}));
    assertArrayEquals(new long[] {Long.MAX_VALUE / 2 + 1, Long.MAX_VALUE / 2}, // a tie: the lower index
        Apportion.largestRemainder(Long.MAX_VALUE, new long[] {Long.MAX_VALUE, Long.MAX_VALUE}));
    assertThrows(IllegalArgumentException.class, () -> Apportion.largestRemainder(-1, new long[] {1}));
    assertThrows(IllegalArgumentException.class, () -> Apportion.largestRemainder(1, new long[] {}));
  }
}
