package io.ttc4j.strategies;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A logistic model that turns {@link Confidence} signals into a probability: {@code
 * P = 1 / (1 + exp(-(intercept + Σ weights[i] × confidence.get(features[i]))))}. Fitted on labelled
 * outcomes (Platt scaling when there is one feature; {@code io.ttc4j.eval.stats.LogisticFit} fits
 * it), it makes one threshold mean the same thing on every tier of a {@link Cascade}, and several
 * signals (vote margin and reward-model score) count together.
 *
 * <p>A signal that is {@code NaN} on the confidence being mapped (a reward model that failed, so the
 * candidates are unscored) makes the probability 0: the safe reading for a cascade is to escalate.
 *
 * @param features  the signals used, distinct, at least one
 * @param intercept the intercept, finite
 * @param weights   one finite weight per feature; copied
 */
public record Calibration(List<Confidence.Feature> features, double intercept, double[] weights) {

  /** Validates and copies. */
  public Calibration {
    features = List.copyOf(Objects.requireNonNull(features, "features"));
    weights = Objects.requireNonNull(weights, "weights").clone();
    if (features.isEmpty()) throw new IllegalArgumentException("features must not be empty");
    if (features.stream().distinct().count() != features.size()) {
      throw new IllegalArgumentException("features must be distinct, got " + features);
    }
    if (weights.length != features.size()) {
      throw new IllegalArgumentException("weights must be one per feature (" + features.size() + "), got "
          + weights.length);
    }
    if (!Double.isFinite(intercept)) throw new IllegalArgumentException("intercept must be finite, got " + intercept);
    for (int i = 0; i < weights.length; i++) {
      if (!Double.isFinite(weights[i])) {
        throw new IllegalArgumentException("weights[" + i + "] (" + features.get(i).label() + ") must be finite, got "
            + weights[i]);
      }
    }
  }

  @Override
  public double[] weights() {
    return weights.clone();
  }

  /** The linear predictor (log-odds) for {@code c}, or {@code NaN} when a feature it uses is {@code NaN}. */
  public double logOdds(Confidence c) {
    Objects.requireNonNull(c, "c");
    double z = intercept;
    for (int i = 0; i < weights.length; i++) {
      double v = c.get(features.get(i));
      if (Double.isNaN(v)) return Double.NaN;
      z += weights[i] * v;
    }
    return z;
  }

  /** The calibrated probability for {@code c}; 0 when a feature it uses is {@code NaN}. */
  public double probability(Confidence c) {
    double z = logOdds(c);
    if (Double.isNaN(z)) return 0;
    return 1 / (1 + Math.exp(-z));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Calibration other && features.equals(other.features)
        && Double.compare(intercept, other.intercept) == 0 && Arrays.equals(weights, other.weights);
  }

  @Override
  public int hashCode() {
    return Objects.hash(features, intercept, Arrays.hashCode(weights));
  }

  @Override
  public String toString() {
    List<String> terms = new ArrayList<>();
    for (int i = 0; i < weights.length; i++) terms.add(String.format(java.util.Locale.ROOT, "%+.3f*%s", weights[i],
        features.get(i).label()));
    return String.format(java.util.Locale.ROOT, "logistic(%.3f %s)", intercept, String.join(" ", terms));
  }
}
