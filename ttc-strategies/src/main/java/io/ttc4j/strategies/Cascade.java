package io.ttc4j.strategies;

import io.ttc4j.core.AnswerEquivalence;
import io.ttc4j.core.Budget;
import io.ttc4j.core.Problem;
import io.ttc4j.core.Search;
import io.ttc4j.core.SearchResult;
import io.ttc4j.core.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToDoubleFunction;

/**
 * A cascade over model tiers: the cheapest tier searches first, and the query goes up a tier only
 * when the answer it found is not confident enough.
 *
 * <p>Each {@link Tier} is a complete {@link Search} (its own generator, reward model, strategy and
 * price model, so its usage carries its cost). After tier {@code t} the answer's
 * {@linkplain #signal escalation signal} is compared with {@code thresholds[t]}: at or above it, the
 * answer is final; below it, tier {@code t + 1} searches the same problem with the same seed. The
 * last tier's answer is always final. What every tier spent is summed, so the result's cost is what
 * the query paid in all.
 *
 * <p>The signal is the tier's own function of the answer's {@link Confidence}: typically a
 * {@link Calibration}'s probability that the answer is right (so one threshold means the same on
 * every tier), else by default the raw {@linkplain Confidence#scoreOrVoteShare() score or vote
 * share}. A cascade that should skip a tier is built without it.
 */
public final class Cascade {

  /**
   * One tier.
   *
   * @param name   a name for reports, e.g. {@code on-device}
   * @param search the tier's search; its budget's price model prices its usage
   * @param budget the per-query budget of this tier (with its price model)
   * @param signal what escalation compares with the tier's threshold, from the answer's
   *               {@link Confidence}: a {@link Calibration}'s probability ({@code calibration::probability}),
   *               a raw signal, or {@code null} for the {@linkplain Confidence#scoreOrVoteShare() score or
   *               vote share}; {@code NaN} counts as {@code -Infinity} (it escalates
   *               unless the threshold is {@code -Infinity})
   */
  public record Tier(String name, Search search, Budget budget, ToDoubleFunction<Confidence> signal) {
    /** Validates. */
    public Tier {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(search, "search");
      Objects.requireNonNull(budget, "budget");
    }

    /** A tier that escalates on the score or vote share. */
    public Tier(String name, Search search, Budget budget) {
      this(name, search, budget, null);
    }

    /** A tier that escalates on {@code calibration}'s probability that the answer is right. */
    public static Tier calibrated(String name, Search search, Budget budget, Calibration calibration) {
      Objects.requireNonNull(calibration, "calibration");
      return new Tier(name, search, budget, calibration::probability);
    }
  }

  /**
   * What a cascade did for one query.
   *
   * @param result the final tier's search result
   * @param tier   the index of the tier that answered
   * @param usage  what every tier tried spent together (cost included)
   * @param tiers  every tier's result, in order, up to the one that answered
   */
  public record Result(SearchResult result, int tier, Usage usage, List<SearchResult> tiers) {
    /** Validates and copies. */
    public Result {
      Objects.requireNonNull(result, "result");
      Objects.requireNonNull(usage, "usage");
      tiers = List.copyOf(tiers);
    }
  }

  private final List<Tier> tiers;
  private final double[] thresholds;
  private final AnswerEquivalence equivalence;

  /**
   * A cascade.
   *
   * @param tiers       at least one, cheapest first
   * @param thresholds  one per tier but the last, not NaN (for probabilities and shares 0 never escalates,
   *                    above 1 always does; {@code -Infinity} never escalates on any signal)
   * @param equivalence groups answers for the confidence
   */
  public Cascade(List<Tier> tiers, double[] thresholds, AnswerEquivalence equivalence) {
    this.tiers = List.copyOf(Objects.requireNonNull(tiers, "tiers"));
    this.thresholds = Objects.requireNonNull(thresholds, "thresholds").clone();
    this.equivalence = Objects.requireNonNull(equivalence, "equivalence");
    if (this.tiers.isEmpty()) throw new IllegalArgumentException("tiers must not be empty");
    if (this.thresholds.length != this.tiers.size() - 1) {
      throw new IllegalArgumentException("thresholds must be one per tier but the last (" + (this.tiers.size() - 1)
          + "), got " + this.thresholds.length);
    }
    for (int i = 0; i < this.thresholds.length; i++) {
      if (Double.isNaN(this.thresholds[i]) || this.thresholds[i] == Double.POSITIVE_INFINITY) {
        throw new IllegalArgumentException("thresholds[" + i + "] must be a number below +Infinity, got "
            + this.thresholds[i]);
      }
    }
  }

  /**
   * Solves {@code problem}, escalating as needed. Cancelling the returned future cancels the search
   * of the tier in flight (and with it that tier's model calls) and runs no further tier. A tier
   * whose search fails exceptionally fails the query with that exception (a tier that fails in the
   * usual way returns a result with its failure and no answer, whose signal escalates).
   */
  public CompletableFuture<Result> solve(Problem problem, long seed) {
    Objects.requireNonNull(problem, "problem");
    CompletableFuture<Result> out = new CompletableFuture<>();
    AtomicReference<CompletableFuture<SearchResult>> inFlight = new AtomicReference<>();
    out.whenComplete((r, e) -> {
      CompletableFuture<SearchResult> f = inFlight.get();
      if (out.isCancelled() && f != null) f.cancel(true);
    });
    step(problem, seed, 0, new ArrayList<>(), Usage.ZERO, out, inFlight);
    return out;
  }

  private void step(Problem problem, long seed, int t, List<SearchResult> done, Usage spent,
      CompletableFuture<Result> out, AtomicReference<CompletableFuture<SearchResult>> inFlight) {
    if (out.isDone()) return;
    Tier tier = tiers.get(t);
    CompletableFuture<SearchResult> f = tier.search().solve(problem, tier.budget(), seed);
    inFlight.set(f);
    if (out.isCancelled()) {
      // cancelled between the check above and publishing f: the completion hook may have missed it
      f.cancel(true);
      return;
    }
    f.whenComplete((r, e) -> {
      if (e != null) {
        out.completeExceptionally(e);
        return;
      }
      try {
        done.add(r);
        Usage total = spent.plus(r.usage());
        boolean last = t == tiers.size() - 1;
        if (last || signal(tier, r, equivalence) >= thresholds[t]) {
          out.complete(new Result(r, t, total, done));
        } else {
          step(problem, seed, t + 1, done, total, out, inFlight);
        }
      } catch (RuntimeException ex) {
        out.completeExceptionally(ex);
      }
    });
  }

  /**
   * How sure a result is of its answer: the share of the candidates' aggregated score behind the
   * chosen answer (its equivalents included) when they are scored, else the share of the votes; 0
   * when there is no answer ({@link Confidence#scoreOrVoteShare()}).
   */
  public static double confidence(SearchResult r, AnswerEquivalence equivalence) {
    return Confidence.of(r, equivalence).scoreOrVoteShare();
  }

  /**
   * What {@code tier} escalates on for {@code r}: its signal of the answer's {@link Confidence}, or
   * the raw {@link #confidence} when it has none; {@code NaN} is read as {@code -Infinity}.
   */
  public static double signal(Tier tier, SearchResult r, AnswerEquivalence equivalence) {
    Confidence c = Confidence.of(r, equivalence);
    double v = tier.signal() == null ? c.scoreOrVoteShare() : tier.signal().applyAsDouble(c);
    return Double.isNaN(v) ? Double.NEGATIVE_INFINITY : v;
  }
}
