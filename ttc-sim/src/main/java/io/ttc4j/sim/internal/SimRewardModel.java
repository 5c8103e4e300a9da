package io.ttc4j.sim.internal;

import io.ttc4j.core.Problem;
import io.ttc4j.core.ProcessRewardModel;
import io.ttc4j.core.RewardScores;
import io.ttc4j.core.Step;
import io.ttc4j.core.StepEnd;
import io.ttc4j.core.Trajectory;
import io.ttc4j.core.Usage;
import io.ttc4j.sim.SimulatorPreset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The simulated process reward model. The score of step {@code j} is {@code sigmoid(mean + sd *
 * noise_j - bias * difficulty)}, where the mean and spread depend on what the PRM "sees":
 * <ul>
 *   <li>a step on a correct path, or a wrong step the PRM has not noticed yet: the correct mean;
 *   <li>a noticed wrong step: the wrong mean and the (larger) wrong spread. The PRM notices an
 *       error a geometric number of steps after it happens, and always at the final answer;
 *   <li>every step of a path heading to a <em>deceptive</em> wrong answer (a fixed subset of each
 *       problem's wrong answers), and of a wrong path whose error falls in the PRM's blind spot (a
 *       fixed fraction of error steps): the deceptive mean, however far the path goes. These are
 *       the systematic errors search over-optimises.
 * </ul>
 * The noise is an AR(1) sequence along the trajectory whose innovations are hashes of the prefix,
 * so a step's score depends only on the problem and the steps up to it: the same prefix always gets
 * the same scores, whatever the batch, its order or the simulator seed.
 */
public final class SimRewardModel implements ProcessRewardModel {

  private static final long NOISE = 0x510E527FADE682D1L;
  private static final long LAG = 0x9B05688C2B3E6C1FL;

  private final ProblemModels models;
  private final SimulatorPreset preset;
  private final String name;
  private final Delay delay;
  private final double innovation;

  /** A reward model over {@code models}; {@code delay} may be null. */
  public SimRewardModel(ProblemModels models, String name, Delay delay) {
    this.models = Objects.requireNonNull(models, "models");
    this.preset = models.preset();
    this.name = Objects.requireNonNull(name, "name");
    this.delay = delay;
    double rho = preset.prmNoiseCorrelation();
    this.innovation = Math.sqrt(1 - rho * rho);
  }

  @Override
  public CompletableFuture<RewardScores> score(Problem problem, List<Trajectory> trajectories) {
    Objects.requireNonNull(problem, "problem");
    Objects.requireNonNull(trajectories, "trajectories");
    ProblemModel m = models.of(problem);
    List<double[]> out = new ArrayList<>(trajectories.size());
    long tokens = 0;
    for (int t = 0; t < trajectories.size(); t++) {
      Trajectory tr = trajectories.get(t);
      if (tr == null) {
        throw new IllegalArgumentException("trajectories[" + t + "] must not be null");
      }
      out.add(scores(m, tr));
      // the reward model reads the prompt and the whole solution, as the generator's prompt counts them
      tokens += m.promptTokens + tr.tokens() + tr.depth();
    }
    RewardScores result = new RewardScores(out, Usage.ofPrm(trajectories.size(), tokens));
    return delay == null ? CompletableFuture.completedFuture(result) : delay.deliver(result, 0);
  }

  @Override
  public String name() {
    return name;
  }

  /** The scores of every step of {@code t}. */
  double[] scores(ProblemModel m, Trajectory t) {
    int depth = t.depth();
    double[] s = new double[depth];
    if (depth == 0) {
      return s;
    }
    List<Step> steps = t.steps();
    double rho = preset.prmNoiseCorrelation();
    double bias = preset.prmDifficultyBias() * m.difficulty;
    long h = StepCodec.ROOT;
    long noiseKey = m.key ^ NOISE;
    double noise = 0;
    int firstWrong = -1;
    long lag = 0;
    boolean missed = false;
    for (int j = 0; j < depth; j++) {
      Step step = steps.get(j);
      h = StepCodec.extend(h, step);
      long state = StepCodec.decode(step, m.key, j, m.problem.id());
      int wrong = StepCodec.wrongRank(state);
      long stepKey = Mix.combine(noiseKey, h);
      double eps = Mix.normal(Mix.draw(stepKey, 0), Mix.draw(stepKey, 1));
      noise = j == 0 ? eps : rho * noise + innovation * eps;
      double mean;
      double sd;
      if (wrong < 0) {
        mean = preset.prmCorrectLogit();
        sd = preset.prmNoise();
      } else {
        if (firstWrong < 0) {
          firstWrong = j;
          lag = detectionLag(Mix.uniform(Mix.draw(Mix.combine(m.key ^ LAG, h), 0)));
          missed = missed(preset, m, h);
        }
        if (missed || m.isDeceptive(wrong)) {
          mean = preset.prmDeceptiveLogit();
          sd = preset.prmNoise();
        } else if (j - firstWrong >= lag || step.end() == StepEnd.END_OF_SOLUTION) {
          mean = preset.prmWrongLogit();
          sd = preset.prmWrongNoise();
        } else {
          mean = preset.prmCorrectLogit();
          sd = preset.prmNoise();
        }
      }
      s[j] = Mix.sigmoid(mean + sd * noise - bias);
    }
    return s;
  }

  /**
   * Whether the reward model of {@code preset} misses entirely the wrong path whose first error
   * step ends the prefix of hash {@code h}.
   */
  public static boolean missed(SimulatorPreset preset, ProblemModel m, long h) {
    return Mix.uniform(Mix.draw(Mix.combine(m.key ^ LAG, h), 1)) < preset.prmMissRate();
  }

  /** Steps after the first error before the PRM notices it: geometric with the detection rate. */
  private long detectionLag(double u) {
    double rate = preset.prmDetectionRate();
    if (rate >= 1) {
      return 0;
    }
    return (long) Math.floor(Math.log(u) / Math.log1p(-rate));
  }

  /**
   * Scores of a labelled solution that this simulator did not write (for example a
   * BIG-Bench-Mistake trace), drawn from the same model as {@link #scores}: correct-mean scores up
   * to the labelled first error, the wrong mean from a geometric detection lag after it (and on
   * the last step of a solution with an error), the deceptive mean for the preset's blind-spot
   * fraction of erroneous solutions, AR(1) noise, no difficulty bias (the difficulty is unknown).
   * Deterministic in {@code id}.
   *
   * @param firstError 0-based index of the first wrong step, or -1 when every step is right
   */
  public static double[] labelledScores(SimulatorPreset preset, String id, int steps, int firstError) {
    double[] s = new double[steps];
    double rho = preset.prmNoiseCorrelation();
    double innovation = Math.sqrt(1 - rho * rho);
    long key = Mix.hash(id) ^ NOISE;
    long lagKey = Mix.combine(Mix.hash(id) ^ LAG, steps);
    double rate = preset.prmDetectionRate();
    long lag = rate >= 1 ? 0 : (long) Math.floor(Math.log(Mix.uniform(Mix.draw(lagKey, 0))) / Math.log1p(-rate));
    boolean missed = Mix.uniform(Mix.draw(lagKey, 1)) < preset.prmMissRate();
    double noise = 0;
    for (int j = 0; j < steps; j++) {
      long stepKey = Mix.combine(key, j);
      double eps = Mix.normal(Mix.draw(stepKey, 0), Mix.draw(stepKey, 1));
      noise = j == 0 ? eps : rho * noise + innovation * eps;
      double mean = preset.prmCorrectLogit();
      double sd = preset.prmNoise();
      if (firstError >= 0 && j >= firstError) {
        if (missed) {
          mean = preset.prmDeceptiveLogit();
        } else if (j - firstError >= lag || j == steps - 1) {
          mean = preset.prmWrongLogit();
          sd = preset.prmWrongNoise();
        }
      }
      s[j] = Mix.sigmoid(mean + sd * noise);
    }
    return s;
  }
}
