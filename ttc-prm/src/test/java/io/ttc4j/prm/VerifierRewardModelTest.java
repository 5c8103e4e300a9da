package io.ttc4j.prm;

import static io.ttc4j.prm.FakePrm.last;
import static io.ttc4j.prm.FakePrm.step;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ttc4j.core.AnswerEquivalence;
import io.ttc4j.core.AnswerExtractor;
import io.ttc4j.core.Problem;
import io.ttc4j.core.RewardScores;
import io.ttc4j.core.Step;
import io.ttc4j.core.StepEnd;
import io.ttc4j.core.Trajectory;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class VerifierRewardModelTest {

  private static final AnswerExtractor AFTER_EQUALS = text -> {
    int i = text.lastIndexOf("= ");
    return i < 0 ? Optional.empty() : Optional.of(text.substring(i + 2).strip());
  };
  private static final Problem P = Problem.of("p", "2 + 2?", "4");

  @Test
  void scoresTheLastStepOfFinishedTrajectoriesAndIsNeutralElsewhere() {
    VerifierRewardModel prm = VerifierRewardModel.of(Verifiers.reference(AnswerEquivalence.EXACT), AFTER_EQUALS);
    Trajectory partial = Trajectory.empty().append(step("think"));
    Trajectory right = partial.append(last("so 2 + 2 = 4"));
    Trajectory wrong = partial.append(last("so 2 + 2 = 5"));
    Trajectory silent = partial.append(last("I give up"));
    Trajectory cut = partial.append(Step.of("so 2 + 2 = 4", 3, StepEnd.LENGTH));
    RewardScores r = prm.score(P, List.of(partial, right, wrong, silent, cut, Trajectory.empty())).join();
    assertArrayEquals(new double[] {0.5}, r.stepScores().get(0));
    assertArrayEquals(new double[] {0.5, 1.0}, r.stepScores().get(1));
    assertArrayEquals(new double[] {0.5, 0.0}, r.stepScores().get(2));
    assertArrayEquals(new double[] {0.5, 0.0}, r.stepScores().get(3), "no answer is a wrong answer");
    assertArrayEquals(new double[] {0.5, 1.0}, r.stepScores().get(4), "a cut solution is judged on what it says");
    assertEquals(0, r.stepScores().get(5).length);
    assertEquals(3, r.usage().prmCalls(), "one call per answer verified");
  }

  @Test
  void theNeutralValueIsConfigurable() {
    VerifierRewardModel prm = new VerifierRewardModel((p, a) -> true, AFTER_EQUALS, Double.NaN);
    double[] s = prm.score(P, List.of(Trajectory.empty().append(step("a")).append(last("= 1")))).join().stepScores().get(0);
    assertTrue(Double.isNaN(s[0]));
    assertEquals(1.0, s[1]);
    assertEquals("neutral must be in [0, 1] or NaN, got 2.0", assertThrows(IllegalArgumentException.class,
        () -> new VerifierRewardModel((p, a) -> true, AFTER_EQUALS, 2.0)).getMessage());
  }

  @Test
  void usesAsynchronousVerifiersWithoutBlocking() {
    CompletableFuture<Boolean> verdict = new CompletableFuture<>();
    Verifier slow = new Verifier() {
      @Override
      public boolean verify(Problem problem, String answer) {
        throw new AssertionError("the asynchronous path is used");
      }

      @Override
      public CompletableFuture<Boolean> verifyAsync(Problem problem, String answer) {
        return verdict;
      }
    };
    CompletableFuture<RewardScores> r = VerifierRewardModel.of(slow, AFTER_EQUALS)
        .score(P, List.of(Trajectory.empty().append(last("= 4"))));
    assertTrue(!r.isDone());
    verdict.complete(true);
    assertArrayEquals(new double[] {1.0}, r.join().stepScores().get(0));
  }

  @Test
  void aProblemWithoutReferenceIsAConfigurationError() {
    VerifierRewardModel prm = VerifierRewardModel.of(Verifiers.reference(AnswerEquivalence.EXACT), AFTER_EQUALS);
    CompletionException e = assertThrows(CompletionException.class,
        () -> prm.score(Problem.of("q9", "?"), List.of(Trajectory.empty().append(last("= 4")))).join());
    assertEquals("problem 'q9' has no reference answer to verify against", e.getCause().getMessage());
  }

  @Test
  void game24AsARewardModel() {
    VerifierRewardModel prm = VerifierRewardModel.of(Verifiers.game24(), Verifiers.game24Answers());
    Trajectory t = Trajectory.empty()
        .append(step("4 + 8 = 12 (left: 4 6 12)"))
        .append(step("6 - 4 = 2 (left: 2 12)"))
        .append(last("Answer: (4 + 8) * (6 - 4) = 24"));
    assertArrayEquals(new double[] {0.5, 0.5, 1.0},
        prm.score(Problem.of("g", "4 4 6 8"), List.of(t)).join().stepScores().get(0));
    assertEquals("verifier(game24)", prm.name());
  }

  @Test
  void cancellingTheScoresCancelsTheVerificationsStillRunning() {
    CompletableFuture<Boolean> running = new CompletableFuture<>();
    Verifier slow = new Verifier() {
      @Override
      public boolean verify(Problem problem, String answer) {
        throw new AssertionError("only the asynchronous path is used");
      }

      @Override
      public CompletableFuture<Boolean> verifyAsync(Problem problem, String answer) {
        return running;
      }
    };
    VerifierRewardModel prm = VerifierRewardModel.of(slow, AFTER_EQUALS);
    CompletableFuture<RewardScores> scores =
        prm.score(P, List.of(Trajectory.empty().append(step("think")).append(last("so 2 + 2 = 4"))));
    assertTrue(scores.cancel(true));
    assertTrue(running.isCancelled(), "the test run behind the verdict is cancelled too");
  }
}
