package io.ttc4j.eval.policy;

import static io.ttc4j.eval.policy.JsonFields.array;
import static io.ttc4j.eval.policy.JsonFields.calibration;
import static io.ttc4j.eval.policy.JsonFields.integer;
import static io.ttc4j.eval.policy.JsonFields.number;
import static io.ttc4j.eval.policy.JsonFields.onlyFields;
import static io.ttc4j.eval.policy.JsonFields.rethrow;
import static io.ttc4j.eval.policy.JsonFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ttc4j.eval.stats.DifficultyBins;
import io.ttc4j.strategies.Calibration;
import io.ttc4j.strategies.ComputeOptimal;
import io.ttc4j.strategies.Confidence;
import io.ttc4j.strategies.StrategySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A compute-optimal test-time-compute policy (Snell et al. 2024, "Scaling LLM Test-Time Compute
 * Optimally"): for each difficulty bin and generation budget, the strategy and N that were the
 * most accurate among those whose mean completion tokens per query fit the budget. Written by
 * {@code ttc fit-policy} as a versioned JSON file ({@value #FORMAT}, version {@value #VERSION}).
 *
 * <h2>Using it</h2>
 * Measure the query's difficulty ({@link #difficulty()}: for {@code predicted}, draw
 * {@link #probes()} best-of-N samples, score them, take their {@link Confidence} in their most
 * common answer and map it through the {@link #difficultyModel()} with
 * {@link #predictedDifficulty(Confidence)}; for {@code oracle}, pass@1, which a deployment does not
 * have), take its bin with {@link #binOf(double)} (or {@link #binOf(Confidence)} in one go), then
 * {@link #choose(int, double)} the entry for the budget in mean completion tokens per query.
 * {@link #router()} does all of it for {@link ComputeOptimal}.
 *
 * <h2>File</h2>
 * <pre>{@code
 * {"format": "ttc4j-policy", "version": 2, "difficulty": "predicted", "probes": 4,
 *  "difficulty_model": {"features": ["mean-score", "vote-share"], "intercept": -4.79,
 *                       "weights": [6.16, 1.19]},
 *  "budget_axis": "mean_completion_tokens_per_query",
 *  "bins": [{"bin": 1, "low": 0.71, "high": 0.93,
 *            "entries": [{"budget_tokens": 334.0, "strategy": "weighted", "n": 1,
 *                         "expected_accuracy": 0.91, "mean_completion_tokens": 330.2}, ...]}, ...]}
 * }</pre>
 * Every field is required and no other is allowed, except that {@code difficulty_model} is written
 * for predicted difficulty only. {@link #read(Path)} rejects a malformed file naming the file, the
 * field and the value.
 *
 * <h2>Version 1</h2>
 * Version 1 files have no {@code difficulty_model}: a predicted policy's value is the probes' mean
 * final score itself, and its bin edges are on that scale. They still load and route as they did
 * (their {@link #difficultyModel()} is {@code null}), and such a policy is written as version 1.
 *
 * @param difficulty      what the bins are cut on: {@link DifficultyBins.Measure#ORACLE} (pass@1) or
 *                        {@link DifficultyBins.Measure#PREDICTED} (predicted from the probes)
 * @param probes          best-of-N samples drawn to measure a query's predicted difficulty (their cost
 *                        is inside every entry's {@code mean_completion_tokens}); 0 for oracle
 * @param difficultyModel for predicted difficulty, the logistic model of the probes' confidence
 *                        features whose value (a predicted pass@1) the bins are cut on; {@code null}
 *                        for oracle difficulty and for a version-1 predicted policy (mean score)
 * @param bins            the bins, 1 (easiest, highest values) to k (hardest); copied
 */
public record Policy(DifficultyBins.Measure difficulty, int probes, Calibration difficultyModel, List<Bin> bins) {

  /** The value of the {@code format} field. */
  public static final String FORMAT = "ttc4j-policy";
  /**
   * The version this class writes (a predicted policy without a difficulty model excepted: version 1);
   * it reads this one and version 1.
   */
  public static final int VERSION = 2;
  /** The value of the {@code budget_axis} field: the budget is mean completion tokens per query. */
  public static final String BUDGET_AXIS = "mean_completion_tokens_per_query";

  private static final ObjectMapper JSON = JsonFields.JSON;

  /**
   * What the policy does for one budget in one bin.
   *
   * @param budgetTokens         the generation budget: mean completion tokens per query, &gt; 0
   * @param strategy             the chosen strategy, a {@link StrategySpec} canonical name such as
   *                             {@code weighted}, {@code beam} or {@code rebase[t=0.5]}
   * @param n                    its N
   * @param expectedAccuracy     its accuracy on the fitting problems of this bin, in [0, 1]
   * @param meanCompletionTokens its mean completion tokens per query on those problems, probes
   *                             included for predicted difficulty; at most {@code budgetTokens}
   */
  public record Entry(double budgetTokens, String strategy, int n, double expectedAccuracy,
      double meanCompletionTokens) {
    /** Validates; the strategy name must parse and be canonical. */
    public Entry {
      Objects.requireNonNull(strategy, "strategy");
      if (!(budgetTokens > 0) || !Double.isFinite(budgetTokens)) {
        throw new IllegalArgumentException("budget_tokens must be finite and > 0, got " + budgetTokens);
      }
      String canonical;
      try {
        canonical = StrategySpec.parse(strategy).name();
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("strategy '" + strategy + "' is not a strategy: " + e.getMessage(), e);
      }
      if (!canonical.equals(strategy)) {
        throw new IllegalArgumentException("strategy must be a canonical name, got '" + strategy + "' (canonical: '"
            + canonical + "')");
      }
      if (n < 1) throw new IllegalArgumentException("n must be >= 1, got " + n);
      if (!(expectedAccuracy >= 0 && expectedAccuracy <= 1)) {
        throw new IllegalArgumentException("expected_accuracy must be in [0, 1], got " + expectedAccuracy);
      }
      if (!(meanCompletionTokens >= 0) || !Double.isFinite(meanCompletionTokens)) {
        throw new IllegalArgumentException("mean_completion_tokens must be finite and >= 0, got "
            + meanCompletionTokens);
      }
      if (meanCompletionTokens > budgetTokens) {
        throw new IllegalArgumentException("mean_completion_tokens must be <= budget_tokens=" + budgetTokens + ", got "
            + meanCompletionTokens);
      }
    }
  }

  /**
   * One difficulty bin: its edges on the difficulty measure (as {@link DifficultyBins.Bin}) and its
   * entries by ascending budget.
   *
   * @param index   1 (easiest) to k (hardest)
   * @param low     the lowest value of the fitting problems in the bin (its hard edge)
   * @param high    the highest value (its easy edge), {@code >= low}
   * @param entries at least one, budgets strictly ascending; copied
   */
  public record Bin(int index, double low, double high, List<Entry> entries) {
    /** Validates and copies. */
    public Bin {
      if (index < 1) throw new IllegalArgumentException("bin must be >= 1, got " + index);
      if (!Double.isFinite(low) || !Double.isFinite(high) || !(low <= high)) {
        throw new IllegalArgumentException("bin " + index + " needs finite low <= high, got low=" + low + ", high="
            + high);
      }
      entries = List.copyOf(Objects.requireNonNull(entries, "entries"));
      if (entries.isEmpty()) throw new IllegalArgumentException("bin " + index + " has no entries");
      for (int i = 1; i < entries.size(); i++) {
        if (!(entries.get(i).budgetTokens() > entries.get(i - 1).budgetTokens())) {
          throw new IllegalArgumentException("bin " + index + ": entries[" + i + "].budget_tokens must be > "
              + entries.get(i - 1).budgetTokens() + " (budgets ascend), got " + entries.get(i).budgetTokens());
        }
      }
    }
  }

  /**
   * A policy without a difficulty model: oracle, or predicted by the probes' mean score (version 1).
   */
  public Policy(DifficultyBins.Measure difficulty, int probes, List<Bin> bins) {
    this(difficulty, probes, null, bins);
  }

  /**
   * Validates and copies: bins numbered 1…k in order, easier bins not below harder ones; no
   * difficulty model for oracle difficulty.
   */
  public Policy {
    Objects.requireNonNull(difficulty, "difficulty");
    if (difficulty == DifficultyBins.Measure.ORACLE && difficultyModel != null) {
      throw new IllegalArgumentException("difficulty_model must be absent for oracle difficulty, got "
          + difficultyModel);
    }
    bins = List.copyOf(Objects.requireNonNull(bins, "bins"));
    if (bins.isEmpty()) throw new IllegalArgumentException("bins must not be empty");
    if (probes < 0) throw new IllegalArgumentException("probes must be >= 0, got " + probes);
    if (difficulty == DifficultyBins.Measure.ORACLE && probes != 0) {
      throw new IllegalArgumentException("probes must be 0 for oracle difficulty, got " + probes);
    }
    if (difficulty == DifficultyBins.Measure.PREDICTED && probes < 1) {
      throw new IllegalArgumentException("probes must be >= 1 for predicted difficulty, got " + probes);
    }
    for (int i = 0; i < bins.size(); i++) {
      Bin b = bins.get(i);
      if (b.index() != i + 1) {
        throw new IllegalArgumentException("bins[" + i + "].bin must be " + (i + 1) + ", got " + b.index());
      }
      if (i > 0 && bins.get(i - 1).low() < b.high()) {
        throw new IllegalArgumentException("bins[" + i + "].high must be <= bin " + i + "'s low "
            + bins.get(i - 1).low() + " (bin 1 is the easiest), got " + b.high());
      }
    }
  }

  /**
   * The version this policy is written as: 1 for a predicted policy without a difficulty model (the
   * probes' mean score), else {@link #VERSION}.
   */
  public int version() {
    return difficulty == DifficultyBins.Measure.PREDICTED && difficultyModel == null ? 1 : VERSION;
  }

  /**
   * The predicted difficulty of a query from what its probes say: {@code σ(intercept + Σ weights[i] ×
   * probes.get(features[i]))} of the {@link #difficultyModel()} (a predicted pass@1), or, without a
   * model (version 1), the probes' mean score. Higher is easier.
   *
   * @param probes the probes' confidence in their most common answer ({@link Confidence#ofModalAnswer})
   * @return the value, or {@code NaN} when a feature it uses is undefined (an unscored probe)
   * @throws IllegalStateException for an oracle-difficulty policy
   */
  public double predictedDifficulty(Confidence probes) {
    Objects.requireNonNull(probes, "probes");
    if (difficulty != DifficultyBins.Measure.PREDICTED) throw notAtRunTime();
    return predictedDifficulty(difficultyModel, probes);
  }

  /**
   * The one formula of predicted difficulty, shared by the fit and the run time: {@code σ} of the
   * model's log-odds, or the mean score without a model; {@code NaN} when a feature is undefined.
   */
  static double predictedDifficulty(Calibration model, Confidence probes) {
    if (model == null) return probes.meanScore();
    double z = model.logOdds(probes);
    return Double.isNaN(z) ? Double.NaN : 1 / (1 + Math.exp(-z));
  }

  /**
   * The bin of a query from what its probes say: {@link #binOf(double)} of its
   * {@link #predictedDifficulty(Confidence)}, the hardest bin when that is undefined.
   *
   * @throws IllegalStateException for an oracle-difficulty policy
   */
  public int binOf(Confidence probes) {
    double value = predictedDifficulty(probes);
    return Double.isNaN(value) ? bins.size() : binOf(value);
  }

  /**
   * The bin of a query whose difficulty value is {@code value}, as {@link DifficultyBins#binOf}:
   * the easiest bin whose low edge is at most {@code value}, else the hardest.
   *
   * @throws IllegalArgumentException when {@code value} is NaN
   */
  public int binOf(double value) {
    if (Double.isNaN(value)) throw new IllegalArgumentException("value must not be NaN");
    for (Bin b : bins) {
      if (b.low() <= value) return b.index();
    }
    return bins.size();
  }

  /**
   * The entry for {@code budgetTokens} in bin {@code bin}: the one with the largest budget at most
   * {@code budgetTokens}; below the bin's first budget, its first entry (the cheapest choice the fit
   * had, which may exceed such a small budget).
   *
   * @throws IllegalArgumentException when {@code bin} is not 1…k or the budget is NaN
   */
  public Entry choose(int bin, double budgetTokens) {
    if (bin < 1 || bin > bins.size()) {
      throw new IllegalArgumentException("bin must be in [1, " + bins.size() + "], got " + bin);
    }
    if (Double.isNaN(budgetTokens)) throw new IllegalArgumentException("budgetTokens must not be NaN");
    List<Entry> entries = bins.get(bin - 1).entries();
    Entry chosen = entries.get(0);
    for (Entry e : entries) {
      if (e.budgetTokens() <= budgetTokens) chosen = e; else break;
    }
    return chosen;
  }

  /**
   * This policy as the router of a {@link ComputeOptimal} strategy: the probes' confidence gives the
   * bin ({@link #binOf(Confidence)}), the budget the entry.
   *
   * @throws IllegalStateException for an oracle-difficulty policy: pass@1 is not known at run time
   */
  public ComputeOptimal.Router router() {
    if (difficulty != DifficultyBins.Measure.PREDICTED) throw notAtRunTime();
    return (probes, budgetTokens) -> {
      Entry e = choose(binOf(probes), budgetTokens);
      return new ComputeOptimal.Choice(StrategySpec.parse(e.strategy()), e.n());
    };
  }

  private IllegalStateException notAtRunTime() {
    return new IllegalStateException("a " + difficulty.name().toLowerCase(java.util.Locale.ROOT) + "-difficulty "
        + "policy cannot route queries: pass@1 is not known at run time; fit one with --difficulty predicted");
  }

  /**
   * The compute-optimal strategy of this policy at {@code budgetTokens} (mean completion tokens per
   * query), drawing {@link #probes()} probes; see {@link #router()}.
   */
  public ComputeOptimal strategy(double budgetTokens, io.ttc4j.core.Aggregation aggregation,
      double temperature, int maxTokens) {
    return ComputeOptimal.of(new ComputeOptimal.Config(router(), probes, budgetTokens, aggregation, temperature,
        maxTokens));
  }

  /** This policy as JSON text (indented, with a final line break). */
  public String toJson() {
    ObjectNode o = JSON.createObjectNode();
    o.put("format", FORMAT);
    o.put("version", version());
    o.put("difficulty", difficulty.label());
    o.put("probes", probes);
    if (difficultyModel != null) {
      JsonFields.putCalibration(o.putObject("difficulty_model"), difficultyModel);
    }
    o.put("budget_axis", BUDGET_AXIS);
    ArrayNode bs = o.putArray("bins");
    for (Bin b : bins) {
      ObjectNode bo = bs.addObject();
      bo.put("bin", b.index());
      bo.put("low", b.low());
      bo.put("high", b.high());
      ArrayNode es = bo.putArray("entries");
      for (Entry e : b.entries()) {
        ObjectNode eo = es.addObject();
        eo.put("budget_tokens", e.budgetTokens());
        eo.put("strategy", e.strategy());
        eo.put("n", e.n());
        eo.put("expected_accuracy", e.expectedAccuracy());
        eo.put("mean_completion_tokens", e.meanCompletionTokens());
      }
    }
    return JsonFields.toText(o);
  }

  /** Writes {@link #toJson()} to {@code file} (UTF-8), creating its folder. */
  public void write(Path file) throws IOException {
    JsonFields.write(file, toJson());
  }

  /**
   * Reads a policy file.
   *
   * @throws IllegalArgumentException naming the file, the field (for example
   *     {@code bins[2].entries[0].n}) and the bad value
   */
  public static Policy read(Path file) throws IOException {
    return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
  }

  /**
   * Parses policy JSON text; {@code source} names it in errors.
   *
   * @throws IllegalArgumentException naming {@code source}, the field and the bad value
   */
  public static Policy parse(String text, String source) {
    JsonNode o = JsonFields.readObject(text, source);
    String format = text(o, "", "format", source);
    if (!FORMAT.equals(format)) {
      throw new IllegalArgumentException(source + ": field 'format' must be \"" + FORMAT + "\", got \"" + format + "\"");
    }
    long version = integer(o, "", "version", source);
    if (version != 1 && version != VERSION) {
      throw new IllegalArgumentException(source + ": field 'version' must be 1 or " + VERSION + " (this ttc4j reads "
          + "versions 1 to " + VERSION + "), got " + version);
    }
    onlyFields(o, "", source, version == 1 ? Set.of("format", "version", "difficulty", "probes", "budget_axis", "bins")
        : Set.of("format", "version", "difficulty", "probes", "difficulty_model", "budget_axis", "bins"));
    String kind = text(o, "", "difficulty", source);
    DifficultyBins.Measure measure = null;
    for (DifficultyBins.Measure m : DifficultyBins.Measure.values()) {
      if (m.label().equals(kind)) measure = m;
    }
    if (measure == null) {
      throw new IllegalArgumentException(source + ": field 'difficulty' must be \"oracle\" or \"predicted\", got \""
          + kind + "\"");
    }
    long probes = integer(o, "", "probes", source);
    Calibration model = null;
    if (version > 1) {
      boolean predicted = measure == DifficultyBins.Measure.PREDICTED;
      JsonNode m = o.get("difficulty_model");
      if (predicted && (m == null || m.isNull())) {
        throw new IllegalArgumentException(source + ": field 'difficulty_model' is missing (a version " + version
            + " predicted-difficulty policy carries its model)");
      }
      if (!predicted && m != null) {
        throw new IllegalArgumentException(source + ": field 'difficulty_model' must be absent for "
            + measure.label() + " difficulty, got " + m);
      }
      if (predicted) model = calibration(m, "difficulty_model", source);
    }
    String axis = text(o, "", "budget_axis", source);
    if (!BUDGET_AXIS.equals(axis)) {
      throw new IllegalArgumentException(source + ": field 'budget_axis' must be \"" + BUDGET_AXIS + "\", got \""
          + axis + "\"");
    }
    JsonNode bs = array(o, "", "bins", source);
    List<Bin> bins = new ArrayList<>();
    for (int i = 0; i < bs.size(); i++) {
      String at = "bins[" + i + "]";
      JsonNode b = bs.get(i);
      if (!b.isObject()) throw new IllegalArgumentException(source + ": field '" + at + "' must be an object, got " + b);
      onlyFields(b, at + ".", source, Set.of("bin", "low", "high", "entries"));
      JsonNode es = array(b, at + ".", "entries", source);
      List<Entry> entries = new ArrayList<>();
      for (int j = 0; j < es.size(); j++) {
        String eat = at + ".entries[" + j + "]";
        JsonNode e = es.get(j);
        if (!e.isObject()) {
          throw new IllegalArgumentException(source + ": field '" + eat + "' must be an object, got " + e);
        }
        onlyFields(e, eat + ".", source,
            Set.of("budget_tokens", "strategy", "n", "expected_accuracy", "mean_completion_tokens"));
        try {
          entries.add(new Entry(number(e, eat + ".", "budget_tokens", source), text(e, eat + ".", "strategy", source),
              Math.toIntExact(integer(e, eat + ".", "n", source)), number(e, eat + ".", "expected_accuracy", source),
              number(e, eat + ".", "mean_completion_tokens", source)));
        } catch (IllegalArgumentException | ArithmeticException ex) {
          throw rethrow(ex, source, eat);
        }
      }
      try {
        bins.add(new Bin(Math.toIntExact(integer(b, at + ".", "bin", source)), number(b, at + ".", "low", source),
            number(b, at + ".", "high", source), entries));
      } catch (IllegalArgumentException | ArithmeticException ex) {
        throw rethrow(ex, source, at);
      }
    }
    try {
      return new Policy(measure, Math.toIntExact(probes), model, bins);
    } catch (IllegalArgumentException | ArithmeticException ex) {
      throw rethrow(ex, source, null);
    }
  }
}
