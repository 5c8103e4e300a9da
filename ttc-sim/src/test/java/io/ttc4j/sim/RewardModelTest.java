package io.ttc4j.sim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.ttc4j.core.Continuation;
import io.ttc4j.core.Generator;
import io.ttc4j.core.Problem;
import io.ttc4j.core.ProcessRewardModel;
import io.ttc4j.core.RewardScores;
import io.ttc4j.core.SamplingSpec;
import io.ttc4j.core.Step;
import io.ttc4j.core.StepEnd;
import io.ttc4j.core.Trajectory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RewardModelTest {

  private static List<Trajectory> solutions(Generator g, Problem p, int n, long seed) {
    List<Trajectory> out = new ArrayList<>();
    for (Continuation c : g.generate(p, Trajectory.empty(), SamplingSpec.toEnd(n, 0.8, 4096, seed)).join()
        .continuations()) {
      out.add(Trajectory.empty().appendAll(c.steps()));
    }
    return out;
  }

  @Test
  void scoresOneValueInZeroOneForEveryStepAndCountsTrajectories() {
    Simulator sim = Fixtures.math500Sim(1);
    Problem p = Fixtures.math500().get(10);
    List<Trajectory> ts = solutions(sim.generator(), p, 7, 3);
    ts.add(Trajectory.empty());
    RewardScores r = sim.prm().score(p, ts).join();
    assertEquals(8, r.usage().prmCalls());
    assertEquals(0, r.usage().generations());
    for (int i = 0; i < ts.size(); i++) {
      double[] s = r.stepScores().get(i);
      assertEquals(ts.get(i).depth(), s.length);
      for (double v : s) {
        assertTrue(v > 0 && v < 1, "score " + v);
      }
    }
  }

  @Test
  void samePrefixSameScoresWhateverTheBatchOrderOrSeed() {
    qt().withExamples(100).forAll(integers().between(0, 499), longs().all(), integers().between(2, 8))
        .checkAssert((index, seed, n) -> {
          Problem p = Fixtures.math500().get(index);
          Simulator sim = Fixtures.math500Sim(seed);
          ProcessRewardModel prm = sim.prm();
          List<Trajectory> ts = solutions(sim.generator(), p, n, seed);
          List<double[]> batch = prm.score(p, ts).join().stepScores();
          List<Trajectory> reversed = new ArrayList<>(ts);
          Collections.reverse(reversed);
          List<double[]> backwards = prm.score(p, reversed).join().stepScores();
          ProcessRewardModel other = Fixtures.math500Sim(seed + 1).prm();
          for (int i = 0; i < n; i++) {
            Trajectory t = ts.get(i);
            assertArrayEquals(batch.get(i), backwards.get(n - 1 - i));
            assertArrayEquals(batch.get(i), prm.score(p, List.of(t)).join().stepScores().get(0));
            assertArrayEquals(batch.get(i), other.score(p, List.of(t)).join().stepScores().get(0));
            // a prefix gets the scores its steps had in the whole trajectory
            Trajectory prefix = t.parent();
            double[] ps = prm.score(p, List.of(prefix)).join().stepScores().get(0);
            for (int j = 0; j < ps.length; j++) {
              assertEquals(batch.get(i)[j], ps[j]);
            }
          }
        });
  }

  @Test
  void separatesRightFromWrongWithSystematicErrors() {
    Simulator sim = Fixtures.math500Sim(2);
    Generator g = sim.generator();
    ProcessRewardModel prm = sim.prm();
    List<Double> right = new ArrayList<>();
    List<Double> wrong = new ArrayList<>();
    double deceivedSum = 0;
    int deceived = 0;
    double noticedSum = 0;
    int noticed = 0;
    // per (problem, deceptive wrong answer): its scores are high on every path that reaches it
    Map<String, List<Double>> deceptiveAnswers = new HashMap<>();
    for (Problem p : Fixtures.math500()) {
      List<Trajectory> ts = solutions(g, p, 8, 5);
      List<double[]> scores = prm.score(p, ts).join().stepScores();
      for (int i = 0; i < ts.size(); i++) {
        double[] s = scores.get(i);
        double last = s[s.length - 1];
        TrajectoryTruth truth = sim.truth(p, ts.get(i));
        if (truth.correct()) {
          right.add(last);
        } else {
          wrong.add(last);
          if (truth.prmDeceived()) {
            deceivedSum += last;
            deceived++;
          } else {
            noticedSum += last;
            noticed++;
          }
        }
      }
    }
    double auc = auc(right, wrong);
    assertTrue(auc > 0.8 && auc < 0.97, "AUC of the last-step score " + auc);
    double meanRight = right.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    assertTrue(deceived > 50, "deceived wrong solutions: " + deceived);
    assertTrue(deceivedSum / deceived > meanRight - 0.05, "deceived " + deceivedSum / deceived + ", right " + meanRight);
    assertTrue(noticedSum / noticed < meanRight - 0.4, "noticed " + noticedSum / noticed + ", right " + meanRight);
  }

  @Test
  void errorsAreNoticedAfterTheyHappen() {
    Simulator sim = Fixtures.math500Sim(3);
    ProcessRewardModel prm = sim.prm();
    double before = 0;
    int nBefore = 0;
    double after = 0;
    int nAfter = 0;
    for (Problem p : Fixtures.math500().subList(0, 200)) {
      List<Trajectory> ts = solutions(sim.generator(), p, 8, 1);
      List<double[]> scores = prm.score(p, ts).join().stepScores();
      for (int i = 0; i < ts.size(); i++) {
        TrajectoryTruth truth = sim.truth(p, ts.get(i));
        if (truth.correct() || truth.prmDeceived()) continue;
        double[] s = scores.get(i);
        for (int j = 0; j < s.length - 1; j++) {
          if (j < truth.firstErrorStep()) {
            before += s[j];
            nBefore++;
          } else {
            after += s[j];
            nAfter++;
          }
        }
      }
    }
    assertTrue(after / nAfter < before / nBefore - 0.2, "before " + before / nBefore + ", after " + after / nAfter);
  }

  @Test
  void foreignTrajectoriesFailFast() {
    Simulator sim = Fixtures.math500Sim(1);
    Problem p = Fixtures.math500().get(0);
    Trajectory foreign = Trajectory.empty().append(Step.of("[#0123456789abcdef] Step 1: hm", 5, StepEnd.STEP_BOUNDARY));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> sim.prm().score(p, List.of(foreign)));
    assertTrue(e.getMessage().contains(p.id()), e.getMessage());
  }

  private static double auc(List<Double> positives, List<Double> negatives) {
    double wins = 0;
    List<Double> neg = new ArrayList<>(negatives);
    Collections.sort(neg);
    for (double x : positives) {
      int lo = lowerBound(neg, x);
      int hi = lowerBound(neg, Math.nextUp(x));
      wins += lo + 0.5 * (hi - lo);
    }
    return wins / ((double) positives.size() * negatives.size());
  }

  private static int lowerBound(List<Double> sorted, double x) {
    int lo = 0;
    int hi = sorted.size();
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted.get(mid) < x) lo = mid + 1; else hi = mid;
    }
    return lo;
  }
}
