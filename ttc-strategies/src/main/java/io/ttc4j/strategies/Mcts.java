package io.ttc4j.strategies;

import io.ttc4j.core.Aggregation;
import io.ttc4j.core.GenerationMode;
import io.ttc4j.core.Problem;
import io.ttc4j.core.SearchContext;
import io.ttc4j.core.SearchResult;
import io.ttc4j.core.SearchStrategy;
import io.ttc4j.core.Selection;
import io.ttc4j.core.Step;
import io.ttc4j.core.Trajectory;
import io.ttc4j.strategies.internal.AsyncLoop;
import io.ttc4j.strategies.internal.StepSearch;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Monte Carlo tree search over reasoning steps with the PRM as value estimate, in the manner of
 * OpenR's MCTS. Each simulation walks from the root to a finished solution:
 * <ol>
 *   <li><b>select</b>: at a node visited before, go to the child with the highest
 *       {@link TreePolicy UCT or PUCT} bound;
 *   <li><b>expand and roll out</b>: at a node not visited before, go to the child with the highest
 *       PRM value (the default policy); a node without children is first expanded: sample
 *       {@link Config#expansionWidth()} next steps (to the end of the solution at depth
 *       {@link Config#maxDepth()}) and score them with the PRM; finished ones are candidates;
 *   <li><b>back up</b>: at a finished solution, every node of the path counts one more visit and
 *       adds the solution's PRM value to its sum.
 * </ol>
 * Ties go to the earlier child. The search stops after {@link Config#simulations()} simulations, or
 * earlier when no unexpanded, unfinished node is left; the answer is chosen among the finished
 * solutions with {@link Config#selection()} (weighted by default). A simulation that selects a
 * solution found before costs nothing and backs up its value again.
 *
 * <p><b>Values.</b> Q(c) is the mean of the values backed up through c, or c's own PRM value before
 * its first visit. With N the parent's visits, n the child's, C the exploration constant and P the
 * prior: UCT = Q + C·&radic;(ln N / (1 + n)); PUCT = Q + C·P·&radic;N / (1 + n). The prior is a
 * softmax over the siblings of their step's mean token log-probability, or uniform when the
 * generator reports none. The first simulation follows the best PRM value from the root down: it is
 * DVTS with a single subtree of width {@link Config#expansionWidth()}. Simulations run one after the
 * other, so every choice is a function of the search seed.
 */
public final class Mcts implements SearchStrategy {

  /** How selection trades the value of a child against exploring it. */
  public enum TreePolicy {
    /** Upper confidence bound for trees: Q + C·&radic;(ln N / (1 + n)). */
    UCT,
    /** AlphaZero's predictor + UCT: Q + C·P·&radic;N / (1 + n), P the generator's prior of the step. */
    PUCT
  }

  /**
   * Settings of MCTS.
   *
   * @param simulations    simulations at most, at least 1
   * @param expansionWidth children sampled per expansion, at least 1
   * @param exploration    exploration constant C, finite and &gt;= 0 (0: pure exploitation)
   * @param policy         UCT or PUCT
   * @param maxDepth       steps at most in the tree, at least 1: a leaf at depth maxDepth - 1 is
   *                       expanded to the end of the solution
   * @param aggregation    reduces a node's step scores to its PRM value
   * @param selection      chooses the answer among the finished solutions
   * @param temperature    sampling temperature of expansions, at least 0
   * @param maxTokens      completion tokens allowed per continuation, at least 1
   */
  public record Config(int simulations, int expansionWidth, double exploration, TreePolicy policy, int maxDepth,
      Aggregation aggregation, Selection selection, double temperature, int maxTokens) {

    /** Validates. */
    public Config {
      ConfigChecks.checkAtLeast("simulations", simulations, 1);
      ConfigChecks.checkAtLeast("expansionWidth", expansionWidth, 1);
      if (!(exploration >= 0) || Double.isInfinite(exploration)) {
        throw new IllegalArgumentException("exploration must be finite and >= 0, got " + exploration);
      }
      Objects.requireNonNull(policy, "policy");
      ConfigChecks.checkAtLeast("maxDepth", maxDepth, 1);
      Objects.requireNonNull(aggregation, "aggregation");
      Objects.requireNonNull(selection, "selection");
      ConfigChecks.checkTemperature(temperature);
      ConfigChecks.checkMaxTokens(maxTokens);
    }

    /**
     * {@code simulations} simulations expanding {@code expansionWidth} children each, with the
     * defaults: C = 1, UCT, depth 40, {@code LAST}, weighted, temperature 0.8, 2048 tokens.
     */
    public static Config of(int simulations, int expansionWidth) {
      return new Config(simulations, expansionWidth, 1.0, TreePolicy.UCT, BeamSearch.DEFAULT_MAX_ITERATIONS,
          Aggregation.LAST, Selection.WEIGHTED, BestOfN.DEFAULT_TEMPERATURE, BestOfN.DEFAULT_MAX_TOKENS);
    }

    /** This config with another exploration constant. */
    public Config withExploration(double v) {
      return new Config(simulations, expansionWidth, v, policy, maxDepth, aggregation, selection,
          temperature, maxTokens);
    }

    /** This config with another tree policy. */
    public Config withPolicy(TreePolicy v) {
      return new Config(simulations, expansionWidth, exploration, v, maxDepth, aggregation, selection,
          temperature, maxTokens);
    }

    /** This config with another depth limit. */
    public Config withMaxDepth(int v) {
      return new Config(simulations, expansionWidth, exploration, policy, v, aggregation, selection,
          temperature, maxTokens);
    }

    /** This config with another selection. */
    public Config withSelection(Selection v) {
      return new Config(simulations, expansionWidth, exploration, policy, maxDepth, aggregation, v,
          temperature, maxTokens);
    }

    /** This config with another per-continuation token limit. */
    public Config withMaxTokens(int v) {
      return new Config(simulations, expansionWidth, exploration, policy, maxDepth, aggregation,
          selection, temperature, v);
    }
  }

  private final Config config;

  private Mcts(Config config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /** MCTS of {@code simulations} simulations expanding {@code expansionWidth} children; see {@link Config#of}. */
  public static Mcts of(int simulations, int expansionWidth) {
    return new Mcts(Config.of(simulations, expansionWidth));
  }

  /** MCTS with the given settings. */
  public static Mcts of(Config config) {
    return new Mcts(config);
  }

  /** The settings. */
  public Config config() {
    return config;
  }

  @Override
  public String name() {
    return "mcts-" + config.simulations() + "x" + config.expansionWidth() + "/"
        + config.policy().name().toLowerCase(Locale.ROOT) + config.exploration();
  }

  @Override
  public CompletableFuture<SearchResult> search(Problem problem, SearchContext ctx) {
    CompletableFuture<SearchResult> missing = StepSearch.requirePrm(ctx, name());
    if (missing != null) return missing;
    return new Run(problem, ctx).run();
  }

  /** A node of the search tree: a trajectory and its statistics. */
  private static final class Node {
    final Trajectory trajectory;
    final double value; // the PRM value (NaN for the root)
    double prior = 1;
    List<Node> children; // null until expanded
    int visits;
    double valueSum;

    Node(Trajectory trajectory, double value) {
      this.trajectory = trajectory;
      this.value = value;
    }

    double q() {
      return visits > 0 ? valueSum / visits : value;
    }
  }

  private final class Run {
    private final StepSearch s;
    private final Node root = new Node(Trajectory.empty(), Double.NaN);
    private int simulations;
    private int openLeaves = 1; // unexpanded, unfinished nodes

    Run(Problem problem, SearchContext ctx) {
      this.s = new StepSearch(problem, ctx, config.aggregation(), config.temperature(), config.maxTokens(),
          config.policy() == TreePolicy.PUCT);
    }

    CompletableFuture<SearchResult> run() {
      return s.conclude(AsyncLoop.whileTrue(this::simulation), () -> s.result(config.selection()));
    }

    private CompletableFuture<Boolean> simulation() {
      if (simulations >= config.simulations() || openLeaves == 0 || s.halted()) {
        return CompletableFuture.completedFuture(false);
      }
      simulations++;
      List<Node> path = new ArrayList<>();
      path.add(root);
      return AsyncLoop.whileTrue(() -> step(path)).thenApply(v -> {
        Node end = path.get(path.size() - 1);
        if (!end.trajectory.isFinished()) {
          return false; // halted on the way down
        }
        for (Node n : path) {
          n.visits++;
          n.valueSum += Double.isNaN(end.value) ? 0 : end.value;
        }
        return !s.halted();
      });
    }

    /** One step down the path: expand the node if it has no children, then go to a child. */
    private CompletableFuture<Boolean> step(List<Node> path) {
      Node node = path.get(path.size() - 1);
      if (node.trajectory.isFinished() || s.halted()) {
        return CompletableFuture.completedFuture(false);
      }
      if (node.children != null) {
        path.add(choose(node));
        return CompletableFuture.completedFuture(true);
      }
      GenerationMode mode = node.trajectory.depth() + 1 >= config.maxDepth()
          ? GenerationMode.TO_END : GenerationMode.ONE_STEP;
      return s.expand(List.of(node.trajectory), new int[] {config.expansionWidth()}, mode)
          .thenCompose(expanded -> s.score(expanded.get(0)).thenApply(x -> {
            if (!attach(node, expanded.get(0))) {
              return false; // nothing scored: the search halted
            }
            path.add(choose(node));
            return true;
          }));
    }

    /** The tree policy at a visited node, the best PRM value at a new one. */
    private Node choose(Node node) {
      Node best = null;
      double bestScore = Double.NEGATIVE_INFINITY;
      for (Node c : node.children) {
        double u = node.visits > 0 ? bound(node, c) : StepSearch.rankable(c.value);
        if (best == null || u > bestScore) {
          best = c;
          bestScore = u;
        }
      }
      return best;
    }

    private double bound(Node parent, Node child) {
      double q = StepSearch.rankable(child.q());
      double c = config.exploration();
      if (c == 0) return q;
      int n = parent.visits;
      if (config.policy() == TreePolicy.UCT) {
        return q + c * Math.sqrt(Math.log(n) / (1 + child.visits));
      }
      return q + c * child.prior * Math.sqrt(n) / (1 + child.visits);
    }

    /** Gives {@code node} its scored children; false when none was scored. */
    private boolean attach(Node node, List<Trajectory> kids) {
      List<Node> children = new ArrayList<>(kids.size());
      for (Trajectory k : kids) {
        if (!s.isScored(k)) continue;
        children.add(new Node(k, s.value(k)));
        s.offer(k);
        if (!k.isFinished()) openLeaves++;
      }
      if (children.isEmpty()) {
        return false;
      }
      openLeaves--;
      node.children = children;
      priors(children);
      return true;
    }

    /** Softmax over siblings of the step's mean token log-probability; uniform when one is unknown. */
    private void priors(List<Node> children) {
      double[] logit = new double[children.size()];
      boolean known = true;
      for (int i = 0; i < logit.length; i++) {
        Step step = children.get(i).trajectory.lastStep();
        known &= step.hasLogProbability() && step.tokens() > 0;
        logit[i] = known ? step.logProbability() / step.tokens() : 0;
      }
      double max = Double.NEGATIVE_INFINITY;
      for (double l : logit) max = Math.max(max, known ? l : 0);
      double sum = 0;
      for (int i = 0; i < logit.length; i++) {
        logit[i] = known ? Math.exp(logit[i] - max) : 1;
        sum += logit[i];
      }
      for (int i = 0; i < logit.length; i++) {
        children.get(i).prior = logit[i] / sum;
      }
    }
  }

}
