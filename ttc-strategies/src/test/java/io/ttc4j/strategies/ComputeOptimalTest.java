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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ComputeOptimalTest {

  private static ComputeOptimal co(ComputeOptimal.Router router) {
    return ComputeOptimal.of(new ComputeOptimal.Config(router, 4, 2000, Aggregation.LAST, 0.8, 1024));
  }

  private static ComputeOptimal.Router always(String strategy, int n, List<Double> seen) {
    return (difficulty, budget) -> {
      seen.add(difficulty);
      return new ComputeOptimal.Choice(StrategySpec.parse(strategy), n);
    };
  }

  /** The probes are weighted best-of-4's samples, and their mean score is what the router sees. */
  @Test
  void theRouterSeesTheMeanScoreOfTheProbes() {
    Problem p = SimFixture.problem(3);
    List<Double> seen = new ArrayList<>();
    SearchResult co = SimFixture.run(co(always("weighted", 4, seen)), p, Budget.unlimited(), 1, 5);
    SearchResult bon = SimFixture.run(BestOfN.of(new BestOfN.Config(4, Selection.WEIGHTED, Aggregation.LAST, 0.8, 1024,
        true)), p, Budget.unlimited(), 1, 5);
    double mean = bon.candidates().stream().mapToDouble(Candidate::score).average().orElseThrow();
    assertEquals(List.of(mean), seen);
    assertEquals(bon.answer(), co.answer(), "weighted@4 is exactly the probes' vote");
    assertEquals(bon.usage(), co.usage(), "and costs nothing more");
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
    ComputeOptimal co = co((d, b) -> new ComputeOptimal.Choice(StrategySpec.parse(d > 0.5 ? "weighted" : "rebase"), 8));
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
