package io.ttc4j.strategies;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BudgetAllocatorTest {

  private static BudgetAllocator.Option o(long tokens, double acc) {
    return new BudgetAllocator.Option(tokens, acc);
  }

  @Test
  void theBudgetGoesWhereItBuysTheMostAccuracy() {
    // an easy query gains little, a hard one a lot: the hard one gets the upgrade
    List<List<BudgetAllocator.Option>> curves = List.of(
        List.of(o(100, 0.90), o(400, 0.95)),
        List.of(o(100, 0.20), o(400, 0.60)));
    assertArrayEquals(new int[] {0, 1}, BudgetAllocator.allocate(curves, 500));
    assertArrayEquals(new int[] {1, 1}, BudgetAllocator.allocate(curves, 800));
    assertArrayEquals(new int[] {0, 0}, BudgetAllocator.allocate(curves, 399));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> BudgetAllocator.allocate(curves, 150));
    assertTrue(e.getMessage().contains("200") && e.getMessage().contains("150"), e.getMessage());
  }

  /** A step that gains nothing now but opens a large gain is judged by its slope to that gain. */
  @Test
  void upgradesFollowTheConcaveHull() {
    List<List<BudgetAllocator.Option>> curves = List.of(
        List.of(o(0, 0.1), o(100, 0.1), o(200, 0.9)),
        List.of(o(0, 0.1), o(200, 0.3)));
    assertArrayEquals(new int[] {2, 0}, BudgetAllocator.allocate(curves, 200));
  }

  /** Never above the total; within one upgrade per query of the best exhaustive choice. */
  @Test
  void neverOverTheTotalAndCloseToTheBestOnRandomCurves() {
    SplittableRandom r = new SplittableRandom(3);
    for (int trial = 0; trial < 300; trial++) {
      int q = 1 + r.nextInt(4);
      List<List<BudgetAllocator.Option>> curves = new ArrayList<>();
      double maxStep = 0;
      long cheapest = 0;
      for (int i = 0; i < q; i++) {
        List<BudgetAllocator.Option> c = new ArrayList<>();
        long t = r.nextInt(50);
        double a = r.nextDouble() * 0.3;
        for (int j = 0, k = 1 + r.nextInt(4); j < k; j++) {
          c.add(o(t, a));
          double next = Math.min(1, a + r.nextDouble() * 0.3);
          maxStep = Math.max(maxStep, next - a);
          t += 1 + r.nextInt(200);
          a = next;
        }
        cheapest += c.get(0).tokens();
        curves.add(c);
      }
      long total = cheapest + r.nextInt(600);
      int[] got = BudgetAllocator.allocate(curves, total);
      long spent = 0;
      double value = 0;
      for (int i = 0; i < q; i++) {
        spent += curves.get(i).get(got[i]).tokens();
        value += curves.get(i).get(got[i]).expectedAccuracy();
      }
      assertTrue(spent <= total, "spent " + spent + " over " + total);
      double best = best(curves, 0, total, 0);
      assertTrue(value >= best - q * maxStep - 1e-9, "greedy " + value + " vs best " + best);
    }
  }

  private static double best(List<List<BudgetAllocator.Option>> curves, int i, long left, double acc) {
    if (i == curves.size()) return acc;
    double b = Double.NEGATIVE_INFINITY;
    for (BudgetAllocator.Option o : curves.get(i)) {
      if (o.tokens() <= left) b = Math.max(b, best(curves, i + 1, left - o.tokens(), acc + o.expectedAccuracy()));
    }
    return b;
  }

  @Test
  void badCurvesAreNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> BudgetAllocator.allocate(List.of(List.of(o(10, 0.1), o(10, 0.2))), 100));
    assertTrue(e.getMessage().contains("curves[0]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> o(-1, 0.5));
    assertEquals("tokens must be >= 0, got -1", e.getMessage());
  }
}
