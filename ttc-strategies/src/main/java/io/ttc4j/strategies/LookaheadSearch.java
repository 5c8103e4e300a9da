package io.ttc4j.strategies;

import io.ttc4j.core.Problem;
import io.ttc4j.core.SearchContext;
import io.ttc4j.core.SearchResult;
import io.ttc4j.core.SearchStrategy;
import io.ttc4j.strategies.internal.StepSearch;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Lookahead search (Snell et al., <i>Scaling LLM Test-Time Compute Optimally</i>): beam search in
 * which a candidate step is not valued by the PRM score of the step itself but by rolling the
 * solution {@code k} steps further at temperature 0 (stopping early at the end of the solution) and
 * taking the PRM score at the end of that rollout. The beam keeps the steps, not the rollouts, and
 * a rollout that happens to finish a solution is not a candidate. Finished candidate steps are valued
 * by their own score; the last iteration samples to the end and rolls out nothing.
 *
 * <p>The rollouts are generator calls through the {@link SearchContext}: their tokens and calls are
 * metered and count against the budget like any other (each rollout step is a call of one greedy
 * continuation). With {@code k = 0} this is exactly {@link BeamSearch}.
 */
public final class LookaheadSearch implements SearchStrategy {

  /**
   * Settings of lookahead search.
   *
   * @param beam      the beam search settings (N, M, iterations, aggregation, selection, sampling)
   * @param lookahead rollout steps k at temperature 0 per candidate step, at least 0
   */
  public record Config(BeamSearch.Config beam, int lookahead) {

    /** Validates. */
    public Config {
      Objects.requireNonNull(beam, "beam");
      ConfigChecks.checkAtLeast("lookahead", lookahead, 0);
    }
  }

  private final Config config;

  private LookaheadSearch(Config config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /** N beams of width M with lookahead {@code k} and the beam defaults of {@link BeamSearch.Config#of}. */
  public static LookaheadSearch of(int n, int beamWidth, int lookahead) {
    return new LookaheadSearch(new Config(BeamSearch.Config.of(n, beamWidth), lookahead));
  }

  /** Lookahead search with the given settings. */
  public static LookaheadSearch of(Config config) {
    return new LookaheadSearch(config);
  }

  /** The settings. */
  public Config config() {
    return config;
  }

  @Override
  public String name() {
    return "lookahead-" + config.beam().n() + "x" + config.beam().beamWidth() + "/k" + config.lookahead();
  }

  @Override
  public CompletableFuture<SearchResult> search(Problem problem, SearchContext ctx) {
    CompletableFuture<SearchResult> missing = StepSearch.requirePrm(ctx, name());
    if (missing != null) return missing;
    return new BeamSearch.Run(problem, ctx, config.beam(), config.lookahead()).run();
  }
}
