package io.ttc4j.strategies;

import io.ttc4j.core.Aggregation;
import io.ttc4j.core.SearchStrategy;
import io.ttc4j.core.Selection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A strategy and its settings as text: {@code weighted}, {@code beam}, {@code beam[width=2]},
 * {@code rebase[t=0.5,iterations=20]}, {@code sc[stop=window,batch=8]}. Sweeps name their strategies
 * this way in {@code results.jsonl}, the command line takes them, and a compute-optimal policy stores
 * its choices as specs; {@link #create} turns a spec and a budget N into a {@link SearchStrategy}.
 *
 * <h2>Kinds and what N means</h2>
 * Best-of-N selection rules ({@code first}, {@code naive}, {@code weighted}, {@code majority},
 * {@code oracle}): N is the number of samples; {@code first} is one sample whatever N, and
 * {@code oracle} (pass@N) is a bound that needs the truth, so it cannot be created as a strategy.
 * Beam search, DVTS, lookahead and REBASE: N is the number of beams (the width of the search, as in
 * search-and-learn). MCTS: the number of simulations. Self-consistency ({@code sc}): the most samples
 * it may draw before its stopping rule ends it. At an N below a strategy's beam width the width is
 * the largest divisor of N not above it.
 *
 * <h2>Settings and defaults</h2>
 * <ul>
 *   <li>{@code beam}: {@code width} 4, {@code iterations} 40, {@code select} weighted, {@code dedup} false</li>
 *   <li>{@code dvts}: {@code width} 4, {@code iterations} 40, {@code select} weighted</li>
 *   <li>{@code rebase}: {@code t} 0.2 (balance temperature), {@code iterations} 40, {@code select} weighted</li>
 *   <li>{@code lookahead}: {@code width} 4, {@code k} 2 (greedy steps rolled out), {@code iterations} 40,
 *       {@code select} weighted</li>
 *   <li>{@code mcts}: {@code width} 4 (children per expansion), {@code c} 1.0, {@code policy} uct,
 *       {@code depth} 40, {@code select} weighted</li>
 *   <li>{@code sc}: {@code stop} beta (beta, window or none), {@code batch} 4, {@code threshold} 0.95,
 *       {@code keep} 1.0 (DeepConf fraction of the most confident samples that vote)</li>
 * </ul>
 * The canonical name leaves out settings equal to their defaults and lists the others in the order
 * above, so {@code beam[width=4]} and {@code beam} are the same strategy. Aggregation, sampling
 * temperature and the per-sample token limit are given to {@link #create}.
 *
 * <p>Instances are immutable values, equal when their canonical names are equal.
 */
public final class StrategySpec {

  /** What a strategy is. */
  public enum Kind {
    /** Best-of-N's first sample: pass@1. */
    FIRST("first", Selection.FIRST),
    /** Best-of-N, highest aggregated PRM score. */
    NAIVE("naive", Selection.NAIVE),
    /** Best-of-N, PRM-weighted vote. */
    WEIGHTED("weighted", Selection.WEIGHTED),
    /** Best-of-N, majority vote. */
    MAJORITY("majority", Selection.MAJORITY),
    /** Best-of-N's pass@N: a bound, not a usable strategy. */
    ORACLE("oracle", Selection.ORACLE),
    /** Step-level beam search. */
    BEAM("beam", null),
    /** Diverse verifier tree search. */
    DVTS("dvts", null),
    /** Reward-balanced search. */
    REBASE("rebase", null),
    /** Beam search with k-step lookahead values (Snell et al.). */
    LOOKAHEAD("lookahead", null),
    /** Monte Carlo tree search over steps. */
    MCTS("mcts", null),
    /** Self-consistency with early stopping. */
    SC("sc", null);

    private final String label;
    private final Selection selection;

    Kind(String label, Selection selection) {
      this.label = label;
      this.selection = selection;
    }

    /** The name on the command line and in files. */
    public String label() {
      return label;
    }
  }

  // before the constants below, which parse with it
  private static final Map<Kind, Map<String, String>> DEFAULTS = defaults();

  /** The first sample (pass@1). */
  public static final StrategySpec FIRST = parse("first");
  /** Naive best-of-N. */
  public static final StrategySpec NAIVE = parse("naive");
  /** Weighted best-of-N. */
  public static final StrategySpec WEIGHTED = parse("weighted");
  /** Majority voting. */
  public static final StrategySpec MAJORITY = parse("majority");
  /** Pass@N. */
  public static final StrategySpec ORACLE = parse("oracle");
  /** Beam search with its defaults. */
  public static final StrategySpec BEAM = parse("beam");
  /** DVTS with its defaults. */
  public static final StrategySpec DVTS = parse("dvts");
  /** REBASE with its defaults. */
  public static final StrategySpec REBASE = parse("rebase");

  private final Kind kind;
  private final Map<String, String> settings; // every setting of the kind, defaults filled in, in canonical order
  private final String name;

  private StrategySpec(Kind kind, Map<String, String> settings) {
    this.kind = kind;
    this.settings = settings;
    StringBuilder sb = new StringBuilder(kind.label);
    String sep = "[";
    Map<String, String> defaults = DEFAULTS.get(kind);
    for (Map.Entry<String, String> e : settings.entrySet()) {
      if (!e.getValue().equals(defaults.get(e.getKey()))) {
        sb.append(sep).append(e.getKey()).append('=').append(e.getValue());
        sep = ",";
      }
    }
    if (!sep.equals("[")) sb.append(']');
    this.name = sb.toString();
  }

  /** The best-of-N selection rules, one strategy each. */
  public static StrategySpec of(Selection rule) {
    return parse(rule.name().toLowerCase(Locale.ROOT));
  }

  /**
   * Parses a strategy name such as {@code weighted}, {@code beam} or {@code rebase[t=0.5]}.
   *
   * @throws IllegalArgumentException naming the unknown strategy, setting or bad value
   */
  public static StrategySpec parse(String text) {
    Objects.requireNonNull(text, "text");
    String s = text.trim();
    String label = s;
    String inner = null;
    int open = s.indexOf('[');
    if (open >= 0) {
      if (!s.endsWith("]")) {
        throw new IllegalArgumentException("strategy '" + text + "' opens '[' but does not end with ']'");
      }
      label = s.substring(0, open).trim();
      inner = s.substring(open + 1, s.length() - 1);
    }
    Kind kind = null;
    for (Kind k : Kind.values()) {
      if (k.label.equalsIgnoreCase(label)) kind = k;
    }
    if (kind == null) {
      throw new IllegalArgumentException("unknown strategy '" + label + "' in '" + text + "'; known: " + labels());
    }
    Map<String, String> settings = new LinkedHashMap<>(DEFAULTS.get(kind));
    if (inner != null && !inner.isBlank()) {
      for (String part : inner.split(",")) {
        int eq = part.indexOf('=');
        if (eq < 0) {
          throw new IllegalArgumentException("setting '" + part.trim() + "' of strategy '" + text + "' is not key=value");
        }
        String key = part.substring(0, eq).trim().toLowerCase(Locale.ROOT);
        String value = part.substring(eq + 1).trim().toLowerCase(Locale.ROOT);
        if (!settings.containsKey(key)) {
          throw new IllegalArgumentException("strategy " + kind.label + " has no setting '" + key + "' (in '" + text
              + "'); its settings: " + (settings.isEmpty() ? "none" : String.join(", ", settings.keySet())));
        }
        settings.put(key, canonicalValue(kind, key, value, text));
      }
    }
    return new StrategySpec(kind, java.util.Collections.unmodifiableMap(settings));
  }

  /** The canonical name. */
  public String name() {
    return name;
  }

  /** The kind. */
  public Kind kind() {
    return kind;
  }

  /** Every setting of this strategy, defaults included, in canonical order. */
  public Map<String, String> settings() {
    return settings;
  }

  /** Whether this is a best-of-N selection rule ({@code first}, {@code naive}, {@code weighted}, {@code majority}, {@code oracle}). */
  public boolean isBestOfNRule() {
    return kind.selection != null;
  }

  /** The best-of-N rule, for {@link #isBestOfNRule()} strategies. */
  public Selection selection() {
    if (kind.selection == null) {
      throw new IllegalStateException(name + " is not a best-of-N selection rule");
    }
    return kind.selection;
  }

  /** Whether this is a bound (pass@N) rather than a usable strategy; reports leave it out of frontiers. */
  public boolean isBound() {
    return kind == Kind.ORACLE;
  }

  /** Whether it needs a process reward model. */
  public boolean needsScores() {
    if (kind.selection != null) return kind.selection.needsScores();
    if (kind == Kind.SC) return false;
    return true;
  }

  /**
   * The search strategy at budget {@code n}: a {@link BestOfN} with this rule for the best-of-N
   * rules ({@code first} samples one), the configured search otherwise.
   *
   * @throws IllegalStateException for {@code oracle}, which needs the truth to choose
   */
  public SearchStrategy create(int n, Aggregation aggregation, double temperature, int maxTokens) {
    if (n < 1) throw new IllegalArgumentException("n must be >= 1, got " + n);
    Objects.requireNonNull(aggregation, "aggregation");
    int width = settings.containsKey("width") ? Math.min(n, intOf("width")) : 0;
    int iterations = settings.containsKey("iterations") ? intOf("iterations") : 0;
    Selection select = settings.containsKey("select") ? Selection.parse(settings.get("select")) : null;
    switch (kind) {
      case BEAM:
        return BeamSearch.of(new BeamSearch.Config(n, largestDivisor(n, width), iterations, aggregation, select,
            temperature, maxTokens, Boolean.parseBoolean(settings.get("dedup"))));
      case DVTS:
        return Dvts.of(new Dvts.Config(n, largestDivisor(n, width), iterations, aggregation, select, temperature,
            maxTokens));
      case REBASE:
        return Rebase.of(new Rebase.Config(n, doubleOf("t"), iterations, aggregation, select, temperature, maxTokens));
      case LOOKAHEAD:
        return LookaheadSearch.of(new LookaheadSearch.Config(new BeamSearch.Config(n, largestDivisor(n, width),
            iterations, aggregation, select, temperature, maxTokens, false), intOf("k")));
      case MCTS:
        return Mcts.of(new Mcts.Config(n, intOf("width"), doubleOf("c"),
            Mcts.TreePolicy.valueOf(settings.get("policy").toUpperCase(Locale.ROOT)), intOf("depth"), aggregation,
            select, temperature, maxTokens));
      case SC:
        return SelfConsistency.of(new SelfConsistency.Config(n, Math.min(n, intOf("batch")),
            SelfConsistency.EarlyStop.valueOf(settings.get("stop").toUpperCase(Locale.ROOT)), doubleOf("threshold"),
            doubleOf("keep"), temperature, maxTokens));
      case FIRST:
        return BestOfN.of(new BestOfN.Config(1, Selection.FIRST, aggregation, temperature, maxTokens, false));
      case NAIVE:
      case WEIGHTED:
      case MAJORITY:
        return BestOfN.of(new BestOfN.Config(n, kind.selection, aggregation, temperature, maxTokens, false));
      default:
        throw new IllegalStateException(name + " is a bound (pass@N) that needs the truth to choose; it is not a strategy");
    }
  }

  /** The largest divisor of {@code n} not above {@code width}: beam search needs the width to divide N. */
  private static int largestDivisor(int n, int width) {
    for (int w = Math.max(1, width); w > 1; w--) {
      if (n % w == 0) return w;
    }
    return 1;
  }

  private int intOf(String key) {
    return Integer.parseInt(settings.get(key));
  }

  private double doubleOf(String key) {
    return Double.parseDouble(settings.get(key));
  }

  private static String canonicalValue(Kind kind, String key, String value, String text) {
    String where = " for setting '" + key + "' of strategy " + kind.label + " (in '" + text + "')";
    switch (key) {
      case "width", "iterations", "k", "depth", "batch" -> {
        int v;
        try {
          v = Integer.parseInt(value);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("expected an integer" + where + ", got '" + value + "'");
        }
        int min = key.equals("k") ? 0 : 1;
        if (v < min) throw new IllegalArgumentException("expected an integer >= " + min + where + ", got " + v);
        return Integer.toString(v);
      }
      case "t", "c", "threshold", "keep" -> {
        double v;
        try {
          v = Double.parseDouble(value);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("expected a number" + where + ", got '" + value + "'");
        }
        boolean ok = switch (key) {
          case "t" -> v > 0 && Double.isFinite(v);
          case "c" -> v >= 0 && Double.isFinite(v);
          case "threshold" -> v > 0.5 && v <= 1;
          default -> v > 0 && v <= 1;
        };
        if (!ok) {
          String range = switch (key) {
            case "t" -> "finite and > 0";
            case "c" -> "finite and >= 0";
            case "threshold" -> "in (0.5, 1]";
            default -> "in (0, 1]";
          };
          throw new IllegalArgumentException("expected a number " + range + where + ", got " + value);
        }
        return Double.toString(v);
      }
      case "select" -> {
        Selection sel;
        try {
          sel = Selection.parse(value);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("expected naive, weighted or majority" + where + ", got '" + value + "'");
        }
        if (sel == Selection.ORACLE || sel == Selection.FIRST) {
          throw new IllegalArgumentException("expected naive, weighted or majority" + where + ", got '" + value + "'");
        }
        return sel.name().toLowerCase(Locale.ROOT);
      }
      case "dedup" -> {
        if (!value.equals("true") && !value.equals("false")) {
          throw new IllegalArgumentException("expected true or false" + where + ", got '" + value + "'");
        }
        return value;
      }
      case "policy" -> {
        if (!value.equals("uct") && !value.equals("puct")) {
          throw new IllegalArgumentException("expected uct or puct" + where + ", got '" + value + "'");
        }
        return value;
      }
      case "stop" -> {
        if (!value.equals("beta") && !value.equals("window") && !value.equals("none")) {
          throw new IllegalArgumentException("expected beta, window or none" + where + ", got '" + value + "'");
        }
        return value;
      }
      default -> throw new IllegalStateException("no parser for setting " + key);
    }
  }

  private static Map<Kind, Map<String, String>> defaults() {
    Map<Kind, Map<String, String>> m = new java.util.EnumMap<>(Kind.class);
    for (Kind k : Kind.values()) m.put(k, Map.of());
    m.put(Kind.BEAM, ordered("width", "4", "iterations", "40", "select", "weighted", "dedup", "false"));
    m.put(Kind.DVTS, ordered("width", "4", "iterations", "40", "select", "weighted"));
    m.put(Kind.REBASE, ordered("t", "0.2", "iterations", "40", "select", "weighted"));
    m.put(Kind.LOOKAHEAD, ordered("width", "4", "k", "2", "iterations", "40", "select", "weighted"));
    m.put(Kind.MCTS, ordered("width", "4", "c", "1.0", "policy", "uct", "depth", "40", "select", "weighted"));
    m.put(Kind.SC, ordered("stop", "beta", "batch", "4", "threshold", "0.95", "keep", "1.0"));
    return m;
  }

  private static Map<String, String> ordered(String... kv) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
    return java.util.Collections.unmodifiableMap(m);
  }

  private static String labels() {
    List<String> out = new ArrayList<>();
    for (Kind k : Kind.values()) out.add(k.label);
    return String.join(", ", out);
  }

  /**
   * Splits a comma-separated list of strategies, keeping the commas inside brackets:
   * {@code "weighted,rebase[t=0.5,iterations=20]"} is two strategies.
   */
  public static List<StrategySpec> parseList(String text) {
    Objects.requireNonNull(text, "text");
    List<StrategySpec> out = new ArrayList<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i <= text.length(); i++) {
      char c = i < text.length() ? text.charAt(i) : ',';
      if (c == '[') depth++;
      else if (c == ']') depth--;
      else if (c == ',' && depth == 0) {
        String part = text.substring(start, i).trim();
        if (!part.isEmpty()) out.add(parse(part));
        start = i + 1;
      }
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StrategySpec other && other.name.equals(name);
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }

  /** The canonical name. */
  @Override
  public String toString() {
    return name;
  }
}
