package io.ttc4j.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a reward model returned for a batch of trajectories.
 *
 * @param stepScores one array per trajectory, in request order, with one score per step
 *                   (an outcome reward model returns one score for the last step in an array of
 *                   the trajectory's length whose earlier entries are {@code NaN})
 * @param usage      what scoring cost ({@link Usage#prmCalls()} counts trajectories actually
 *                   scored; a cache hit costs nothing)
 */
public record RewardScores(List<double[]> stepScores, Usage usage) {

  /** Validates and copies the list (the arrays are taken as they are). */
  public RewardScores {
    Objects.requireNonNull(usage, "usage");
    stepScores = List.copyOf(new ArrayList<>(stepScores));
  }
}
