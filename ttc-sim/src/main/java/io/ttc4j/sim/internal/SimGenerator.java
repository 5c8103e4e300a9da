package io.ttc4j.sim.internal;

import io.ttc4j.core.Continuation;
import io.ttc4j.core.GenerationMode;
import io.ttc4j.core.GenerationResult;
import io.ttc4j.core.Generator;
import io.ttc4j.core.Problem;
import io.ttc4j.core.SamplingSpec;
import io.ttc4j.core.Step;
import io.ttc4j.core.StepEnd;
import io.ttc4j.core.Trajectory;
import io.ttc4j.core.Usage;
import io.ttc4j.sim.SimulatorPreset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The simulated generator: a Markov chain over the state carried by each step's tag.
 *
 * <p>One step from a state: at depth 0 the number of steps {@code K} is drawn; a step on a correct
 * path makes an error with probability {@code 1 - p^(1/K)}, where {@code p} is the problem's solve
 * rate for this generator's skill, so that a whole solution is right with probability exactly
 * {@code p} whatever its length; an error fixes the wrong answer the path heads to (Zipf over the
 * problem's wrong answers) and the path never recovers; the step's tokens are log-normal; step
 * {@code K - 1} states the answer in {@code \boxed{}}.
 *
 * <p>The random draws of a step are a hash of (simulator seed, problem, prefix hash, call seed,
 * continuation index): a {@code TO_END} continuation is exactly the chain of {@code ONE_STEP} calls
 * with the same seed and index, continuation {@code i} never depends on {@code n}, and greedy
 * decoding (temperature 0) drops the seeds and the index.
 */
public final class SimGenerator implements Generator {

  private static final long GREEDY = 0x2545F4914F6CDD1DL;

  private static final String[] PHRASES = {
    "Rewrite the condition as an equation in the unknown.",
    "Simplify the expression on the left-hand side.",
    "Substitute the known values into the formula.",
    "Collect like terms and solve for the unknown.",
    "Factor the expression and cancel the common factors.",
    "Apply the identity to both sides.",
    "Compute the intermediate quantity from the previous result.",
    "Check the constraint and keep the admissible case.",
    "Count the cases separately and add them up.",
    "Express everything in terms of a single variable.",
    "Use the symmetry of the problem to reduce the work.",
    "Evaluate the sum term by term.",
    "Set up the relation between the given quantities.",
    "Multiply out and compare the coefficients.",
    "Convert the quantities to a common form.",
    "Combine the partial results.",
  };

  private final ProblemModels models;
  private final SimulatorPreset preset;
  private final long seed;
  private final double skill;
  private final String name;
  private final Delay delay;

  /**
   * A generator over {@code models}.
   *
   * @param seed  the simulator seed
   * @param skill this generator's skill (logits)
   * @param name  name for reports
   * @param delay artificial latency, or {@code null} for completed futures
   */
  public SimGenerator(ProblemModels models, long seed, double skill, String name, Delay delay) {
    this.models = Objects.requireNonNull(models, "models");
    this.preset = models.preset();
    this.seed = seed;
    if (!Double.isFinite(skill)) {
      throw new IllegalArgumentException("skill must be finite, got " + skill);
    }
    this.skill = skill;
    this.name = Objects.requireNonNull(name, "name");
    this.delay = delay;
  }

  @Override
  public CompletableFuture<GenerationResult> generate(Problem problem, Trajectory prefix, SamplingSpec spec) {
    Objects.requireNonNull(problem, "problem");
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(spec, "spec");
    if (prefix.isFinished()) {
      throw new IllegalArgumentException("prefix must not be finished, got " + prefix);
    }
    ProblemModel m = models.of(problem);
    long h = StepCodec.ROOT;
    long state = 0;
    int depth = prefix.depth();
    if (depth > 0) {
      List<Step> steps = prefix.steps();
      for (Step s : steps) {
        h = StepCodec.extend(h, s);
      }
      state = StepCodec.decode(steps.get(depth - 1), m.key, depth - 1, problem.id());
    }
    double logP = m.logSolveRate(skill);
    int n = spec.n();
    Continuation[] out = new Continuation[n];
    long completion = 0;
    if (spec.temperature() == 0) {
      Continuation c = continuation(m, logP, h, state, depth, spec, -1);
      Arrays.fill(out, c);
      completion = c.tokens() * n;
    } else {
      for (int i = 0; i < n; i++) {
        out[i] = continuation(m, logP, h, state, depth, spec, i);
        completion += out[i].tokens();
      }
    }
    long prompt = promptTokens(m, prefix);
    GenerationResult result = new GenerationResult(Arrays.asList(out), Usage.ofGeneration(n, prompt, 0, completion));
    if (delay == null) {
      return CompletableFuture.completedFuture(result);
    }
    long longest = 0;
    for (Continuation c : out) {
      longest = Math.max(longest, c.tokens());
    }
    return delay.deliver(result, longest);
  }

  /** Exactly the prompt tokens {@link #generate} reports for this prefix. */
  @Override
  public long promptTokensUpperBound(Problem problem, Trajectory prefix) {
    return promptTokens(models.of(problem), prefix);
  }

  @Override
  public String name() {
    return name;
  }

  private static long promptTokens(ProblemModel m, Trajectory prefix) {
    // the problem in its template, then the prefix steps and one separator token after each
    return m.promptTokens + prefix.tokens() + prefix.depth();
  }

  /** Continuation {@code i} (-1: greedy) of the prefix with hash {@code h}, last state {@code state}. */
  private Continuation continuation(ProblemModel m, double logP, long h, long state, int depth, SamplingSpec spec,
      int i) {
    boolean toEnd = spec.mode() == GenerationMode.TO_END;
    List<Step> steps = new ArrayList<>(toEnd ? 8 : 1);
    // greedy decoding has no randomness to seed: the same path for every seed and index
    long callKey = i < 0 ? GREEDY : Mix.combine(spec.seed(), i);
    long base = Mix.combine(i < 0 ? GREEDY : seed, m.key);
    long used = 0;
    int j = depth;
    while (true) {
      long stepSeed = Mix.combine(Mix.combine(base, h), callKey);
      int planned;
      int wrong;
      if (j == 0) {
        double z = Mix.normal(Mix.draw(stepSeed, 0), Mix.draw(stepSeed, 1));
        planned = (int) Math.round(m.stepsMedian * Math.exp(preset.stepsSpread() * z));
        planned = Math.max(2, Math.min(SimulatorPreset.MAX_STEPS, planned));
      } else {
        planned = StepCodec.plannedSteps(state);
      }
      wrong = j == 0 ? -1 : StepCodec.wrongRank(state);
      boolean error = false;
      if (wrong < 0) {
        double hazard = -Math.expm1(logP / planned);
        if (Mix.uniform(Mix.draw(stepSeed, 2)) < hazard) {
          wrong = m.drawWrong(Mix.uniform(Mix.draw(stepSeed, 3)));
          error = true;
        }
      }
      double zt = Mix.normal(Mix.draw(stepSeed, 4), Mix.draw(stepSeed, 5));
      long tokens = Math.round(preset.tokensPerStepMedian() * Math.exp(preset.tokensPerStepSpread() * zt));
      tokens = Math.max(4, Math.min(4096, tokens));
      boolean last = j >= planned - 1;
      long nonceDraw = Mix.draw(stepSeed, 6);
      double perToken = error ? preset.tokenLogProbError()
          : wrong >= 0 ? 0.5 * (preset.tokenLogProbCorrect() + preset.tokenLogProbError())
          : preset.tokenLogProbCorrect();
      perToken *= Math.exp(preset.tokenLogProbSpread() * Mix.normal(Mix.draw(stepSeed, 7), Mix.draw(stepSeed, 8)));
      long remaining = spec.maxTokens() - used;
      boolean cut = tokens > remaining || (toEnd && tokens == remaining && !last);
      if (cut) {
        tokens = remaining;
      }
      long packed = StepCodec.pack(planned, wrong, (int) nonceDraw, j);
      String text = text(m, packed, j, (int) ((nonceDraw >>> 16) & 0xFFFF) % PHRASES.length, last, cut, wrong);
      StepEnd end = cut ? StepEnd.LENGTH : last ? StepEnd.END_OF_SOLUTION : StepEnd.STEP_BOUNDARY;
      Step step = new Step(text, (int) tokens, tokens * perToken, end);
      steps.add(step);
      used += tokens;
      if (end.isTerminal() || !toEnd) {
        break;
      }
      h = StepCodec.extend(h, step);
      state = packed;
      j++;
    }
    return new Continuation(steps);
  }

  private static String text(ProblemModel m, long packed, int depth, int phrase, boolean last, boolean cut, int wrong) {
    String answer = last && !cut ? m.answer(wrong) : null;
    String p = PHRASES[phrase];
    StringBuilder b = new StringBuilder(48 + p.length() + (answer == null ? 0 : answer.length() + 40));
    StepCodec.appendTag(b, packed, m.key, depth);
    b.append(" Step ").append(depth + 1).append(": ");
    if (cut) {
      // the text stops where the token limit struck: half a sentence, no answer
      b.append(p, 0, p.length() / 2);
    } else {
      b.append(p);
      if (answer != null) {
        b.append(" The final answer is $\\boxed{").append(answer).append("}$.");
      }
    }
    return b.toString();
  }
}
