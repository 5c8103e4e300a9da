package io.ttc4j.eval.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;

/** Strict reading of JSON fields, with errors that name the file, the field's path and the bad value. */
final class JsonFields {

  private JsonFields() {}

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
}
