package io.ttc4j.prm;

/**
 * The unbiased pass@k estimator (Chen et al., 2021, <i>Evaluating Large Language Models Trained on
 * Code</i>): from n recorded samples of one problem, c of them correct, the probability that a
 * uniformly random k-subset holds at least one correct sample, {@code 1 − C(n−c, k) / C(n, k)}. It
 * is the success rate of best-of-k with a perfect checker, estimated without bias for every k ≤ n
 * from a single run of n, and with less variance than looking at the first k samples only.
 *
 * <p>Computed as {@code 1 − Π (1 − k / i)} over {@code i = n−c+1 … n}, which neither overflows nor
 * cancels (the binomials themselves exceed {@code double} range from n ≈ 1030).
 */
public final class PassAtK {

  private PassAtK() {}

  /**
   * pass@k for one problem.
   *
   * @throws IllegalArgumentException unless {@code n ≥ 1}, {@code 0 ≤ c ≤ n} and {@code 1 ≤ k ≤ n}
   */
  public static double of(int n, int c, int k) {
    check(n, c);
    if (k < 1 || k > n) {
      throw new IllegalArgumentException("k must be in [1, n=" + n + "], got " + k);
    }
    if (n - c < k) {
      return 1.0; // every k-subset holds a correct sample
    }
    double allWrong = 1.0;
    for (int i = n - c + 1; i <= n; i++) {
      allWrong *= 1.0 - (double) k / i;
    }
    return 1.0 - allWrong;
  }

  /**
   * pass@k for every k from 1 to n: element {@code k − 1} is {@link #of of(n, c, k)}.
   *
   * @throws IllegalArgumentException unless {@code n ≥ 1} and {@code 0 ≤ c ≤ n}
   */
  public static double[] curve(int n, int c) {
    check(n, c);
    double[] out = new double[n];
    for (int k = 1; k <= n; k++) {
      out[k - 1] = of(n, c, k);
    }
    return out;
  }

  private static void check(int n, int c) {
    if (n < 1) {
      throw new IllegalArgumentException("n must be >= 1, got " + n);
    }
    if (c < 0 || c > n) {
      throw new IllegalArgumentException("c must be in [0, n=" + n + "], got " + c);
    }
  }
}
