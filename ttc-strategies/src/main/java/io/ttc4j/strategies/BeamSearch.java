package io.ttc4j.strategies;

import io.ttc4j.core.Aggregation;
import io.ttc4j.core.GenerationMode;
import io.ttc4j.core.Problem;
import io.ttc4j.core.SearchContext;
import io.ttc4j.core.SearchResult;
import io.ttc4j.core.SearchStrategy;
import io.ttc4j.core.Selection;
import io.ttc4j.core.Trajectory;
import io.ttc4j.strategies.internal.AsyncLoop;
import io.ttc4j.strategies.internal.StepSearch;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Step-level beam search guided by a process reward model, as in search-and-learn:
 * <ol>
 *   <li>sample N first steps of the solution;
 *   <li>score every new partial solution with the PRM (aggregation {@code LAST} by default);
 *   <li>finished solutions leave the beam and are kept as candidates;
 *   <li>keep the top N/M unfinished partial solutions (M the beam width);
 *   <li>expand each kept one with M sampled next steps, N in all, and go to 2, for at most
 *       {@link Config#maxIterations()} iterations; the last iteration samples to the end of the
 *       solution, so every surviving beam finishes;
 *   <li>choose the answer among the finished solutions with {@link Config#selection()} (weighted
 *       best-of-N by default).
 * </ol>
 * As in search-and-learn, an iteration always spends N expansions: when fewer than N/M beams
 * survive (others finished), each survivor gets N divided by the survivors, the best ones one more
 * when it does not divide. Ties in score go to the earlier partial solution. Unlike search-and-learn,
 * every finished solution is a candidate (it keeps only the first N), and completion tokens are
 * counted exactly by the meter.
 *
 * <p><b>Budget.</b> Each expansion reserves its worst case, {@code n × maxTokens} completion tokens;
 * when an iteration does not fit, the best beams are expanded first with what is left, the search
 * goes on with what it got and reports {@link io.ttc4j.core.StopReason#BUDGET}; it stops when nothing
 * fits or the PRM budget cannot score an iteration. Under a token budget, set
 * {@link Config#maxTokens()} to what one step can need, not to a whole solution's length.
 */
public final class BeamSearch implements SearchStrategy {

  /** Default maximum number of iterations, as in search-and-learn. */
  public static final int DEFAULT_MAX_ITERATIONS = 40;

  /**
   * Settings of beam search.
   *
   * @param n                number of beams N: expansions per iteration, at least 1
   * @param beamWidth        beam width M: children per kept beam; divides {@code n}
   * @param maxIterations    iterations (steps) at most, at least 1; the last samples to the end
   * @param aggregation      reduces a partial solution's step scores to its score
   * @param selection        chooses the answer among the finished solutions
   * @param temperature      sampling temperature, at least 0 (search-and-learn: 0.8)
   * @param maxTokens        completion tokens allowed per continuation (one step, or the rest of
   *                         the solution at the last iteration), at least 1
   * @param filterDuplicates drop a partial solution whose steps equal an earlier one's before
   *                         keeping the top N/M ({@link Trajectory#contentHash()} and
   *                         {@link Trajectory#sameSteps})
   */
  public record Config(int n, int beamWidth, int maxIterations, Aggregation aggregation, Selection selection,
      double temperature, int maxTokens, boolean filterDuplicates) {

    /** Validates. */
    public Config {
      if (n < 1) throw new IllegalArgumentException("n must be >= 1, got " + n);
      if (beamWidth < 1) throw new IllegalArgumentException("beamWidth must be >= 1, got " + beamWidth);
      if (n % beamWidth != 0) {
        throw new IllegalArgumentException("beamWidth must divide n, got n=" + n + ", beamWidth=" + beamWidth);
      }
      if (maxIterations < 1) throw new IllegalArgumentException("maxIterations must be >= 1, got " + maxIterations);
      Objects.requireNonNull(aggregation, "aggregation");
      Objects.requireNonNull(selection, "selection");
      ConfigChecks.checkTemperature(temperature);
      ConfigChecks.checkMaxTokens(maxTokens);
    }

    /** N beams of width M with the defaults: 40 iterations, {@code LAST}, weighted, temperature 0.8, 2048 tokens. */
    public static Config of(int n, int beamWidth) {
      return new Config(n, beamWidth, DEFAULT_MAX_ITERATIONS, Aggregation.LAST, Selection.WEIGHTED,
          BestOfN.DEFAULT_TEMPERATURE, BestOfN.DEFAULT_MAX_TOKENS, false);
    }

    /** This config with another iteration limit. */
    public Config withMaxIterations(int v) {
      return new Config(n, beamWidth, v, aggregation, selection, temperature, maxTokens, filterDuplicates);
    }

    /** This config with another aggregation. */
    public Config withAggregation(Aggregation v) {
      return new Config(n, beamWidth, maxIterations, v, selection, temperature, maxTokens, filterDuplicates);
    }

    /** This config with another selection. */
    public Config withSelection(Selection v) {
      return new Config(n, beamWidth, maxIterations, aggregation, v, temperature, maxTokens, filterDuplicates);
    }

    /** This config with another temperature. */
    public Config withTemperature(double v) {
      return new Config(n, beamWidth, maxIterations, aggregation, selection, v, maxTokens, filterDuplicates);
    }

    /** This config with another per-continuation token limit. */
    public Config withMaxTokens(int v) {
      return new Config(n, beamWidth, maxIterations, aggregation, selection, temperature, v, filterDuplicates);
    }

    /** This config filtering duplicate partial solutions or not. */
    public Config withFilterDuplicates(boolean v) {
      return new Config(n, beamWidth, maxIterations, aggregation, selection, temperature, maxTokens, v);
    }
  }

  private final Config config;

  private BeamSearch(Config config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /** Beam search with N beams of width M and the defaults of {@link Config#of}. */
  public static BeamSearch of(int n, int beamWidth) {
    return new BeamSearch(Config.of(n, beamWidth));
  }

  /** Beam search with the given settings. */
  public static BeamSearch of(Config config) {
    return new BeamSearch(config);
  }

  /** The settings. */
  public Config config() {
    return config;
  }

  @Override
  public String name() {
    return "beam-" + config.n() + "x" + config.beamWidth() + "/" + config.selection().name().toLowerCase(Locale.ROOT);
  }

  @Override
  public CompletableFuture<SearchResult> search(Problem problem, SearchContext ctx) {
    CompletableFuture<SearchResult> missing = StepSearch.requirePrm(ctx, name());
    if (missing != null) return missing;
    return new Run(problem, ctx, config, 0).run();
  }

  /**
   * One beam search; with {@code lookahead > 0} a candidate step is valued by the PRM at the end of
   * a greedy rollout of that many steps ({@link LookaheadSearch}).
   */
  static final class Run {
    private final Config c;
    private final int lookahead;
    private final StepSearch s;
    private List<Trajectory> beams = List.of(Trajectory.empty());
    private int iteration;

    Run(Problem problem, SearchContext ctx, Config c, int lookahead) {
      this.c = c;
      this.lookahead = lookahead;
      this.s = new StepSearch(problem, ctx, c.aggregation(), c.temperature(), c.maxTokens(), false);
    }

    CompletableFuture<SearchResult> run() {
      return s.conclude(AsyncLoop.whileTrue(this::iteration), () -> s.result(c.selection()));
    }

    private CompletableFuture<Boolean> iteration() {
      if (iteration >= c.maxIterations() || beams.isEmpty() || s.halted()) {
        return CompletableFuture.completedFuture(false);
      }
      boolean last = iteration == c.maxIterations() - 1;
      iteration++;
      // N expansions per iteration, spread over the surviving beams (best first)
      int[] children = StepSearch.split(c.n(), beams.size());
      return s.expand(beams, children, last ? GenerationMode.TO_END : GenerationMode.ONE_STEP)
          .thenCompose(expanded -> {
            List<Trajectory> all = new ArrayList<>();
            expanded.forEach(all::addAll);
            List<Trajectory> open = new ArrayList<>();
            for (Trajectory t : all) {
              if (!t.isFinished()) open.add(t);
            }
            CompletableFuture<List<Trajectory>> valued = lookahead > 0 && !last
                ? s.rollout(open, lookahead) : CompletableFuture.completedFuture(open);
            return valued.thenCompose(ends -> {
              List<Trajectory> toScore = new ArrayList<>(all.size());
              for (Trajectory t : all) {
                if (t.isFinished()) toScore.add(t);
              }
              toScore.addAll(ends);
              return s.score(toScore).thenApply(x -> prune(all, open, ends));
            });
          });
    }

    /** Keeps finished solutions as candidates and the top N/M unfinished ones as the next beams. */
    private boolean prune(List<Trajectory> all, List<Trajectory> open, List<Trajectory> ends) {
      for (Trajectory t : all) {
        s.offer(t);
      }
      List<Integer> scored = new ArrayList<>(open.size());
      for (int i = 0; i < open.size(); i++) {
        if (s.isScored(ends.get(i))) scored.add(i);
      }
      if (c.filterDuplicates()) {
        List<Trajectory> candidates = new ArrayList<>(scored.size());
        for (int i : scored) candidates.add(open.get(i));
        List<Integer> distinct = new ArrayList<>();
        for (int j : StepSearch.distinctSteps(candidates)) distinct.add(scored.get(j));
        scored = distinct;
      }
      List<Trajectory> active = new ArrayList<>(scored.size());
      List<Trajectory> activeEnds = new ArrayList<>(scored.size());
      for (int i : scored) {
        active.add(open.get(i));
        activeEnds.add(ends.get(i));
      }
      double[] values = new double[active.size()];
      for (int i = 0; i < values.length; i++) {
        values[i] = s.value(activeEnds.get(i));
      }
      int[] order = StepSearch.bestFirst(values);
      int keep = Math.min(c.n() / c.beamWidth(), order.length);
      List<Trajectory> next = new ArrayList<>(keep);
      for (int i = 0; i < keep; i++) {
        next.add(active.get(order[i]));
      }
      beams = next;
      return !s.halted();
    }
  }
}
