package io.ttc4j.bench;

import io.ttc4j.core.Selection;
import io.ttc4j.eval.stats.Estimate;
import io.ttc4j.eval.stats.MonteCarlo;
import io.ttc4j.eval.stats.SampleSet;
import io.ttc4j.eval.stats.UnbiasedAtK;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The unbiased rule@k estimators on one problem's N = 256 recorded samples: majority@k is exact
 * (combinatorial), weighted@k is Monte Carlo over k-subsets. A report evaluates every rule at every
 * k for every (problem, seed), so this bounds how long {@code ttc report} takes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AtKBenchmark {

  /** The k of rule@k. */
  @Param({"4", "64"})
  public int k;

  private SampleSet set;

  /** 256 samples over 12 answer groups, 30% of them right, scores correlated with correctness. */
  @Setup
  public void setup() {
    int n = 256;
    SplittableRandom r = new SplittableRandom(11);
    int[] group = new int[n];
    double[] score = new double[n];
    boolean[] correct = new boolean[n];
    for (int i = 0; i < n; i++) {
      boolean right = r.nextDouble() < 0.3;
      group[i] = right ? 0 : 1 + r.nextInt(11);
      correct[i] = right;
      score[i] = Math.min(1, Math.max(0, (right ? 0.65 : 0.45) + 0.2 * (r.nextDouble() - 0.5)));
    }
    set = SampleSet.of("bench", group, score, correct);
  }

  /** Exact majority@k. */
  @Benchmark
  public double majority() {
    return UnbiasedAtK.majority(set, k);
  }

  /** Monte Carlo weighted@k with the report's default draws. */
  @Benchmark
  public Estimate weighted() {
    return UnbiasedAtK.estimate(Selection.WEIGHTED, set, k, MonteCarlo.defaults());
  }
}
