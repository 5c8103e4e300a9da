package io.ttc4j.prm;

import io.ttc4j.core.ProcessRewardModel;
import io.ttc4j.core.Problem;
import io.ttc4j.core.RewardScores;
import io.ttc4j.core.Step;
import io.ttc4j.core.StepEnd;
import io.ttc4j.core.Trajectory;
import io.ttc4j.core.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A deterministic test PRM: the score of step j depends on the problem, every step text of the
 * trajectory (not only the prefix) and j, so a cache that returned another node's scores would show.
 * Immediate by default; in manual mode each call waits in {@link #pending} until completed by the test.
 */
final class FakePrm implements ProcessRewardModel {

  /** A call not yet answered. */
  record Call(Problem problem, List<Trajectory> trajectories, CompletableFuture<RewardScores> future) {}

  final AtomicInteger calls = new AtomicInteger();
  final AtomicLong trajectoriesScored = new AtomicLong();
  final ConcurrentLinkedQueue<Call> pending = new ConcurrentLinkedQueue<>();
  final ConcurrentLinkedQueue<Integer> batchSizes = new ConcurrentLinkedQueue<>();
  private final boolean manual;
  volatile RuntimeException failWith;

  FakePrm(boolean manual) {
    this.manual = manual;
  }

  static FakePrm immediate() {
    return new FakePrm(false);
  }

  static FakePrm manual() {
    return new FakePrm(true);
  }

  @Override
  public CompletableFuture<RewardScores> score(Problem problem, List<Trajectory> trajectories) {
    calls.incrementAndGet();
    trajectoriesScored.addAndGet(trajectories.size());
    batchSizes.add(trajectories.size());
    if (failWith != null) {
      return CompletableFuture.failedFuture(failWith);
    }
    CompletableFuture<RewardScores> f = new CompletableFuture<>();
    if (manual) {
      pending.add(new Call(problem, List.copyOf(trajectories), f));
    } else {
      f.complete(answer(problem, trajectories));
    }
    return f;
  }

  /** Completes the calls pending now (not those their completion starts); returns how many. */
  int completeAll() {
    int n = pending.size();
    for (int i = 0; i < n; i++) {
      Call c = pending.poll();
      c.future.complete(answer(c.problem, c.trajectories));
    }
    return n;
  }

  /** What this PRM answers for a call (usage: one PRM call per trajectory, 7 nano-dollars each). */
  static RewardScores answer(Problem problem, List<Trajectory> trajectories) {
    List<double[]> out = new ArrayList<>();
    for (Trajectory t : trajectories) {
      out.add(scores(problem, t));
    }
    return new RewardScores(out, Usage.ofPrmCalls(trajectories.size()).withCostNanoUsd(7L * trajectories.size()));
  }

  static double[] scores(Problem problem, Trajectory t) {
    List<Step> steps = t.steps();
    long h = problem.id().hashCode();
    for (Step s : steps) {
      h = h * 31 + s.text().hashCode();
    }
    double[] out = new double[steps.size()];
    for (int j = 0; j < out.length; j++) {
      long x = (h + j) * 0x9E3779B97F4A7C15L;
      x ^= x >>> 31;
      out[j] = (x >>> 11) * 0x1.0p-53;
    }
    return out;
  }

  static Step step(String text) {
    return Step.of(text, 1, StepEnd.STEP_BOUNDARY);
  }

  static Step last(String text) {
    return Step.of(text, 1, StepEnd.END_OF_SOLUTION);
  }
}
