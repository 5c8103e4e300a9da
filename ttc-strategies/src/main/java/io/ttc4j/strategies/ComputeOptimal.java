package io.ttc4j.strategies;

import io.ttc4j.core.Aggregation;
import io.ttc4j.core.Candidate;
import io.ttc4j.core.Continuation;
import io.ttc4j.core.GenerationResult;
import io.ttc4j.core.Problem;
import io.ttc4j.core.RewardScores;
import io.ttc4j.core.SamplingSpec;
import io.ttc4j.core.SearchContext;
import io.ttc4j.core.SearchResult;
import io.ttc4j.core.SearchStrategy;
import io.ttc4j.core.Selection;
import io.ttc4j.core.StopReason;
import io.ttc4j.core.Trajectory;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * Compute-optimal test-time search (Snell et al. 2024): estimate the query's difficulty, then run the
 * strategy and N that a fitted policy chose for that difficulty and budget.
 *
 * <h2>Steps</h2>
 * <ol>
 *   <li><b>Probe.</b> {@link Config#probes()} samples to the end, scored by the reward model, exactly
 *       as weighted best-of-N draws them (the search seed, so they are best-of-N's first samples).
 *       What they say about the query is their {@link Confidence} in their most common answer
 *       ({@link Confidence#ofModalAnswer}): their mean aggregated score and their agreement (the vote
 *       share of that answer), from which the policy predicts the query's difficulty. The probes'
 *       cost is part of the query's spend, as the policy's fit counted it. When the probes
 *       cannot all be drawn and scored (budget, deadline, cancellation, a failure), the search ends
 *       with what the probes found and that stop reason.</li>
 *   <li><b>Choose.</b> {@link Router#choose} maps the probes' confidence and
 *       {@link Config#budgetTokens()} (the generation budget the policy is asked at, mean completion
 *       tokens per query) to a strategy and N.</li>
 *   <li><b>Run.</b> A best-of-N choice reuses the probes: with N at most the probes it selects among
 *       the first N of them, otherwise it draws the missing N − probes samples in one call (with a seed
 *       derived from the search's, so they differ from the probes; as many as fit the budget at
 *       worst case) and selects among all it has. Any other
 *       choice (beam, DVTS, REBASE, …) runs as its own search on the same meter, so the query's budget
 *       holds for probes and search together; its answer is the search's.</li>
 * </ol>
 *
 * <p>The per-query {@code Budget} of the search is a hard limit as for any strategy; the policy's
 * budget only decides what to run. Given the same seed the choice and the result are the same.
 */
public final class ComputeOptimal implements SearchStrategy {

  /**
   * What a policy runs for one query.
   *
   * @param strategy the strategy; {@code oracle} is refused (it needs the truth)
   * @param n        its N, at least 1
   */
  public record Choice(StrategySpec strategy, int n) {
    /** Validates. */
    public Choice {
      Objects.requireNonNull(strategy, "strategy");
      if (strategy.isBound()) {
        throw new IllegalArgumentException("strategy " + strategy + " is a bound that needs the truth, not a choice");
      }
      ConfigChecks.checkAtLeast("n", n, 1);
    }
  }

  /**
   * A fitted policy: the choice for what a query's probes say and a generation budget. A policy
   * predicts the query's difficulty from the probes' signals (for example a logistic model of their
   * mean score and agreement) and looks the choice up for that difficulty and budget.
   */
  @FunctionalInterface
  public interface Router {
    /**
     * The choice for a query.
     *
     * @param probes       the probes' confidence in their most common answer
     *                     ({@link Confidence#ofModalAnswer}): {@link Confidence#meanScore()} is their
     *                     mean aggregated reward-model score ({@code NaN} when one is unscored) and
     *                     {@link Confidence#voteShare()} their agreement (0 when none has an answer)
     * @param budgetTokens the generation budget, mean completion tokens per query
     */
    Choice choose(Confidence probes, double budgetTokens);
  }

  /**
   * Settings.
   *
   * @param router       the policy
   * @param probes       samples drawn to estimate difficulty, at least 1
   * @param budgetTokens the generation budget the policy is asked at, finite and &gt; 0
   * @param aggregation  reduces step scores to a solution score (probes and best-of-N choices)
   * @param temperature  sampling temperature, at least 0
   * @param maxTokens    completion tokens allowed per sample or continuation, at least 1
   */
  public record Config(Router router, int probes, double budgetTokens, Aggregation aggregation, double temperature,
      int maxTokens) {
    /** Validates. */
    public Config {
      Objects.requireNonNull(router, "router");
      ConfigChecks.checkAtLeast("probes", probes, 1);
      if (!(budgetTokens > 0) || Double.isInfinite(budgetTokens)) {
        throw new IllegalArgumentException("budgetTokens must be finite and > 0, got " + budgetTokens);
      }
      Objects.requireNonNull(aggregation, "aggregation");
      ConfigChecks.checkTemperature(temperature);
      ConfigChecks.checkMaxTokens(maxTokens);
    }
  }

  private final Config config;

  private ComputeOptimal(Config config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /** The strategy for {@code config}. */
  public static ComputeOptimal of(Config config) {
    return new ComputeOptimal(config);
  }

  /** The settings. */
  public Config config() {
    return config;
  }

  @Override
  public CompletableFuture<SearchResult> search(Problem problem, SearchContext ctx) {
    Objects.requireNonNull(problem, "problem");
    Objects.requireNonNull(ctx, "ctx");
    BestOfN probe = BestOfN.of(new BestOfN.Config(config.probes(), Selection.WEIGHTED, config.aggregation(),
        config.temperature(), config.maxTokens(), true));
    return probe.search(problem, ctx).thenCompose(probed -> {
      if (probed.stopReason() != StopReason.COMPLETED) {
        return CompletableFuture.completedFuture(probed);
      }
      List<Candidate> probes = probed.inGenerationOrder();
      Choice choice = config.router().choose(Confidence.ofModalAnswer(probes, ctx.equivalence()),
          config.budgetTokens());
      return continueFrom(problem, ctx, probes, Objects.requireNonNull(choice, "the router chose nothing"));
    });
  }

  /**
   * Runs {@code choice} for a query whose probes were drawn already (by this strategy, or by a batch
   * allocator that needed every query's difficulty before it could share a budget out): a best-of-N
   * choice selects among the probes and draws only the samples it lacks; another choice runs as its
   * own search. Only what is spent here is charged to {@code ctx}'s meter.
   *
   * @param probes the probes, finished and scored, in generation order
   */
  public CompletableFuture<SearchResult> continueFrom(Problem problem, SearchContext ctx, List<Candidate> probes,
      Choice choice) {
    Objects.requireNonNull(problem, "problem");
    Objects.requireNonNull(ctx, "ctx");
    Objects.requireNonNull(probes, "probes");
    Objects.requireNonNull(choice, "choice");
    if (!choice.strategy().isBestOfNRule()) {
      return choice.strategy().create(choice.n(), config.aggregation(), config.temperature(), config.maxTokens())
          .search(problem, ctx);
    }
    Selection rule = choice.strategy().selection();
    int n = rule == Selection.FIRST ? 1 : choice.n();
    if (n <= probes.size()) {
      return CompletableFuture.completedFuture(select(problem, ctx, rule, List.copyOf(probes.subList(0, n)),
          StopReason.COMPLETED, null));
    }
    return more(problem, ctx, rule, List.copyOf(probes), n - probes.size());
  }

  /** Draws {@code missing} more samples, scores them when the rule needs it, and selects among all. */
  private CompletableFuture<SearchResult> more(Problem problem, SearchContext ctx, Selection rule,
      List<Candidate> probes, int missing) {
    SamplingSpec one = SamplingSpec.toEnd(1, config.temperature(), config.maxTokens(),
        ctx.seed() ^ 0x6A09E667F3BCC909L);
    // as many of the missing samples as fit at worst case (like best-of-N's own sizing); none: the
    // call is made for one so that the meter names the limit
    int lo = BestOfN.samplesThatFit(problem, ctx, one, missing);
    StopReason done = lo < missing ? StopReason.BUDGET : StopReason.COMPLETED;
    SamplingSpec spec = one.withN(Math.max(1, lo));
    return ctx.generate(problem, Trajectory.empty(), spec).handle((GenerationResult g, Throwable e) -> {
      if (e != null) {
        return CompletableFuture.completedFuture(select(problem, ctx, rule, probes,
            SearchResult.stopReasonOf(e), failureOf(e)));
      }
      List<Trajectory> extra = new ArrayList<>();
      for (Continuation c : g.continuations()) extra.add(Trajectory.empty().appendAll(c.steps()));
      if (!rule.needsScores() || extra.isEmpty()) {
        return CompletableFuture.completedFuture(select(problem, ctx, rule, join(ctx, probes, extra, null),
            done, null));
      }
      return ctx.score(problem, extra).handle((RewardScores s, Throwable se) -> se != null
          ? select(problem, ctx, rule, probes, SearchResult.stopReasonOf(se), failureOf(se))
          : select(problem, ctx, rule, join(ctx, probes, extra, s.stepScores()), done, null));
    }).thenCompose(f -> f);
  }

  private List<Candidate> join(SearchContext ctx, List<Candidate> probes, List<Trajectory> extra, List<double[]> scores) {
    List<Candidate> all = new ArrayList<>(probes);
    for (int i = 0; i < extra.size(); i++) {
      Trajectory t = extra.get(i);
      double[] s = scores == null ? null : scores.get(i);
      all.add(new Candidate(probes.size() + i, t, ctx.answerOf(t), s,
          s == null ? Double.NaN : config.aggregation().aggregate(s)));
    }
    return all;
  }

  private static SearchResult select(Problem problem, SearchContext ctx, Selection rule, List<Candidate> candidates,
      StopReason reason, Throwable failure) {
    Predicate<Candidate> correct = c -> c.hasAnswer() && problem.hasReference()
        && ctx.equivalence().equivalent(c.answer(), problem.reference());
    int chosen = rule.select(candidates, ctx.equivalence(), correct);
    return SearchResult.of(chosen < 0 ? null : candidates.get(chosen), candidates, ctx.meter().spent(), reason,
        failure);
  }

  private static Throwable failureOf(Throwable e) {
    return SearchResult.stopReasonOf(e) == StopReason.FAILED ? SearchResult.unwrap(e) : null;
  }

  @Override
  public String name() {
    return String.format(java.util.Locale.ROOT, "compute-optimal-%dprobes-%.0ftokens", config.probes(),
        config.budgetTokens());
  }

  @Override
  public String toString() {
    return "ComputeOptimal[probes=" + config.probes() + ", budgetTokens=" + config.budgetTokens() + "]";
  }
}
