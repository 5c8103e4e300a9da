package io.ttc4j.prm.game24;

import java.util.Objects;

/**
 * Best-of-k at a given budget per puzzle: how many samples the budget buys and what success they
 * reach. Built by {@link #of} or {@link Game24Report#computeMatched()}.
 *
 * @param method          {@link ToTLog.Method#IO} or {@link ToTLog.Method#COT}
 * @param measure         what the budget counts
 * @param budgetPerPuzzle the budget, in dollars or tokens per puzzle
 * @param samples         k, the most samples whose expected cost fits the budget
 *                        ({@link SamplingReplay#costAt}); may exceed the logged n
 * @param samplesLogged   n, the samples per puzzle in the log
 * @param success         pass@k when {@code k ≤ n}; pass@n when k exceeds n, a lower bound on
 *                        pass@k since best-of-k never gets worse with more samples; 0 when k = 0
 * @param trend           {@link SamplingReplay#trendAt the trend extrapolation} at k (pass@k when
 *                        {@code k ≤ n}; 0 when k = 0): a heuristic estimate when k exceeds n
 */
public record ComputeMatch(ToTLog.Method method, Measure measure, double budgetPerPuzzle, int samples, int samplesLogged,
    double success, double trend) {

  /** What a budget counts. */
  public enum Measure {
    /** US dollars at the replay's prices. */
    USD,
    /** Prompt plus completion tokens. */
    TOKENS
  }

  /** Validates. */
  public ComputeMatch {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(measure, "measure");
    if (samples < 0 || samplesLogged < 1) {
      throw new IllegalArgumentException("samples must be >= 0 and samplesLogged >= 1, got " + samples + " and "
          + samplesLogged);
    }
  }

  /** Best-of-k of {@code baseline} at {@code budgetPerPuzzle} in {@code measure}. */
  public static ComputeMatch of(SamplingReplay baseline, Measure measure, double budgetPerPuzzle) {
    Objects.requireNonNull(baseline, "baseline");
    Objects.requireNonNull(measure, "measure");
    int k = measure == Measure.USD ? baseline.samplesWithinUsd(budgetPerPuzzle) : baseline.samplesWithinTokens(budgetPerPuzzle);
    int n = baseline.samplesPerPuzzle();
    double success = k == 0 ? 0 : baseline.passAt(Math.min(k, n));
    double trend = k == 0 ? 0 : baseline.trendAt(k);
    return new ComputeMatch(baseline.method(), measure, budgetPerPuzzle, k, n, success, trend);
  }

  /** Whether k is within the log, so that {@link #success} is pass@k itself, not a lower bound. */
  public boolean measured() {
    return samples <= samplesLogged;
  }
}
