package io.ttc4j.sim;

import io.ttc4j.core.Continuation;
import io.ttc4j.core.GenerationResult;
import io.ttc4j.core.Generator;
import io.ttc4j.core.Problem;
import io.ttc4j.core.ProcessRewardModel;
import io.ttc4j.core.SamplingSpec;
import io.ttc4j.core.Trajectory;
import io.ttc4j.datasets.Datasets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A rough throughput measurement (not a benchmark: those live in ttc-bench): generates and scores
 * 100,000 whole solutions of the {@code math500} preset, 200 per MATH-500 problem, on one thread,
 * and prints the time of a warm run. Run it as a main.
 */
final class Throughput {

  private Throughput() {}

  public static void main(String[] args) {
    List<Problem> problems = Datasets.load("math500");
    int perProblem = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    for (int round = 0; round < 3; round++) {
      Simulator sim = Simulator.create(SimulatorPreset.named("math500"), round);
      Generator g = sim.generator();
      ProcessRewardModel prm = sim.prm();
      long start = System.nanoTime();
      long solutions = 0;
      long steps = 0;
      long tokens = 0;
      double checksum = 0;
      for (Problem p : problems) {
        GenerationResult res = g.generate(p, Trajectory.empty(), SamplingSpec.toEnd(perProblem, 0.8, 4096, 7)).join();
        List<Trajectory> ts = new ArrayList<>(perProblem);
        for (Continuation c : res.continuations()) {
          Trajectory t = Trajectory.empty().appendAll(c.steps());
          ts.add(t);
          steps += t.depth();
        }
        tokens += res.usage().completionTokens();
        for (double[] s : prm.score(p, ts).join().stepScores()) {
          checksum += s[s.length - 1];
        }
        solutions += ts.size();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      System.out.printf(Locale.ROOT, "round %d: %d solutions (%d steps, %d tokens) generated and scored in %.2f s"
          + " (%.0f solutions/s), checksum %.3f%n", round, solutions, steps, tokens, seconds, solutions / seconds,
          checksum);
    }
  }
}
