package io.ttc4j.eval;

import io.ttc4j.core.Aggregation;
import io.ttc4j.core.Budget;
import io.ttc4j.strategies.BestOfN;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * What a budget sweep varies and how each search is configured.
 *
 * @param strategies   the strategies, in report order, distinct: best-of-N selection rules
 *                     (evaluated on one shared candidate set per N) and searched strategies such as
 *                     beam search (one search each per N); see {@link SweepStrategy}
 * @param ns           the budgets N (samples of best-of-N, beams of beam search; see
 *                     {@link SweepStrategy}), ascending and distinct, each at least 1
 * @param seeds        the sweep seeds, distinct; each (problem, N) runs once per seed
 * @param budget       the per-query budget of every search (for example {@code Budget.tokens(t)})
 * @param aggregation  how step scores reduce to a solution score
 * @param temperature  sampling temperature, at least 0
 * @param maxTokens    completion tokens allowed per sample (reserved per sample against the budget), at least 1
 * @param concurrency  model calls in flight at most (generator and reward model together), and (problem,
 *                     seed) units run in parallel; at least 1
 */
public record SweepSettings(
    List<SweepStrategy> strategies,
    List<Integer> ns,
    List<Long> seeds,
    Budget budget,
    Aggregation aggregation,
    double temperature,
    int maxTokens,
    int concurrency) {

  /** The default strategies: {@code first, naive, weighted, majority, oracle, beam, dvts, rebase}. */
  public static final List<SweepStrategy> DEFAULT_STRATEGIES = List.of(SweepStrategy.FIRST, SweepStrategy.NAIVE,
      SweepStrategy.WEIGHTED, SweepStrategy.MAJORITY, SweepStrategy.ORACLE, SweepStrategy.BEAM, SweepStrategy.DVTS,
      SweepStrategy.REBASE);
  /** The default Ns: 1, 2, 4, …, 64. */
  public static final List<Integer> DEFAULT_NS = List.of(1, 2, 4, 8, 16, 32, 64);
  /** The default seeds: 0, 1, 2. */
  public static final List<Long> DEFAULT_SEEDS = List.of(0L, 1L, 2L);

  /** Validates and copies. */
  public SweepSettings {
    strategies = List.copyOf(Objects.requireNonNull(strategies, "strategies"));
    ns = List.copyOf(Objects.requireNonNull(ns, "ns"));
    seeds = List.copyOf(Objects.requireNonNull(seeds, "seeds"));
    Objects.requireNonNull(budget, "budget");
    Objects.requireNonNull(aggregation, "aggregation");
    if (strategies.isEmpty()) {
      throw new IllegalArgumentException("strategies must not be empty");
    }
    if (new HashSet<>(strategies).size() != strategies.size()) {
      throw new IllegalArgumentException("strategies must be distinct, got " + strategies);
    }
    if (ns.isEmpty()) {
      throw new IllegalArgumentException("ns must not be empty");
    }
    for (int i = 0; i < ns.size(); i++) {
      if (ns.get(i) < 1) {
        throw new IllegalArgumentException("every n must be >= 1, got " + ns.get(i) + " in " + ns);
      }
      if (i > 0 && ns.get(i) <= ns.get(i - 1)) {
        throw new IllegalArgumentException("ns must be ascending and distinct, got " + ns);
      }
    }
    if (seeds.isEmpty()) {
      throw new IllegalArgumentException("seeds must not be empty");
    }
    if (new HashSet<>(seeds).size() != seeds.size()) {
      throw new IllegalArgumentException("seeds must be distinct, got " + seeds);
    }
    if (!(temperature >= 0) || Double.isInfinite(temperature)) {
      throw new IllegalArgumentException("temperature must be finite and >= 0, got " + temperature);
    }
    if (maxTokens < 1) {
      throw new IllegalArgumentException("maxTokens must be >= 1, got " + maxTokens);
    }
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be >= 1, got " + concurrency);
    }
  }

  /**
   * The default sweep: every best-of-N rule plus beam search, DVTS and REBASE, N = 1…64, seeds 0, 1, 2,
   * no budget, aggregation last, one unit per processor.
   */
  public static SweepSettings defaults() {
    return builder().build();
  }

  /** A builder starting from {@link #defaults()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Whether any strategy is a best-of-N selection rule (then best-of-N is searched at every N). */
  public boolean hasBestOfNRules() {
    for (SweepStrategy s : strategies) {
      if (s.isBestOfNRule()) return true;
    }
    return false;
  }

  /** The searched strategies (not best-of-N rules), in report order. */
  public List<SweepStrategy> searchedStrategies() {
    List<SweepStrategy> out = new ArrayList<>();
    for (SweepStrategy s : strategies) {
      if (!s.isBestOfNRule()) out.add(s);
    }
    return List.copyOf(out);
  }

  /**
   * The Ns at which best-of-N is searched: none without best-of-N rules, else {@link #ns()}, plus
   * N = 1 when {@code first} is evaluated and 1 is not among the Ns (its usage is that of the
   * one-sample search).
   */
  public List<Integer> searchedNs() {
    if (!hasBestOfNRules()) {
      return List.of();
    }
    if (!strategies.contains(SweepStrategy.FIRST) || ns.get(0) == 1) {
      return ns;
    }
    List<Integer> out = new ArrayList<>(ns.size() + 1);
    out.add(1);
    out.addAll(ns);
    return List.copyOf(out);
  }

  /** Builds {@link SweepSettings}; every setter validates its argument. */
  public static final class Builder {
    private List<SweepStrategy> strategies = DEFAULT_STRATEGIES;
    private List<Integer> ns = DEFAULT_NS;
    private List<Long> seeds = DEFAULT_SEEDS;
    private Budget budget = Budget.unlimited();
    private Aggregation aggregation = Aggregation.LAST;
    private double temperature = BestOfN.DEFAULT_TEMPERATURE;
    private int maxTokens = BestOfN.DEFAULT_MAX_TOKENS;
    private int concurrency = Runtime.getRuntime().availableProcessors();

    private Builder() {}

    /** The strategies, in report order. */
    public Builder strategies(List<SweepStrategy> v) {
      strategies = List.copyOf(Objects.requireNonNull(v, "strategies"));
      return this;
    }

    /** The Ns; sorted ascending here (duplicates are rejected by {@link #build()}). */
    public Builder ns(List<Integer> v) {
      List<Integer> sorted = new ArrayList<>(Objects.requireNonNull(v, "ns"));
      sorted.sort(null);
      ns = sorted;
      return this;
    }

    /** The seeds. */
    public Builder seeds(List<Long> v) {
      seeds = List.copyOf(Objects.requireNonNull(v, "seeds"));
      return this;
    }

    /** The per-query budget. */
    public Builder budget(Budget v) {
      budget = Objects.requireNonNull(v, "budget");
      return this;
    }

    /** The score aggregation. */
    public Builder aggregation(Aggregation v) {
      aggregation = Objects.requireNonNull(v, "aggregation");
      return this;
    }

    /** The sampling temperature. */
    public Builder temperature(double v) {
      temperature = v;
      return this;
    }

    /** Completion tokens allowed per sample. */
    public Builder maxTokens(int v) {
      maxTokens = v;
      return this;
    }

    /** (problem, seed) units run in parallel. */
    public Builder concurrency(int v) {
      concurrency = v;
      return this;
    }

    /** The settings. */
    public SweepSettings build() {
      return new SweepSettings(strategies, ns, seeds, budget, aggregation, temperature, maxTokens, concurrency);
    }
  }
}
