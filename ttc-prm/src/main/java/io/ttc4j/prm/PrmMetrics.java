package io.ttc4j.prm;

import io.ttc4j.core.ProcessRewardModel;
import io.ttc4j.core.RewardScores;
import io.ttc4j.prm.internal.Inputs;
import io.ttc4j.prm.internal.Ranks;
import it.unimi.dsi.fastutil.doubles.DoubleArrayList;
import it.unimi.dsi.fastutil.doubles.DoubleArrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * PRM quality metrics from scored, labelled steps.
 *
 * <ul>
 *   <li><b>Step AUC</b>: the ROC AUC of step scores for telling correct steps (those before the
 *       first error, and every step of an error-free solution) from erroneous ones (the first-error
 *       steps); steps after a first error are unlabelled and left out. Rank-based (Mann–Whitney U,
 *       ties count one half), so any monotone rescaling of the scores leaves it unchanged.
 *   <li><b>Outcome AUC</b>: the ROC AUC of each solution's aggregated score for telling solutions
 *       with a correct final answer from the others: how well the PRM would rank candidates for
 *       best-of-N.
 *   <li><b>First-error F1</b> (ProcessBench): see {@link FirstErrorF1}; at a given threshold, and at
 *       the best threshold for the data.
 * </ul>
 *
 * <p>Entry points: {@link #evaluate(List, StepScorer)} for a synchronous scorer,
 * {@link #score(List, ProcessRewardModel, int)} then {@link #evaluate(List)} for a reward model, and
 * {@link ScoreFile#read} then {@link #evaluate(List)} for scores computed elsewhere.
 */
public final class PrmMetrics {

  /** The threshold of {@link #evaluate(List)}: a PRM's probability of a correct step below one half flags it. */
  public static final double DEFAULT_THRESHOLD = 0.5;

  /** The aggregation of {@link #evaluate(List)}: a solution is as good as its weakest step. */
  public static final StepAggregation DEFAULT_AGGREGATION = StepAggregation.MIN;

  private PrmMetrics() {}

  /** {@link #evaluate(List, double, StepAggregation)} of the solutions as scored by {@code scorer}, with the defaults. */
  public static PrmEvaluation evaluate(List<LabelledSolution> solutions, StepScorer scorer) {
    Objects.requireNonNull(scorer, "scorer");
    List<ScoredSolution> scored = new ArrayList<>(solutions.size());
    for (LabelledSolution s : solutions) {
      scored.add(new ScoredSolution(s, scorer.score(s)));
    }
    return evaluate(scored);
  }

  /** {@link #evaluate(List, double, StepAggregation)} with {@link #DEFAULT_THRESHOLD} and {@link #DEFAULT_AGGREGATION}. */
  public static PrmEvaluation evaluate(List<ScoredSolution> scored) {
    return evaluate(scored, DEFAULT_THRESHOLD, DEFAULT_AGGREGATION);
  }

  /**
   * Every metric of {@code scored}.
   *
   * @param scored      at least one solution
   * @param threshold   the first-error threshold to report besides the best one, finite
   * @param aggregation how step scores become the solution score of the outcome AUC
   */
  public static PrmEvaluation evaluate(List<ScoredSolution> scored, double threshold, StepAggregation aggregation) {
    requireSolutions(scored);
    Objects.requireNonNull(aggregation, "aggregation");
    int erroneous = 0;
    int labelled = 0;
    for (ScoredSolution s : scored) {
      int fe = s.solution().firstError();
      erroneous += fe >= 0 ? 1 : 0;
      labelled += fe >= 0 ? fe + 1 : s.length();
    }
    return new PrmEvaluation(scored.size(), erroneous, labelled, stepAuc(scored), aggregation,
        outcomeAuc(scored, aggregation), firstErrorF1(scored, threshold), bestFirstErrorF1(scored));
  }

  /**
   * Scores every solution with {@code prm}, one call per solution (its {@link
   * LabelledSolution#problem() problem} and {@link LabelledSolution#trajectory() trajectory}), with at
   * most {@code maxInFlight} calls at a time. The future fails with the first failure, naming the
   * solution; cancelling it stops further calls.
   */
  public static CompletableFuture<List<ScoredSolution>> score(List<LabelledSolution> solutions,
      ProcessRewardModel prm, int maxInFlight) {
    Objects.requireNonNull(prm, "prm");
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be >= 1, got " + maxInFlight);
    }
    List<LabelledSolution> all = List.copyOf(solutions);
    if (all.isEmpty()) {
      return CompletableFuture.completedFuture(List.of());
    }
    return new ScoringRun(all, prm).start(Math.min(maxInFlight, all.size()));
  }

  /** Step-level ROC AUC of {@code scored}; see the class comment. {@code NaN} when a class is empty. */
  public static double stepAuc(List<ScoredSolution> scored) {
    requireSolutions(scored);
    int n = 0;
    for (ScoredSolution s : scored) {
      int fe = s.solution().firstError();
      n += fe >= 0 ? fe + 1 : s.length();
    }
    double[] scores = new double[n];
    boolean[] correct = new boolean[n];
    int k = 0;
    for (ScoredSolution s : scored) {
      int fe = s.solution().firstError();
      int last = fe >= 0 ? fe : s.length() - 1;
      for (int i = 0; i <= last; i++, k++) {
        scores[k] = s.stepScore(i);
        correct[k] = i != fe;
      }
    }
    return Ranks.rocAuc(scores, correct);
  }

  /**
   * Solution-level ROC AUC of the {@code aggregation} of each solution's step scores against its
   * final-answer correctness. {@code NaN} when all solutions are correct or all wrong.
   *
   * @throws IllegalArgumentException when an aggregate is {@code NaN} (for example the log of a
   *     negative score)
   */
  public static double outcomeAuc(List<ScoredSolution> scored, StepAggregation aggregation) {
    requireSolutions(scored);
    Objects.requireNonNull(aggregation, "aggregation");
    double[] scores = new double[scored.size()];
    boolean[] correct = new boolean[scored.size()];
    for (int i = 0; i < scores.length; i++) {
      ScoredSolution s = scored.get(i);
      scores[i] = s.aggregate(aggregation);
      if (Double.isNaN(scores[i])) {
        throw new IllegalArgumentException("the " + aggregation.label() + " aggregate of solution '"
            + s.solution().id() + "' is NaN");
      }
      correct[i] = s.solution().correct();
    }
    return Ranks.rocAuc(scores, correct);
  }

  /**
   * ROC AUC of {@code scores} for telling {@code positive} items from the others (Mann–Whitney U with
   * mid-ranks for ties): 1 when every positive scores above every negative, 0 when below, 0.5 for
   * all ties. {@code NaN} when either class is empty.
   *
   * @param scores   not {@code NaN} (infinities are fine)
   * @param positive same length, not empty
   */
  public static double rocAuc(double[] scores, boolean[] positive) {
    Objects.requireNonNull(scores, "scores");
    Objects.requireNonNull(positive, "positive");
    if (scores.length != positive.length || scores.length == 0) {
      throw new IllegalArgumentException("scores and positive must be non-empty and of the same length, got "
          + scores.length + " and " + positive.length);
    }
    for (int i = 0; i < scores.length; i++) {
      if (Double.isNaN(scores[i])) {
        throw new IllegalArgumentException("scores[" + i + "] must not be NaN");
      }
    }
    return Ranks.rocAuc(scores, positive);
  }

  /** The first step of {@code stepScores} scoring strictly below {@code threshold}, or -1 when none does. */
  public static int predictFirstError(double[] stepScores, double threshold) {
    for (int i = 0; i < stepScores.length; i++) {
      if (stepScores[i] < threshold) {
        return i;
      }
    }
    return LabelledSolution.NO_ERROR;
  }

  /** First-error detection at {@code threshold}; see {@link FirstErrorF1}. */
  public static FirstErrorF1 firstErrorF1(List<ScoredSolution> scored, double threshold) {
    requireSolutions(scored);
    if (!Double.isFinite(threshold)) {
      throw new IllegalArgumentException("threshold must be finite, got " + threshold);
    }
    int erroneous = 0;
    int correct = 0;
    int erroneousHits = 0;
    int correctHits = 0;
    for (ScoredSolution s : scored) {
      int label = s.solution().firstError();
      int predicted = predictFirstError(s.stepScores(), threshold);
      if (label >= 0) {
        erroneous++;
        erroneousHits += predicted == label ? 1 : 0;
      } else {
        correct++;
        correctHits += predicted < 0 ? 1 : 0;
      }
    }
    return result(threshold, erroneousHits, erroneous, correctHits, correct);
  }

  /**
   * First-error detection at the threshold that maximises F1 on {@code scored} (the smallest such
   * threshold on ties). F1 changes only where the threshold crosses a score, so only scores (and
   * {@code +Infinity}, flagging every step) are tried; O(n log n) in the number of steps. When there are no erroneous
   * or no error-free solutions, F1 is undefined and the result has {@code NaN} threshold and figures.
   *
   * <p>Choosing the threshold on the data it is reported on is optimistic; ProcessBench picks it on a
   * separate split. Use {@link #firstErrorF1} with a threshold chosen elsewhere for a fair figure.
   */
  public static FirstErrorF1 bestFirstErrorF1(List<ScoredSolution> scored) {
    requireSolutions(scored);
    // Solution s is predicted right exactly for thresholds t in an interval (lo, hi]:
    //  erroneous, first error k: every earlier step >= t and step k < t, so lo = score[k], hi = min of earlier scores
    //  error-free: every step >= t, so lo = -infinity, hi = min of all scores.
    DoubleArrayList errLo = new DoubleArrayList();
    DoubleArrayList errHi = new DoubleArrayList();
    DoubleArrayList okHi = new DoubleArrayList();
    DoubleArrayList candidates = new DoubleArrayList();
    int erroneous = 0;
    int correct = 0;
    for (ScoredSolution s : scored) {
      int k = s.solution().firstError();
      double before = Double.POSITIVE_INFINITY;
      int end = k >= 0 ? k : s.length();
      for (int i = 0; i < end; i++) {
        before = Math.min(before, s.stepScore(i));
      }
      if (k >= 0) {
        erroneous++;
        double lo = s.stepScore(k);
        if (lo < before) { // otherwise no threshold finds this error
          errLo.add(lo);
          errHi.add(before);
          candidates.add(before);
          candidates.add(lo);
        }
      } else {
        correct++;
        okHi.add(before);
        candidates.add(before);
      }
    }
    if (erroneous == 0 || correct == 0) {
      return new FirstErrorF1(Double.NaN, Double.NaN, Double.NaN, Double.NaN, erroneous, correct);
    }
    double[] eLo = sorted(errLo);
    double[] eHi = sorted(errHi);
    double[] oHi = sorted(okHi);
    double[] ts = sorted(candidates);
    FirstErrorF1 best = null;
    for (int i = 0; i < ts.length; i++) {
      double t = ts[i];
      if (i > 0 && t == ts[i - 1]) {
        continue;
      }
      // right on an erroneous solution: lo < t <= hi; on an error-free one: t <= hi
      int errHits = countBelow(eLo, t) - countBelow(eHi, t);
      int okHits = oHi.length - countBelow(oHi, t);
      FirstErrorF1 r = result(t, errHits, erroneous, okHits, correct);
      if (best == null || r.f1() > best.f1()) {
        best = r;
      }
    }
    return best;
  }

  private static FirstErrorF1 result(double threshold, int erroneousHits, int erroneous, int correctHits, int correct) {
    double a = erroneous == 0 ? Double.NaN : (double) erroneousHits / erroneous;
    double c = correct == 0 ? Double.NaN : (double) correctHits / correct;
    return new FirstErrorF1(threshold, a, c, FirstErrorF1.harmonicMean(a, c), erroneous, correct);
  }

  private static double[] sorted(DoubleArrayList values) {
    double[] a = values.toDoubleArray();
    DoubleArrays.quickSort(a);
    return a;
  }

  /** How many of the sorted {@code values} are strictly below {@code t}. */
  private static int countBelow(double[] values, double t) {
    int lo = 0;
    int hi = values.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (values[mid] < t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private static void requireSolutions(List<ScoredSolution> scored) {
    Objects.requireNonNull(scored, "scored");
    if (scored.isEmpty()) {
      throw new IllegalArgumentException("scored must hold at least one solution");
    }
    for (int i = 0; i < scored.size(); i++) {
      Objects.requireNonNull(scored.get(i), "scored[" + i + "]");
    }
  }

  /** Scores solutions with a bounded number of calls in flight, without blocking or deep recursion. */
  private static final class ScoringRun {
    private final List<LabelledSolution> solutions;
    private final ProcessRewardModel prm;
    private final ScoredSolution[] out;
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicInteger finished = new AtomicInteger();
    private final CompletableFuture<List<ScoredSolution>> done = new CompletableFuture<>();

    ScoringRun(List<LabelledSolution> solutions, ProcessRewardModel prm) {
      this.solutions = solutions;
      this.prm = prm;
      this.out = new ScoredSolution[solutions.size()];
    }

    CompletableFuture<List<ScoredSolution>> start(int workers) {
      for (int w = 0; w < workers; w++) {
        pump();
      }
      return done;
    }

    /** Starts calls until one is still running (its completion pumps again) or none is left. */
    private void pump() {
      while (!done.isDone()) {
        int i = next.getAndIncrement();
        if (i >= solutions.size()) {
          return;
        }
        LabelledSolution s = solutions.get(i);
        CompletableFuture<RewardScores> call;
        try {
          call = Objects.requireNonNull(prm.score(s.problem(), List.of(s.trajectory())),
              "reward model " + prm.name() + " returned a null future");
        } catch (RuntimeException e) {
          call = CompletableFuture.failedFuture(e);
        }
        if (!call.isDone()) {
          call.whenComplete((res, err) -> {
            accept(i, res, err);
            pump();
          });
          return;
        }
        RewardScores res = null;
        Throwable err = null;
        try {
          res = call.join();
        } catch (CompletionException | java.util.concurrent.CancellationException e) {
          err = e;
        }
        accept(i, res, err);
      }
    }

    private void accept(int i, RewardScores res, Throwable err) {
      LabelledSolution s = solutions.get(i);
      try {
        if (err != null) {
          Throwable cause = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
          throw new IllegalStateException("scoring solution '" + s.id() + "' with " + prm.name() + " failed: " + cause,
              cause);
        }
        if (res.stepScores().size() != 1) {
          throw new IllegalStateException("reward model " + prm.name() + " returned " + res.stepScores().size()
              + " score arrays for the one trajectory of solution '" + s.id() + "'");
        }
        out[i] = new ScoredSolution(s, res.stepScores().get(0));
      } catch (RuntimeException e) {
        done.completeExceptionally(e);
        return;
      }
      if (finished.incrementAndGet() == out.length) {
        done.complete(List.of(out));
      }
    }
  }
}
