package io.ttc4j.prm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.ttc4j.core.ProcessRewardModel;
import io.ttc4j.core.Problem;
import io.ttc4j.core.RewardScores;
import io.ttc4j.core.Trajectory;
import io.ttc4j.core.Usage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class PrmMetricsTest {

  private static ScoredSolution solution(String id, int firstError, boolean correct, double... scores) {
    List<String> steps = new ArrayList<>();
    for (int i = 0; i < scores.length; i++) {
      steps.add(id + " step " + i);
    }
    return new ScoredSolution(new LabelledSolution(id, "q", steps, firstError, correct), scores);
  }

  /** The small table: at 0.5, one of two erroneous and one of two error-free solutions are right. */
  private static final List<ScoredSolution> TABLE = List.of(
      solution("s1", 1, false, 0.9, 0.3, 0.8),
      solution("s2", 1, true, 0.9, 0.8, 0.2),
      solution("s3", -1, true, 0.9, 0.7),
      solution("s4", -1, false, 0.4, 0.9));

  @Test
  void aucOfPerfectReversedAndTiedScorers() {
    boolean[] pos = {false, false, true, true};
    assertEquals(1.0, PrmMetrics.rocAuc(new double[] {0.1, 0.2, 0.8, 0.9}, pos));
    assertEquals(0.0, PrmMetrics.rocAuc(new double[] {0.9, 0.8, 0.2, 0.1}, pos));
    assertEquals(0.5, PrmMetrics.rocAuc(new double[] {0.5, 0.5, 0.5, 0.5}, pos));
    assertEquals(0.75, PrmMetrics.rocAuc(new double[] {0.1, 0.4, 0.35, 0.8}, pos));
    assertEquals(0.75, PrmMetrics.rocAuc(new double[] {0.5, 0.5, 0.7}, new boolean[] {true, false, true}), "a tie counts 1/2");
    assertTrue(Double.isNaN(PrmMetrics.rocAuc(new double[] {0.5, 0.7}, new boolean[] {true, true})));
    assertEquals(1.0, PrmMetrics.rocAuc(new double[] {Double.NEGATIVE_INFINITY, 0}, new boolean[] {false, true}));
  }

  @Test
  void aucIsTheMannWhitneyProbability() {
    qt().withExamples(300).forAll(longs().all(), integers().between(1, 60)).checkAssert((seed, n) -> {
      SplittableRandom r = new SplittableRandom(seed);
      double[] s = new double[n];
      double[] neg = new double[n];
      boolean[] pos = new boolean[n];
      for (int i = 0; i < n; i++) {
        s[i] = r.nextInt(8) / 8.0;
        neg[i] = -s[i];
        pos[i] = r.nextBoolean();
      }
      double wins = 0;
      long pairs = 0;
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          if (pos[i] && !pos[j]) {
            pairs++;
            wins += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
          }
        }
      }
      double auc = PrmMetrics.rocAuc(s, pos);
      if (pairs == 0) {
        assertTrue(Double.isNaN(auc));
      } else {
        assertEquals(wins / pairs, auc, 1e-12);
        assertEquals(1 - auc, PrmMetrics.rocAuc(neg, pos), 1e-12);
      }
    });
  }

  @Test
  void stepAucUsesStepsUpToTheFirstError() {
    // correct steps: s1[0]=0.9, s2[0]=0.9, s3 0.9 0.7, s4 0.4 0.9; errors: s1[1]=0.3, s2[1]=0.8
    // pairs (6 correct x 2 errors): vs 0.3 all 6 win; vs 0.8: 0.9 x4 win, 0.7 and 0.4 lose -> 10 / 12
    assertEquals(10.0 / 12, PrmMetrics.stepAuc(TABLE), 1e-12);
  }

  @Test
  void outcomeAucUsesTheAggregateAndFinalCorrectness() {
    // correct: s2 (min 0.2), s3 (min 0.7); wrong: s1 (min 0.3), s4 (min 0.4) -> wins: 0.7 > both, 0.2 < both
    assertEquals(0.5, PrmMetrics.outcomeAuc(TABLE, StepAggregation.MIN));
    // last: correct 0.2, 0.7 vs wrong 0.8, 0.9 -> 0
    assertEquals(0.0, PrmMetrics.outcomeAuc(TABLE, StepAggregation.LAST));
  }

  @Test
  void firstErrorF1OnASmallTable() {
    FirstErrorF1 at = PrmMetrics.firstErrorF1(TABLE, 0.5);
    assertEquals(new FirstErrorF1(0.5, 0.5, 0.5, 0.5, 2, 2), at);
    FirstErrorF1 best = PrmMetrics.bestFirstErrorF1(TABLE);
    assertEquals(0.4, best.threshold(), "F1 is best for thresholds in (0.3, 0.4]");
    assertEquals(0.5, best.erroneousAccuracy());
    assertEquals(1.0, best.correctAccuracy());
    assertEquals(2.0 / 3, best.f1(), 1e-12);
    assertEquals(1, PrmMetrics.predictFirstError(new double[] {0.9, 0.3, 0.1}, 0.5));
    assertEquals(-1, PrmMetrics.predictFirstError(new double[] {0.9, 0.5}, 0.5), "only strictly below flags");
  }

  @Test
  void bestThresholdIsTheBruteForceOptimum() {
    qt().withExamples(200).forAll(longs().all(), integers().between(1, 25)).checkAssert((seed, n) -> {
      SplittableRandom r = new SplittableRandom(seed);
      List<ScoredSolution> list = new ArrayList<>();
      TreeSet<Double> values = new TreeSet<>();
      for (int i = 0; i < n; i++) {
        double[] s = new double[1 + r.nextInt(5)];
        for (int j = 0; j < s.length; j++) {
          s[j] = r.nextInt(10) / 10.0;
          values.add(s[j]);
        }
        list.add(solution("x" + i, r.nextInt(3) == 0 ? -1 : r.nextInt(s.length), true, s));
      }
      FirstErrorF1 best = PrmMetrics.bestFirstErrorF1(list);
      if (Double.isNaN(best.f1())) {
        return;
      }
      double bruteForce = 0;
      List<Double> tries = new ArrayList<>(values);
      tries.add(values.first() - 1);
      tries.add(values.last() + 1);
      for (double v : values) {
        tries.add(v + 0.05);
      }
      for (double t : tries) {
        bruteForce = Math.max(bruteForce, PrmMetrics.firstErrorF1(list, t).f1());
      }
      assertEquals(bruteForce, best.f1(), 1e-12);
      if (Double.isFinite(best.threshold())) {
        assertEquals(best.f1(), PrmMetrics.firstErrorF1(list, best.threshold()).f1(), 1e-12, "reproducible");
      }
    });
  }

  @Test
  void f1IsUndefinedWithoutBothKindsOfSolution() {
    List<ScoredSolution> onlyErrors = List.of(solution("e", 0, false, 0.1));
    assertTrue(Double.isNaN(PrmMetrics.firstErrorF1(onlyErrors, 0.5).f1()));
    assertEquals(1.0, PrmMetrics.firstErrorF1(onlyErrors, 0.5).erroneousAccuracy());
    assertTrue(Double.isNaN(PrmMetrics.bestFirstErrorF1(onlyErrors).threshold()));
  }

  @Test
  void evaluateCollectsEverything() {
    Map<String, double[]> table = new HashMap<>();
    List<LabelledSolution> labelled = new ArrayList<>();
    for (ScoredSolution s : TABLE) {
      table.put(s.solution().id(), s.stepScores());
      labelled.add(s.solution());
    }
    PrmEvaluation e = PrmMetrics.evaluate(labelled, sol -> table.get(sol.id()));
    assertEquals(4, e.solutions());
    assertEquals(2, e.erroneousSolutions());
    assertEquals(8, e.labelledSteps());
    assertEquals(10.0 / 12, e.stepAuc(), 1e-12);
    assertEquals(StepAggregation.MIN, e.aggregation());
    assertEquals(0.5, e.outcomeAuc());
    assertEquals(0.5, e.atThreshold().f1());
    assertEquals(2.0 / 3, e.best().f1(), 1e-12);
    assertTrue(e.summary().contains("step AUC 0.8333"), e.summary());
  }

  @Test
  void scoresWithARewardModelAndBoundedConcurrency() {
    FakePrm prm = FakePrm.manual();
    List<LabelledSolution> labelled = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      labelled.add(new LabelledSolution("s" + i, "q", List.of("a" + i, "b" + i), i % 2 == 0 ? -1 : 1, i % 2 == 0));
    }
    CompletableFuture<List<ScoredSolution>> f = PrmMetrics.score(labelled, prm, 3);
    int rounds = 0;
    while (!f.isDone()) {
      assertTrue(prm.pending.size() <= 3, "at most 3 in flight");
      prm.completeAll();
      rounds++;
    }
    assertEquals(3, rounds);
    List<ScoredSolution> scored = f.join();
    for (int i = 0; i < 7; i++) {
      LabelledSolution s = labelled.get(i);
      assertEquals(s, scored.get(i).solution());
      assertEquals(java.util.Arrays.toString(FakePrm.scores(s.problem(), s.trajectory())),
          java.util.Arrays.toString(scored.get(i).stepScores()));
    }
    // an immediate reward model completes synchronously without deep recursion
    List<LabelledSolution> many = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      many.add(new LabelledSolution("m" + i, "", List.of("x"), -1, true));
    }
    assertEquals(20_000, PrmMetrics.score(many, FakePrm.immediate(), 4).join().size());
  }

  @Test
  void aFailingRewardModelNamesTheSolution() {
    ProcessRewardModel broken = new ProcessRewardModel() {
      @Override
      public CompletableFuture<RewardScores> score(Problem problem, List<Trajectory> ts) {
        if (problem.id().equals("bad")) {
          return CompletableFuture.completedFuture(new RewardScores(List.of(new double[] {Double.NaN}), Usage.ZERO));
        }
        return CompletableFuture.completedFuture(new RewardScores(List.of(new double[] {0.5}), Usage.ZERO));
      }
    };
    List<LabelledSolution> labelled = List.of(
        new LabelledSolution("good", "", List.of("x"), -1, true), new LabelledSolution("bad", "", List.of("x"), -1, true));
    CompletionException e = assertThrows(CompletionException.class, () -> PrmMetrics.score(labelled, broken, 1).join());
    assertEquals("stepScores[0] of solution 'bad' must be finite, got NaN", e.getCause().getMessage());
  }

  @Test
  void validatesArguments() {
    assertEquals("scored must hold at least one solution", assertThrows(IllegalArgumentException.class,
        () -> PrmMetrics.stepAuc(List.of())).getMessage());
    assertEquals("threshold must be finite, got NaN", assertThrows(IllegalArgumentException.class,
        () -> PrmMetrics.firstErrorF1(TABLE, Double.NaN)).getMessage());
    assertEquals("firstError of solution 'x' must be -1 (no error) or a step index in [0, 1], got 2",
        assertThrows(IllegalArgumentException.class,
            () -> new LabelledSolution("x", "", List.of("a", "b"), 2, false)).getMessage());
    assertEquals("stepScores of solution 'x' must have one score per step (2), got 1",
        assertThrows(IllegalArgumentException.class, () -> new ScoredSolution(
            new LabelledSolution("x", "", List.of("a", "b"), -1, true), new double[1])).getMessage());
    assertEquals("maxInFlight must be >= 1, got 0", assertThrows(IllegalArgumentException.class,
        () -> PrmMetrics.score(List.of(), FakePrm.immediate(), 0)).getMessage());
  }
}
