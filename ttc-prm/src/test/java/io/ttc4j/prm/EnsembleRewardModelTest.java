package io.ttc4j.prm;

import static io.ttc4j.prm.FakePrm.step;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ttc4j.core.ProcessRewardModel;
import io.ttc4j.core.Problem;
import io.ttc4j.core.RewardScores;
import io.ttc4j.core.Trajectory;
import io.ttc4j.core.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class EnsembleRewardModelTest {

  private static final Problem P = Problem.of("p", "prompt");
  private static final Trajectory T = Trajectory.empty().append(step("a")).append(step("b")).append(step("c"));

  /** A PRM that gives every trajectory the same step scores (cut to its depth). */
  private static ProcessRewardModel fixed(String name, double... scores) {
    return new ProcessRewardModel() {
      @Override
      public CompletableFuture<RewardScores> score(Problem problem, List<Trajectory> ts) {
        List<double[]> out = new ArrayList<>();
        for (Trajectory t : ts) {
          out.add(java.util.Arrays.copyOf(scores, t.depth()));
        }
        return CompletableFuture.completedFuture(new RewardScores(out, Usage.ofPrmCalls(ts.size())));
      }

      @Override
      public String name() {
        return name;
      }
    };
  }

  private static final ProcessRewardModel A = fixed("a", 0.9, 0.2, 0.6);
  private static final ProcessRewardModel B = fixed("b", 0.7, 0.4, Double.NaN);
  private static final ProcessRewardModel C = fixed("c", 0.3, 0.8, 0.9);

  @Test
  void mean() {
    RewardScores r = EnsembleRewardModel.mean(List.of(A, B, C)).score(P, List.of(T, T.parent())).join();
    assertArrayEquals(new double[] {(0.9 + 0.7 + 0.3) / 3, (0.2 + 0.4 + 0.8) / 3, (0.6 + 0.9) / 2},
        r.stepScores().get(0), 1e-12);
    assertEquals(2, r.stepScores().get(1).length);
    assertEquals(6, r.usage().prmCalls(), "the members' usages add up");
  }

  @Test
  void min() {
    RewardScores r = EnsembleRewardModel.min(List.of(A, B, C)).score(P, List.of(T)).join();
    assertArrayEquals(new double[] {0.3, 0.2, 0.6}, r.stepScores().get(0));
  }

  @Test
  void vote() {
    RewardScores r = EnsembleRewardModel.vote(List.of(A, B, C), 0.5).score(P, List.of(T)).join();
    assertArrayEquals(new double[] {2.0 / 3, 1.0 / 3, 2.0 / 2}, r.stepScores().get(0), 1e-12);
  }

  @Test
  void aStepNoMemberScoredIsNaN() {
    RewardScores r = EnsembleRewardModel.mean(List.of(B, B)).score(P, List.of(T)).join();
    assertTrue(Double.isNaN(r.stepScores().get(0)[2]));
  }

  @Test
  void failsWhenAMemberFails() {
    ProcessRewardModel broken = (p, ts) -> CompletableFuture.failedFuture(new IllegalStateException("boom"));
    CompletionException e = assertThrows(CompletionException.class,
        () -> EnsembleRewardModel.mean(List.of(A, broken)).score(P, List.of(T)).join());
    assertEquals("boom", e.getCause().getMessage());
  }

  @Test
  void validatesArguments() {
    assertEquals("members must not be empty", assertThrows(IllegalArgumentException.class,
        () -> EnsembleRewardModel.mean(List.of())).getMessage());
    assertEquals("threshold must be finite, got NaN", assertThrows(IllegalArgumentException.class,
        () -> EnsembleRewardModel.vote(List.of(A), Double.NaN)).getMessage());
    assertEquals("ensemble-vote(a,b)", EnsembleRewardModel.vote(List.of(A, B), 0.5).name());
  }
}
