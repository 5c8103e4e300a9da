package io.ttc4j.eval;

import io.ttc4j.core.AnswerExtractor;
import io.ttc4j.core.Continuation;
import io.ttc4j.core.GenerationResult;
import io.ttc4j.core.Generator;
import io.ttc4j.core.Problem;
import io.ttc4j.core.ProcessRewardModel;
import io.ttc4j.core.RewardScores;
import io.ttc4j.core.SamplingSpec;
import io.ttc4j.core.Step;
import io.ttc4j.core.StepEnd;
import io.ttc4j.core.Trajectory;
import io.ttc4j.core.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tiny stand-in for the simulator: each problem has a hidden solve rate; sample {@code i} of a
 * call depends only on (problem, call seed, i), so it keeps common random numbers across N; wrong
 * answers spread over three values; a reward model that prefers correct solutions through noise.
 */
final class FakeWorld {

  static final int PROMPT_TOKENS = 40;
  private static final Pattern BOXED = Pattern.compile("\\\\boxed\\{([^}]*)}");

  private FakeWorld() {}

  static List<Problem> problems(int count) {
    List<Problem> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(new Problem("p" + i, "Problem number " + i + ": compute it.", Integer.toString(i * 7),
          Map.of("level", Integer.toString(1 + i % 5))));
    }
    return out;
  }

  static AnswerExtractor extractor() {
    return text -> {
      Matcher m = BOXED.matcher(text);
      String last = null;
      while (m.find()) last = m.group(1);
      return Optional.ofNullable(last);
    };
  }

  static double solveRate(Problem p) {
    return 0.15 + 0.7 * unit(mix(p.id().hashCode(), 17));
  }

  static Generator generator() {
    return new Generator() {
      @Override
      public CompletableFuture<GenerationResult> generate(Problem problem, Trajectory prefix, SamplingSpec spec) {
        List<Continuation> cs = new ArrayList<>();
        long completion = 0;
        for (int i = 0; i < spec.n(); i++) {
          long h = mix(mix(problem.id().hashCode(), spec.seed()), i);
          boolean right = unit(h) < solveRate(problem);
          String answer = right ? problem.reference() : "w" + Math.floorMod(mix(h, 3), 3);
          int tokens = 100 + (int) Math.floorMod(mix(h, 5), 200);
          List<Step> steps = new ArrayList<>();
          if (tokens > spec.maxTokens()) {
            steps.add(Step.of("work " + h + " cut off", spec.maxTokens(), StepEnd.LENGTH));
            completion += spec.maxTokens();
          } else {
            steps.add(Step.of("work " + h, tokens / 2, StepEnd.STEP_BOUNDARY));
            steps.add(Step.of("so the answer is \\boxed{" + answer + "}", tokens - tokens / 2, StepEnd.END_OF_SOLUTION));
            completion += tokens;
          }
          cs.add(new Continuation(steps));
        }
        return CompletableFuture.completedFuture(
            new GenerationResult(cs, Usage.ofGeneration(spec.n(), (long) PROMPT_TOKENS * spec.n(), 0, completion)));
      }

      @Override
      public long promptTokensUpperBound(Problem problem, Trajectory prefix) {
        return PROMPT_TOKENS;
      }

      @Override
      public String name() {
        return "fake";
      }
    };
  }

  static ProcessRewardModel prm() {
    AnswerExtractor ex = extractor();
    return (problem, trajectories) -> {
      List<double[]> scores = new ArrayList<>();
      for (Trajectory t : trajectories) {
        double[] s = new double[t.depth()];
        boolean right = ex.extract(t.text()).map(a -> a.equals(problem.reference())).orElse(false);
        long h = t.text().hashCode();
        for (int k = 0; k < s.length; k++) {
          double logit = (right ? 0.8 : -0.8) + 1.2 * (unit(mix(h, k)) - 0.5) * 2;
          s[k] = 1 / (1 + Math.exp(-logit));
        }
        scores.add(s);
      }
      return CompletableFuture.completedFuture(new RewardScores(scores, Usage.ofPrmCalls(trajectories.size())));
    };
  }

  static long mix(long a, long b) {
    long z = a * 0x9E3779B97F4A7C15L + b;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  static double unit(long h) {
    return (h >>> 11) * 0x1.0p-53;
  }
}
