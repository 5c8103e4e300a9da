package io.ttc4j.datasets.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ttc4j.core.MalformedDataException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One JSON object read from a JSON-lines source, with its location, and typed accessors whose
 * errors name the source, the line and the field.
 *
 * <p>A field whose value is JSON {@code null} counts as absent.
 */
public final class Line {

  private static final Pattern LEVEL = Pattern.compile("(?i)\\s*(?:level\\s*)?(\\d+)\\s*");

  private final String source;
  private final int number;
  private final int index;
  private final ObjectNode json;

  Line(String source, int number, int index, ObjectNode json) {
    this.source = source;
    this.number = number;
    this.index = index;
    this.json = json;
  }

  /** The file or resource name. */
  public String source() {
    return source;
  }

  /** The 1-based line number. */
  public int number() {
    return number;
  }

  /** The 0-based position of this object among the objects of the source (blank lines not counted). */
  public int index() {
    return index;
  }

  /** The object itself. */
  public ObjectNode json() {
    return json;
  }

  /** An exception locating {@code detail} at {@code field} of this line. */
  public MalformedDataException fail(String field, String detail) {
    return new MalformedDataException(source, number, field, detail);
  }

  /** The value of top-level field {@code name}, or {@code null} when absent or JSON null. */
  public JsonNode get(String name) {
    return get(json, name);
  }

  /** The value of field {@code name} of {@code object}, or {@code null} when absent or JSON null. */
  public static JsonNode get(ObjectNode object, String name) {
    JsonNode v = object.get(name);
    return v == null || v.isNull() ? null : v;
  }

  /** The value at {@code path} (already looked up), required. */
  public JsonNode require(JsonNode value, String path) {
    if (value == null) {
      throw fail(path, "is required but missing");
    }
    return value;
  }

  /** A string. */
  public String string(JsonNode value, String path) {
    if (!require(value, path).isTextual()) {
      throw fail(path, "must be a string, got " + describe(value));
    }
    return value.textValue();
  }

  /** A string that is not blank. */
  public String nonBlankString(JsonNode value, String path) {
    String s = string(value, path);
    if (s.isBlank()) {
      throw fail(path, "must not be blank, got " + describe(value));
    }
    return s;
  }

  /** An identifier: a non-blank string, or an integer written as its decimal digits. */
  public String id(JsonNode value, String path) {
    if (require(value, path).isIntegralNumber()) {
      return value.bigIntegerValue().toString();
    }
    if (!value.isTextual()) {
      throw fail(path, "must be a string or an integer, got " + describe(value));
    }
    return nonBlankString(value, path);
  }

  /**
   * An answer: a string as written, or a finite number in its shortest plain decimal form
   * ({@code 27.0} becomes {@code "27"}, {@code 0.50} becomes {@code "0.5"}).
   */
  public String answer(JsonNode value, String path) {
    if (require(value, path).isTextual()) {
      return value.textValue();
    }
    if (value.isIntegralNumber()) {
      return value.bigIntegerValue().toString();
    }
    if (value.isNumber()) {
      finite(value, path);
      return plainDecimal(value.decimalValue());
    }
    throw fail(path, "must be a string or a number, got " + describe(value));
  }

  /** A finite number. */
  public double finite(JsonNode value, String path) {
    if (!require(value, path).isNumber()) {
      throw fail(path, "must be a finite number, got " + describe(value));
    }
    double d = value.doubleValue();
    if (!Double.isFinite(d)) {
      throw fail(path, "must be a finite number, got " + describe(value));
    }
    return d;
  }

  /** A boolean. */
  public boolean bool(JsonNode value, String path) {
    if (!require(value, path).isBoolean()) {
      throw fail(path, "must be true or false, got " + describe(value));
    }
    return value.booleanValue();
  }

  /** A non-negative integer that fits an {@code int}. */
  public int nonNegativeInt(JsonNode value, String path) {
    if (!require(value, path).isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 0) {
      throw fail(path, "must be an integer between 0 and " + Integer.MAX_VALUE + ", got " + describe(value));
    }
    return value.intValue();
  }

  /** An array. */
  public ArrayNode array(JsonNode value, String path) {
    if (!require(value, path).isArray()) {
      throw fail(path, "must be an array, got " + describe(value));
    }
    return (ArrayNode) value;
  }

  /** An object. */
  public ObjectNode object(JsonNode value, String path) {
    if (!require(value, path).isObject()) {
      throw fail(path, "must be an object, got " + describe(value));
    }
    return (ObjectNode) value;
  }

  /**
   * A difficulty level as its decimal digits: an integer ({@code 3}) or a string holding one
   * ({@code "3"}, {@code "Level 3"}); any other string (MATH has {@code "Level ?"}) is kept trimmed.
   */
  public String level(JsonNode value, String path) {
    if (require(value, path).isIntegralNumber()) {
      return value.bigIntegerValue().toString();
    }
    if (!value.isTextual()) {
      throw fail(path, "must be an integer or a string such as \"Level 3\", got " + describe(value));
    }
    return canonicalLevel(nonBlankString(value, path));
  }

  /**
   * A level as its decimal digits when it holds one number ({@code "Level 3"}, {@code " 03"} and
   * {@code "3"} all give {@code "3"}), otherwise trimmed ({@code "Level ?"}).
   */
  public static String canonicalLevel(String level) {
    Matcher m = LEVEL.matcher(level);
    return m.matches() ? new BigInteger(m.group(1)).toString() : level.trim();
  }

  /** The shortest plain decimal form of {@code d}: no exponent, no trailing zeros. */
  static String plainDecimal(BigDecimal d) {
    if (d.signum() == 0) {
      return "0";
    }
    return d.stripTrailingZeros().toPlainString();
  }

  /** A JSON value for a message, cut to 60 characters. */
  static String describe(JsonNode value) {
    if (value == null) {
      return "nothing";
    }
    String s = value.toString();
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }
}
