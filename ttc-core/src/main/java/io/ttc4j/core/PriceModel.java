package io.ttc4j.core;

/**
 * Prices of a model in US dollars per million tokens, as providers quote them.
 *
 * @param inputUsdPerMillion       price of uncached prompt tokens
 * @param cachedInputUsdPerMillion price of prompt tokens served from a prefix cache
 * @param outputUsdPerMillion      price of completion tokens
 */
public record PriceModel(double inputUsdPerMillion, double cachedInputUsdPerMillion, double outputUsdPerMillion) {

  /** Everything free: an on-device model, or a budget that does not count money. */
  public static final PriceModel FREE = new PriceModel(0, 0, 0);

  /** Validates: prices are finite and non-negative. */
  public PriceModel {
    check("inputUsdPerMillion", inputUsdPerMillion);
    check("cachedInputUsdPerMillion", cachedInputUsdPerMillion);
    check("outputUsdPerMillion", outputUsdPerMillion);
  }

  private static void check(String name, double v) {
    if (!(v >= 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException(name + " must be finite and >= 0, got " + v);
    }
  }

  /** Input and output prices, cached input at the input price. */
  public static PriceModel of(double inputUsdPerMillion, double outputUsdPerMillion) {
    return new PriceModel(inputUsdPerMillion, inputUsdPerMillion, outputUsdPerMillion);
  }

  /**
   * The cost of {@code usage} in billionths of a dollar, rounded up so that a budget check against
   * it is never optimistic.
   */
  public long costNanoUsd(Usage usage) {
    // USD per million tokens = 1000 nano-USD per token
    double nanos = usage.uncachedPromptTokens() * inputUsdPerMillion * 1000.0
        + usage.cachedPromptTokens() * cachedInputUsdPerMillion * 1000.0
        + usage.completionTokens() * outputUsdPerMillion * 1000.0;
    if (nanos >= Long.MAX_VALUE) {
      return Long.MAX_VALUE;
    }
    return (long) Math.ceil(nanos - 1e-6);
  }

  /** {@code usage} with its cost set by this price model. */
  public Usage price(Usage usage) {
    return usage.withCostNanoUsd(costNanoUsd(usage));
  }
}
