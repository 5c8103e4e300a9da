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
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Reward-balanced search (REBASE; Wu et al., <i>Inference Scaling Laws</i>): a tree search that
 * gives good partial solutions more children, in proportion to a softmax of their PRM scores.
 * <ol>
 *   <li>the remaining width W starts at N; sample W first steps;
 *   <li>score every new node with the PRM; each finished solution becomes a candidate and reduces
 *       W by one;
 *   <li>give each unfinished node n<sub>i</sub> = round(W · e<sup>s<sub>i</sub>/T</sup> /
 *       &Sigma;<sub>j</sub> e<sup>s<sub>j</sub>/T</sup>) children (T the balance temperature); a node
 *       given none is pruned;
 *   <li>sample the children, one step each, and go to 2 until W is 0, no node is left or
 *       {@link Config#maxIterations()} is reached (the last iteration samples to the end);
 *   <li>choose the answer among the finished solutions with {@link Config#selection()} (weighted by
 *       default, as the paper's weighted majority vote).
 * </ol>
 * Rounding is by largest remainder, so the children of one depth always add up to W: each node
 * gets the floor of its share, and the nodes with the largest fractional parts (then the higher
 * score, then the earlier node) get one more each. A low T concentrates the width on the best node
 * (T &rarr; 0 expands only the top-scoring node, greedily); a high T spreads it evenly.
 *
 * <p><b>Budget.</b> As in {@link BeamSearch}: the best nodes are served first; a cut search goes on
 * with what it got and reports {@link io.ttc4j.core.StopReason#BUDGET}.
 */
public final class Rebase implements SearchStrategy {

  /** Default balance temperature. */
  public static final double DEFAULT_BALANCE_TEMPERATURE = 0.2;

  /**
   * Settings of REBASE.
   *
   * @param n                  width N: the number of solutions the search aims to finish, at least 1
   * @param balanceTemperature T of the softmax over node scores, finite and &gt; 0
   * @param maxIterations      depth at most, at least 1; the last iteration samples to the end
   * @param aggregation        reduces a partial solution's step scores to its score
   * @param selection          chooses the answer among the finished solutions
   * @param temperature        sampling temperature of the generator, at least 0
   * @param maxTokens          completion tokens allowed per continuation, at least 1
   */
  public record Config(int n, double balanceTemperature, int maxIterations, Aggregation aggregation,
      Selection selection, double temperature, int maxTokens) {

    /** Validates. */
    public Config {
      ConfigChecks.checkAtLeast("n", n, 1);
      if (!(balanceTemperature > 0) || Double.isInfinite(balanceTemperature)) {
        throw new IllegalArgumentException("balanceTemperature must be finite and > 0, got " + balanceTemperature);
      }
      ConfigChecks.checkAtLeast("maxIterations", maxIterations, 1);
      Objects.requireNonNull(aggregation, "aggregation");
      Objects.requireNonNull(selection, "selection");
      ConfigChecks.checkTemperature(temperature);
      ConfigChecks.checkMaxTokens(maxTokens);
    }

    /** Width N with the defaults: T = 0.2, 40 iterations, {@code LAST}, weighted, temperature 0.8, 2048 tokens. */
    public static Config of(int n) {
      return new Config(n, DEFAULT_BALANCE_TEMPERATURE, BeamSearch.DEFAULT_MAX_ITERATIONS, Aggregation.LAST,
          Selection.WEIGHTED, BestOfN.DEFAULT_TEMPERATURE, BestOfN.DEFAULT_MAX_TOKENS);
    }

    /** This config with another balance temperature. */
    public Config withBalanceTemperature(double v) {
      return new Config(n, v, maxIterations, aggregation, selection, temperature, maxTokens);
    }

    /** This config with another iteration limit. */
    public Config withMaxIterations(int v) {
      return new Config(n, balanceTemperature, v, aggregation, selection, temperature, maxTokens);
    }

    /** This config with another selection. */
    public Config withSelection(Selection v) {
      return new Config(n, balanceTemperature, maxIterations, aggregation, v, temperature, maxTokens);
    }

    /** This config with another per-continuation token limit. */
    public Config withMaxTokens(int v) {
      return new Config(n, balanceTemperature, maxIterations, aggregation, selection, temperature, v);
    }
  }

  private final Config config;

  private Rebase(Config config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /** REBASE of width N with the defaults of {@link Config#of}. */
  public static Rebase of(int n) {
    return new Rebase(Config.of(n));
  }

  /** REBASE with the given settings. */
  public static Rebase of(Config config) {
    return new Rebase(config);
  }

  /** The settings. */
  public Config config() {
    return config;
  }

  @Override
  public String name() {
    return "rebase-" + config.n() + "/T" + config.balanceTemperature() + "/"
        + config.selection().name().toLowerCase(Locale.ROOT);
  }

  @Override
  public CompletableFuture<SearchResult> search(Problem problem, SearchContext ctx) {
    CompletableFuture<SearchResult> missing = StepSearch.requirePrm(ctx, name());
    if (missing != null) return missing;
    return new Run(problem, ctx).run();
  }

  /**
   * Children per node: {@code width} split by a softmax of {@code scores} at temperature {@code t},
   * rounded by largest remainder so that the parts add up to {@code width}. {@code NaN} scores get
   * nothing (unless every score is {@code NaN}: then the split is even).
   */
  static int[] allocate(double[] scores, int width, double t) {
    int k = scores.length;
    int[] children = new int[k];
    if (k == 0 || width <= 0) return children;
    double max = Double.NEGATIVE_INFINITY;
    for (double s : scores) {
      if (!Double.isNaN(s)) max = Math.max(max, s);
    }
    double[] weight = new double[k];
    double sum = 0;
    for (int i = 0; i < k; i++) {
      boolean scored = !Double.isNaN(scores[i]);
      // shifted by the maximum: the same softmax, without overflow as t -> 0
      weight[i] = max == Double.NEGATIVE_INFINITY ? 1 : scored ? Math.exp((scores[i] - max) / t) : 0;
      sum += weight[i];
    }
    double[] fraction = new double[k];
    int given = 0;
    for (int i = 0; i < k; i++) {
      double share = width * weight[i] / sum;
      children[i] = (int) Math.floor(share);
      fraction[i] = share - children[i];
      given += children[i];
    }
    Integer[] order = new Integer[k];
    for (int i = 0; i < k; i++) order[i] = i;
    Arrays.sort(order, (a, b) -> {
      int byFraction = Double.compare(fraction[b], fraction[a]);
      if (byFraction != 0) return byFraction;
      return Double.compare(StepSearch.rankable(scores[b]), StepSearch.rankable(scores[a]));
    });
    for (int j = 0; given < width; j++, given++) {
      children[order[j % k]]++;
    }
    return children;
  }


  private final class Run {
    private final StepSearch s;
    private List<Trajectory> nodes = List.of(Trajectory.empty());
    private int width = config.n();
    private int iteration;

    Run(Problem problem, SearchContext ctx) {
      this.s = new StepSearch(problem, ctx, config.aggregation(), config.temperature(), config.maxTokens(), false);
    }

    CompletableFuture<SearchResult> run() {
      return s.conclude(AsyncLoop.whileTrue(this::depth), () -> s.result(config.selection()));
    }

    private CompletableFuture<Boolean> depth() {
      if (width <= 0 || nodes.isEmpty() || iteration >= config.maxIterations() || s.halted()) {
        return CompletableFuture.completedFuture(false);
      }
      boolean last = iteration == config.maxIterations() - 1;
      iteration++;
      // best nodes first: they are served first when the budget runs short
      double[] values = new double[nodes.size()];
      for (int i = 0; i < values.length; i++) values[i] = s.value(nodes.get(i));
      int[] order = StepSearch.bestFirst(values);
      List<Trajectory> ranked = new ArrayList<>(order.length);
      double[] rankedValues = new double[order.length];
      for (int i = 0; i < order.length; i++) {
        ranked.add(nodes.get(order[i]));
        rankedValues[i] = values[order[i]];
      }
      int[] children = ranked.size() == 1 && ranked.get(0).isEmpty()
          ? new int[] {width}
          : allocate(rankedValues, width, config.balanceTemperature());
      return s.expand(ranked, children, last ? GenerationMode.TO_END : GenerationMode.ONE_STEP)
          .thenCompose(expanded -> {
            List<Trajectory> all = new ArrayList<>();
            expanded.forEach(all::addAll);
            return s.score(all).thenApply(x -> {
              List<Trajectory> next = new ArrayList<>();
              for (Trajectory t : all) {
                if (t.isFinished()) {
                  s.offer(t);
                  width--; // a finished solution uses up one unit of width
                } else if (s.isScored(t)) {
                  next.add(t);
                }
              }
              nodes = next;
              return !s.halted();
            });
          });
    }
  }
}
