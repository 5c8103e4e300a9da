package io.ttc4j.strategies;

import static io.ttc4j.strategies.SimFixture.problem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ttc4j.core.AnswerEquivalence;
import io.ttc4j.core.Budget;
import io.ttc4j.core.Candidate;
import io.ttc4j.core.ComputeMeter;
import io.ttc4j.core.Problem;
import io.ttc4j.core.SearchContext;
import io.ttc4j.core.SearchResult;
import io.ttc4j.core.StopReason;
import io.ttc4j.core.Trajectory;
import java.util.List;
import org.junit.jupiter.api.Test;

class SelfConsistencyTest {

  private static final Problem P = Problem.of("p1", "What is 6 times 7?", "42");

  private static SearchResult runFake(SelfConsistency sc, double accuracy) {
    SearchContext ctx = new SearchContext(new FakeModels.Gen(accuracy), null, ComputeMeter.start(Budget.unlimited()),
        FakeModels.BOXED, AnswerEquivalence.EXACT, 5);
    return sc.search(P, ctx).join();
  }

  @Test
  void betaCriterionIsTheProbabilityThatTheLeaderIsTheMajority() {
    // P(p > 1/2) for p ~ Beta(v + 1, 1) is 1 - 2^-(v+1)
    assertEquals(0.9375, SelfConsistency.leaderConfidence(3, 0), 1e-12);
    assertEquals(0.96875, SelfConsistency.leaderConfidence(4, 0), 1e-12);
    assertEquals(0.5, SelfConsistency.leaderConfidence(5, 5), 1e-12);
    // Beta(6, 2): P(p > 1/2) = P(Binomial(7, 1/2) <= 5) = 1 - (7 + 1) / 128
    assertEquals(0.9375, SelfConsistency.leaderConfidence(5, 1), 1e-12);
    assertTrue(SelfConsistency.leaderConfidence(8, 2) > SelfConsistency.leaderConfidence(8, 3));
  }

  @Test
  void unanimousSamplesStopAsSoonAsTheCriterionHolds() {
    // every sample right: after 4 agreeing samples P = 0.96875 >= 0.95, after 3 only 0.9375
    SearchResult beta = runFake(SelfConsistency.adaptive(40, 1), 1.0);
    assertEquals(4, beta.candidates().size());
    assertEquals(4, beta.usage().generations());
    assertEquals("42", beta.answer());
    assertEquals(StopReason.COMPLETED, beta.stopReason());
    // ESC: the first window of 5 agrees
    SearchResult esc = runFake(SelfConsistency.esc(40, 5), 1.0);
    assertEquals(5, esc.usage().generations());
    // never stopping: all 40
    assertEquals(40, runFake(SelfConsistency.fixed(40), 1.0).usage().generations());
  }

  @Test
  void earlyStoppingSavesSamplesOnTheSimulator() {
    long fixed = 0;
    long adaptive = 0;
    long esc = 0;
    int agree = 0;
    for (int i = 0; i < 60; i++) {
      SearchResult f = SimFixture.run(SelfConsistency.of(SelfConsistency.fixed(32).config().withBatchSize(4)),
          problem(i * 8), Budget.unlimited(), i, i);
      SearchResult a = SimFixture.run(SelfConsistency.adaptive(32, 4), problem(i * 8), Budget.unlimited(), i, i);
      SearchResult e = SimFixture.run(SelfConsistency.esc(32, 4), problem(i * 8), Budget.unlimited(), i, i);
      fixed += f.usage().completionTokens();
      adaptive += a.usage().completionTokens();
      esc += e.usage().completionTokens();
      agree += java.util.Objects.equals(f.answer(), a.answer()) ? 1 : 0;
    }
    assertTrue(adaptive < fixed * 0.7, adaptive + " vs " + fixed);
    assertTrue(esc < fixed * 0.8, esc + " vs " + fixed);
    assertTrue(agree >= 50, "adaptive agrees with fixed-N majority on " + agree + " of 60");
  }

  @Test
  void confidenceFilterVotesAmongTheMostConfidentSolutions() {
    for (int i = 0; i < 20; i++) {
      SearchResult all = SimFixture.run(SelfConsistency.fixed(16), problem(i * 3), Budget.unlimited(), i, i);
      SearchResult kept = SimFixture.run(SelfConsistency.of(SelfConsistency.fixed(16).config().withKeepFraction(0.25)),
          problem(i * 3), Budget.unlimited(), i, i);
      assertEquals(4, kept.candidates().size());
      double lowestKept = Double.POSITIVE_INFINITY;
      for (Candidate c : kept.candidates()) {
        lowestKept = Math.min(lowestKept, SelfConsistency.confidence(c.trajectory()));
      }
      int above = 0;
      for (Candidate c : all.candidates()) {
        if (SelfConsistency.confidence(c.trajectory()) > lowestKept) above++;
      }
      assertTrue(above <= 3, "no dropped solution is more confident than a kept one");
    }
  }

  @Test
  void confidenceIsMeanTokenLogProbabilityAndUnknownWithoutIt() {
    Trajectory t = Trajectory.of(List.of(new io.ttc4j.core.Step("a", 10, -2.0, io.ttc4j.core.StepEnd.STEP_BOUNDARY),
        new io.ttc4j.core.Step("b", 30, -2.0, io.ttc4j.core.StepEnd.END_OF_SOLUTION)));
    assertEquals(-0.1, SelfConsistency.confidence(t), 1e-12);
    Trajectory u = Trajectory.of(List.of(io.ttc4j.core.Step.of("a", 10, io.ttc4j.core.StepEnd.END_OF_SOLUTION)));
    assertTrue(Double.isNaN(SelfConsistency.confidence(u)));
    // without log-probabilities the filter is off: everyone votes
    SearchResult r = runFake(SelfConsistency.of(SelfConsistency.fixed(8).config().withKeepFraction(0.25)), 0.5);
    assertEquals(8, r.candidates().size());
  }

  @Test
  void topTwoCountsGroupEquivalentAnswers() {
    List<Candidate> c = List.of(cand(0, "1"), cand(1, "2"), cand(2, "1"), cand(3, null), cand(4, "3"), cand(5, "2"),
        cand(6, "1"));
    assertArrayEquals(new int[] {3, 2}, SelfConsistency.topTwoCounts(c, AnswerEquivalence.EXACT));
    assertArrayEquals(new int[] {0, 0}, SelfConsistency.topTwoCounts(List.of(cand(0, null)), AnswerEquivalence.EXACT));
  }

  private static Candidate cand(int i, String answer) {
    return new Candidate(i, Trajectory.empty(), answer, null, Double.NaN);
  }
}
