package io.ttc4j.eval.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.ttc4j.core.AnswerEquivalence;
import io.ttc4j.core.Candidate;
import io.ttc4j.core.Selection;
import io.ttc4j.core.Step;
import io.ttc4j.core.StepEnd;
import io.ttc4j.core.Trajectory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The estimators against brute force: every ordered k-tuple of distinct samples, in that order,
 * through core {@link Selection} itself.
 */
class UnbiasedAtKTest {

  /** Ordered k-tuples enumerated per (set, k) at most; larger k are checked against subset enumeration. */
  private static final long MAX_TUPLES = 20_000;

  /** A random world of up to 10 samples: few answers (so votes tie), dyadic scores (so sums tie exactly). */
  private static final class World {
    final List<Candidate> candidates = new ArrayList<>();
    final boolean[] correct;
    final SampleSet set;

    World(int n, long seed, boolean labelsPerSample) {
      Random r = new Random(seed);
      correct = new boolean[n];
      String[] answers = {"a", "b", "c", "d"};
      int alphabet = 1 + r.nextInt(answers.length);
      double noAnswer = r.nextDouble() * 0.4;
      for (int i = 0; i < n; i++) {
        String answer = r.nextDouble() < noAnswer ? null : answers[r.nextInt(alphabet)];
        double score = r.nextInt(5) / 4.0;
        Trajectory t = Trajectory.of(List.of(Step.of("s" + i, 10, StepEnd.END_OF_SOLUTION)));
        candidates.add(new Candidate(i, t, answer, null, score));
        correct[i] = labelsPerSample ? r.nextDouble() < 0.4 : "a".equals(answer);
      }
      set = SampleSet.of("world-" + seed, candidates, AnswerEquivalence.EXACT, correctness());
    }

    Predicate<Candidate> correctness() {
      return c -> correct[c.index()];
    }

    /** The mean correctness of {@code rule} over every ordered k-tuple, through core Selection. */
    double bruteForce(Selection rule, int k) {
      int n = candidates.size();
      double[] sum = {0};
      long[] count = {0};
      tuples(new int[k], 0, new boolean[n], n, (tuple) -> {
        List<Candidate> chosen = new ArrayList<>(k);
        for (int i : tuple) chosen.add(candidates.get(i));
        int pos = rule.select(chosen, AnswerEquivalence.EXACT, correctness());
        if (pos >= 0 && correct[chosen.get(pos).index()]) sum[0]++;
        count[0]++;
      });
      return sum[0] / count[0];
    }

    private static void tuples(int[] tuple, int depth, boolean[] used, int n, java.util.function.Consumer<int[]> f) {
      if (depth == tuple.length) {
        f.accept(tuple);
        return;
      }
      for (int i = 0; i < n; i++) {
        if (used[i]) continue;
        used[i] = true;
        tuple[depth] = i;
        tuples(tuple, depth + 1, used, n, f);
        used[i] = false;
      }
    }
  }

  private static long orderedTuples(int n, int k) {
    long t = 1;
    for (int i = 0; i < k; i++) t *= n - i;
    return t;
  }

  /** Enumerates every subset (exact) whatever its count. */
  private static final MonteCarlo ENUMERATE_ALL = new MonteCarlo(Integer.MAX_VALUE, 0);

  @Test
  void everyRuleEqualsBruteForceOverOrderedTuples() {
    qt().withExamples(60).forAll(integers().between(1, 10), longs().all(), integers().between(0, 1))
        .checkAssert((n, seed, labels) -> {
          World w = new World(n, seed, labels == 1);
          for (int k = 1; k <= n; k++) {
            for (Selection rule : Selection.values()) {
              Estimate e = UnbiasedAtK.estimate(rule, w.set, k, ENUMERATE_ALL);
              assertTrue(e.isExact(), rule + "@" + k);
              double expected = orderedTuples(n, k) <= MAX_TUPLES
                  ? w.bruteForce(rule, k)
                  : UnbiasedAtK.bySubsets(rule, w.set, k, ENUMERATE_ALL).value();
              assertEquals(expected, e.value(), 1e-12, rule + "@" + k + " on " + w.set + " seed " + seed);
            }
          }
        });
  }

  @Test
  void subsetValuesAverageTheRuleOverEveryOrder() {
    // the order-averaged value of one subset, against every permutation of it through core Selection
    qt().withExamples(100).forAll(integers().between(1, 6), longs().all()).checkAssert((n, seed) -> {
      World w = new World(n, seed, true);
      int[] all = new int[n];
      for (int i = 0; i < n; i++) all[i] = i;
      for (Selection rule : Selection.values()) {
        assertEquals(w.bruteForce(rule, n), UnbiasedAtK.subsetValue(rule, w.set, all, n), 1e-12, rule.toString());
      }
    });
  }

  @Test
  void passAtKMatchesTheBinomialRatio() {
    qt().forAll(integers().between(1, 60), integers().between(0, 1000), integers().between(0, 1000))
        .checkAssert((n, cRaw, kRaw) -> {
          int c = cRaw % (n + 1);
          int k = 1 + kRaw % n;
          double expected = n - c < k ? 1
              : 1 - org.apache.commons.math3.util.CombinatoricsUtils.binomialCoefficientDouble(n - c, k)
                  / org.apache.commons.math3.util.CombinatoricsUtils.binomialCoefficientDouble(n, k);
          assertEquals(expected, UnbiasedAtK.passAtK(n, c, k), 1e-12, "n=" + n + " c=" + c + " k=" + k);
        });
    // large N stays finite and exact at the ends
    assertEquals(1.0, UnbiasedAtK.passAtK(10_000, 5000, 5001), 0);
    assertEquals(0.0, UnbiasedAtK.passAtK(10_000, 0, 256), 0);
    assertEquals(0.5, UnbiasedAtK.passAtK(256, 128, 1), 1e-15);
  }

  @Test
  void knownValues() {
    // 4 samples: answers a, a, b, b; a is right. majority@2: {a,a} 1, {b,b} 0, four mixed pairs 1/2 each
    SampleSet s = SampleSet.of("x", new int[] {0, 0, 1, 1}, new double[] {0.1, 0.2, 0.9, 0.3},
        new boolean[] {true, true, false, false});
    assertEquals((1 + 0 + 4 * 0.5) / 6, UnbiasedAtK.majority(s, 2), 1e-15);
    assertEquals(0.5, UnbiasedAtK.majority(s, 4), 1e-15);
    // naive@1 = c/N; naive@4 picks the 0.9 (wrong)
    assertEquals(0.5, UnbiasedAtK.naive(s, 1), 1e-15);
    assertEquals(0.0, UnbiasedAtK.naive(s, 4), 1e-15);
    assertEquals(5.0 / 6, UnbiasedAtK.passAtK(4, 2, 2), 1e-15);
  }

  @Test
  void majorityIsExactAndFastAtLargeN() {
    // 256 samples: a 40% right answer against 30 scattered wrong ones
    Random r = new Random(7);
    int n = 256;
    int[] group = new int[n];
    double[] score = new double[n];
    boolean[] correct = new boolean[n];
    for (int i = 0; i < n; i++) {
      boolean right = r.nextDouble() < 0.4;
      group[i] = right ? 0 : 1 + (int) Math.floor(30 * Math.pow(r.nextDouble(), 2));
      correct[i] = right;
      score[i] = r.nextDouble();
    }
    SampleSet s = SampleSet.of("big", group, score, correct);
    long start = System.nanoTime();
    double previous = -1;
    for (int k = 1; k <= n; k *= 2) {
      double exact = UnbiasedAtK.majority(s, k);
      Estimate mc = UnbiasedAtK.bySubsets(Selection.MAJORITY, s, k, new MonteCarlo(4000, 3));
      assertTrue(Math.abs(exact - mc.value()) <= 5 * mc.standardError() + 1e-3,
          "k=" + k + ": exact " + exact + " vs Monte Carlo " + mc);
      assertTrue(exact >= previous - 0.02, "majority should not fall much with k here: " + previous + " -> " + exact);
      previous = exact;
    }
    assertEquals(1.0, UnbiasedAtK.majority(s, n), 1e-9, "all 256: the right answer is the plurality");
    assertTrue(System.nanoTime() - start < 10_000_000_000L, "took " + (System.nanoTime() - start) / 1e9 + " s");
  }

  @Test
  void weightedMonteCarloIsSeededAndAgreesWithEnumeration() {
    World w = new World(10, 42, false);
    // C(10, 5) = 252 subsets, more than 200 draws: Monte Carlo
    MonteCarlo mc = new MonteCarlo(200, 11);
    Estimate a = UnbiasedAtK.weighted(w.set, 5, mc);
    Estimate b = UnbiasedAtK.weighted(w.set, 5, mc);
    assertEquals(a, b);
    assertEquals(200, a.draws());
    assertTrue(a.standardError() > 0, a.toString());
    double exact = UnbiasedAtK.bySubsets(Selection.WEIGHTED, w.set, 5, ENUMERATE_ALL).value();
    assertTrue(Math.abs(a.value() - exact) <= 5 * a.standardError() + 1e-12, a + " vs " + exact);
    assertTrue(!UnbiasedAtK.weighted(w.set, 5, new MonteCarlo(200, 12)).equals(a), "another seed, other draws");
    // C(10, 9) = 10 subsets fit in the draws: enumerated, exact
    assertTrue(UnbiasedAtK.weighted(w.set, 9, mc).isExact());
  }

  @Test
  void badArgumentsAreNamed() {
    SampleSet s = SampleSet.of("x", new int[] {0, -1}, new double[] {0.5, Double.NaN}, new boolean[] {true, false});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> UnbiasedAtK.naive(s, 3));
    assertTrue(e.getMessage().contains("k must be in [1, N=2], got 3"), e.getMessage());
    SampleSet unscored = SampleSet.of("y", new int[] {0, 1}, new double[] {0.5, Double.NaN}, new boolean[] {true, false});
    e = assertThrows(IllegalArgumentException.class, () -> UnbiasedAtK.naive(unscored, 1));
    assertTrue(e.getMessage().contains("sample 1 of 'y'"), e.getMessage());
    // an unscored sample without answer is fine
    assertEquals(0.5, UnbiasedAtK.naive(s, 1), 1e-15);
    e = assertThrows(IllegalArgumentException.class, () -> SampleSet.of("z", new int[] {0}, new double[] {0, 1},
        new boolean[] {true}));
    assertTrue(e.getMessage().contains("equal lengths"), e.getMessage());
  }
}
