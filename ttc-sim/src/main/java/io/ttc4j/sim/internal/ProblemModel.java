package io.ttc4j.sim.internal;

import io.ttc4j.core.AnswerEquivalence;
import io.ttc4j.core.Problem;
import io.ttc4j.sim.SimulatorPreset;
import java.util.OptionalInt;

/**
 * The simulated world of one problem: its latent difficulty, the answer a correct solution
 * reaches, its wrong answers with their Zipf-like frequencies, which wrong answers deceive the
 * reward model, the median length of its solutions and the prompt tokens it costs. A pure function
 * of the problem and the preset (never of the simulator seed): the same problem is equally hard
 * and has the same traps for every generator and every seed, as a real problem has for a real model.
 */
public final class ProblemModel {

  private static final long JITTER_A = 0x6A09E667F3BCC908L;
  private static final long JITTER_B = 0xBB67AE8584CAA73BL;
  private static final long DECEPTIVE = 0x3C6EF372FE94F82BL;
  private static final long SYNTHETIC = 0xA54FF53A5F1D36F1L;

  final Problem problem;
  /** 64-bit hash of the problem id. */
  public final long key;
  /** Latent difficulty (logits). */
  public final double difficulty;
  /** The answer a correct solution states. */
  public final String correctAnswer;
  /** Wrong answers, most frequent first. */
  final String[] wrong;
  /** Cumulative probabilities of the wrong answers. */
  private final double[] wrongCdf;
  /** Bit {@code r} set: wrong answer {@code r} is scored as right by the reward model. */
  private final long deceptiveMask;
  /** Median number of steps of a solution. */
  final double stepsMedian;
  /** Prompt tokens of the problem in its chat template. */
  public final long promptTokens;

  ProblemModel(Problem problem, SimulatorPreset preset, AnswerEquivalence check) {
    this.problem = problem;
    this.key = Mix.hash(problem.id());
    OptionalInt level = problem.level();
    double base = level.isPresent() ? preset.difficultyOfLevel(level.getAsInt()) : preset.unknownLevelDifficulty();
    double jitter = Mix.normal(Mix.combine(key, JITTER_A), Mix.combine(key, JITTER_B));
    this.difficulty = base + preset.difficultyJitter() * jitter;
    this.correctAnswer = problem.hasReference() && !problem.reference().isBlank()
        ? problem.reference().strip()
        : Long.toString(Math.floorMod(Mix.combine(key, SYNTHETIC), 997L) + 2);
    this.wrong = WrongAnswers.of(correctAnswer, preset.wrongAnswers(), key, check);
    double exponent = Math.max(0, Math.min(8, preset.wrongZipfExponent() + preset.wrongZipfPerDifficulty() * difficulty));
    this.wrongCdf = new double[wrong.length];
    double sum = 0;
    for (int r = 0; r < wrong.length; r++) {
      sum += Math.pow(r + 1, -exponent);
      wrongCdf[r] = sum;
    }
    for (int r = 0; r < wrong.length; r++) {
      wrongCdf[r] /= sum;
    }
    long mask = 0;
    for (int r = 0; r < wrong.length; r++) {
      if (Mix.uniform(Mix.combine(key, DECEPTIVE + r)) < preset.prmDeceptiveRate()) {
        mask |= 1L << r;
      }
    }
    this.deceptiveMask = mask;
    this.stepsMedian = Math.max(1, Math.min(SimulatorPreset.MAX_STEPS,
        preset.stepsMedian() + preset.stepsPerDifficulty() * difficulty));
    this.promptTokens = preset.promptTemplateTokens() + (problem.prompt().length() + 3L) / 4;
  }

  /** Number of distinct wrong answers. */
  public int wrongAnswerCount() {
    return wrong.length;
  }

  /** The wrong answer of rank {@code r} (0 is the most frequent). */
  public String wrongAnswer(int r) {
    return wrong[r];
  }

  /** Probability that a wrong solution reaches wrong answer {@code r}. */
  public double wrongAnswerProbability(int r) {
    return r == 0 ? wrongCdf[0] : wrongCdf[r] - wrongCdf[r - 1];
  }

  /** The answer a trajectory with wrong-answer rank {@code r} states (-1: the correct one). */
  public String answer(int r) {
    return r < 0 ? correctAnswer : wrong[r];
  }

  /** Whether the reward model systematically scores wrong answer {@code r} as right. */
  public boolean isDeceptive(int r) {
    return r >= 0 && (deceptiveMask & (1L << r)) != 0;
  }

  /** The wrong answer of a uniform draw {@code u} in (0, 1). */
  int drawWrong(double u) {
    for (int r = 0; r < wrongCdf.length - 1; r++) {
      if (u < wrongCdf[r]) return r;
    }
    return wrongCdf.length - 1;
  }

  /** Log of the probability that one sample of a generator of skill {@code skill} is right. */
  public double logSolveRate(double skill) {
    // log(sigmoid(x)) = -log(1 + exp(-x)), computed without overflow
    double x = skill - difficulty;
    return x >= 0 ? -Math.log1p(Math.exp(-x)) : x - Math.log1p(Math.exp(x));
  }
}
