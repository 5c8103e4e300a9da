package io.ttc4j.prm.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import io.ttc4j.core.Usage;
import org.junit.jupiter.api.Test;

class UsageSplitTest {

  @Test
  void partsSumToTheWholeAndAreProportional() {
    qt().forAll(lists().of(integers().between(1, 50)).ofSizeBetween(1, 12),
            longs().between(0, 1_000_000), longs().between(0, 1_000_000), longs().between(0, 1_000_000_000_000L))
        .checkAssert((weightList, prompt, cachedRaw, cost) -> {
          int[] weights = weightList.stream().mapToInt(Integer::intValue).toArray();
          long cached = Math.min(prompt, cachedRaw);
          Usage total = new Usage(weights.length, prompt, cached, prompt / 3, weightList.stream().mapToLong(i -> i).sum(),
              prompt / 5 + cachedRaw, cost);
          Usage[] parts = UsageSplit.proportional(total, weights);
          Usage sum = Usage.ZERO;
          long weightSum = 0;
          for (int w : weights) {
            weightSum += w;
          }
          for (int i = 0; i < parts.length; i++) {
            sum = sum.plus(parts[i]);
            double exact = (double) total.costNanoUsd() * weights[i] / weightSum;
            assertTrue(Math.abs(parts[i].costNanoUsd() - exact) <= 1.0, "within one unit of the exact share");
            assertEquals(weights[i], parts[i].prmCalls(), "prm calls split by trajectories exactly");
          }
          assertEquals(total, sum);
        });
  }

  @Test
  void remaindersGoToTheLargestFractionsEarliestFirst() {
    Usage[] parts = UsageSplit.proportional(Usage.ofPrmCalls(0).withCostNanoUsd(10), new int[] {1, 1, 1});
    assertEquals(4, parts[0].costNanoUsd());
    assertEquals(3, parts[1].costNanoUsd());
    assertEquals(3, parts[2].costNanoUsd());
  }
}
