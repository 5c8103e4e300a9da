package io.ttc4j.strategies;

import io.ttc4j.core.Aggregation;
import io.ttc4j.core.Candidate;
import io.ttc4j.core.GenerationResult;
import io.ttc4j.core.Continuation;
import io.ttc4j.core.Problem;
import io.ttc4j.core.RewardScores;
import io.ttc4j.core.SamplingSpec;
import io.ttc4j.core.SearchContext;
import io.ttc4j.core.SearchResult;
import io.ttc4j.core.SearchStrategy;
import io.ttc4j.core.Selection;
import io.ttc4j.core.StopReason;
import io.ttc4j.core.Trajectory;
import io.ttc4j.core.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * Best-of-N as in search-and-learn: sample N whole solutions, score them with the process reward
 * model, and choose one by a {@link Selection} rule (naive: highest aggregated score; weighted: the
 * answer with the largest score sum; majority: the most frequent answer), or the first-sample and
 * oracle baselines.
 *
 * <p><b>Budget.</b> Samples are requested in as few calls as the budget allows: a call asks for as
 * many of the remaining samples as fit with their worst case ({@code maxTokens} each); after it is
 * reconciled the unused reservation returns, and the next call asks for more. When not even one
 * sample fits, the search stops with {@link StopReason#BUDGET} and chooses among what it has. The
 * first call uses the search seed, so continuation {@code i} of an unconstrained run is the same
 * sample for every N (common random numbers across N, where the generator promises it).
 *
 * <p><b>Scoring.</b> With a reward model, every finished sample is scored in one batch when the
 * selection needs scores or {@link Config#scoreAlways()} is set; if the reward-model budget allows
 * fewer, only the scored samples remain candidates. Without scores, naive and weighted cannot run:
 * a search without a reward model fails fast with a clear message.
 */
public final class BestOfN implements SearchStrategy {

  /**
   * Settings of best-of-N.
   *
   * @param n           samples, at least 1
   * @param selection   the selection rule
   * @param aggregation reduces step scores to a solution score (search-and-learn uses {@code LAST})
   * @param temperature sampling temperature, at least 0 (search-and-learn: 0.8)
   * @param maxTokens   completion tokens allowed per sample, at least 1
   * @param scoreAlways score samples with the reward model even when the selection does not need it
   *                    (so a sweep can evaluate every selection on one run)
   */
  public record Config(int n, Selection selection, Aggregation aggregation, double temperature, int maxTokens,
      boolean scoreAlways) {

    /** Validates. */
    public Config {
      if (n < 1) throw new IllegalArgumentException("n must be >= 1, got " + n);
      Objects.requireNonNull(selection, "selection");
      Objects.requireNonNull(aggregation, "aggregation");
      if (!(temperature >= 0) || Double.isInfinite(temperature)) {
        throw new IllegalArgumentException("temperature must be finite and >= 0, got " + temperature);
      }
      if (maxTokens < 1) throw new IllegalArgumentException("maxTokens must be >= 1, got " + maxTokens);
    }

    /** This config with another aggregation. */
    public Config withAggregation(Aggregation a) {
      return new Config(n, selection, a, temperature, maxTokens, scoreAlways);
    }

    /** This config with another temperature. */
    public Config withTemperature(double t) {
      return new Config(n, selection, aggregation, t, maxTokens, scoreAlways);
    }

    /** This config with another per-sample token limit. */
    public Config withMaxTokens(int m) {
      return new Config(n, selection, aggregation, temperature, m, scoreAlways);
    }

    /** This config scoring every sample or only when the selection needs it. */
    public Config withScoreAlways(boolean always) {
      return new Config(n, selection, aggregation, temperature, maxTokens, always);
    }
  }

  /** Default sampling temperature, as in search-and-learn. */
  public static final double DEFAULT_TEMPERATURE = 0.8;
  /** Default completion tokens per sample. */
  public static final int DEFAULT_MAX_TOKENS = 2048;

  private final Config config;

  private BestOfN(Config config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /** Best-of-{@code n} with {@code selection}, aggregation {@code LAST}, temperature 0.8, 2048 tokens per sample. */
  public static BestOfN of(int n, Selection selection) {
    return new BestOfN(new Config(n, selection, Aggregation.LAST, DEFAULT_TEMPERATURE, DEFAULT_MAX_TOKENS, false));
  }

  /** Best-of-N with the given settings. */
  public static BestOfN of(Config config) {
    return new BestOfN(config);
  }

  /** The settings. */
  public Config config() {
    return config;
  }

  @Override
  public String name() {
    return "best-of-" + config.n() + "/" + config.selection().name().toLowerCase(java.util.Locale.ROOT);
  }

  @Override
  public CompletableFuture<SearchResult> search(Problem problem, SearchContext ctx) {
    boolean wantScores = config.selection().needsScores() || (config.scoreAlways() && ctx.prm().isPresent());
    if (config.selection().needsScores() && ctx.prm().isEmpty()) {
      return CompletableFuture.failedFuture(new IllegalArgumentException(
          "selection " + config.selection() + " needs a process reward model, but the search has none"));
    }
    List<Trajectory> samples = new ArrayList<>(config.n());
    return sample(problem, ctx, samples, 0).thenCompose(stop -> {
      if (!wantScores || samples.isEmpty() || stop.reason == StopReason.CANCELLED) {
        return CompletableFuture.completedFuture(finish(problem, ctx, samples, null, stop));
      }
      return score(problem, ctx, samples, stop);
    });
  }

  /** Why sampling stopped, and the error when it failed. */
  private record Stop(StopReason reason, Throwable failure) {
    static final Stop DONE = new Stop(StopReason.COMPLETED, null);

    static Stop of(Throwable t) {
      StopReason r = SearchResult.stopReasonOf(t);
      return new Stop(r, r == StopReason.FAILED ? SearchResult.unwrap(t) : null);
    }
  }

  private CompletableFuture<Stop> sample(Problem problem, SearchContext ctx, List<Trajectory> samples, int call) {
    int missing = config.n() - samples.size();
    if (missing == 0) {
      return CompletableFuture.completedFuture(Stop.DONE);
    }
    // the first call uses the search seed so that sample i is the same for every N
    SamplingSpec one = SamplingSpec.toEnd(1, config.temperature(), config.maxTokens(),
        call == 0 ? ctx.seed() : mix(ctx.seed(), call));
    int k = samplesThatFit(problem, ctx, one, missing);
    if (k == 0) {
      // nothing fits: let the meter say which limit (or the deadline) stopped us
      k = 1;
    }
    return ctx.generate(problem, Trajectory.empty(), one.withN(k))
        .handle((GenerationResult res, Throwable err) -> {
          if (err != null) {
            return CompletableFuture.completedFuture(Stop.of(err));
          }
          for (Continuation c : res.continuations()) {
            samples.add(Trajectory.empty().appendAll(c.steps()));
          }
          return sample(problem, ctx, samples, call + 1);
        })
        .thenCompose(f -> f);
  }

  /**
   * The most whole samples, at most {@code want}, whose worst case with {@code one}'s settings fits
   * the budget now; 0 when none does. A call's prompt may be charged once, or once per sample for
   * generators that send a request per sample: the generator's bound for n says which.
   */
  static int samplesThatFit(Problem problem, SearchContext ctx, SamplingSpec one, int want) {
    int lo = 0;
    int hi = want;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (ctx.meter().fits(ctx.worstCase(problem, Trajectory.empty(), one.withN(mid)))) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  private CompletableFuture<SearchResult> score(Problem problem, SearchContext ctx, List<Trajectory> samples,
      Stop sampling) {
    int fit = ctx.meter().maxUnits(Usage.ZERO, Usage.ofPrmCalls(1), samples.size());
    if (fit == 0) {
      fit = samples.size(); // let the meter report the exhausted limit
    }
    List<Trajectory> toScore = samples.subList(0, fit);
    return ctx.score(problem, toScore).handle((RewardScores scores, Throwable err) -> {
      if (err != null) {
        // degraded but correct: no scores, so only score-free rules can choose
        Stop s = Stop.of(err);
        return finish(problem, ctx, samples, null, s.reason == StopReason.COMPLETED ? sampling : s);
      }
      Stop stop = toScore.size() < samples.size() && sampling.reason == StopReason.COMPLETED
          ? new Stop(StopReason.BUDGET, null) : sampling;
      return finish(problem, ctx, toScore, scores.stepScores(), stop);
    });
  }

  private SearchResult finish(Problem problem, SearchContext ctx, List<Trajectory> samples, List<double[]> scores,
      Stop stop) {
    List<Candidate> candidates = new ArrayList<>(samples.size());
    for (int i = 0; i < samples.size(); i++) {
      Trajectory t = samples.get(i);
      double[] s = scores == null ? null : scores.get(i);
      candidates.add(new Candidate(i, t, ctx.answerOf(t), s, s == null ? Double.NaN : config.aggregation().aggregate(s)));
    }
    Selection rule = config.selection();
    if (rule.needsScores() && scores == null) {
      rule = Selection.MAJORITY; // the reward model failed: fall back to a rule that needs no scores
    }
    Predicate<Candidate> correct = c -> c.hasAnswer() && problem.hasReference()
        && ctx.equivalence().equivalent(c.answer(), problem.reference());
    int chosen = rule.select(candidates, ctx.equivalence(), correct);
    return SearchResult.of(chosen < 0 ? null : candidates.get(chosen), candidates, ctx.meter().spent(),
        stop.reason, stop.failure);
  }

  private static long mix(long seed, long call) {
    long z = seed + call * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
