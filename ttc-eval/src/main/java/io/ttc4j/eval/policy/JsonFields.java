package io.ttc4j.eval.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ttc4j.strategies.Calibration;
import io.ttc4j.strategies.Confidence;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Strict reading of JSON fields, with errors that name the file, the field's path and the bad value. */
final class JsonFields {

  /** The mapper of the policy files: indented output. */
  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private JsonFields() {}

  /** {@code o} as indented JSON text with a final line break. */
  static String toText(ObjectNode o) {
    try {
      return JSON.writeValueAsString(o) + "\n";
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Writes {@code text} to {@code file} (UTF-8), creating its folder. */
  static void write(Path file, String text) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) Files.createDirectories(parent);
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  /** Parses {@code text} as a JSON object; errors name {@code source}. */
  static JsonNode readObject(String text, String source) {
    JsonNode o;
    try {
      o = JSON.readTree(text);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(source + ": not JSON: " + e.getOriginalMessage(), e);
    }
    if (o == null || !o.isObject()) throw new IllegalArgumentException(source + ": not a JSON object");
    return o;
  }

  static void onlyFields(JsonNode o, String prefix, String source, Set<String> allowed) {
    for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!allowed.contains(name)) {
        throw new IllegalArgumentException(source + ": unknown field '" + prefix + name + "' (allowed: "
            + new TreeSet<>(allowed) + ")");
      }
    }
  }

  static JsonNode field(JsonNode o, String prefix, String name, String source) {
    JsonNode v = o.get(name);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException(source + ": field '" + prefix + name + "' is missing");
    }
    return v;
  }

  static String text(JsonNode o, String prefix, String name, String source) {
    JsonNode v = field(o, prefix, name, source);
    if (!v.isTextual()) {
      throw new IllegalArgumentException(source + ": field '" + prefix + name + "' must be a string, got " + v);
    }
    return v.asText();
  }

  static long integer(JsonNode o, String prefix, String name, String source) {
    JsonNode v = field(o, prefix, name, source);
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      throw new IllegalArgumentException(source + ": field '" + prefix + name + "' must be an integer, got " + v);
    }
    return v.asLong();
  }

  static double number(JsonNode o, String prefix, String name, String source) {
    JsonNode v = field(o, prefix, name, source);
    if (!v.isNumber()) {
      throw new IllegalArgumentException(source + ": field '" + prefix + name + "' must be a number, got " + v);
    }
    return v.asDouble();
  }

  static JsonNode array(JsonNode o, String prefix, String name, String source) {
    JsonNode v = field(o, prefix, name, source);
    if (!v.isArray()) {
      throw new IllegalArgumentException(source + ": field '" + prefix + name + "' must be an array, got " + v);
    }
    return v;
  }

  static JsonNode object(JsonNode o, String prefix, String name, String source) {
    JsonNode v = field(o, prefix, name, source);
    if (!v.isObject()) {
      throw new IllegalArgumentException(source + ": field '" + prefix + name + "' must be an object, got " + v);
    }
    return v;
  }

  static IllegalArgumentException rethrow(RuntimeException ex, String source, String at) {
    String m = ex.getMessage();
    if (m != null && m.startsWith(source + ": ")) return (IllegalArgumentException) ex;
    return new IllegalArgumentException(source + ": " + (at == null ? "" : at + ": ") + m, ex);
  }

  /** Writes {@code c} into {@code o}: {@code features} (labels), {@code intercept}, {@code weights}. */
  static void putCalibration(ObjectNode o, Calibration c) {
    ArrayNode fs = o.putArray("features");
    for (Confidence.Feature f : c.features()) fs.add(f.label());
    o.put("intercept", c.intercept());
    ArrayNode ws = o.putArray("weights");
    for (double w : c.weights()) ws.add(w);
  }

  /**
   * Reads a calibration object at {@code at} (its full path, e.g. {@code tiers[0].calibration}):
   * features by label as {@link #putCalibration} writes them, the intercept and one weight per feature.
   */
  static Calibration calibration(JsonNode m, String at, String source) {
    if (!m.isObject()) throw new IllegalArgumentException(source + ": field '" + at + "' must be an object, got " + m);
    onlyFields(m, at + ".", source, Set.of("features", "intercept", "weights"));
    JsonNode fs = array(m, at + ".", "features", source);
    if (fs.isEmpty()) throw new IllegalArgumentException(source + ": field '" + at + ".features' must not be empty");
    List<Confidence.Feature> features = new ArrayList<>();
    for (int i = 0; i < fs.size(); i++) {
      String fat = at + ".features[" + i + "]";
      JsonNode f = fs.get(i);
      if (!f.isTextual()) throw new IllegalArgumentException(source + ": field '" + fat + "' must be a string, got " + f);
      Confidence.Feature feature;
      try {
        feature = Confidence.Feature.named(f.asText());
      } catch (IllegalArgumentException e) {
        throw rethrow(e, source, fat);
      }
      if (!feature.label().equals(f.asText())) {
        throw new IllegalArgumentException(source + ": field '" + fat + "' must be spelled '" + feature.label()
            + "', got '" + f.asText() + "'");
      }
      features.add(feature);
    }
    double intercept = number(m, at + ".", "intercept", source);
    JsonNode ws = array(m, at + ".", "weights", source);
    if (ws.size() != features.size()) {
      throw new IllegalArgumentException(source + ": field '" + at + ".weights' must hold one weight per feature ("
          + features.size() + "), got " + ws.size());
    }
    double[] weights = new double[ws.size()];
    for (int i = 0; i < weights.length; i++) {
      JsonNode w = ws.get(i);
      if (!w.isNumber()) {
        throw new IllegalArgumentException(source + ": field '" + at + ".weights[" + i + "]' must be a number, got " + w);
      }
      weights[i] = w.asDouble();
    }
    try {
      return new Calibration(features, intercept, weights);
    } catch (IllegalArgumentException e) {
      throw rethrow(e, source, at);
    }
  }
}
