package io.ttc4j.sim.internal;

/**
 * Stateless 64-bit hashing and the random numbers drawn from it. Every random choice of the
 * simulator is a pure function of a few long keys (simulator seed, problem, prefix, call seed,
 * continuation index), so no generator state is kept and results never depend on call order.
 */
public final class Mix {

  /** The golden-ratio increment of splitmix64. */
  public static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private static final double TWO_PI = 2 * Math.PI;

  private Mix() {}

  /** The splitmix64 finaliser: a bijection of longs with full avalanche. */
  public static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Hash of an ordered pair of keys. */
  public static long combine(long a, long b) {
    return mix(mix(a + GOLDEN) ^ b);
  }

  /** The {@code k}-th draw of the stream seeded by {@code seed}. */
  public static long draw(long seed, int k) {
    return mix(seed + (k + 1) * GOLDEN);
  }

  /** A uniform double in the open interval (0, 1) from a hash. */
  public static double uniform(long h) {
    return ((h >>> 11) + 0.5) * 0x1.0p-53;
  }

  /** A standard normal deviate from two hashes (Box-Muller). */
  public static double normal(long h1, long h2) {
    return Math.sqrt(-2 * Math.log(uniform(h1))) * Math.cos(TWO_PI * uniform(h2));
  }

  /** A 64-bit hash of a string (FNV-1a over UTF-16 code units, then mixed). */
  public static long hash(String s) {
    long h = 0xCBF29CE484222325L;
    for (int i = 0; i < s.length(); i++) {
      h ^= s.charAt(i);
      h *= 0x100000001B3L;
    }
    return mix(h);
  }

  /** The logistic function, clamped so that the result stays strictly inside (0, 1). */
  public static double sigmoid(double logit) {
    double x = Math.max(-30, Math.min(30, logit));
    return 1 / (1 + Math.exp(-x));
  }
}
