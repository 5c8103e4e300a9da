package io.ttc4j.strategies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ttc4j.core.AnswerEquivalence;
import io.ttc4j.core.Budget;
import io.ttc4j.core.Problem;
import io.ttc4j.core.Search;
import io.ttc4j.core.Selection;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;

class CascadeTest {

  private static final Problem P = Problem.of("p1", "What is 6 times 7?", "42");

  private static Search search(FakeModels.Gen g) {
    return Search.builder().generator(g).strategy(BestOfN.of(4, Selection.MAJORITY)).budget(Budget.unlimited())
        .answerExtractor(FakeModels.BOXED).equivalence(AnswerEquivalence.EXACT).build();
  }

  /** Cancelling the cascade cancels the tier in flight, and no later tier starts. */
  @Test
  void cancellingTheCascadeCancelsTheTierInFlight() throws Exception {
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    try {
      FakeModels.Gen fast = new FakeModels.Gen(0.0, 0, null);
      FakeModels.Gen slow = new FakeModels.Gen(0.5, 5_000, timer);
      FakeModels.Gen never = new FakeModels.Gen(0.5, 0, null);
      // the first tier is never sure (threshold above 1), so the query goes up to the slow one
      Cascade c = new Cascade(List.of(new Cascade.Tier("a", search(fast), Budget.unlimited()),
          new Cascade.Tier("b", search(slow), Budget.unlimited()),
          new Cascade.Tier("c", search(never), Budget.unlimited())), new double[] {1.5, 0}, AnswerEquivalence.EXACT);
      CompletableFuture<Cascade.Result> f = c.solve(P, 3);
      long t0 = System.nanoTime();
      while (slow.issued.isEmpty() && System.nanoTime() - t0 < 5_000_000_000L) Thread.sleep(1);
      assertEquals(1, slow.issued.size(), "the second tier is in flight");
      assertTrue(f.cancel(true));
      assertThrows(CancellationException.class, f::join);
      assertTrue(slow.issued.get(0).isCancelled(), "its call is cancelled");
      Thread.sleep(50);
      assertEquals(0, never.calls.get(), "no later tier starts");
    } finally {
      timer.shutdownNow();
    }
  }

  /** The result says which tier answered, keeps every tier's result, and sums what they spent. */
  @Test
  void escalatesBelowTheThresholdAndSumsUsage() {
    FakeModels.Gen a = new FakeModels.Gen(0.0, 0, null);
    FakeModels.Gen b = new FakeModels.Gen(1.0, 0, null);
    Cascade always = new Cascade(List.of(new Cascade.Tier("a", search(a), Budget.unlimited()),
        new Cascade.Tier("b", search(b), Budget.unlimited())), new double[] {1.5}, AnswerEquivalence.EXACT);
    Cascade.Result r = always.solve(P, 1).join();
    assertEquals(1, r.tier());
    assertEquals(2, r.tiers().size());
    assertEquals(r.tiers().get(0).usage().plus(r.tiers().get(1).usage()), r.usage());
    Cascade never = new Cascade(List.of(new Cascade.Tier("a", search(a), Budget.unlimited()),
        new Cascade.Tier("b", search(b), Budget.unlimited())), new double[] {Double.NEGATIVE_INFINITY},
        AnswerEquivalence.EXACT);
    Cascade.Result s = never.solve(P, 1).join();
    assertEquals(0, s.tier());
    assertEquals(1, s.tiers().size());
  }
}
