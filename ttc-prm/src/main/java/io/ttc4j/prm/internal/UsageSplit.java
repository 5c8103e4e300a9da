package io.ttc4j.prm.internal;

import io.ttc4j.core.Usage;

/**
 * Splits one usage among several callers in proportion to integer weights, exactly: every field of
 * the parts sums to the same field of the whole (largest-remainder apportionment, ties to the
 * earlier part), and every part is a valid {@link Usage} (cached prompt tokens never exceed prompt
 * tokens, because cached and uncached prompt tokens are split separately).
 */
public final class UsageSplit {

  private UsageSplit() {}

  /**
   * The parts of {@code total} for {@code weights}.
   *
   * @param weights at least one, each at least 1
   */
  public static Usage[] proportional(Usage total, int[] weights) {
    if (weights.length == 0) {
      throw new IllegalArgumentException("weights must not be empty");
    }
    long sum = 0;
    for (int i = 0; i < weights.length; i++) {
      if (weights[i] < 1) {
        throw new IllegalArgumentException("weights[" + i + "] must be >= 1, got " + weights[i]);
      }
      sum += weights[i];
    }
    if (sum > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("weights must sum to at most " + Integer.MAX_VALUE + ", got " + sum);
    }
    long[] generations = split(total.generations(), weights, sum);
    long[] cached = split(total.cachedPromptTokens(), weights, sum);
    long[] uncached = split(total.uncachedPromptTokens(), weights, sum);
    long[] completion = split(total.completionTokens(), weights, sum);
    long[] prm = split(total.prmCalls(), weights, sum);
    long[] prmTokens = split(total.prmTokens(), weights, sum);
    long[] cost = split(total.costNanoUsd(), weights, sum);
    Usage[] out = new Usage[weights.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = new Usage(generations[i], cached[i] + uncached[i], cached[i], completion[i], prm[i], prmTokens[i], cost[i]);
    }
    return out;
  }

  /** Largest remainder: floors first, then one more unit to the largest remainders, earliest first on ties. */
  static long[] split(long amount, int[] weights, long sum) {
    int n = weights.length;
    long[] out = new long[n];
    long[] remainder = new long[n];
    long given = 0;
    for (int i = 0; i < n; i++) {
      // amount * w / sum without overflow: amount = q * sum + r
      long q = amount / sum;
      long r = amount % sum;
      long w = weights[i];
      long whole = q * w + (r * w) / sum; // r < sum <= Integer.MAX_VALUE, so r * w cannot overflow
      out[i] = whole;
      remainder[i] = (r * w) % sum;
      given += whole;
    }
    long left = amount - given;
    while (left > 0) {
      int best = -1;
      for (int i = 0; i < n; i++) {
        if (remainder[i] >= 0 && (best < 0 || remainder[i] > remainder[best])) {
          best = i;
        }
      }
      out[best]++;
      remainder[best] = -1;
      left--;
    }
    return out;
  }
}
