package io.ttc4j.prm;

import io.ttc4j.core.ProcessRewardModel;
import io.ttc4j.core.Problem;
import io.ttc4j.core.RewardScores;
import io.ttc4j.core.Trajectory;
import io.ttc4j.core.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * Several reward models asked together, their step scores combined step by step: the mean, the
 * minimum (a step is only as good as the most sceptical member thinks), or a vote (the fraction of
 * members that score the step above a threshold).
 *
 * <p>Every member scores every trajectory, concurrently; the usage is the sum of the members'. A
 * member's {@code NaN} for a step (an outcome reward model scores only the last step) is an
 * abstention: the step is combined over the members that scored it, and is {@code NaN} when none
 * did. The ensemble fails when any member fails. Thread-safe and non-blocking as its members are.
 */
public final class EnsembleRewardModel implements ProcessRewardModel {

  /** How the members' scores of one step are combined. */
  public enum Rule {
    /** The mean of the members' scores. */
    MEAN,
    /** The lowest member score. */
    MIN,
    /** The fraction of members whose score is strictly above the threshold, in [0, 1]. */
    VOTE
  }

  private final List<ProcessRewardModel> members;
  private final Rule rule;
  private final double threshold;

  private EnsembleRewardModel(List<? extends ProcessRewardModel> members, Rule rule, double threshold) {
    Objects.requireNonNull(members, "members");
    if (members.isEmpty()) {
      throw new IllegalArgumentException("members must not be empty");
    }
    for (int i = 0; i < members.size(); i++) {
      Objects.requireNonNull(members.get(i), "members[" + i + "]");
    }
    this.members = List.copyOf(members);
    this.rule = rule;
    this.threshold = threshold;
  }

  /** The mean of the members' step scores. */
  public static EnsembleRewardModel mean(List<? extends ProcessRewardModel> members) {
    return new EnsembleRewardModel(members, Rule.MEAN, Double.NaN);
  }

  /** The minimum of the members' step scores. */
  public static EnsembleRewardModel min(List<? extends ProcessRewardModel> members) {
    return new EnsembleRewardModel(members, Rule.MIN, Double.NaN);
  }

  /**
   * The fraction of members scoring each step strictly above {@code threshold}.
   *
   * @param threshold a finite number (for probabilities, typically 0.5)
   */
  public static EnsembleRewardModel vote(List<? extends ProcessRewardModel> members, double threshold) {
    if (!Double.isFinite(threshold)) {
      throw new IllegalArgumentException("threshold must be finite, got " + threshold);
    }
    return new EnsembleRewardModel(members, Rule.VOTE, threshold);
  }

  /** The members, in the order given. */
  public List<ProcessRewardModel> members() {
    return members;
  }

  /** The combination rule. */
  public Rule rule() {
    return rule;
  }

  /** The vote threshold, or {@code NaN} for the other rules. */
  public double threshold() {
    return threshold;
  }

  @Override
  public String name() {
    return "ensemble-" + rule.name().toLowerCase(java.util.Locale.ROOT)
        + members.stream().map(ProcessRewardModel::name).collect(Collectors.joining(",", "(", ")"));
  }

  @Override
  public CompletableFuture<RewardScores> score(Problem problem, List<Trajectory> trajectories) {
    Objects.requireNonNull(problem, "problem");
    List<Trajectory> asked = List.copyOf(trajectories);
    @SuppressWarnings("unchecked")
    CompletableFuture<RewardScores>[] calls = new CompletableFuture[members.size()];
    for (int m = 0; m < calls.length; m++) {
      ProcessRewardModel member = members.get(m);
      try {
        calls[m] = Objects.requireNonNull(member.score(problem, asked),
            "reward model " + member.name() + " returned a null future");
      } catch (RuntimeException e) {
        calls[m] = CompletableFuture.failedFuture(e);
      }
    }
    return CompletableFuture.allOf(calls).thenApply(ignored -> combine(asked, calls));
  }

  private RewardScores combine(List<Trajectory> asked, CompletableFuture<RewardScores>[] calls) {
    RewardScores[] results = new RewardScores[calls.length];
    Usage usage = Usage.ZERO;
    for (int m = 0; m < calls.length; m++) {
      results[m] = calls[m].join();
      check(members.get(m), results[m], asked);
      usage = usage.plus(results[m].usage());
    }
    List<double[]> out = new ArrayList<>(asked.size());
    for (int i = 0; i < asked.size(); i++) {
      double[] combined = new double[asked.get(i).depth()];
      for (int j = 0; j < combined.length; j++) {
        combined[j] = combineStep(results, i, j);
      }
      out.add(combined);
    }
    return new RewardScores(out, usage);
  }

  private double combineStep(RewardScores[] results, int trajectory, int step) {
    int voters = 0;
    double acc = rule == Rule.MIN ? Double.POSITIVE_INFINITY : 0;
    for (RewardScores r : results) {
      double s = r.stepScores().get(trajectory)[step];
      if (Double.isNaN(s)) {
        continue;
      }
      voters++;
      switch (rule) {
        case MEAN -> acc += s;
        case MIN -> acc = Math.min(acc, s);
        case VOTE -> acc += s > threshold ? 1 : 0;
        default -> throw new AssertionError(rule);
      }
    }
    if (voters == 0) {
      return Double.NaN;
    }
    return rule == Rule.MIN ? acc : acc / voters;
  }

  private static void check(ProcessRewardModel member, RewardScores res, List<Trajectory> asked) {
    if (res.stepScores().size() != asked.size()) {
      throw new IllegalStateException("reward model " + member.name() + " returned " + res.stepScores().size()
          + " score arrays for " + asked.size() + " trajectories");
    }
    for (int i = 0; i < asked.size(); i++) {
      double[] s = res.stepScores().get(i);
      if (s == null || s.length != asked.get(i).depth()) {
        throw new IllegalStateException("reward model " + member.name() + " returned "
            + (s == null ? "no" : String.valueOf(s.length)) + " step scores for trajectory " + i + " of "
            + asked.get(i).depth() + " steps");
      }
    }
  }
}
