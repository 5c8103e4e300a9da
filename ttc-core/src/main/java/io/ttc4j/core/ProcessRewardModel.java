package io.ttc4j.core;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Scores the steps of trajectories. An outcome reward model and an exact verifier are special
 * cases. Implementations are thread-safe and asynchronous, and score many trajectories per call.
 */
public interface ProcessRewardModel {

  /**
   * Scores every step of every trajectory.
   *
   * @return per trajectory (in request order) an array with one score per step, and the usage;
   *     the future fails on transport or model errors
   */
  CompletableFuture<RewardScores> score(Problem problem, List<Trajectory> trajectories);

  /** A short name for reports. */
  default String name() {
    return getClass().getSimpleName();
  }
}
