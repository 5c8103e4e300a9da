package io.ttc4j.eval.compute;

import io.ttc4j.core.PriceModel;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A named price tier: what a million tokens cost at one kind of deployment.
 *
 * <p>The four presets are the tiers of the seed article. It quotes the production tier at
 * "$3–5 per M" and the premium tier at "$15+ per M" as single, blended figures; providers quote
 * input and output separately, and the split matters because best-of-N reasoning is output-heavy.
 * We price output at five times input, as hosted frontier APIs commonly do:
 * <ul>
 *   <li>{@link #ON_DEVICE}: $0 (the weights run on hardware already paid for);</li>
 *   <li>{@link #COMMODITY}: $0.28 input, $0.48 output per M tokens (the article's figures);</li>
 *   <li>{@link #PRODUCTION}: $3 input, $15 output per M; blended at 9 input tokens per output token
 *       (a chat or retrieval mix) that is $4.20 per M, inside the article's $3–5;</li>
 *   <li>{@link #PREMIUM}: $15 input, $75 output per M; blended the same way $21 per M, the
 *       article's "$15+".</li>
 * </ul>
 * Cached prompt tokens are charged at the input price (no cache discount is assumed).
 *
 * @param name        the tier's name as options and reports spell it (lower case, hyphens)
 * @param prices      prices per million tokens
 * @param description one line for reports
 */
public record PriceTier(String name, PriceModel prices, String description) {

  /** On-device: no per-token price. */
  public static final PriceTier ON_DEVICE = new PriceTier("on-device", PriceModel.FREE, "on-device, $0");
  /** Commodity hosted open models: $0.28 input, $0.48 output per M tokens. */
  public static final PriceTier COMMODITY = new PriceTier("commodity", PriceModel.of(0.28, 0.48),
      "commodity, $0.28 in / $0.48 out per M tokens");
  /** Production APIs: $3 input, $15 output per M tokens. */
  public static final PriceTier PRODUCTION = new PriceTier("production", PriceModel.of(3, 15),
      "production, $3 in / $15 out per M tokens");
  /** Premium frontier APIs: $15 input, $75 output per M tokens. */
  public static final PriceTier PREMIUM = new PriceTier("premium", PriceModel.of(15, 75),
      "premium, $15 in / $75 out per M tokens");

  /** Validates. */
  public PriceTier {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(prices, "prices");
    Objects.requireNonNull(description, "description");
    if (!name.matches("[a-z0-9][a-z0-9-]*")) {
      throw new IllegalArgumentException("name must be lower-case letters, digits and hyphens, got '" + name + "'");
    }
  }

  /** The presets, cheapest first. */
  public static List<PriceTier> presets() {
    return List.of(ON_DEVICE, COMMODITY, PRODUCTION, PREMIUM);
  }

  /** The preset called {@code name} (case-insensitive). */
  public static PriceTier named(String name) {
    Objects.requireNonNull(name, "name");
    for (PriceTier t : presets()) {
      if (t.name.equals(name.trim().toLowerCase(Locale.ROOT))) return t;
    }
    throw new IllegalArgumentException("price tier must be one of " + presets().stream().map(PriceTier::name).toList()
        + ", got '" + name + "'");
  }

  /** Whether every price is zero. */
  public boolean isFree() {
    return prices.inputUsdPerMillion() == 0 && prices.cachedInputUsdPerMillion() == 0
        && prices.outputUsdPerMillion() == 0;
  }
}
