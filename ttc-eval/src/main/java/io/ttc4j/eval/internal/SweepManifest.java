package io.ttc4j.eval.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ttc4j.core.Aggregation;
import io.ttc4j.eval.SweepStrategy;
import io.ttc4j.eval.Shard;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * {@code sweep.json} in a run folder: every setting a sweep was started with, so that
 * {@code ttc sweep --resume DIR} continues it with exactly the same settings.
 *
 * @param preset        simulator preset name
 * @param dataset       data set name, or the absolute path of a problem file
 * @param limit         first K problems, or {@code null} for all
 * @param strategies    strategies in report order
 * @param ns            the Ns
 * @param seeds         the sweep seeds
 * @param budgetTokens  per-query completion-token budget, or {@code null} for unlimited
 * @param aggregation   step-score aggregation
 * @param maxTokens     completion tokens per sample
 * @param temperature   sampling temperature
 * @param simulatorSeed the simulator's seed
 * @param skill         the simulated generator's skill in logits ({@code --skill}), or {@code null} for the
 *                      preset's (written only when set, so a manifest of a sweep without {@code --skill},
 *                      also one written before the option existed, has no {@code skill} key)
 * @param shard         the slice of the problems this run holds, or {@code null} for all of them
 *                      (written only when set, so an unsharded manifest has no {@code shard} key)
 */
public record SweepManifest(String preset, String dataset, Integer limit, List<SweepStrategy> strategies, List<Integer> ns,
    List<Long> seeds, Long budgetTokens, Aggregation aggregation, int maxTokens, double temperature,
    long simulatorSeed, Double skill, Shard shard) {

  /** The file name in a run folder. */
  public static final String FILE = "sweep.json";

  private static final int FORMAT = 1;
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Validates and copies. */
  public SweepManifest {
    Objects.requireNonNull(preset, "preset");
    Objects.requireNonNull(dataset, "dataset");
    strategies = List.copyOf(strategies);
    ns = List.copyOf(ns);
    seeds = List.copyOf(seeds);
    Objects.requireNonNull(aggregation, "aggregation");
    if (skill != null && !Double.isFinite(skill)) {
      throw new IllegalArgumentException("field 'skill' must be a finite number, got " + skill);
    }
  }

  /** Writes this manifest to {@code dir}/{@value #FILE}, atomically; see {@link #write(Path, JsonNode)}. */
  public void write(Path dir) throws IOException {
    write(dir, null);
  }

  /**
   * Writes this manifest with the server settings {@code server} (under the key {@code server};
   * {@code null} for a simulator sweep) to {@code dir}/{@value #FILE}, atomically where the file
   * system allows (written next to it, then moved over it): a sweep killed while writing leaves
   * either no manifest or a whole one.
   */
  public void write(Path dir, JsonNode server) throws IOException {
    ResultsJsonl.replaceText(dir.resolve(FILE), text(server));
  }

  /** The content of {@value #FILE} for this manifest and {@code server} (or {@code null}), as written. */
  public String text(JsonNode server) throws IOException {
    ObjectNode o = toJson();
    if (server != null) o.set("server", server);
    return JSON.writeValueAsString(o) + "\n";
  }

  /**
   * Every setting in which the {@value #FILE} of a run folder, {@code recorded}, differs from
   * {@code current} (the content a sweep would write now, see {@link #text}), one entry per key in
   * the order of the file, nested keys dotted: {@code n: [1,2,4] in the run folder, [1,4] now} or
   * {@code server.model: "a" in the run folder, "b" now}. Empty when they describe the same sweep.
   *
   * @throws IllegalArgumentException naming {@code file} when {@code recorded} is not a JSON object
   */
  public static List<String> differences(Path file, String recorded, String current) throws IOException {
    JsonNode a;
    try {
      a = JSON.readTree(recorded);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(file + ": not JSON: " + e.getOriginalMessage(), e);
    }
    if (a == null || !a.isObject()) throw new IllegalArgumentException(file + ": not a JSON object");
    List<String> out = new ArrayList<>();
    differences("", a, JSON.readTree(current), out);
    return out;
  }

  private static void differences(String prefix, JsonNode recorded, JsonNode current, List<String> out) {
    java.util.Set<String> keys = new java.util.LinkedHashSet<>();
    recorded.fieldNames().forEachRemaining(keys::add);
    current.fieldNames().forEachRemaining(keys::add);
    for (String key : keys) {
      JsonNode a = recorded.get(key);
      JsonNode b = current.get(key);
      if (a != null && b != null && a.isObject() && b.isObject()) {
        differences(prefix + key + ".", a, b, out);
      } else if (a == null || b == null || !a.equals(b)) {
        out.add(prefix + key + ": " + (a == null ? "none" : a.toString()) + " in the run folder, "
            + (b == null ? "none" : b.toString()) + " now");
      }
    }
  }

  /**
   * The first key of {@value #FILE} whose value differs between {@code this} and {@code other},
   * ignoring {@code shard} (the shards of one sweep differ only there), as
   * {@code "n" ([1,2,4] vs [1,4])}, a key only one of them has as {@code "skill" (none vs 3.0)};
   * {@code null} when they describe the same sweep.
   */
  public String firstDifference(SweepManifest other) {
    ObjectNode a = toJson();
    ObjectNode b = other.toJson();
    a.remove("shard");
    b.remove("shard");
    // keys of both: an optional key (skill) may be in one manifest only
    java.util.Set<String> keys = new java.util.LinkedHashSet<>();
    a.fieldNames().forEachRemaining(keys::add);
    b.fieldNames().forEachRemaining(keys::add);
    for (String key : keys) {
      JsonNode x = a.get(key);
      JsonNode y = b.get(key);
      if (x == null || !x.equals(y)) {
        return "'" + key + "' (" + (x == null ? "none" : x) + " vs " + (y == null ? "none" : y) + ")";
      }
    }
    return null;
  }

  private ObjectNode toJson() {
    ObjectNode o = JSON.createObjectNode();
    o.put("format", FORMAT);
    o.put("preset", preset);
    o.put("dataset", dataset);
    if (limit == null) o.putNull("limit"); else o.put("limit", limit);
    ArrayNode s = o.putArray("strategies");
    strategies.forEach(x -> s.add(x.name()));
    ArrayNode n = o.putArray("n");
    ns.forEach(n::add);
    ArrayNode sd = o.putArray("seeds");
    seeds.forEach(sd::add);
    if (budgetTokens == null) o.putNull("budget_tokens"); else o.put("budget_tokens", budgetTokens);
    o.put("aggregation", aggregation.name().toLowerCase(Locale.ROOT));
    o.put("max_tokens", maxTokens);
    o.put("temperature", temperature);
    o.put("simulator_seed", simulatorSeed);
    if (skill != null) o.put("skill", skill);
    if (shard != null) o.put("shard", shard.toString());
    return o;
  }

  /**
   * Reads {@code dir}/{@value #FILE}.
   *
   * @throws IllegalArgumentException naming the file and the field when it is malformed
   */
  public static SweepManifest read(Path dir) throws IOException {
    Path file = dir.resolve(FILE);
    JsonNode o;
    try {
      o = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(file + ": not JSON: " + e.getOriginalMessage(), e);
    }
    try {
      if (o == null || !o.isObject()) throw new IllegalArgumentException("not a JSON object");
      int format = integer(o, "format").intValue();
      if (format != FORMAT) {
        throw new IllegalArgumentException("field 'format' must be " + FORMAT + ", got " + format);
      }
      List<SweepStrategy> strategies = new ArrayList<>();
      for (JsonNode v : array(o, "strategies")) strategies.add(SweepStrategy.parse(v.asText()));
      List<Integer> ns = new ArrayList<>();
      for (JsonNode v : array(o, "n")) ns.add(v.asInt());
      List<Long> seeds = new ArrayList<>();
      for (JsonNode v : array(o, "seeds")) seeds.add(v.asLong());
      Long limit = nullableInteger(o, "limit");
      return new SweepManifest(text(o, "preset"), text(o, "dataset"), limit == null ? null : limit.intValue(),
          strategies, ns, seeds, nullableInteger(o, "budget_tokens"), Aggregation.parse(text(o, "aggregation")),
          integer(o, "max_tokens").intValue(), number(o, "temperature"), integer(o, "simulator_seed"),
          o.hasNonNull("skill") ? number(o, "skill") : null,
          o.hasNonNull("shard") ? Shard.parse(text(o, "shard")) : null);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  private static JsonNode field(JsonNode o, String name) {
    JsonNode v = o.get(name);
    if (v == null) throw new IllegalArgumentException("field '" + name + "' is missing");
    return v;
  }

  private static String text(JsonNode o, String name) {
    JsonNode v = field(o, name);
    if (!v.isTextual()) throw new IllegalArgumentException("field '" + name + "' must be a string, got " + v);
    return v.asText();
  }

  private static Long integer(JsonNode o, String name) {
    JsonNode v = field(o, name);
    if (!v.isIntegralNumber()) throw new IllegalArgumentException("field '" + name + "' must be an integer, got " + v);
    return v.asLong();
  }

  private static Long nullableInteger(JsonNode o, String name) {
    JsonNode v = o.get(name);
    return v == null || v.isNull() ? null : integer(o, name);
  }

  private static double number(JsonNode o, String name) {
    JsonNode v = field(o, name);
    if (!v.isNumber()) throw new IllegalArgumentException("field '" + name + "' must be a number, got " + v);
    return v.asDouble();
  }

  private static JsonNode array(JsonNode o, String name) {
    JsonNode v = field(o, name);
    if (!v.isArray()) throw new IllegalArgumentException("field '" + name + "' must be an array, got " + v);
    return v;
  }
}
