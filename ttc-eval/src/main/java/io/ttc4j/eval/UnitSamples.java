package io.ttc4j.eval;

import java.util.List;
import java.util.Objects;

/**
 * Every finished sample of the largest best-of-N search of one (problem, seed) unit of a sweep, in
 * generation order: one line of a run folder's {@code samples.jsonl}. From these,
 * {@link io.ttc4j.eval.stats.UnbiasedAtK} estimates every rule at every k up to N from one run.
 *
 * @param problemId the problem
 * @param seed      the sweep seed
 * @param n         the N of the search the samples come from (the sweep's largest)
 * @param samples   the finished candidates of that search in generation order (fewer than {@code n}
 *                  when the budget stopped sampling early); copied
 */
public record UnitSamples(String problemId, long seed, int n, List<Sample> samples) {

  /**
   * One finished sample.
   *
   * @param answer           its extracted answer, or {@code null} when it states none
   * @param score            its aggregated reward-model score, or {@code NaN} when not scored
   * @param correct          whether its answer is equivalent to the reference
   * @param completionTokens its generated tokens
   */
  public record Sample(String answer, double score, boolean correct, long completionTokens) {
    /** Validates. */
    public Sample {
      if (Double.isInfinite(score)) {
        throw new IllegalArgumentException("score must be finite or NaN, got " + score);
      }
      if (completionTokens < 0) {
        throw new IllegalArgumentException("completionTokens must be >= 0, got " + completionTokens);
      }
      if (correct && answer == null) {
        throw new IllegalArgumentException("a sample without answer cannot be correct");
      }
    }
  }

  /** Validates and copies. */
  public UnitSamples {
    Objects.requireNonNull(problemId, "problemId");
    samples = List.copyOf(Objects.requireNonNull(samples, "samples"));
    if (n < 1) {
      throw new IllegalArgumentException("n must be >= 1, got " + n);
    }
    if (samples.size() > n) {
      throw new IllegalArgumentException("at most n=" + n + " samples, got " + samples.size());
    }
  }
}
