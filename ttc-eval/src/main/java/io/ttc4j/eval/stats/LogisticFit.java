package io.ttc4j.eval.stats;

import io.ttc4j.strategies.Calibration;
import io.ttc4j.strategies.Confidence;
import java.util.List;
import java.util.Objects;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;

/**
 * Maximum-likelihood logistic regression by iteratively reweighted least squares, with a small ridge
 * penalty so that separable data still gives finite weights. Targets may be fractions (a problem's
 * pass@1 as the target of its features: fractional-response logistic regression), which the same
 * likelihood handles. Features are standardised inside the fit; the result is in the original units.
 */
public final class LogisticFit {

  /** The ridge penalty on standardised weights (not on the intercept). */
  public static final double RIDGE = 1e-3;

  private LogisticFit() {}

  /**
   * Fits {@code P(y) = σ(b + w·x)}.
   *
   * @param x rows of feature values, all finite, every row as long as the first
   * @param y targets in [0, 1], one per row
   * @return the intercept followed by the weights
   * @throws IllegalArgumentException for no rows, ragged rows, non-finite values or targets outside [0, 1]
   */
  public static double[] fit(double[][] x, double[] y) {
    Objects.requireNonNull(x, "x");
    Objects.requireNonNull(y, "y");
    int n = x.length;
    if (n == 0) throw new IllegalArgumentException("x must have at least one row");
    if (y.length != n) throw new IllegalArgumentException("y must have one target per row (" + n + "), got " + y.length);
    int k = Objects.requireNonNull(x[0], "x[0]").length;
    double[] mean = new double[k];
    double[] sd = new double[k];
    for (int i = 0; i < n; i++) {
      if (x[i] == null) throw new NullPointerException("x[" + i + "]");
      if (x[i].length != k) {
        throw new IllegalArgumentException("x[" + i + "] must have " + k + " values like x[0], got " + x[i].length);
      }
      if (!(y[i] >= 0 && y[i] <= 1)) throw new IllegalArgumentException("y[" + i + "] must be in [0, 1], got " + y[i]);
      for (int j = 0; j < k; j++) {
        if (!Double.isFinite(x[i][j])) {
          throw new IllegalArgumentException("x[" + i + "][" + j + "] must be finite, got " + x[i][j]);
        }
        mean[j] += x[i][j] / n;
      }
    }
    for (int i = 0; i < n; i++) for (int j = 0; j < k; j++) sd[j] += (x[i][j] - mean[j]) * (x[i][j] - mean[j]) / n;
    for (int j = 0; j < k; j++) sd[j] = sd[j] > 1e-24 ? Math.sqrt(sd[j]) : 0;
    double[][] z = new double[n][k + 1];
    for (int i = 0; i < n; i++) {
      z[i][0] = 1;
      for (int j = 0; j < k; j++) z[i][j + 1] = sd[j] == 0 ? 0 : (x[i][j] - mean[j]) / sd[j];
    }
    double[] beta = new double[k + 1];
    double ybar = 0;
    for (double v : y) ybar += v / n;
    ybar = Math.min(1 - 1e-6, Math.max(1e-6, ybar));
    beta[0] = Math.log(ybar / (1 - ybar));
    for (int iter = 0; iter < 100; iter++) {
      double[][] h = new double[k + 1][k + 1];
      double[] g = new double[k + 1];
      for (int i = 0; i < n; i++) {
        double eta = 0;
        for (int j = 0; j <= k; j++) eta += beta[j] * z[i][j];
        double p = 1 / (1 + Math.exp(-eta));
        double w = Math.max(p * (1 - p), 1e-12);
        for (int a = 0; a <= k; a++) {
          g[a] += (y[i] - p) * z[i][a];
          for (int b = 0; b <= k; b++) h[a][b] += w * z[i][a] * z[i][b];
        }
      }
      for (int a = 1; a <= k; a++) {
        g[a] -= RIDGE * n * beta[a];
        h[a][a] += RIDGE * n;
      }
      RealMatrix hm = new Array2DRowRealMatrix(h, false);
      RealVector step = new CholeskyDecomposition(hm, 1e-12, 1e-14).getSolver().solve(new ArrayRealVector(g, false));
      double change = 0;
      for (int j = 0; j <= k; j++) {
        beta[j] += step.getEntry(j);
        change = Math.max(change, Math.abs(step.getEntry(j)));
      }
      if (change < 1e-10) break;
    }
    double[] out = new double[k + 1];
    out[0] = beta[0];
    for (int j = 0; j < k; j++) {
      double w = sd[j] == 0 ? 0 : beta[j + 1] / sd[j];
      out[j + 1] = w;
      out[0] -= w * mean[j];
    }
    return out;
  }

  /**
   * Fits a {@link Calibration} of {@code features} to whether each confidence's answer was right.
   * Rows where a feature is {@code NaN} are left out of the fit.
   *
   * @throws IllegalArgumentException when no row has every feature
   */
  public static Calibration calibrate(List<Confidence.Feature> features, List<Confidence> confidences,
      List<Boolean> correct) {
    Objects.requireNonNull(features, "features");
    Objects.requireNonNull(confidences, "confidences");
    Objects.requireNonNull(correct, "correct");
    if (confidences.size() != correct.size()) {
      throw new IllegalArgumentException("one outcome per confidence: " + confidences.size() + " confidences, "
          + correct.size() + " outcomes");
    }
    int rows = 0;
    for (Confidence c : confidences) if (complete(c, features)) rows++;
    if (rows == 0) {
      throw new IllegalArgumentException("no confidence has every feature of " + features + " (unscored candidates?)");
    }
    double[][] x = new double[rows][features.size()];
    double[] y = new double[rows];
    int r = 0;
    for (int i = 0; i < confidences.size(); i++) {
      Confidence c = confidences.get(i);
      if (!complete(c, features)) continue;
      for (int j = 0; j < features.size(); j++) x[r][j] = c.get(features.get(j));
      y[r++] = correct.get(i) ? 1 : 0;
    }
    double[] b = fit(x, y);
    return new Calibration(features, b[0], java.util.Arrays.copyOfRange(b, 1, b.length));
  }

  private static boolean complete(Confidence c, List<Confidence.Feature> features) {
    for (Confidence.Feature f : features) if (Double.isNaN(c.get(f))) return false;
    return true;
  }
}
