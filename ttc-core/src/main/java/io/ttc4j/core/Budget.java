package io.ttc4j.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Hard per-query limits: generations, generated (completion) tokens, prompt tokens, reward-model
 * calls, money (through a {@link PriceModel}) and a wall-clock deadline. A limit left unset is
 * unlimited. A {@link ComputeMeter} enforces the limits.
 *
 * <pre>{@code
 * Budget b = Budget.builder().completionTokens(20_000).usd(0.01, PriceModel.of(0.28, 0.48))
 *     .deadline(Duration.ofSeconds(30)).build();
 * }</pre>
 *
 * @param limit      the limits as a usage; {@code Long.MAX_VALUE} in a field means unlimited
 * @param priceModel prices used to turn tokens into money
 * @param deadline   wall-clock time allowed from the start of the search, or {@code null} for none
 */
public record Budget(Usage limit, PriceModel priceModel, Duration deadline) {

  private static final long NONE = Long.MAX_VALUE;

  /** Validates. */
  public Budget {
    Objects.requireNonNull(limit, "limit");
    Objects.requireNonNull(priceModel, "priceModel");
    if (deadline != null && (deadline.isNegative() || deadline.isZero())) {
      throw new IllegalArgumentException("deadline must be positive, got " + deadline);
    }
  }

  /** No limits. */
  public static Budget unlimited() {
    return builder().build();
  }

  /** A limit of generated (completion) tokens only. */
  public static Budget tokens(long completionTokens) {
    return builder().completionTokens(completionTokens).build();
  }

  /** A limit of generations (sampled continuations) only. */
  public static Budget generations(long generations) {
    return builder().generations(generations).build();
  }

  /** A builder with every limit unset. */
  public static Builder builder() {
    return new Builder();
  }

  /** Whether money is limited. */
  public boolean limitsMoney() {
    return limit.costNanoUsd() != NONE;
  }

  @Override
  public String toString() {
    List<String> parts = new ArrayList<>();
    if (limit.generations() != NONE) parts.add("generations=" + limit.generations());
    if (limit.completionTokens() != NONE) parts.add("completionTokens=" + limit.completionTokens());
    if (limit.promptTokens() != NONE) parts.add("promptTokens=" + limit.promptTokens());
    if (limit.prmCalls() != NONE) parts.add("prmCalls=" + limit.prmCalls());
    if (limit.costNanoUsd() != NONE) parts.add("usd=" + limit.costUsd());
    if (deadline != null) parts.add("deadline=" + deadline);
    return parts.isEmpty() ? "Budget[unlimited]" : "Budget[" + String.join(", ", parts) + "]";
  }

  /** Builds a {@link Budget}; every setter validates its argument. */
  public static final class Builder {
    private long generations = NONE;
    private long completionTokens = NONE;
    private long promptTokens = NONE;
    private long prmCalls = NONE;
    private long costNanoUsd = NONE;
    private PriceModel priceModel = PriceModel.FREE;
    private Duration deadline;

    private Builder() {}

    private static long positive(String name, long v) {
      if (v < 0) {
        throw new IllegalArgumentException(name + " must be >= 0, got " + v);
      }
      return v;
    }

    /** Limit of sampled continuations. */
    public Builder generations(long v) {
      generations = positive("generations", v);
      return this;
    }

    /** Limit of generated tokens. */
    public Builder completionTokens(long v) {
      completionTokens = positive("completionTokens", v);
      return this;
    }

    /** Limit of prompt tokens (cached ones included). */
    public Builder promptTokens(long v) {
      promptTokens = positive("promptTokens", v);
      return this;
    }

    /** Limit of trajectories scored by the reward model. */
    public Builder prmCalls(long v) {
      prmCalls = positive("prmCalls", v);
      return this;
    }

    /** Limit of money in US dollars, priced by {@code prices}. */
    public Builder usd(double dollars, PriceModel prices) {
      if (!(dollars >= 0) || Double.isInfinite(dollars)) {
        throw new IllegalArgumentException("dollars must be finite and >= 0, got " + dollars);
      }
      costNanoUsd = (long) Math.floor(dollars * 1e9);
      priceModel = Objects.requireNonNull(prices, "prices");
      return this;
    }

    /** Prices to account money with, without limiting it. */
    public Builder priceModel(PriceModel prices) {
      priceModel = Objects.requireNonNull(prices, "prices");
      return this;
    }

    /** Wall-clock time allowed from the start of the search. */
    public Builder deadline(Duration d) {
      Objects.requireNonNull(d, "deadline");
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("deadline must be positive, got " + d);
      }
      deadline = d;
      return this;
    }

    /** The budget. */
    public Budget build() {
      // reward-model tokens are reported after a call, never known before it, so they are not limited
      return new Budget(new Usage(generations, promptTokens, promptTokens, completionTokens, prmCalls, NONE, costNanoUsd),
          priceModel, deadline);
    }
  }
}
