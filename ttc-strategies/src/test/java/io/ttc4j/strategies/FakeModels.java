package io.ttc4j.strategies;

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
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Small deterministic models for strategy tests (the simulator is tested on its own). */
final class FakeModels {
  private FakeModels() {}

  static final AnswerExtractor BOXED = text -> {
    int i = text.lastIndexOf("\\boxed{");
    if (i < 0) return Optional.empty();
    int j = text.indexOf('}', i);
    return j < 0 ? Optional.empty() : Optional.of(text.substring(i + 7, j));
  };

  static long mix(long... xs) {
    long z = 0x9E3779B97F4A7C15L;
    for (long x : xs) {
      z += x * 0xBF58476D1CE4E5B9L;
      z = (z ^ (z >>> 31)) * 0x94D049BB133111EBL;
    }
    return z ^ (z >>> 29);
  }

  /**
   * Continuation i depends only on (problem, prefix depth, seed, i): 1 to 3 steps of 10 to 300
   * tokens, the last one boxing the reference with probability {@code accuracy}, else one of two
   * wrong answers.
   */
  static final class Gen implements Generator {
    final double accuracy;
    final long latencyMs;
    final ScheduledExecutorService timer;
    final AtomicInteger calls = new AtomicInteger();
    final List<CompletableFuture<GenerationResult>> issued = new ArrayList<>();

    Gen(double accuracy) {
      this(accuracy, 0, null);
    }

    Gen(double accuracy, long latencyMs, ScheduledExecutorService timer) {
      this.accuracy = accuracy;
      this.latencyMs = latencyMs;
      this.timer = timer;
    }

    @Override
    public long promptTokensUpperBound(Problem problem, Trajectory prefix) {
      return 100;
    }

    @Override
    public CompletableFuture<GenerationResult> generate(Problem problem, Trajectory prefix, SamplingSpec spec) {
      calls.incrementAndGet();
      List<Continuation> cs = new ArrayList<>();
      long completion = 0;
      for (int i = 0; i < spec.n(); i++) {
        SplittableRandom r = new SplittableRandom(mix(problem.id().hashCode(), prefix.depth(), spec.seed(), i));
        int steps = 1 + r.nextInt(3);
        List<Step> out = new ArrayList<>();
        long left = spec.maxTokens();
        for (int s = 0; s < steps; s++) {
          int tokens = 10 + r.nextInt(291);
          boolean last = s == steps - 1;
          if (tokens >= left) {
            out.add(Step.of("cut", (int) left, StepEnd.LENGTH));
            left = 0;
            break;
          }
          left -= tokens;
          String answer = r.nextDouble() < accuracy ? problem.reference() : "w" + r.nextInt(2);
          out.add(Step.of(last ? "so \\boxed{" + answer + "}" : "step " + s, tokens,
              last ? StepEnd.END_OF_SOLUTION : StepEnd.STEP_BOUNDARY));
        }
        completion += spec.maxTokens() - left;
        cs.add(new Continuation(out));
      }
      GenerationResult res = new GenerationResult(cs, Usage.ofGeneration(spec.n(), 100, 0, completion));
      if (latencyMs == 0) {
        return CompletableFuture.completedFuture(res);
      }
      CompletableFuture<GenerationResult> f = new CompletableFuture<>();
      synchronized (issued) {
        issued.add(f);
      }
      timer.schedule(() -> f.complete(res), latencyMs, TimeUnit.MILLISECONDS);
      return f;
    }
  }

  /** Scores in (0,1) from a hash of the text; correct answers score higher on average. */
  static final class Prm implements ProcessRewardModel {
    final boolean fail;

    Prm(boolean fail) {
      this.fail = fail;
    }

    @Override
    public CompletableFuture<RewardScores> score(Problem problem, List<Trajectory> trajectories) {
      if (fail) {
        return CompletableFuture.failedFuture(new IllegalStateException("reward server down"));
      }
      List<double[]> out = new ArrayList<>();
      for (Trajectory t : trajectories) {
        double[] s = new double[t.depth()];
        List<Step> steps = t.steps();
        for (int i = 0; i < s.length; i++) {
          double u = (mix(steps.get(i).text().hashCode(), i, t.tokens()) >>> 11) * 0x1.0p-53;
          boolean right = steps.get(i).text().contains("{" + problem.reference() + "}");
          s[i] = right ? 0.5 + 0.5 * u : 0.6 * u;
        }
        out.add(s);
      }
      return CompletableFuture.completedFuture(new RewardScores(out, Usage.ofPrmCalls(trajectories.size())));
    }
  }
}
