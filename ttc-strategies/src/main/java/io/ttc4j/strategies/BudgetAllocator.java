package io.ttc4j.strategies;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.PriorityQueue;

/**
 * Shares one token budget out over many queries where it buys the most expected accuracy.
 *
 * <p>Each query has a curve of options: spending {@link Option#tokens()} buys
 * {@link Option#expectedAccuracy()} (from a compute-optimal policy's entries for the query's
 * predicted difficulty bin). Every query starts at its first (cheapest) option; then, greedily, the
 * upgrade with the highest accuracy gained per token over all queries is taken while the total still
 * fits. Upgrades follow each curve's upper concave hull, so a step that gains little now but opens a
 * large gain later is weighed by its slope to that gain (greedy on concave curves is optimal for the
 * continuous relaxation and loses at most one upgrade's gain per query to integrality). Ties go to
 * the earlier query. The chosen options' tokens never sum above the total: spend each as a hard
 * per-query budget and the batch's total holds.
 */
public final class BudgetAllocator {

  /**
   * One thing a query can do.
   *
   * @param tokens           what it costs, at least 0
   * @param expectedAccuracy the accuracy it is expected to reach, in [0, 1]
   */
  public record Option(long tokens, double expectedAccuracy) {
    /** Validates. */
    public Option {
      if (tokens < 0) throw new IllegalArgumentException("tokens must be >= 0, got " + tokens);
      if (!(expectedAccuracy >= 0 && expectedAccuracy <= 1)) {
        throw new IllegalArgumentException("expectedAccuracy must be in [0, 1], got " + expectedAccuracy);
      }
    }
  }

  private BudgetAllocator() {}

  /**
   * The option chosen for each query.
   *
   * @param curves per query its options, at least one, tokens strictly ascending
   * @param total  the tokens the batch may spend
   * @return per query the index of its chosen option in its curve
   * @throws IllegalArgumentException when even the first options do not fit the total, naming both
   */
  public static int[] allocate(List<List<Option>> curves, long total) {
    Objects.requireNonNull(curves, "curves");
    int q = curves.size();
    int[] chosen = new int[q];
    long spent = 0;
    List<int[]> hulls = new ArrayList<>(q);
    for (int i = 0; i < q; i++) {
      List<Option> c = Objects.requireNonNull(curves.get(i), "curves[" + i + "]");
      if (c.isEmpty()) throw new IllegalArgumentException("curves[" + i + "] has no option");
      for (int j = 1; j < c.size(); j++) {
        if (c.get(j).tokens() <= c.get(j - 1).tokens()) {
          throw new IllegalArgumentException("curves[" + i + "] tokens must ascend strictly, got " + c.get(j - 1).tokens()
              + " then " + c.get(j).tokens());
        }
      }
      spent += c.get(0).tokens();
      hulls.add(hull(c));
    }
    if (spent > total) {
      throw new IllegalArgumentException("total must be at least the cheapest options' " + spent + " tokens, got "
          + total);
    }
    // per query its position on its hull; upgrades by slope, highest first, earlier query on ties
    int[] at = new int[q];
    PriorityQueue<double[]> upgrades = new PriorityQueue<>((a, b) -> a[0] != b[0] ? Double.compare(b[0], a[0])
        : Double.compare(a[1], b[1]));
    for (int i = 0; i < q; i++) offer(upgrades, curves.get(i), hulls.get(i), i, 0);
    while (!upgrades.isEmpty()) {
      double[] u = upgrades.poll();
      int i = (int) u[1];
      int[] h = hulls.get(i);
      List<Option> c = curves.get(i);
      long cost = c.get(h[at[i] + 1]).tokens() - c.get(h[at[i]]).tokens();
      if (spent + cost > total) continue; // this query's next step does not fit; smaller ones may
      spent += cost;
      at[i]++;
      offer(upgrades, c, h, i, at[i]);
    }
    for (int i = 0; i < q; i++) chosen[i] = hulls.get(i)[at[i]];
    return chosen;
  }

  private static void offer(PriorityQueue<double[]> upgrades, List<Option> c, int[] h, int query, int pos) {
    if (pos + 1 >= h.length) return;
    Option from = c.get(h[pos]);
    Option to = c.get(h[pos + 1]);
    double slope = (to.expectedAccuracy() - from.expectedAccuracy()) / (to.tokens() - from.tokens());
    if (slope > 0) upgrades.add(new double[] {slope, query});
  }

  /** Indexes of the upper concave hull of a curve, from its first option, keeping only gains. */
  private static int[] hull(List<Option> c) {
    List<Integer> h = new ArrayList<>();
    h.add(0);
    for (int j = 1; j < c.size(); j++) {
      if (c.get(j).expectedAccuracy() <= c.get(h.get(h.size() - 1)).expectedAccuracy()) continue;
      while (h.size() >= 2) {
        Option a = c.get(h.get(h.size() - 2));
        Option b = c.get(h.get(h.size() - 1));
        Option d = c.get(j);
        // b is below the segment a-d: drop it
        double cross = (b.tokens() - a.tokens()) * (d.expectedAccuracy() - a.expectedAccuracy())
            - (b.expectedAccuracy() - a.expectedAccuracy()) * (double) (d.tokens() - a.tokens());
        if (cross >= 0) h.remove(h.size() - 1); else break;
      }
      h.add(j);
    }
    return h.stream().mapToInt(Integer::intValue).toArray();
  }
}
