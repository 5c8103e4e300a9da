package io.ttc4j.sim;

import io.ttc4j.core.Continuation;
import io.ttc4j.core.Generator;
import io.ttc4j.core.Problem;
import io.ttc4j.core.SamplingSpec;
import io.ttc4j.core.Trajectory;
import io.ttc4j.datasets.Datasets;
import java.util.List;

/** Shared test data: the bundled problem sets, loaded once. */
final class Fixtures {

  private static List<Problem> math500;
  private static List<Problem> qwen;

  private Fixtures() {}

  static synchronized List<Problem> math500() {
    if (math500 == null) {
      math500 = Datasets.load("math500");
    }
    return math500;
  }

  static synchronized List<Problem> qwen() {
    if (qwen == null) {
      qwen = Datasets.load("qwen-math-cot-100");
    }
    return qwen;
  }

  static Simulator math500Sim(long seed) {
    return Simulator.create(SimulatorPreset.named("math500"), seed);
  }

  /** One whole solution: continuation 0 of a {@code TO_END} call. */
  static Trajectory solve(Generator g, Problem p, long seed) {
    Continuation c = g.generate(p, Trajectory.empty(), SamplingSpec.toEnd(1, 0.8, 4096, seed)).join()
        .continuations().get(0);
    return Trajectory.empty().appendAll(c.steps());
  }
}
