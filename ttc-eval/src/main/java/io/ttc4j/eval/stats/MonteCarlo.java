package io.ttc4j.eval.stats;

/**
 * How {@link UnbiasedAtK} estimates an expectation over k-subsets it cannot compute in closed
 * form: when there are at most {@code draws} subsets it enumerates all of them (exact), otherwise
 * it averages over {@code draws} uniformly random k-subsets (with replacement between draws) and
 * reports the standard error. The random stream of one (sample set, k) is seeded from
 * {@code seed}, the set's id and k, so results do not depend on the order in which sets are
 * processed.
 *
 * @param draws random subsets per (sample set, k), at least 1
 * @param seed  the seed
 */
public record MonteCarlo(int draws, long seed) {

  /** The default number of draws: 2000 (a standard error of at most 0.011 per sample set). */
  public static final int DEFAULT_DRAWS = 2000;

  /** Validates. */
  public MonteCarlo {
    if (draws < 1) {
      throw new IllegalArgumentException("draws must be >= 1, got " + draws);
    }
  }

  /** {@value #DEFAULT_DRAWS} draws, seed 0. */
  public static MonteCarlo defaults() {
    return new MonteCarlo(DEFAULT_DRAWS, 0);
  }

  /** The seed of the stream for one (set, k). */
  long streamSeed(String setId, int k) {
    long h = seed;
    h = mix(h ^ setId.hashCode());
    h = mix(h ^ k);
    return h;
  }

  private static long mix(long z) {
    // SplitMix64's finaliser
    z += 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
