package io.ttc4j.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * The compute-matched frontier on one compute axis: for every budget, the strategy (rule and N)
 * with the best accuracy among those whose mean cost per query fits the budget.
 *
 * <p>That best choice only changes at the costs of the sweep's own points, so the frontier is given
 * as its steps: the points, cheapest first, each more accurate than every point at most as
 * expensive. For any budget, the last step whose cost fits is the best strategy. {@code oracle} is
 * left out: it needs the reference answer, so it is a bound, not a strategy.
 */
public final class ComputeFrontier {

  /**
   * One step of the frontier.
   *
   * @param cost the mean cost per query of {@code best} on the axis: from this budget on, {@code best}
   *             is the most accurate affordable strategy (until the next step)
   * @param best the strategy and its figures
   */
  public record Step(double cost, ComputeRow best) {
    /** Validates. */
    public Step {
      Objects.requireNonNull(best, "best");
    }
  }

  private ComputeFrontier() {}

  /**
   * The frontier steps of {@code rows} on the axis {@code cost}; ties in cost keep the more accurate
   * row, ties in both the earlier one.
   */
  public static List<Step> of(List<ComputeRow> rows, ToDoubleFunction<ComputeRow> cost) {
    Objects.requireNonNull(rows, "rows");
    Objects.requireNonNull(cost, "cost");
    List<ComputeRow> candidates = new ArrayList<>();
    for (ComputeRow r : rows) {
      if (!r.strategy().isBound()) candidates.add(r);
    }
    // stable sort: equal cost and accuracy keep the input order
    candidates.sort(Comparator.comparingDouble(cost).thenComparing(Comparator.comparingDouble(ComputeRow::accuracy)
        .reversed()));
    List<Step> out = new ArrayList<>();
    double best = Double.NEGATIVE_INFINITY;
    for (ComputeRow r : candidates) {
      if (r.accuracy() > best) {
        out.add(new Step(cost.applyAsDouble(r), r));
        best = r.accuracy();
      }
    }
    return out;
  }
}
