package io.ttc4j.eval;

import io.ttc4j.core.Aggregation;
import io.ttc4j.core.SearchStrategy;
import io.ttc4j.core.Selection;
import io.ttc4j.strategies.StrategySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One strategy of a sweep, named as it appears in {@code results.jsonl}, {@code summary.csv} and on
 * the command line: a {@link StrategySpec} such as {@code weighted}, {@code beam} or
 * {@code rebase[t=0.5]} (see there for the kinds, their settings and what N means).
 *
 * <p>In a sweep the best-of-N selection rules ({@link #isBestOfNRule()}) are evaluated on one shared
 * best-of-N candidate set per (problem, seed, N); every other strategy runs its own search.
 * Instances are immutable values, equal when their canonical names are equal.
 */
public final class SweepStrategy {

  /** The first sample (pass@1). */
  public static final SweepStrategy FIRST = new SweepStrategy(StrategySpec.FIRST);
  /** Naive best-of-N. */
  public static final SweepStrategy NAIVE = new SweepStrategy(StrategySpec.NAIVE);
  /** Weighted best-of-N. */
  public static final SweepStrategy WEIGHTED = new SweepStrategy(StrategySpec.WEIGHTED);
  /** Majority voting. */
  public static final SweepStrategy MAJORITY = new SweepStrategy(StrategySpec.MAJORITY);
  /** Pass@N. */
  public static final SweepStrategy ORACLE = new SweepStrategy(StrategySpec.ORACLE);
  /** Beam search with its defaults. */
  public static final SweepStrategy BEAM = new SweepStrategy(StrategySpec.BEAM);
  /** DVTS with its defaults. */
  public static final SweepStrategy DVTS = new SweepStrategy(StrategySpec.DVTS);
  /** REBASE with its defaults. */
  public static final SweepStrategy REBASE = new SweepStrategy(StrategySpec.REBASE);

  private final StrategySpec spec;

  private SweepStrategy(StrategySpec spec) {
    this.spec = Objects.requireNonNull(spec, "spec");
  }

  /** The sweep strategy of a spec. */
  public static SweepStrategy of(StrategySpec spec) {
    return new SweepStrategy(spec);
  }

  /** The best-of-N selection rule as a sweep strategy. */
  public static SweepStrategy of(Selection rule) {
    return new SweepStrategy(StrategySpec.of(rule));
  }

  /**
   * Parses a name such as {@code weighted}, {@code beam} or {@code rebase[t=0.5]}.
   *
   * @throws IllegalArgumentException naming the unknown strategy, setting or bad value
   */
  public static SweepStrategy parse(String text) {
    return new SweepStrategy(StrategySpec.parse(text));
  }

  /** Splits a comma-separated list, keeping the commas inside brackets. */
  public static List<SweepStrategy> parseList(String text) {
    List<SweepStrategy> out = new ArrayList<>();
    for (StrategySpec s : StrategySpec.parseList(text)) out.add(new SweepStrategy(s));
    return out;
  }

  /** The spec. */
  public StrategySpec spec() {
    return spec;
  }

  /** The canonical name. */
  public String name() {
    return spec.name();
  }

  /**
   * The canonical name as a CSV field: quoted (RFC 4180) when it holds a comma, as a name with two
   * settings does ({@code beam[width=2,iterations=10]}), else as is.
   */
  public String csvName() {
    return csvField(spec.name());
  }

  /** {@code s} as a CSV field: in double quotes, inner quotes doubled, when it holds a comma, quote or line break. */
  public static String csvField(String s) {
    return s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0 ? s
        : '"' + s.replace("\"", "\"\"") + '"';
  }

  /** The kind. */
  public StrategySpec.Kind kind() {
    return spec.kind();
  }

  /** Every setting, defaults included, in canonical order. */
  public Map<String, String> settings() {
    return spec.settings();
  }

  /** Whether this is a best-of-N selection rule, evaluated on the sweep's shared best-of-N samples. */
  public boolean isBestOfNRule() {
    return spec.isBestOfNRule();
  }

  /** The best-of-N rule, for {@link #isBestOfNRule()} strategies. */
  public Selection selection() {
    return spec.selection();
  }

  /** Whether this is a bound (pass@N) rather than a usable strategy; reports leave it out of frontiers. */
  public boolean isBound() {
    return spec.isBound();
  }

  /** Whether it needs a process reward model. */
  public boolean needsScores() {
    return spec.needsScores();
  }

  /**
   * The search this strategy runs at budget {@code n} (see {@link StrategySpec#create}); a sweep
   * creates searches only for strategies that are not best-of-N rules.
   */
  public SearchStrategy create(int n, Aggregation aggregation, double temperature, int maxTokens) {
    return spec.create(n, aggregation, temperature, maxTokens);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SweepStrategy other && other.spec.equals(spec);
  }

  @Override
  public int hashCode() {
    return spec.hashCode();
  }

  /** The canonical name. */
  @Override
  public String toString() {
    return spec.name();
  }
}
