package io.ttc4j.eval.stats;

import io.ttc4j.core.AnswerEquivalence;
import io.ttc4j.core.Candidate;
import io.ttc4j.core.Selection;
import io.ttc4j.core.Step;
import io.ttc4j.core.StepEnd;
import io.ttc4j.core.Trajectory;
import io.ttc4j.eval.UnitSamples;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Accuracy against k for every selection rule, from the recorded samples of one large run: the
 * mean over (problem, seed) units of {@link UnbiasedAtK}'s per-unit estimate.
 *
 * <p>Each point carries a 95% cluster-bootstrap interval (resampling problems, all seeds of a
 * problem together; it covers the sampling of problems and, through the per-unit estimates, of
 * samples) and, where a rule used Monte Carlo, the Monte Carlo standard error of the mean
 * (√Σ se² / units), which is what repeating the estimate with another seed would vary by.
 */
public final class AtKCurve {

  /**
   * One point of the curve.
   *
   * @param strategy             the rule
   * @param k                    samples per query
   * @param units                (problem, seed) units averaged
   * @param accuracy             mean estimated accuracy
   * @param interval             cluster-bootstrap interval over problems
   * @param monteCarloError      Monte Carlo standard error of {@code accuracy}; 0 when every unit was exact
   * @param meanCompletionTokens the expected generated tokens: k × the mean completion tokens of a
   *                             sample (1 × for {@code first}, which needs one sample)
   */
  public record Point(Selection strategy, int k, int units, double accuracy, BootstrapInterval interval,
      double monteCarloError, double meanCompletionTokens) {

    /** The header of {@code at-k.csv}. */
    public static final String CSV_HEADER = "strategy,k,units,accuracy,cluster_ci_low,cluster_ci_high,mc_se,"
        + "mean_completion_tokens";

    /** Validates. */
    public Point {
      Objects.requireNonNull(strategy, "strategy");
      Objects.requireNonNull(interval, "interval");
    }

    /** This point as a CSV line. */
    public String csvLine() {
      return String.join(",", strategy.name().toLowerCase(Locale.ROOT), Integer.toString(k), Integer.toString(units),
          String.format(Locale.ROOT, "%.4f", accuracy), String.format(Locale.ROOT, "%.4f", interval.low()),
          String.format(Locale.ROOT, "%.4f", interval.high()), String.format(Locale.ROOT, "%.5f", monteCarloError),
          String.format(Locale.ROOT, "%.2f", meanCompletionTokens));
    }
  }

  private AtKCurve() {}

  /**
   * Every rule of {@code rules} at every k of {@code ks}. Units with fewer samples than a k are
   * left out of that k's point (a budget stopped them early); a k that no unit reaches gives no
   * point. Score-based rules are left out when some answered sample has no score.
   *
   * @param units     the recorded samples per (problem, seed) unit; problems are clustered in the
   *                  order they first appear
   * @param rules     the rules, in output order
   * @param ks        the ks, ascending
   * @param votes     groups answers for votes (the sweep's equivalence)
   * @param mc        Monte Carlo settings for {@code weighted} (and {@code majority} above N = 1000)
   * @param bootstrap the cluster bootstrap
   */
  public static List<Point> estimate(List<UnitSamples> units, List<Selection> rules, List<Integer> ks,
      AnswerEquivalence votes, MonteCarlo mc, ClusterBootstrap bootstrap) {
    Objects.requireNonNull(units, "units");
    Objects.requireNonNull(rules, "rules");
    Objects.requireNonNull(ks, "ks");
    Objects.requireNonNull(votes, "votes");
    Objects.requireNonNull(mc, "mc");
    Objects.requireNonNull(bootstrap, "bootstrap");
    List<SampleSet> sets = new ArrayList<>(units.size());
    double[] tokensPerSample = new double[units.size()];
    boolean allScored = true;
    for (int u = 0; u < units.size(); u++) {
      UnitSamples unit = units.get(u);
      sets.add(unit.samples().isEmpty() ? null : toSet(unit, votes));
      long tokens = 0;
      for (UnitSamples.Sample s : unit.samples()) {
        tokens += s.completionTokens();
        allScored &= s.answer() == null || !Double.isNaN(s.score());
      }
      tokensPerSample[u] = unit.samples().isEmpty() ? 0 : (double) tokens / unit.samples().size();
    }
    List<Point> out = new ArrayList<>();
    for (Selection rule : rules) {
      if (rule.needsScores() && !allScored) continue;
      for (int k : ks) {
        Map<String, List<Double>> byProblem = new LinkedHashMap<>();
        double varianceSum = 0;
        double tokens = 0;
        int used = 0;
        for (int u = 0; u < units.size(); u++) {
          SampleSet set = sets.get(u);
          if (set == null || set.size() < k) continue;
          Estimate e = UnbiasedAtK.estimate(rule, set, k, mc);
          byProblem.computeIfAbsent(units.get(u).problemId(), p -> new ArrayList<>()).add(e.value());
          varianceSum += e.standardError() * e.standardError();
          // first looks at one sample whatever k; the others draw k
          tokens += (rule == Selection.FIRST ? 1 : k) * tokensPerSample[u];
          used++;
        }
        if (used == 0) continue;
        List<double[]> clusters = new ArrayList<>(byProblem.size());
        for (List<Double> v : byProblem.values()) clusters.add(v.stream().mapToDouble(Double::doubleValue).toArray());
        BootstrapInterval interval = bootstrap.mean(clusters);
        out.add(new Point(rule, k, used, interval.estimate(), interval, Math.sqrt(varianceSum) / used, tokens / used));
      }
    }
    return out;
  }

  /** A unit's samples as a {@link SampleSet}, answers grouped by {@code votes}. */
  public static SampleSet toSet(UnitSamples unit, AnswerEquivalence votes) {
    List<Candidate> candidates = new ArrayList<>(unit.samples().size());
    boolean[] correct = new boolean[unit.samples().size()];
    Trajectory empty = Trajectory.of(List.of(Step.of("", 0, StepEnd.END_OF_SOLUTION)));
    for (int i = 0; i < unit.samples().size(); i++) {
      UnitSamples.Sample s = unit.samples().get(i);
      candidates.add(new Candidate(i, empty, s.answer(), null, s.score()));
      correct[i] = s.correct();
    }
    return SampleSet.of(unit.problemId() + " seed " + unit.seed(), candidates, votes, c -> correct[c.index()]);
  }
}
