package io.ttc4j.prm;

import io.ttc4j.core.Aggregation;
import java.util.Locale;
import java.util.Optional;

/**
 * Ways to reduce a trajectory's step scores to one score: core's four {@link Aggregation}s and the
 * others that the PRM literature and practice use. Scores are read as probabilities that a step is
 * correct.
 *
 * <table>
 *   <caption>Aggregations and what they assume</caption>
 *   <tr><th>constant</th><th>score of steps s<sub>1</sub>..s<sub>n</sub></th><th>reading</th></tr>
 *   <tr><td>{@link #LAST}</td><td>s<sub>n</sub></td><td>the PRM's estimate that the whole solution is
 *       right (search-and-learn's default)</td></tr>
 *   <tr><td>{@link #MIN}</td><td>min s<sub>i</sub></td><td>a solution is as good as its weakest step</td></tr>
 *   <tr><td>{@link #PRODUCT}</td><td>&prod; s<sub>i</sub></td><td>every step right, steps independent
 *       (PRM800K's solution score)</td></tr>
 *   <tr><td>{@link #MEAN}</td><td>&Sigma; s<sub>i</sub> / n</td><td>average step quality</td></tr>
 *   <tr><td>{@link #MAX}</td><td>max s<sub>i</sub></td><td>optimistic: the best step; a baseline, rarely a good selector</td></tr>
 *   <tr><td>{@link #GEOMETRIC_MEAN}</td><td>(&prod; s<sub>i</sub>)<sup>1/n</sup></td><td>the product
 *       normalised for length, so a long solution is not penalised merely for having more steps</td></tr>
 *   <tr><td>{@link #LOG_PRODUCT}</td><td>&Sigma; log s<sub>i</sub></td><td>the log of the product: the
 *       same order as {@link #PRODUCT} without underflow on long solutions (&minus;&infin; when a step
 *       scores 0)</td></tr>
 *   <tr><td>{@link #SUM_LOGITS}</td><td>&Sigma; log(s<sub>i</sub> / (1 &minus; s<sub>i</sub>))</td><td>each
 *       step as independent evidence on the log-odds scale: a confident step (0.99) adds much, an
 *       uncertain one (0.5) nothing, a doubtful one subtracts; each log-odds is clamped to
 *       &plusmn;{@link #MAX_LOGIT} so that scores of 0 and 1 stay finite</td></tr>
 * </table>
 *
 * <p>As in core, every aggregation of an empty array is {@code NaN}, and a {@code NaN} step score
 * makes the aggregate {@code NaN}. Higher is better for all of them.
 */
public enum StepAggregation {
  /** The last step's score; see {@link Aggregation#LAST}. */
  LAST(Aggregation.LAST),
  /** The lowest step score; see {@link Aggregation#MIN}. */
  MIN(Aggregation.MIN),
  /** The product of the step scores; see {@link Aggregation#PRODUCT}. */
  PRODUCT(Aggregation.PRODUCT),
  /** The mean step score; see {@link Aggregation#MEAN}. */
  MEAN(Aggregation.MEAN),
  /** The highest step score. */
  MAX(null) {
    @Override
    double reduce(double[] s) {
      double m = s[0];
      for (int i = 1; i < s.length; i++) {
        m = Double.isNaN(s[i]) ? Double.NaN : Math.max(m, s[i]);
      }
      return m;
    }
  },
  /** The n-th root of the product of n step scores. */
  GEOMETRIC_MEAN(null) {
    @Override
    double reduce(double[] s) {
      return Math.exp(LOG_PRODUCT.reduce(s) / s.length);
    }
  },
  /** The sum of the natural logarithms of the step scores. */
  LOG_PRODUCT(null) {
    @Override
    double reduce(double[] s) {
      double sum = 0;
      for (double v : s) {
        sum += Math.log(v);
      }
      return sum;
    }
  },
  /** The sum of the log-odds of the step scores, each clamped to ±{@link #MAX_LOGIT}. */
  SUM_LOGITS(null) {
    @Override
    double reduce(double[] s) {
      double sum = 0;
      for (double v : s) {
        double logit = Math.log(v) - Math.log1p(-v); // NaN stays NaN; 0 and 1 give -inf and +inf
        sum += Math.max(-MAX_LOGIT, Math.min(MAX_LOGIT, logit));
      }
      return sum;
    }
  };

  /**
   * The largest log-odds {@link #SUM_LOGITS} counts for one step: that of 1 − 10<sup>−12</sup>
   * (about 27.6), so that scores of exactly 0 or 1 stay finite and cancel symmetrically.
   */
  public static final double MAX_LOGIT = Math.log1p(-1e-12) - Math.log(1e-12);

  private final Aggregation core;

  StepAggregation(Aggregation core) {
    this.core = core;
  }

  /** Non-empty {@code s}. */
  double reduce(double[] s) {
    return core.aggregate(s);
  }

  /** The aggregated score of {@code stepScores}; {@code NaN} when it is empty. */
  public double aggregate(double[] stepScores) {
    return stepScores.length == 0 ? Double.NaN : reduce(stepScores);
  }

  /** The core aggregation this one is, when it is one of core's four. */
  public Optional<Aggregation> core() {
    return Optional.ofNullable(core);
  }

  /** The same rule as core's {@code aggregation}. */
  public static StepAggregation of(Aggregation aggregation) {
    return valueOf(aggregation.name());
  }

  /**
   * The aggregation named {@code name}, case-insensitive, with {@code -} or {@code _} between words
   * ({@code last}, {@code min}, {@code product}, {@code mean}, {@code max}, {@code geometric-mean},
   * {@code log-product}, {@code sum-logits}).
   */
  public static StepAggregation parse(String name) {
    String key = name.trim().replace('-', '_').toUpperCase(Locale.ROOT);
    for (StepAggregation a : values()) {
      if (a.name().equals(key)) {
        return a;
      }
    }
    throw new IllegalArgumentException("aggregation must be one of last, min, product, mean, max, "
        + "geometric-mean, log-product, sum-logits; got '" + name + "'");
  }

  /** The lower-case, dashed name that {@link #parse} reads. */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
