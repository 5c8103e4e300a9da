package io.ttc4j.core;

/**
 * An immutable amount of compute: what a call, a search or a sweep spent, or what a budget allows.
 * Add and subtract like {@code CacheStats} in Caffeine; derived figures are computed on demand.
 *
 * @param generations        sampled continuations (a call with {@code n = 8} is 8 generations)
 * @param promptTokens       prompt tokens charged, including cached ones
 * @param cachedPromptTokens the part of {@code promptTokens} served from a prefix cache
 * @param completionTokens   generated tokens
 * @param prmCalls           trajectories scored by a reward model (one forward pass each)
 * @param prmTokens          tokens the reward model read for those trajectories (prompt and
 *                           solution), as it reports them; 0 when it reports none (a verifier that
 *                           runs code, a reward model without a token count)
 * @param costNanoUsd        money in billionths of a US dollar (exact integer arithmetic, so that
 *                           limits never drift); see {@link PriceModel}
 */
public record Usage(
    long generations,
    long promptTokens,
    long cachedPromptTokens,
    long completionTokens,
    long prmCalls,
    long prmTokens,
    long costNanoUsd) {

  /** Nothing spent. */
  public static final Usage ZERO = new Usage(0, 0, 0, 0, 0, 0, 0);

  /** Validates: no field negative, cached prompt tokens at most the prompt tokens. */
  public Usage {
    requireNonNegative("generations", generations);
    requireNonNegative("promptTokens", promptTokens);
    requireNonNegative("cachedPromptTokens", cachedPromptTokens);
    requireNonNegative("completionTokens", completionTokens);
    requireNonNegative("prmCalls", prmCalls);
    requireNonNegative("prmTokens", prmTokens);
    requireNonNegative("costNanoUsd", costNanoUsd);
    if (cachedPromptTokens > promptTokens) {
      throw new IllegalArgumentException(
          "cachedPromptTokens must be <= promptTokens, got " + cachedPromptTokens + " > " + promptTokens);
    }
  }

  private static void requireNonNegative(String name, long value) {
    if (value < 0) {
      throw new IllegalArgumentException(name + " must be >= 0, got " + value);
    }
  }

  /** The usage of one generator call as a server reports it. */
  public static Usage ofGeneration(long generations, long promptTokens, long cachedPromptTokens, long completionTokens) {
    return new Usage(generations, promptTokens, cachedPromptTokens, completionTokens, 0, 0, 0);
  }

  /** The usage of scoring {@code trajectories} with a reward model that reports no tokens. */
  public static Usage ofPrmCalls(long trajectories) {
    return new Usage(0, 0, 0, 0, trajectories, 0, 0);
  }

  /** The usage of scoring {@code trajectories} with a reward model that read {@code tokens} tokens. */
  public static Usage ofPrm(long trajectories, long tokens) {
    return new Usage(0, 0, 0, 0, trajectories, tokens, 0);
  }

  /** The field-wise sum; saturates at {@code Long.MAX_VALUE} instead of overflowing. */
  public Usage plus(Usage o) {
    return new Usage(
        sat(generations, o.generations),
        sat(promptTokens, o.promptTokens),
        sat(cachedPromptTokens, o.cachedPromptTokens),
        sat(completionTokens, o.completionTokens),
        sat(prmCalls, o.prmCalls),
        sat(prmTokens, o.prmTokens),
        sat(costNanoUsd, o.costNanoUsd));
  }

  /** The field-wise difference, floored at zero (so the result is always a valid usage). */
  public Usage minus(Usage o) {
    long prompt = Math.max(0, promptTokens - o.promptTokens);
    return new Usage(
        Math.max(0, generations - o.generations),
        prompt,
        Math.min(prompt, Math.max(0, cachedPromptTokens - o.cachedPromptTokens)),
        Math.max(0, completionTokens - o.completionTokens),
        Math.max(0, prmCalls - o.prmCalls),
        Math.max(0, prmTokens - o.prmTokens),
        Math.max(0, costNanoUsd - o.costNanoUsd));
  }

  /** This usage with its cost replaced. */
  public Usage withCostNanoUsd(long nanoUsd) {
    return new Usage(generations, promptTokens, cachedPromptTokens, completionTokens, prmCalls, prmTokens, nanoUsd);
  }

  /** Whether every field is at most the same field of {@code limit}. */
  public boolean isWithin(Usage limit) {
    return generations <= limit.generations
        && promptTokens <= limit.promptTokens
        && cachedPromptTokens <= limit.cachedPromptTokens
        && completionTokens <= limit.completionTokens
        && prmCalls <= limit.prmCalls
        && prmTokens <= limit.prmTokens
        && costNanoUsd <= limit.costNanoUsd;
  }

  /** Prompt tokens that were not served from cache. */
  public long uncachedPromptTokens() {
    return promptTokens - cachedPromptTokens;
  }

  /** Prompt plus completion tokens. */
  public long totalTokens() {
    return sat(promptTokens, completionTokens);
  }

  /** Cost in US dollars (derived; exact up to {@code double} rounding). */
  public double costUsd() {
    return costNanoUsd / 1e9;
  }

  private static long sat(long a, long b) {
    long r = a + b;
    return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
  }
}
