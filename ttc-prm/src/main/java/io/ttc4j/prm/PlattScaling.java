package io.ttc4j.prm;

import io.ttc4j.prm.internal.Inputs;

/**
 * Platt scaling: a logistic map {@code P(correct | s) = 1 / (1 + exp(-(slope * s + intercept)))}
 * fitted by maximum likelihood on labelled scores.
 *
 * <p>The fit follows Platt (1999): the labels are replaced by the smoothed targets
 * {@code (N+ + 1) / (N+ + 2)} and {@code 1 / (N- + 2)}, which keeps the slope finite on separable
 * data, and the log-loss is minimised by Newton's method with a backtracking line search. Two
 * parameters need few labels: a few hundred are plenty, where isotonic regression wants more.
 * The map is monotone (increasing when {@code slope > 0}). To recalibrate a PRM whose scores are
 * already probabilities, fitting on their log-odds usually suits the logistic form better.
 *
 * @param slope     the weight of the score
 * @param intercept the bias
 */
public record PlattScaling(double slope, double intercept) implements CalibrationMap {

  private static final int MAX_ITERATIONS = 100;

  /** Validates. */
  public PlattScaling {
    if (!Double.isFinite(slope)) {
      throw new IllegalArgumentException("slope must be finite, got " + slope);
    }
    if (!Double.isFinite(intercept)) {
      throw new IllegalArgumentException("intercept must be finite, got " + intercept);
    }
  }

  @Override
  public double apply(double score) {
    return sigmoid(slope * score + intercept);
  }

  /**
   * The maximum-likelihood logistic map of {@code scores} to {@code correct}.
   *
   * @param scores  raw scores, finite
   * @param correct whether each scored item was correct, same length, not empty
   */
  public static PlattScaling fit(double[] scores, boolean[] correct) {
    Inputs.scoresAndLabels("scores", scores, "correct", correct);
    int n = scores.length;
    int positives = 0;
    for (boolean c : correct) {
      positives += c ? 1 : 0;
    }
    int negatives = n - positives;
    double hi = (positives + 1.0) / (positives + 2.0);
    double lo = 1.0 / (negatives + 2.0);
    double[] target = new double[n];
    for (int i = 0; i < n; i++) {
      target[i] = correct[i] ? hi : lo;
    }
    double a = 0;
    double b = Math.log((positives + 1.0) / (negatives + 1.0));
    double loss = loss(scores, target, a, b);
    for (int iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
      double ga = 0;
      double gb = 0;
      double haa = 0;
      double hab = 0;
      double hbb = 0;
      for (int i = 0; i < n; i++) {
        double p = sigmoid(a * scores[i] + b);
        double d = p - target[i];
        double w = p * (1 - p);
        ga += d * scores[i];
        gb += d;
        haa += w * scores[i] * scores[i];
        hab += w * scores[i];
        hbb += w;
      }
      if (Math.abs(ga) + Math.abs(gb) < 1e-10 * n) {
        break;
      }
      // a tiny ridge keeps the Hessian invertible when all scores are equal or probabilities saturate
      double ridge = 1e-12 * (haa + hbb) + 1e-300;
      haa += ridge;
      hbb += ridge;
      double det = haa * hbb - hab * hab;
      double da = -(hbb * ga - hab * gb) / det;
      double db = -(haa * gb - hab * ga) / det;
      double step = 1;
      double next = loss(scores, target, a + da, b + db);
      while (!(next <= loss + 1e-4 * step * (ga * da + gb * db)) && step > 1e-10) {
        step /= 2;
        next = loss(scores, target, a + step * da, b + step * db);
      }
      if (step <= 1e-10) {
        break; // no descent left: at the optimum up to rounding
      }
      a += step * da;
      b += step * db;
      boolean converged = Math.abs(step * da) < 1e-12 * (1 + Math.abs(a))
          && Math.abs(step * db) < 1e-12 * (1 + Math.abs(b));
      loss = next;
      if (converged) {
        break;
      }
    }
    return new PlattScaling(a, b);
  }

  /** The cross-entropy of the targets under the logistic map (a, b), computed without overflow. */
  private static double loss(double[] x, double[] t, double a, double b) {
    double sum = 0;
    for (int i = 0; i < x.length; i++) {
      double z = a * x[i] + b;
      sum += t[i] * softplus(-z) + (1 - t[i]) * softplus(z);
    }
    return sum;
  }

  /** log(1 + e^z). */
  private static double softplus(double z) {
    return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
  }

  private static double sigmoid(double z) {
    if (z >= 0) {
      return 1 / (1 + Math.exp(-z));
    }
    double e = Math.exp(z);
    return e / (1 + e);
  }
}
