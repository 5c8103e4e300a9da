package io.ttc4j.core;

/**
 * Reduces the per-step scores of a trajectory to one score, as search-and-learn and Snell et al. do.
 * Every aggregation of an empty score array is {@code NaN} (nothing was scored).
 */
public enum Aggregation {
  /** The score of the last step: the PRM's estimate that the whole solution is right (default in search-and-learn). */
  LAST {
    @Override
    public double aggregate(double[] s) {
      return s.length == 0 ? Double.NaN : s[s.length - 1];
    }
  },
  /** The lowest step score: a solution is only as good as its weakest step. */
  MIN {
    @Override
    public double aggregate(double[] s) {
      if (s.length == 0) return Double.NaN;
      double m = s[0];
      for (int i = 1; i < s.length; i++) m = Math.min(m, s[i]);
      return m;
    }
  },
  /** The product of step scores: the probability that every step is right if steps were independent. */
  PRODUCT {
    @Override
    public double aggregate(double[] s) {
      if (s.length == 0) return Double.NaN;
      double p = 1;
      for (double v : s) p *= v;
      return p;
    }
  },
  /** The mean step score. */
  MEAN {
    @Override
    public double aggregate(double[] s) {
      if (s.length == 0) return Double.NaN;
      double sum = 0;
      for (double v : s) sum += v;
      return sum / s.length;
    }
  };

  /** The aggregated score of {@code stepScores}. */
  public abstract double aggregate(double[] stepScores);

  /** The aggregation named {@code name}, case-insensitive ({@code last}, {@code min}, {@code product}, {@code mean}). */
  public static Aggregation parse(String name) {
    for (Aggregation a : values()) {
      if (a.name().equalsIgnoreCase(name.trim())) {
        return a;
      }
    }
    throw new IllegalArgumentException("aggregation must be one of last, min, product, mean; got '" + name + "'");
  }
}
