package io.ttc4j.prm;

import java.util.SplittableRandom;

/**
 * Scores the steps of a labelled solution without looking at its labels: the plug for
 * {@link PrmMetrics#evaluate(java.util.List, StepScorer)}. A scorer backed by a real (asynchronous)
 * reward model is {@link PrmMetrics#score}; this interface serves cheap, synchronous scorers such
 * as the baselines below, a simulator's PRM, or scores looked up in a table.
 */
@FunctionalInterface
public interface StepScorer {

  /** One finite score per step of {@code solution}, higher meaning more likely correct. */
  double[] score(LabelledSolution solution);

  /**
   * The chance baseline: independent uniform scores in [0, 1). Each solution's scores depend only on
   * {@code seed} and the solution's id, not on the order solutions are scored in; step AUC is about
   * 0.5.
   */
  static StepScorer random(long seed) {
    return solution -> {
      SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ solution.id().hashCode());
      double[] out = new double[solution.steps().size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = r.nextDouble();
      }
      return out;
    };
  }

  /**
   * The position baseline: step {@code i} (0-based) scores {@code 1 / (i + 2)}, so later steps look
   * more doubtful. It knows nothing of the text; what it achieves measures how much the labels
   * depend on position alone, the floor a real PRM must beat.
   */
  static StepScorer byPosition() {
    return solution -> {
      double[] out = new double[solution.steps().size()];
      for (int i = 0; i < out.length; i++) {
        out[i] = 1.0 / (i + 2);
      }
      return out;
    };
  }
}
