package io.ttc4j.sim;

import io.ttc4j.core.AnswerEquivalence;
import io.ttc4j.core.AnswerExtractor;
import io.ttc4j.core.Candidate;
import io.ttc4j.core.Continuation;
import io.ttc4j.core.GenerationResult;
import io.ttc4j.core.Generator;
import io.ttc4j.core.Problem;
import io.ttc4j.core.ProcessRewardModel;
import io.ttc4j.core.SamplingSpec;
import io.ttc4j.core.Selection;
import io.ttc4j.core.Trajectory;
import io.ttc4j.core.Aggregation;
import io.ttc4j.datasets.Datasets;
import io.ttc4j.datasets.MathAnswers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * The fitting harness of the presets: best-of-N over a data set with core {@link Selection} rules
 * on {@code maxN} {@code TO_END} samples per problem and seed, scored by the simulated PRM with
 * aggregation {@code LAST}; correctness is {@link MathAnswers#equivalence()} to the reference.
 * Thanks to n-independence, the first {@code N} samples of one call of {@code maxN} are best-of-N's
 * samples for every {@code N}. Run {@link #main} to print the figures of a preset.
 */
final class PresetFit {

  /** Selection rules in report order. */
  static final Selection[] RULES = {Selection.FIRST, Selection.MAJORITY, Selection.NAIVE, Selection.WEIGHTED,
      Selection.ORACLE};

  /**
   * Figures of one preset: {@code accuracy[rule][k]} at {@code ns[k]}, per-level single-sample
   * accuracy (mean over all samples), and the same accuracies per level.
   */
  record Figures(int[] ns, double[][] accuracy, double meanAccuracy, double[] levelAccuracy,
      double[][][] levelRuleAccuracy, double meanTokens, double meanSteps) {

    double at(Selection rule, int n) {
      int k = Arrays.binarySearch(ns, n);
      return accuracy[ruleIndex(rule)][k];
    }

    String describe() {
      StringBuilder b = new StringBuilder();
      b.append(String.format(Locale.ROOT, "mean tokens/solution %.1f, mean steps %.2f%n", meanTokens, meanSteps));
      b.append(String.format(Locale.ROOT, "single-sample accuracy %.3f; per level:", meanAccuracy));
      for (int l = 0; l < 5; l++) b.append(String.format(Locale.ROOT, " L%d=%.3f", l + 1, levelAccuracy[l]));
      b.append('\n');
      b.append(String.format(Locale.ROOT, "%5s", "N"));
      for (Selection r : RULES) b.append(String.format(Locale.ROOT, " %9s", r.name().toLowerCase(Locale.ROOT)));
      b.append('\n');
      for (int k = 0; k < ns.length; k++) {
        b.append(String.format(Locale.ROOT, "%5d", ns[k]));
        for (int r = 0; r < RULES.length; r++) b.append(String.format(Locale.ROOT, " %9.3f", accuracy[r][k]));
        b.append('\n');
      }
      for (int l = 0; l < 5; l++) {
        b.append("level ").append(l + 1).append(':');
        for (int r = 0; r < RULES.length; r++) {
          b.append(' ').append(RULES[r].name().toLowerCase(Locale.ROOT)).append('=');
          for (int k = 0; k < ns.length; k++) {
            b.append(String.format(Locale.ROOT, "%s%.2f", k == 0 ? "" : "/", levelRuleAccuracy[l][r][k]));
          }
        }
        b.append('\n');
      }
      return b.toString();
    }
  }

  private PresetFit() {}

  static int ruleIndex(Selection rule) {
    for (int i = 0; i < RULES.length; i++) if (RULES[i] == rule) return i;
    throw new IllegalArgumentException(rule.toString());
  }

  /** Best-of-N figures of {@code preset} on {@code problems}, averaged over {@code seeds}. */
  static Figures evaluate(SimulatorPreset preset, List<Problem> problems, long[] seeds, int[] ns) {
    int maxN = ns[ns.length - 1];
    AnswerExtractor extractor = MathAnswers.extractor();
    AnswerEquivalence eq = memoized(MathAnswers.equivalence());
    double[][] hits = new double[RULES.length][ns.length];
    double[][][] levelHits = new double[5][RULES.length][ns.length];
    double[] levelSamples = new double[5];
    double[] levelCorrect = new double[5];
    int[] levelRuns = new int[5];
    long tokens = 0;
    long steps = 0;
    long solutions = 0;
    int runs = 0;
    for (long seed : seeds) {
      Simulator sim = Simulator.create(preset, seed);
      Generator g = sim.generator();
      ProcessRewardModel prm = sim.prm();
      for (Problem p : problems) {
        GenerationResult res = g.generate(p, Trajectory.empty(), SamplingSpec.toEnd(maxN, 0.8, 4096, 0)).join();
        List<Trajectory> ts = new ArrayList<>(maxN);
        for (Continuation c : res.continuations()) {
          Trajectory t = Trajectory.empty().appendAll(c.steps());
          ts.add(t);
          tokens += t.tokens();
          steps += t.depth();
          solutions++;
        }
        List<double[]> scores = prm.score(p, ts).join().stepScores();
        List<Candidate> cands = new ArrayList<>(maxN);
        int level = Math.max(1, Math.min(5, p.level().orElse(3))) - 1;
        for (int i = 0; i < maxN; i++) {
          String answer = extractor.extract(ts.get(i).text()).orElse(null);
          double[] s = scores.get(i);
          Candidate c = new Candidate(i, ts.get(i), answer, s, Aggregation.LAST.aggregate(s));
          cands.add(c);
          levelSamples[level]++;
          if (answer != null && eq.equivalent(answer, p.reference())) levelCorrect[level]++;
        }
        Predicate<Candidate> correct = c -> c.hasAnswer() && eq.equivalent(c.answer(), p.reference());
        for (int k = 0; k < ns.length; k++) {
          List<Candidate> sub = cands.subList(0, ns[k]);
          for (int r = 0; r < RULES.length; r++) {
            int chosen = RULES[r].select(sub, eq, correct);
            if (chosen >= 0 && correct.test(sub.get(chosen))) {
              hits[r][k]++;
              levelHits[level][r][k]++;
            }
          }
        }
        levelRuns[level]++;
        runs++;
      }
    }
    double[][] acc = new double[RULES.length][ns.length];
    double[][][] levelAcc = new double[5][RULES.length][ns.length];
    for (int r = 0; r < RULES.length; r++) {
      for (int k = 0; k < ns.length; k++) {
        acc[r][k] = hits[r][k] / runs;
        for (int l = 0; l < 5; l++) levelAcc[l][r][k] = levelRuns[l] == 0 ? Double.NaN : levelHits[l][r][k] / levelRuns[l];
      }
    }
    double[] level = new double[5];
    double correct = 0;
    for (int l = 0; l < 5; l++) {
      level[l] = levelSamples[l] == 0 ? Double.NaN : levelCorrect[l] / levelSamples[l];
      correct += levelCorrect[l];
    }
    return new Figures(ns, acc, correct / solutions, level, levelAcc, (double) tokens / solutions,
        (double) steps / solutions);
  }

  /** {@code eq} with its keys remembered: the harness asks for the same answers' keys many times. */
  private static AnswerEquivalence memoized(AnswerEquivalence eq) {
    java.util.Map<String, String> keys = new java.util.HashMap<>();
    return answer -> keys.computeIfAbsent(answer, eq::key);
  }

  /** Prints the figures of the preset named by the first argument (default: both presets). */
  public static void main(String[] args) {
    List<String> names = args.length > 0 ? List.of(args[0]) : SimulatorPreset.names();
    for (String name : names) {
      SimulatorPreset preset = SimulatorPreset.named(name);
      long start = System.nanoTime();
      Figures f;
      if (name.equals("qwen-math-cot")) {
        f = evaluate(preset, Datasets.load(preset.dataset()), new long[] {1, 2, 3, 4, 5, 6, 7, 8}, new int[] {1, 8});
      } else {
        f = evaluate(preset, Datasets.load(preset.dataset()), new long[] {1, 2, 3},
            new int[] {1, 2, 4, 8, 16, 32, 64});
      }
      System.out.printf(Locale.ROOT, "== %s (%.1f s)%n%s", name, (System.nanoTime() - start) / 1e9, f.describe());
    }
  }
}
