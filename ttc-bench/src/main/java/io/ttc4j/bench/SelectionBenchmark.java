package io.ttc4j.bench;

import io.ttc4j.core.AnswerEquivalence;
import io.ttc4j.core.Candidate;
import io.ttc4j.core.Selection;
import io.ttc4j.core.Step;
import io.ttc4j.core.StepEnd;
import io.ttc4j.core.Trajectory;
import io.ttc4j.datasets.MathAnswers;
import java.util.ArrayList;
import java.util.List;
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
 * Weighted and majority votes over N finished candidates, with exact-string votes and with the
 * math grader's equivalence (LaTeX normalisation, numeric comparison), which is what a MATH-500
 * sweep pays per selection. Answers are drawn from a realistic mix: a few distinct values in
 * several spellings ({@code \frac{1}{2}}, {@code 0.5}, {@code 1/2}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SelectionBenchmark {

  /** Candidates per vote. */
  @Param({"16", "256"})
  public int n;

  /** {@code exact} or {@code math}. */
  @Param({"exact", "math"})
  public String equivalence;

  private List<Candidate> candidates;
  private AnswerEquivalence eq;

  /** Seeded candidates. */
  @Setup
  public void setup() {
    String[][] spellings = {{"\\frac{1}{2}", "0.5", "1/2"}, {"3", "3.0", "\\boxed{3}"}, {"\\sqrt{2}", "\\sqrt 2"},
        {"-4", "-4.0"}, {"\\pi", "\\pi"}};
    SplittableRandom r = new SplittableRandom(7);
    candidates = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String[] s = spellings[Math.min(spellings.length - 1, (int) Math.floor(-Math.log(r.nextDouble()) * 1.5))];
      String answer = s[r.nextInt(s.length)];
      Trajectory t = Trajectory.empty().append(Step.of("So the answer is " + answer + ".", 12, StepEnd.END_OF_SOLUTION));
      double score = r.nextDouble();
      candidates.add(new Candidate(i, t, answer, new double[] {score}, score));
    }
    eq = equivalence.equals("math") ? MathAnswers.equivalence() : AnswerEquivalence.EXACT;
  }

  /** PRM-weighted vote. */
  @Benchmark
  public int weighted() {
    return Selection.WEIGHTED.select(candidates, eq, null);
  }

  /** Majority vote. */
  @Benchmark
  public int majority() {
    return Selection.MAJORITY.select(candidates, eq, null);
  }
}
