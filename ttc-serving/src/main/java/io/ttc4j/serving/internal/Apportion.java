package io.ttc4j.serving.internal;

import java.math.BigInteger;

/**
 * Splits a reported integer total into integer shares that sum to it exactly (the largest-remainder
 * method, also called Hamilton's method): share {@code i} is {@code floor(total * w_i / W)}, and the
 * units left over go one each to the shares with the largest fractional parts, ties to the lower
 * index. All-zero weights split equally. Deterministic, and exact for any {@code long} inputs.
 */
public final class Apportion {

  private Apportion() {}

  /**
   * Shares of {@code total} in proportion to {@code weights}.
   *
   * @param total   the amount to split, at least 0
   * @param weights one weight per share, each at least 0; at least one share
   * @return shares that sum to {@code total} exactly
   */
  public static long[] largestRemainder(long total, long[] weights) {
    if (total < 0) {
      throw new IllegalArgumentException("total must be >= 0, got " + total);
    }
    int k = weights.length;
    if (k == 0) {
      throw new IllegalArgumentException("weights must not be empty");
    }
    long[] w = weights.clone();
    BigInteger sum = BigInteger.ZERO;
    for (int i = 0; i < k; i++) {
      if (w[i] < 0) {
        throw new IllegalArgumentException("weights[" + i + "] must be >= 0, got " + w[i]);
      }
      sum = sum.add(BigInteger.valueOf(w[i]));
    }
    if (sum.signum() == 0) {
      java.util.Arrays.fill(w, 1);
      sum = BigInteger.valueOf(k);
    }
    BigInteger t = BigInteger.valueOf(total);
    long[] share = new long[k];
    BigInteger[] remainder = new BigInteger[k];
    long given = 0;
    for (int i = 0; i < k; i++) {
      BigInteger[] qr = t.multiply(BigInteger.valueOf(w[i])).divideAndRemainder(sum);
      share[i] = qr[0].longValueExact();
      remainder[i] = qr[1];
      given += share[i];
    }
    long left = total - given; // < k
    while (left > 0) {
      int best = -1;
      for (int i = 0; i < k; i++) {
        if (remainder[i] != null && (best < 0 || remainder[i].compareTo(remainder[best]) > 0)) {
          best = i;
        }
      }
      share[best]++;
      remainder[best] = null; // each share gets at most one extra unit
      left--;
    }
    return share;
  }
}
