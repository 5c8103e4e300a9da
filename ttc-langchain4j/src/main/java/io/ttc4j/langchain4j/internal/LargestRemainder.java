package io.ttc4j.langchain4j.internal;

import java.math.BigInteger;

/**
 * Integer shares of an integer total that add up to it exactly (Hamilton's largest-remainder
 * method): share {@code i} is {@code floor(total * w[i] / sum(w))}, and the units still missing go,
 * one each, to the shares with the largest remainders, the lower index first on ties. All-zero
 * weights are treated as equal weights.
 */
public final class LargestRemainder {

  private LargestRemainder() {}

  /**
   * Splits {@code total} over {@code weights}.
   *
   * @param total   what to split, at least 0
   * @param weights one weight per share, each at least 0; not empty
   * @return shares, one per weight, summing to {@code total}
   */
  public static long[] split(long total, long[] weights) {
    if (total < 0) {
      throw new IllegalArgumentException("total must be >= 0, got " + total);
    }
    if (weights.length == 0) {
      throw new IllegalArgumentException("weights must not be empty");
    }
    long sum = 0;
    long max = 0;
    for (int i = 0; i < weights.length; i++) {
      long w = weights[i];
      if (w < 0) {
        throw new IllegalArgumentException("weights[" + i + "] must be >= 0, got " + w);
      }
      sum = Math.addExact(sum, w);
      max = Math.max(max, w);
    }
    long[] w = weights;
    if (sum == 0) {
      w = new long[weights.length];
      java.util.Arrays.fill(w, 1);
      sum = w.length;
      max = 1;
    }
    int k = w.length;
    long[] share = new long[k];
    long[] rest = new long[k];
    long given = 0;
    // total * w[i] fits in a long unless both are large: then take the exact BigInteger path
    boolean small = Math.multiplyHigh(total, max) == 0 && total * max >= 0;
    for (int i = 0; i < k; i++) {
      if (small) {
        long p = total * w[i];
        share[i] = p / sum;
        rest[i] = p % sum;
      } else {
        BigInteger[] qr = BigInteger.valueOf(total).multiply(BigInteger.valueOf(w[i])).divideAndRemainder(
            BigInteger.valueOf(sum));
        share[i] = qr[0].longValueExact();
        rest[i] = qr[1].longValueExact(); // < sum, so it fits
      }
      given += share[i];
    }
    for (long missing = total - given; missing > 0; missing--) { // fewer than k units are missing
      int best = -1;
      for (int i = 0; i < k; i++) {
        if (rest[i] >= 0 && (best < 0 || rest[i] > rest[best])) {
          best = i;
        }
      }
      share[best]++;
      rest[best] = -1; // one extra unit per share at most
    }
    return share;
  }
}
