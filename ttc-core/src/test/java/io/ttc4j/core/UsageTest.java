package io.ttc4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import org.junit.jupiter.api.Test;

class UsageTest {

  @Test
  void validatesAndNamesTheField() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Usage(0, -1, 0, 0, 0, 0, 0));
    assertEquals("promptTokens must be >= 0, got -1", e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new Usage(0, 5, 6, 0, 0, 0, 0));
    assertTrue(e.getMessage().contains("cachedPromptTokens"));
  }

  @Test
  void plusThenMinusIsIdentity() {
    qt().forAll(longs().between(0, 1L << 40), longs().between(0, 1L << 40), longs().between(0, 1L << 40))
        .checkAssert((a, b, c) -> {
          Usage x = new Usage(a, b + c, c, a, b, c, c);
          Usage y = new Usage(c, a, 0, b, a, a, b);
          assertEquals(x, x.plus(y).minus(y));
          assertTrue(x.isWithin(x.plus(y)));
        });
  }

  @Test
  void saturatesInsteadOfOverflowing() {
    Usage big = new Usage(Long.MAX_VALUE, 0, 0, 0, 0, 0, 0);
    assertEquals(Long.MAX_VALUE, big.plus(big).generations());
  }

  @Test
  void priceModelRoundsUpAndSeparatesCachedTokens() {
    PriceModel p = new PriceModel(0.28, 0.028, 0.48);
    assertEquals(280 + 28 + 480, p.costNanoUsd(Usage.ofGeneration(1, 2, 1, 1)));
    assertEquals(1, PriceModel.of(0.0001, 0).costNanoUsd(Usage.ofGeneration(1, 1, 0, 0)), "0.1 nano-USD rounds up");
    assertEquals(0, PriceModel.FREE.costNanoUsd(Usage.ofGeneration(1, 1000, 0, 1000)));
  }
}
