package io.ttc4j.sim;

import io.ttc4j.core.AnswerEquivalence;
import io.ttc4j.core.Generator;
import io.ttc4j.core.Problem;
import io.ttc4j.core.ProcessRewardModel;
import io.ttc4j.core.Step;
import io.ttc4j.core.Trajectory;
import io.ttc4j.sim.internal.Delay;
import io.ttc4j.sim.internal.ProblemModel;
import io.ttc4j.sim.internal.ProblemModels;
import io.ttc4j.sim.internal.SimGenerator;
import io.ttc4j.sim.internal.SimRewardModel;
import io.ttc4j.sim.internal.StepCodec;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A seeded simulator of step-wise reasoning with known ground truth: a {@link Generator} and a
 * {@link ProcessRewardModel} that behave like a language model and its reward model on math
 * problems, so that every strategy and sweep of ttc4j runs without a model server.
 *
 * <pre>{@code
 * Simulator sim = Simulator.create(SimulatorPreset.named("math500"), 42);
 * Generator generator = sim.generator();
 * ProcessRewardModel prm = sim.prm();
 * }</pre>
 *
 * <p><b>The model.</b> Each problem has a latent difficulty: the preset's difficulty of its
 * {@code level} metadata plus a jitter drawn from a hash of its id. A generator of skill {@code s}
 * solves it with probability {@code p = 1/(1+exp(d-s))} per sample. A solution is a chain of steps:
 * each step on a correct path errs with probability {@code 1-p^(1/K)} ({@code K} the solution's
 * planned length), an error sends the path to one of the problem's wrong answers (Zipf-like, with a
 * dominant wrong answer on hard problems) and the last step states its answer as
 * {@code \boxed{...}}; a correct path states {@link Problem#reference()}. Wrong answers are never
 * equivalent to the reference. Tokens per step are log-normal, and each step reports its
 * log-probability, lower on erroneous steps. The reward model scores correct-looking steps high and
 * noticed errors low, with noise and with systematic errors: some wrong answers of each problem
 * deceive it.
 *
 * <p><b>Determinism.</b> The hidden state of a trajectory travels in an opaque tag at the start of
 * each step text, so nothing is remembered between calls and memory stays bounded over millions of
 * steps. Continuation {@code i} of a generator call is a function of the simulator seed, the
 * problem, the prefix, the call's seed and {@code i} only: a call with {@code n = 64} and one with
 * {@code n = 8} share their first 8 continuations, and a {@code TO_END} continuation is exactly the
 * chain of {@code ONE_STEP} calls with the same seed and index. Temperature 0 is greedy: one
 * deterministic continuation, repeated, the same for every call seed and simulator seed (a fixed
 * path as likely to be right as a sample, not the most likely one). The problem's world (difficulty, wrong answers, deceptive
 * answers) and the reward model's scores do not depend on the simulator seed; the seed drives
 * sampling only. There is no global state.
 *
 * <p><b>Costs.</b> A generator call reports {@code n} generations, completion tokens equal to the
 * sum of its steps' tokens, and prompt tokens counted once per call (as OpenAI-compatible servers do
 * for {@code n > 1}): the preset's template tokens, a quarter of the problem's characters, the
 * prefix's tokens and one separator token per prefix step; {@link Generator#promptTokensUpperBound}
 * returns exactly that. No prompt tokens are reported as cached. {@code maxTokens} cuts a
 * continuation at its limit with {@link io.ttc4j.core.StepEnd#LENGTH}. A reward-model call reports
 * one PRM call per trajectory. Results come as completed futures, or after an artificial latency
 * with {@link #withLatency}.
 *
 * <p>Temperature above 0, {@code topP} and stop strings do not change the distribution: the presets
 * are fitted to sampling at the temperatures of their sources (0.7 to 0.8). Log-probabilities are
 * always reported. Instances are immutable and thread-safe.
 */
public final class Simulator {

  private final SimulatorPreset preset;
  private final long seed;
  private final ProblemModels models;
  private final AnswerEquivalence answerCheck;
  private final Delay delay;

  private Simulator(SimulatorPreset preset, long seed, ProblemModels models, AnswerEquivalence answerCheck,
      Delay delay) {
    this.preset = preset;
    this.seed = seed;
    this.models = models;
    this.answerCheck = answerCheck;
    this.delay = delay;
  }

  /** A simulator of {@code preset} whose sampling follows {@code seed}. */
  public static Simulator create(SimulatorPreset preset, long seed) {
    Objects.requireNonNull(preset, "preset");
    return new Simulator(preset, seed, new ProblemModels(preset, null), null, null);
  }

  /** The preset. */
  public SimulatorPreset preset() {
    return preset;
  }

  /** The seed that drives sampling. */
  public long seed() {
    return seed;
  }

  /** The generator with the preset's skill. */
  public Generator generator() {
    return new SimGenerator(models, seed, preset.skill(), "sim-" + preset.name(), delay);
  }

  /**
   * A generator of another skill (logits) on the same problems, with the same wrong answers and
   * difficulties: a weaker or stronger model of the same family, for cascades.
   */
  public Generator generator(double skill) {
    if (!Double.isFinite(skill)) {
      throw new IllegalArgumentException("skill must be finite, got " + skill);
    }
    return new SimGenerator(models, seed, skill, "sim-" + preset.name() + "@" + skill, delay);
  }

  /**
   * The scores this simulator's PRM model would give a labelled solution it did not write (a
   * BIG-Bench-Mistake trace, a ProcessBench item), so that the simulated PRM can be measured with
   * the PRM metrics on real labelled steps: the same means, spreads, detection lag, blind spots and
   * AR(1) noise as {@link #prm()}, keyed by {@code solutionId}. Its own trajectories are scored by
   * {@link #prm()} from their hidden state instead.
   *
   * @param firstError 0-based index of the first wrong step, or -1 when there is none
   */
  public double[] labelledStepScores(String solutionId, int steps, int firstError) {
    Objects.requireNonNull(solutionId, "solutionId");
    if (steps < 0) {
      throw new IllegalArgumentException("steps must be >= 0, got " + steps);
    }
    if (firstError < -1 || firstError >= Math.max(steps, 1)) {
      throw new IllegalArgumentException("firstError must be -1 or in [0, " + steps + "), got " + firstError);
    }
    return SimRewardModel.labelledScores(preset, solutionId, steps, firstError);
  }

  /** The simulator's process reward model: deterministic per trajectory, with systematic errors. */
  public ProcessRewardModel prm() {
    return new SimRewardModel(models, "sim-prm-" + preset.name(), delay);
  }

  /**
   * This simulator with artificial latency, for load tests: generator results arrive after
   * {@code perCall + perToken * t}, {@code t} the tokens of the call's longest continuation (the
   * continuations of a call decode in parallel), and reward-model results after {@code perCall}.
   * Delivery is scheduled on {@code scheduler}; cancelling a returned future cancels its delivery.
   */
  public Simulator withLatency(ScheduledExecutorService scheduler, Duration perCall, Duration perToken) {
    Objects.requireNonNull(scheduler, "scheduler");
    Objects.requireNonNull(perCall, "perCall");
    Objects.requireNonNull(perToken, "perToken");
    if (perCall.isNegative()) {
      throw new IllegalArgumentException("perCall must be >= 0, got " + perCall);
    }
    if (perToken.isNegative()) {
      throw new IllegalArgumentException("perToken must be >= 0, got " + perToken);
    }
    Delay d = new Delay(scheduler, saturatedNanos(perCall), saturatedNanos(perToken));
    return new Simulator(preset, seed, models, answerCheck, d);
  }

  /** This simulator without artificial latency: completed futures. */
  public Simulator withoutLatency() {
    return new Simulator(preset, seed, models, answerCheck, null);
  }

  /**
   * This simulator with wrong answers also checked by {@code equivalence}: a wrong answer it finds
   * equivalent to the reference (or to a more frequent wrong answer) is skipped. The built-in wrong
   * answers already change the value of the reference; this guards data sets whose answers the
   * simulator's rewrites do not anticipate.
   */
  public Simulator withAnswerCheck(AnswerEquivalence equivalence) {
    Objects.requireNonNull(equivalence, "equivalence");
    return new Simulator(preset, seed, new ProblemModels(preset, equivalence), equivalence, delay);
  }

  /** The probability that one sample of {@link #generator()} answers {@code problem} correctly. */
  public double solveRate(Problem problem) {
    return Math.exp(models.of(problem).logSolveRate(preset.skill()));
  }

  /** The latent difficulty of {@code problem} (logits; see {@link SimulatorPreset}). */
  public double difficulty(Problem problem) {
    return models.of(problem).difficulty;
  }

  /**
   * The ground truth of {@code trajectory}, a trajectory this simulator (any seed, same preset)
   * produced for {@code problem}.
   *
   * @throws IllegalArgumentException when a step was not produced by the simulator for this problem
   */
  public TrajectoryTruth truth(Problem problem, Trajectory trajectory) {
    Objects.requireNonNull(problem, "problem");
    Objects.requireNonNull(trajectory, "trajectory");
    ProblemModel m = models.of(problem);
    if (trajectory.isEmpty()) {
      return new TrajectoryTruth(true, -1, m.correctAnswer, -1, 0, false);
    }
    List<Step> steps = trajectory.steps();
    int firstError = -1;
    boolean missed = false;
    long state = 0;
    long h = StepCodec.ROOT;
    for (int j = 0; j < steps.size(); j++) {
      h = StepCodec.extend(h, steps.get(j));
      state = StepCodec.decode(steps.get(j), m.key, j, problem.id());
      if (firstError < 0 && StepCodec.wrongRank(state) >= 0) {
        firstError = j;
        missed = SimRewardModel.missed(preset, m, h);
      }
    }
    int rank = StepCodec.wrongRank(state);
    return new TrajectoryTruth(rank < 0, firstError, m.answer(rank), rank, StepCodec.plannedSteps(state),
        missed || m.isDeceptive(rank));
  }

  /** The wrong answers of {@code problem}, most frequent first. */
  public List<String> wrongAnswers(Problem problem) {
    ProblemModel m = models.of(problem);
    String[] out = new String[m.wrongAnswerCount()];
    for (int r = 0; r < out.length; r++) {
      out[r] = m.wrongAnswer(r);
    }
    return List.of(out);
  }

  @Override
  public String toString() {
    return "Simulator[" + preset.name() + ", seed=" + seed + (answerCheck == null ? "" : ", check=" + answerCheck)
        + (delay == null ? "" : ", with latency") + "]";
  }

  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }
}
