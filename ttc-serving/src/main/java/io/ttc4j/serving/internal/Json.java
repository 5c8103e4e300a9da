package io.ttc4j.serving.internal;

import com.fasterxml.jackson.databind.JsonNode;

/** Reading required fields of a response with errors that say where and what was found. */
public final class Json {

  private Json() {}

  /** The array {@code name} of {@code obj}. */
  public static JsonNode array(JsonNode obj, String name, String where) {
    JsonNode v = obj.get(name);
    if (v == null || !v.isArray()) {
      throw new MalformedResponseException(where + " has no '" + name + "' array" + found(v));
    }
    return v;
  }

  /** The object {@code name} of {@code obj}. */
  public static JsonNode object(JsonNode obj, String name, String where) {
    JsonNode v = obj.get(name);
    if (v == null || !v.isObject()) {
      throw new MalformedResponseException(where + " has no '" + name + "' object" + found(v));
    }
    return v;
  }

  /** The string {@code name} of {@code obj}. */
  public static String text(JsonNode obj, String name, String where) {
    JsonNode v = obj.get(name);
    if (v == null || !v.isTextual()) {
      throw new MalformedResponseException(where + " has no '" + name + "' string" + found(v));
    }
    return v.asText();
  }

  /** The non-negative integer {@code name} of {@code obj}. */
  public static long count(JsonNode obj, String name, String where) {
    JsonNode v = obj.get(name);
    if (v == null || !v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0) {
      throw new MalformedResponseException(where + " has no non-negative integer '" + name + "'" + found(v));
    }
    return v.asLong();
  }

  /**
   * The prompt tokens a response's {@code usage} reports, or 0 when it has no usage (reward-model
   * endpoints need not report one); a usage with a malformed count is an error, not a zero.
   */
  public static long promptTokens(JsonNode root) {
    JsonNode usage = root.get("usage");
    if (usage == null || usage.isNull() || usage.get("prompt_tokens") == null) {
      return 0;
    }
    return count(usage, "prompt_tokens", "the response's usage");
  }

  /** The finite number {@code v} at {@code where}. */
  public static double finite(JsonNode v, String where) {
    if (v == null || !v.isNumber() || !Double.isFinite(v.asDouble())) {
      throw new MalformedResponseException(where + " must be a finite number" + found(v));
    }
    return v.asDouble();
  }

  private static String found(JsonNode v) {
    if (v == null) {
      return "";
    }
    String s = v.toString();
    return ", found " + (s.length() > 60 ? s.substring(0, 60) + "..." : s);
  }
}
