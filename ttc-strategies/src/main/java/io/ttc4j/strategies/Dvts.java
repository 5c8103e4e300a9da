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
 * Diverse verifier tree search (DVTS, search-and-learn): N/M independent subtrees, each a greedy
 * search guided by the PRM, so that one high-scoring prefix cannot take over the whole budget as it
 * can in beam search.
 * <ol>
 *   <li>sample N first steps and give each of the N/M subtrees M of them;
 *   <li>in every subtree, score the M new children with the PRM; finished ones are kept as
 *       candidates;
 *   <li>continue each subtree from its best child (highest score, the earlier on ties) by sampling
 *       M next steps; a subtree ends when its best child is a finished solution;
 *   <li>repeat for at most {@link Config#maxIterations()} iterations; the last one samples to the end;
 *   <li>choose the answer among the finished solutions with {@link Config#selection()} (weighted
 *       best-of-N by default).
 * </ol>
 * The subtrees advance together, one step per iteration, with one PRM call per iteration. The N
 * first steps come from one generator call (sampling M first steps in each of N/M calls is the same
 * distribution, with the prompt charged N/M times). Unlike search-and-learn, which returns the M
 * last siblings of each subtree whether finished or not, only finished solutions are candidates, and
 * all of them.
 *
 * <p><b>Budget.</b> As in {@link BeamSearch}: calls that do not fit are trimmed in subtree order, the
 * search goes on with what it got and reports {@link io.ttc4j.core.StopReason#BUDGET}.
 */
public final class Dvts implements SearchStrategy {

  /**
   * Settings of DVTS.
   *
   * @param n             total width N: first steps sampled, and M per subtree after; at least 1
   * @param beamWidth     M: children per expansion of a subtree; divides {@code n} (N/M subtrees)
   * @param maxIterations iterations (steps) at most, at least 1; the last samples to the end
   * @param aggregation   reduces a partial solution's step scores to its score
   * @param selection     chooses the answer among the finished solutions
   * @param temperature   sampling temperature, at least 0
   * @param maxTokens     completion tokens allowed per continuation, at least 1
   */
  public record Config(int n, int beamWidth, int maxIterations, Aggregation aggregation, Selection selection,
      double temperature, int maxTokens) {

    /** Validates. */
    public Config {
      ConfigChecks.checkAtLeast("n", n, 1);
      ConfigChecks.checkAtLeast("beamWidth", beamWidth, 1);
      if (n % beamWidth != 0) {
        throw new IllegalArgumentException("beamWidth must divide n, got n=" + n + ", beamWidth=" + beamWidth);
      }
      ConfigChecks.checkAtLeast("maxIterations", maxIterations, 1);
      Objects.requireNonNull(aggregation, "aggregation");
      Objects.requireNonNull(selection, "selection");
      ConfigChecks.checkTemperature(temperature);
      ConfigChecks.checkMaxTokens(maxTokens);
    }

    /**
     * Width N in subtrees of M with the defaults: 40 iterations, {@code LAST}, weighted, temperature
     * 0.8, 2048 tokens.
     */
    public static Config of(int n, int beamWidth) {
      return new Config(n, beamWidth, BeamSearch.DEFAULT_MAX_ITERATIONS, Aggregation.LAST, Selection.WEIGHTED,
          BestOfN.DEFAULT_TEMPERATURE, BestOfN.DEFAULT_MAX_TOKENS);
    }

    /** This config with another iteration limit. */
    public Config withMaxIterations(int v) {
      return new Config(n, beamWidth, v, aggregation, selection, temperature, maxTokens);
    }

    /** This config with another aggregation. */
    public Config withAggregation(Aggregation v) {
      return new Config(n, beamWidth, maxIterations, v, selection, temperature, maxTokens);
    }

    /** This config with another selection. */
    public Config withSelection(Selection v) {
      return new Config(n, beamWidth, maxIterations, aggregation, v, temperature, maxTokens);
    }

    /** This config with another per-continuation token limit. */
    public Config withMaxTokens(int v) {
      return new Config(n, beamWidth, maxIterations, aggregation, selection, temperature, v);
    }
  }

  private final Config config;

  private Dvts(Config config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /** DVTS of width N in subtrees of M with the defaults of {@link Config#of}. */
  public static Dvts of(int n, int beamWidth) {
    return new Dvts(Config.of(n, beamWidth));
  }

  /** DVTS with the given settings. */
  public static Dvts of(Config config) {
    return new Dvts(config);
  }

  /** The settings. */
  public Config config() {
    return config;
  }

  @Override
  public String name() {
    return "dvts-" + config.n() + "x" + config.beamWidth() + "/" + config.selection().name().toLowerCase(Locale.ROOT);
  }

  @Override
  public CompletableFuture<SearchResult> search(Problem problem, SearchContext ctx) {
    CompletableFuture<SearchResult> missing = StepSearch.requirePrm(ctx, name());
    if (missing != null) return missing;
    return new Run(problem, ctx).run();
  }

  private final class Run {
    private final StepSearch s;
    /** The node each subtree continues from; null once the subtree has ended. */
    private final Trajectory[] current;
    private int iteration;

    Run(Problem problem, SearchContext ctx) {
      Config c = config;
      this.s = new StepSearch(problem, ctx, c.aggregation(), c.temperature(), c.maxTokens(), false);
      this.current = new Trajectory[c.n() / c.beamWidth()];
      java.util.Arrays.fill(current, Trajectory.empty());
    }

    CompletableFuture<SearchResult> run() {
      return s.conclude(AsyncLoop.whileTrue(this::iteration), () -> s.result(config.selection()));
    }

    private CompletableFuture<Boolean> iteration() {
      int m = config.beamWidth();
      List<Integer> active = new ArrayList<>();
      for (int t = 0; t < current.length; t++) {
        if (current[t] != null) active.add(t);
      }
      if (iteration >= config.maxIterations() || active.isEmpty() || s.halted()) {
        return CompletableFuture.completedFuture(false);
      }
      boolean first = iteration == 0;
      boolean last = iteration == config.maxIterations() - 1;
      iteration++;
      List<Trajectory> prefixes = new ArrayList<>();
      int[] counts;
      if (first) {
        prefixes.add(Trajectory.empty()); // N first steps at once; subtree t owns children [tM, (t+1)M)
        counts = new int[] {config.n()};
      } else {
        for (int t : active) prefixes.add(current[t]);
        counts = new int[active.size()];
        java.util.Arrays.fill(counts, m);
      }
      return s.expand(prefixes, counts, last ? GenerationMode.TO_END : GenerationMode.ONE_STEP)
          .thenCompose(expanded -> {
            List<List<Trajectory>> bySubtree = new ArrayList<>(current.length);
            for (int t = 0; t < current.length; t++) bySubtree.add(List.of());
            if (first) {
              List<Trajectory> kids = expanded.get(0);
              for (int t = 0; t < current.length; t++) {
                bySubtree.set(t, kids.subList(Math.min(kids.size(), t * m), Math.min(kids.size(), (t + 1) * m)));
              }
            } else {
              for (int i = 0; i < active.size(); i++) bySubtree.set(active.get(i), expanded.get(i));
            }
            List<Trajectory> all = new ArrayList<>();
            bySubtree.forEach(all::addAll);
            return s.score(all).thenApply(x -> advance(active, bySubtree));
          });
    }

    /** Keeps finished children as candidates and moves each subtree to its best child. */
    private boolean advance(List<Integer> active, List<List<Trajectory>> bySubtree) {
      for (int t : active) {
        List<Trajectory> kids = bySubtree.get(t);
        Trajectory best = null;
        for (Trajectory k : kids) {
          s.offer(k);
          boolean better = best == null || StepSearch.rankable(s.value(k)) > StepSearch.rankable(s.value(best));
          if (s.isScored(k) && better) {
            best = k;
          }
        }
        current[t] = best == null || best.isFinished() ? null : best;
      }
      return !s.halted();
    }
  }
}
