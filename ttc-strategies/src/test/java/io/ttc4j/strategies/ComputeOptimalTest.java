package io.ttc4j.strategies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ttc4j.core.Aggregation;
import io.ttc4j.core.Budget;
import io.ttc4j.core.Candidate;
import io.ttc4j.core.Problem;
import io.ttc4j.core.SearchResult;
import io.ttc4j.core.Selection;
import io.ttc4j.core.StopReason;
import io.ttc4j.datasets.MathAnswers;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ComputeOptimalTest {

  private static ComputeOptimal co(ComputeOptimal.Router router) {
    return ComputeOptimal.of(new ComputeOptimal.Config(router, 4, 2000, Aggregation.LAST, 0.8, 1024));
  }

  private static ComputeOptimal.Router always(String strategy, int n, List<Confidence> seen) {
    return (probes, budget) -> {
      seen.add(probes);
      return new ComputeOptimal.Choice(StrategySpec.parse(strategy), n);
    };
  }

  /**
   * The probes are weighted best-of-4's samples, and what the router sees is their confidence in their
   * most common answer: their mean score and their agreement.
   */
  @Test
  void theRouterSeesTheMeanScoreAndAgreementOfTheProbes() {
    for (int i = 0; i < 8; i++) {
      Problem p = SimFixture.problem(3 + 11 * i);
      List<Confidence> seen = new ArrayList<>();
      SearchResult co = SimFixture.run(co(always("weighted", 4, seen)), p, Budget.unlimited(), 1, 5);
      SearchResult bon = SimFixture.run(BestOfN.of(new BestOfN.Config(4, Selection.WEIGHTED, Aggregation.LAST, 0.8,
          1024, true)), p, Budget.unlimited(), 1, 5);
      List<Candidate> probes = bon.inGenerationOrder();
      double mean = probes.stream().mapToDouble(Candidate::score).average().orElseThrow();
      assertEquals(1, seen.size());
      assertEquals(mean, seen.get(0).meanScore(), 1e-12);
      int most = 0;
      for (Candidate a : probes) {
        int agree = 0;
        for (Candidate b : probes) {
          if (a.hasAnswer() && b.hasAnswer() && MathAnswers.equivalence().equivalent(a.answer(), b.answer())) agree++;
        }
        most = Math.max(most, agree);
      }
      assertEquals(most / 4.0, seen.get(0).voteShare(), p.id() + ": agreement = the modal answer's share of all 4");
      assertEquals(Confidence.ofModalAnswer(probes, MathAnswers.equivalence()), seen.get(0));
      assertEquals(bon.answer(), co.answer(), "weighted@4 is exactly the probes' vote");
      assertEquals(bon.usage(), co.usage(), "and costs nothing more");
    }
  }

  /**
   * A router that predicts difficulty from both probe signals (a logistic model as a fitted policy
   * carries) routes by them: the choice is the one the model's value asks for, probe by probe.
   */
  @Test
  void aModelOfScoreAndAgreementRoutesEachQuery() {
    Calibration model = new Calibration(List.of(Confidence.Feature.MEAN_SCORE, Confidence.Feature.VOTE_SHARE), -4,
        new double[] {2, 4});
    List<Confidence> seen = new ArrayList<>();
    ComputeOptimal.Router byModel = (probes, budget) -> {
      seen.add(probes);
      return new ComputeOptimal.Choice(StrategySpec.parse(model.probability(probes) >= 0.5 ? "majority" : "beam"),
          4);
    };
    int easy = 0;
    int hard = 0;
    for (int i = 0; i < 12; i++) {
      Problem p = SimFixture.problem(5 + 37 * i);
      seen.clear();
      SearchResult r = SimFixture.run(co(byModel), p, Budget.unlimited(), 1, i);
      Confidence c = seen.get(0);
      boolean isEasy = -4 + 2 * c.meanScore() + 4 * c.voteShare() >= 0;
      if (isEasy) {
        easy++;
        assertEquals(4, r.usage().generations(), p.id() + ": majority@4 is the probes' vote, nothing more drawn");
      } else {
        hard++;
        assertTrue(r.usage().generations() > 4, p.id() + ": the beam search ran after the probes");
      }
    }
    assertTrue(easy > 0 && hard > 0, "both routes taken: " + easy + " easy, " + hard + " hard");
  }

  /** A best-of-N choice above the probes reuses them and draws only the rest. */
  @Test
  void bestOfNChoicesReuseTheProbes() {
    for (int i = 0; i < 6; i++) {
      Problem p = SimFixture.problem(i);
      SearchResult r = SimFixture.run(co(always("weighted", 10, new ArrayList<>())), p, Budget.unlimited(), 1, i);
      assertEquals(10, r.usage().generations(), p.id());
      assertEquals(10, r.usage().prmCalls(), p.id());
      assertEquals(10, r.candidates().size(), p.id());
      SearchResult few = SimFixture.run(co(always("majority", 2, new ArrayList<>())), p, Budget.unlimited(), 1, i);
      assertEquals(4, few.usage().generations(), "N below the probes: nothing more is drawn");
      assertEquals(2, few.candidates().size());
    }
  }

  /** Another choice runs as its own search on the same meter: probes and search share the budget. */
  @Test
  void searchChoicesShareTheBudgetWithTheProbes() {
    Problem p = SimFixture.problem(7);
    SearchResult beam = SimFixture.run(co(always("beam", 4, new ArrayList<>())), p, Budget.unlimited(), 1, 3);
    SearchResult probes = SimFixture.run(BestOfN.of(new BestOfN.Config(4, Selection.WEIGHTED, Aggregation.LAST, 0.8,
        1024, true)), p, Budget.unlimited(), 1, 3);
    SearchResult alone = SimFixture.run(BeamSearch.of(new BeamSearch.Config(4, 4, 40, Aggregation.LAST,
        Selection.WEIGHTED, 0.8, 1024, false)), p, Budget.unlimited(), 1, 3);
    assertEquals(alone.answer(), beam.answer());
    assertEquals(probes.usage().plus(alone.usage()), beam.usage(), "probes plus the beam search, exactly");
    for (long limit : new long[] {300, 1500, 4000}) {
      SearchResult r = SimFixture.run(co(always("beam", 8, new ArrayList<>())), p, Budget.tokens(limit), 1, 3);
      assertTrue(r.usage().completionTokens() <= limit, r.usage() + " over " + limit);
      assertTrue(r.stopReason() == StopReason.BUDGET || r.stopReason() == StopReason.COMPLETED, r.toString());
    }
  }

  @Test
  void sameSeedSameResultAndBadSettingsAreNamed() {
    Problem p = SimFixture.problem(9);
    ComputeOptimal co = co((d, b) -> new ComputeOptimal.Choice(StrategySpec.parse(d.meanScore() > 0.5 ? "weighted"
        : "rebase"), 8));
    assertEquals(StrategyContractTest.fingerprint(SimFixture.run(co, p, Budget.unlimited(), 1, 2)),
        StrategyContractTest.fingerprint(SimFixture.run(co, p, Budget.unlimited(), 1, 2)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new ComputeOptimal.Choice(StrategySpec.ORACLE, 4));
    assertTrue(e.getMessage().contains("bound"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new ComputeOptimal.Config((d, b) -> null, 0, 100, Aggregation.LAST, 0.8, 100));
    assertTrue(e.getMessage().contains("probes"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new ComputeOptimal.Config((d, b) -> null, 4, Double.NaN, Aggregation.LAST, 0.8, 100));
    assertTrue(e.getMessage().contains("budgetTokens"), e.getMessage());
  }
}
