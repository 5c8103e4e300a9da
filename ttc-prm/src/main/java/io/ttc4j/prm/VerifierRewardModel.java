package io.ttc4j.prm;

import io.ttc4j.core.AnswerExtractor;
import io.ttc4j.core.ProcessRewardModel;
import io.ttc4j.core.Problem;
import io.ttc4j.core.RewardScores;
import io.ttc4j.core.Trajectory;
import io.ttc4j.core.Usage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link Verifier} used where a process reward model is expected: exact outcome rewards for
 * finished solutions, a neutral value everywhere else.
 *
 * <p>For each trajectory, every step scores {@link #neutral()}, except the last step of a finished
 * trajectory ({@link Trajectory#isFinished()}: ended normally or cut by the length limit), which
 * scores 1.0 when the answer extracted from its text verifies and 0.0 when it does not or when no
 * answer can be extracted. With the default neutral value 0.5, an unfinished partial solution ranks
 * below a verified one and above a refuted one under {@link io.ttc4j.core.Aggregation#LAST LAST},
 * the aggregation that reads the verdict directly; {@code MIN} and {@code PRODUCT} need a neutral
 * value of 1.0 to do the same. A neutral value of {@code NaN} follows the outcome-reward convention
 * of {@link RewardScores} (only the last step of a finished trajectory is scored).
 *
 * <p>Usage: one PRM call per answer actually verified; unfinished trajectories and finished ones
 * without an answer cost nothing. Thread-safe and non-blocking when the verifier is.
 */
public final class VerifierRewardModel implements ProcessRewardModel {

  /** The default score of steps that are not the last step of a finished trajectory. */
  public static final double DEFAULT_NEUTRAL = 0.5;

  private final Verifier verifier;
  private final AnswerExtractor extractor;
  private final double neutral;

  /**
   * A verifier-backed reward model.
   *
   * @param verifier  decides finished solutions
   * @param extractor finds the answer in a finished trajectory's {@link Trajectory#text() text}
   * @param neutral   the score of every other step: in [0, 1], or {@code NaN}
   */
  public VerifierRewardModel(Verifier verifier, AnswerExtractor extractor, double neutral) {
    this.verifier = Objects.requireNonNull(verifier, "verifier");
    this.extractor = Objects.requireNonNull(extractor, "extractor");
    if (!Double.isNaN(neutral) && !(neutral >= 0 && neutral <= 1)) {
      throw new IllegalArgumentException("neutral must be in [0, 1] or NaN, got " + neutral);
    }
    this.neutral = neutral;
  }

  /** A verifier-backed reward model with the neutral value {@link #DEFAULT_NEUTRAL}. */
  public static VerifierRewardModel of(Verifier verifier, AnswerExtractor extractor) {
    return new VerifierRewardModel(verifier, extractor, DEFAULT_NEUTRAL);
  }

  /** The score of steps that are not the last step of a finished trajectory. */
  public double neutral() {
    return neutral;
  }

  /** The verifier. */
  public Verifier verifier() {
    return verifier;
  }

  @Override
  public String name() {
    return "verifier(" + verifier.name() + ")";
  }

  @Override
  public CompletableFuture<RewardScores> score(Problem problem, List<Trajectory> trajectories) {
    Objects.requireNonNull(problem, "problem");
    List<Trajectory> asked = List.copyOf(trajectories);
    List<double[]> out = new ArrayList<>(asked.size());
    List<CompletableFuture<Void>> verdicts = new ArrayList<>();
    List<CompletableFuture<Boolean>> running = new ArrayList<>();
    for (Trajectory t : asked) {
      double[] scores = new double[t.depth()];
      Arrays.fill(scores, neutral);
      out.add(scores);
      if (!t.isFinished()) {
        continue;
      }
      String answer;
      try {
        answer = extractor.extract(t.text()).orElse(null);
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
      int last = scores.length - 1;
      if (answer == null) {
        scores[last] = 0.0;
        continue;
      }
      CompletableFuture<Boolean> verdict;
      try {
        verdict = Objects.requireNonNull(verifier.verifyAsync(problem, answer),
            "verifier " + verifier.name() + " returned a null future");
      } catch (RuntimeException e) {
        verdict = CompletableFuture.failedFuture(e);
      }
      running.add(verdict);
      // each verdict writes its own array slot before allOf completes, which publishes it
      verdicts.add(verdict.thenAccept(ok -> scores[last] = ok ? 1.0 : 0.0));
    }
    long calls = verdicts.size();
    CompletableFuture<RewardScores> result = CompletableFuture.allOf(verdicts.toArray(new CompletableFuture<?>[0]))
        .thenApply(ignored -> new RewardScores(out, Usage.ofPrmCalls(calls)));
    // cancelling the scores cancels the verifications still running (a test run is killed)
    result.whenComplete((r, e) -> {
      if (result.isCancelled()) {
        running.forEach(f -> f.cancel(true));
      }
    });
    return result;
  }
}
