package io.ttc4j.eval.policy;

import static io.ttc4j.eval.policy.JsonFields.array;
import static io.ttc4j.eval.policy.JsonFields.integer;
import static io.ttc4j.eval.policy.JsonFields.number;
import static io.ttc4j.eval.policy.JsonFields.object;
import static io.ttc4j.eval.policy.JsonFields.onlyFields;
import static io.ttc4j.eval.policy.JsonFields.rethrow;
import static io.ttc4j.eval.policy.JsonFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ttc4j.core.AnswerEquivalence;
import io.ttc4j.eval.policy.CascadeEvaluation.Signal;
import io.ttc4j.eval.policy.CascadeEvaluation.Target;
import io.ttc4j.strategies.Calibration;
import io.ttc4j.strategies.Cascade;
import io.ttc4j.strategies.Confidence;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * A fitted cascade plan as a file a serving stack deploys: which tiers run, in order, and each one's
 * escalation threshold and calibration, fitted by {@code ttc cascade --target-usd/--target-accuracy}.
 * {@link #cascade} turns it into a running {@link Cascade} over the caller's own tier searches.
 *
 * <p>JSON, every field required and no other allowed: {@code format} ("ttc4j-cascade-plan"),
 * {@code version} (1), {@code signal} (calibrated, score-share, vote-share, vote-margin, top-score),
 * {@code strategy} (what each tier ran when fitted; a tier's name may say its N, as in {@code premium@16}), {@code target} (an object with
 * {@code max_usd} or {@code min_accuracy}), {@code fitted} (accuracy, usd_per_query and
 * seconds_per_query on the data it was fitted on), and {@code tiers}: per tier, {@code name}, and
 * for every tier but the last a {@code threshold} and (calibrated signal) a {@code calibration}
 * ({@code features}, {@code intercept}, {@code weights}).
 *
 * @param tiers        tier names in the order they run, distinct, at least one
 * @param thresholds   one per tier but the last, finite
 * @param signal       what the thresholds compare
 * @param calibrations one per tier but the last for the calibrated signal, else empty
 * @param strategy     the search each tier ran when the plan was fitted
 * @param target       what the plan was fitted for
 * @param fitted       its accuracy, dollars and seconds on the data it was fitted on
 */
public record CascadePlan(List<String> tiers, double[] thresholds, Signal signal, List<Calibration> calibrations,
    String strategy, Target target, CascadeEvaluation.Point fitted) {

  /** The value of the {@code format} field. */
  public static final String FORMAT = "ttc4j-cascade-plan";
  /** The format version written and read. */
  public static final int VERSION = 1;

  private static final ObjectMapper JSON = JsonFields.JSON;

  /** Validates and copies. */
  public CascadePlan {
    tiers = List.copyOf(Objects.requireNonNull(tiers, "tiers"));
    thresholds = Objects.requireNonNull(thresholds, "thresholds").clone();
    Objects.requireNonNull(signal, "signal");
    calibrations = List.copyOf(Objects.requireNonNull(calibrations, "calibrations"));
    Objects.requireNonNull(strategy, "strategy");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(fitted, "fitted");
    if (tiers.isEmpty()) throw new IllegalArgumentException("tiers must not be empty");
    if (tiers.stream().distinct().count() != tiers.size()) throw new IllegalArgumentException("tiers must be distinct, got " + tiers);
    if (thresholds.length != tiers.size() - 1) {
      throw new IllegalArgumentException("thresholds must be one per tier but the last (" + (tiers.size() - 1) + "), got "
          + thresholds.length);
    }
    for (int i = 0; i < thresholds.length; i++) {
      if (!Double.isFinite(thresholds[i])) {
        throw new IllegalArgumentException("thresholds[" + i + "] must be finite, got " + thresholds[i]);
      }
    }
    int want = signal == Signal.CALIBRATED ? tiers.size() - 1 : 0;
    if (calibrations.size() != want) {
      throw new IllegalArgumentException("calibrations must be " + want + " for signal " + signal.label() + ", got "
          + calibrations.size());
    }
    if (target instanceof Target.TierCost || target instanceof Target.TierAccuracy) {
      throw new IllegalArgumentException("target must be a dollar, latency or accuracy target, got " + target);
    }
  }

  @Override
  public double[] thresholds() {
    return thresholds.clone();
  }

  /**
   * The plan {@code plan} of an evaluation over tiers called {@code names}: cut after its first tier
   * that never escalates (the tiers after it never run).
   */
  public static CascadePlan of(CascadeEvaluation.Plan plan, List<String> names, Target target, String strategy,
      CascadeEvaluation.Point fitted) {
    double[] th = plan.thresholds();
    int length = plan.tiers().size();
    for (int k = 0; k < th.length; k++) {
      if (th[k] == Double.NEGATIVE_INFINITY) {
        length = k + 1;
        break;
      }
    }
    List<String> tiers = new ArrayList<>();
    for (int k = 0; k < length; k++) tiers.add(names.get(plan.tiers().get(k)));
    List<Calibration> cals = new ArrayList<>();
    if (plan.signal() == Signal.CALIBRATED) for (int k = 0; k < length - 1; k++) cals.add(plan.calibrations().get(k));
    return new CascadePlan(tiers, java.util.Arrays.copyOf(th, length - 1), plan.signal(), cals, strategy, target, fitted);
  }

  /**
   * A running cascade of this plan: {@code tier} gives the caller's tier (search and budget) for each
   * name the plan runs; the plan supplies the thresholds and calibrations.
   */
  public Cascade cascade(Function<String, Cascade.Tier> tier, AnswerEquivalence equivalence) {
    Objects.requireNonNull(tier, "tier");
    List<Cascade.Tier> built = new ArrayList<>();
    for (int k = 0; k < tiers.size(); k++) {
      Cascade.Tier t = Objects.requireNonNull(tier.apply(tiers.get(k)), "no tier named " + tiers.get(k));
      ToDoubleFunction<Confidence> s = null;
      if (k < thresholds.length) {
        Calibration calibration = signal == Signal.CALIBRATED ? calibrations.get(k) : null;
        s = c -> signal.value(c, calibration);
      }
      built.add(new Cascade.Tier(t.name(), t.search(), t.budget(), s));
    }
    return new Cascade(built, thresholds, equivalence);
  }

  /** One line for reports. */
  public String describe() {
    StringBuilder b = new StringBuilder();
    for (int k = 0; k < tiers.size(); k++) {
      b.append(tiers.get(k));
      if (k < thresholds.length) b.append(String.format(Locale.ROOT, " (escalate below %.3f) -> ", thresholds[k]));
    }
    return b + String.format(Locale.ROOT, "; %.4f at $%.6f, %.3g s per query", fitted.accuracy(), fitted.usd(),
        fitted.seconds());
  }

  /** This plan as JSON text. */
  public String toJson() {
    ObjectNode o = JSON.createObjectNode();
    o.put("format", FORMAT);
    o.put("version", VERSION);
    o.put("signal", signal.label());
    o.put("strategy", strategy);
    ObjectNode t = o.putObject("target");
    if (target instanceof Target.MaxUsd m) t.put("max_usd", m.usd());
    else if (target instanceof Target.MaxSeconds m) t.put("max_seconds", m.seconds());
    else t.put("min_accuracy", ((Target.MinAccuracy) target).accuracy());
    ObjectNode f = o.putObject("fitted");
    f.put("accuracy", fitted.accuracy());
    f.put("usd_per_query", fitted.usd());
    f.put("seconds_per_query", fitted.seconds());
    ArrayNode ts = o.putArray("tiers");
    for (int k = 0; k < tiers.size(); k++) {
      ObjectNode to = ts.addObject();
      to.put("name", tiers.get(k));
      if (k < thresholds.length) {
        to.put("threshold", thresholds[k]);
        if (signal == Signal.CALIBRATED) {
          JsonFields.putCalibration(to.putObject("calibration"), calibrations.get(k));
        }
      }
    }
    return JsonFields.toText(o);
  }

  /** Writes {@link #toJson()} to {@code file}, creating its folder. */
  public void write(Path file) throws IOException {
    JsonFields.write(file, toJson());
  }

  /** Reads a plan file; errors name the file, the field and the value. */
  public static CascadePlan read(Path file) throws IOException {
    return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
  }

  /** Parses plan JSON; {@code source} names it in errors. */
  public static CascadePlan parse(String text, String source) {
    JsonNode o = JsonFields.readObject(text, source);
    onlyFields(o, "", source, Set.of("format", "version", "signal", "strategy", "target", "fitted", "tiers"));
    String format = text(o, "", "format", source);
    if (!FORMAT.equals(format)) {
      throw new IllegalArgumentException(source + ": field 'format' must be \"" + FORMAT + "\", got \"" + format + "\"");
    }
    long version = integer(o, "", "version", source);
    if (version != VERSION) {
      throw new IllegalArgumentException(source + ": field 'version' must be " + VERSION + ", got " + version);
    }
    Signal signal;
    try {
      signal = Signal.named(text(o, "", "signal", source));
    } catch (IllegalArgumentException e) {
      throw rethrow(e, source, "signal");
    }
    String strategy = text(o, "", "strategy", source);
    JsonNode to = object(o, "", "target", source);
    Target target;
    try {
      if (to.has("max_usd")) {
        onlyFields(to, "target.", source, Set.of("max_usd"));
        target = new Target.MaxUsd(number(to, "target.", "max_usd", source));
      } else if (to.has("max_seconds")) {
        onlyFields(to, "target.", source, Set.of("max_seconds"));
        target = new Target.MaxSeconds(number(to, "target.", "max_seconds", source));
      } else {
        onlyFields(to, "target.", source, Set.of("min_accuracy"));
        target = new Target.MinAccuracy(number(to, "target.", "min_accuracy", source));
      }
    } catch (IllegalArgumentException e) {
      throw rethrow(e, source, "target");
    }
    JsonNode fo = object(o, "", "fitted", source);
    onlyFields(fo, "fitted.", source, Set.of("accuracy", "usd_per_query", "seconds_per_query"));
    CascadeEvaluation.Point fitted = new CascadeEvaluation.Point(number(fo, "fitted.", "accuracy", source),
        number(fo, "fitted.", "usd_per_query", source), number(fo, "fitted.", "seconds_per_query", source));
    JsonNode ts = array(o, "", "tiers", source);
    List<String> names = new ArrayList<>();
    List<Double> thresholds = new ArrayList<>();
    List<Calibration> cals = new ArrayList<>();
    for (int k = 0; k < ts.size(); k++) {
      String at = "tiers[" + k + "].";
      JsonNode t = ts.get(k);
      if (!t.isObject()) throw new IllegalArgumentException(source + ": field 'tiers[" + k + "]' must be an object, got " + t);
      boolean last = k == ts.size() - 1;
      onlyFields(t, at, source, last ? Set.of("name") : signal == Signal.CALIBRATED
          ? Set.of("name", "threshold", "calibration") : Set.of("name", "threshold"));
      names.add(text(t, at, "name", source));
      if (last) continue;
      thresholds.add(number(t, at, "threshold", source));
      if (signal != Signal.CALIBRATED) continue;
      cals.add(JsonFields.calibration(JsonFields.field(t, at, "calibration", source), at + "calibration", source));
    }
    try {
      return new CascadePlan(names, thresholds.stream().mapToDouble(Double::doubleValue).toArray(), signal, cals,
          strategy, target, fitted);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw rethrow(e, source, null);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CascadePlan p && tiers.equals(p.tiers) && java.util.Arrays.equals(thresholds, p.thresholds)
        && signal == p.signal && calibrations.equals(p.calibrations) && strategy.equals(p.strategy)
        && target.equals(p.target) && fitted.equals(p.fitted);
  }

  @Override
  public int hashCode() {
    return Objects.hash(tiers, java.util.Arrays.hashCode(thresholds), signal, calibrations, strategy, target, fitted);
  }
}
