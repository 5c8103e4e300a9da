package io.ttc4j.prm.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ttc4j.core.MalformedDataException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One JSON object of a JSON-lines source with its location, and typed field accessors whose errors
 * name the source, the line and the field. A JSON {@code null} counts as absent, except where
 * {@link #has} asks whether the key is written at all.
 */
public final class JsonLine {

  /** Strict: duplicate keys and trailing content are errors. */
  public static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private final String source;
  private final int number;
  private final ObjectNode json;

  private JsonLine(String source, int number, ObjectNode json) {
    this.source = source;
    this.number = number;
    this.json = json;
  }

  /**
   * Parses every non-blank line of {@code in} (UTF-8, closed at the end) with {@code parser}.
   *
   * @throws MalformedDataException at the first line that is not a JSON object or that the parser rejects
   * @throws UncheckedIOException   when reading fails
   */
  public static <T> List<T> readAll(InputStream in, String source, Function<JsonLine, T> parser) {
    List<T> out = new ArrayList<>();
    var decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    int number = 0;
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, decoder))) {
      while (true) {
        String text;
        try {
          text = reader.readLine();
        } catch (CharacterCodingException e) {
          throw new MalformedDataException(source, number + 1, null, "is not valid UTF-8", e);
        }
        if (text == null) {
          return out;
        }
        number++;
        if (number == 1 && text.startsWith("\uFEFF")) {
          text = text.substring(1);
        }
        if (text.isBlank()) {
          continue;
        }
        JsonNode node;
        try {
          node = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
          throw new MalformedDataException(source, number, null, "is not valid JSON: " + e.getOriginalMessage(), e);
        }
        if (!(node instanceof ObjectNode object)) {
          throw new MalformedDataException(source, number, null, "must be a JSON object, got " + describe(node), null);
        }
        out.add(parser.apply(new JsonLine(source, number, object)));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + source + " (after line " + number + ")", e);
    }
  }

  /** The 1-based line number. */
  public int number() {
    return number;
  }

  /** An exception at {@code field} of this line. */
  public MalformedDataException fail(String field, String detail) {
    return new MalformedDataException(source, number, field, detail, null);
  }

  /** Whether the key {@code name} is written (even as {@code null}). */
  public boolean has(String name) {
    return json.has(name);
  }

  /** The value of {@code name}, or {@code null} when absent or JSON null. */
  public JsonNode get(String name) {
    JsonNode v = json.get(name);
    return v == null || v.isNull() ? null : v;
  }

  /** A required value. */
  public JsonNode require(String name) {
    JsonNode v = get(name);
    if (v == null) {
      throw fail(name, json.has(name) ? "must not be null" : "is required but missing");
    }
    return v;
  }

  /** A required string. */
  public String string(String name) {
    JsonNode v = require(name);
    if (!v.isTextual()) {
      throw fail(name, "must be a string, got " + describe(v));
    }
    return v.textValue();
  }

  /** A string, or {@code fallback} when absent or null. */
  public String optionalString(String name, String fallback) {
    return get(name) == null ? fallback : string(name);
  }

  /** An identifier: a non-blank string, or an integer as its digits. */
  public String id(String name) {
    JsonNode v = require(name);
    if (v.isIntegralNumber()) {
      return v.bigIntegerValue().toString();
    }
    if (!v.isTextual() || v.textValue().isBlank()) {
      throw fail(name, "must be a non-blank string or an integer, got " + describe(v));
    }
    return v.textValue();
  }

  /** A required array of strings. */
  public List<String> strings(String name) {
    JsonNode v = require(name);
    if (!v.isArray()) {
      throw fail(name, "must be an array of strings, got " + describe(v));
    }
    List<String> out = new ArrayList<>(v.size());
    for (int i = 0; i < v.size(); i++) {
      JsonNode e = v.get(i);
      if (!e.isTextual()) {
        throw fail(name + "[" + i + "]", "must be a string, got " + describe(e));
      }
      out.add(e.textValue());
    }
    return out;
  }

  /** A required array of finite numbers. */
  public double[] finiteNumbers(String name) {
    JsonNode v = require(name);
    if (!v.isArray()) {
      throw fail(name, "must be an array of numbers, got " + describe(v));
    }
    double[] out = new double[v.size()];
    for (int i = 0; i < out.length; i++) {
      JsonNode e = v.get(i);
      if (!e.isNumber() || !Double.isFinite(e.doubleValue())) {
        throw fail(name + "[" + i + "]", "must be a finite number, got " + describe(e));
      }
      out[i] = e.doubleValue();
    }
    return out;
  }

  /** An optional non-negative int: {@code fallback} when absent or null. */
  public int optionalIndex(String name, int fallback) {
    JsonNode v = get(name);
    if (v == null) {
      return fallback;
    }
    if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 0) {
      throw fail(name, "must be an integer >= 0 or null, got " + describe(v));
    }
    return v.intValue();
  }

  /** An optional boolean. */
  public Boolean optionalBoolean(String name) {
    JsonNode v = get(name);
    if (v == null) {
      return null;
    }
    if (!v.isBoolean()) {
      throw fail(name, "must be true or false, got " + describe(v));
    }
    return v.booleanValue();
  }

  /** A JSON value for a message, cut to 60 characters. */
  public static String describe(JsonNode value) {
    if (value == null) {
      return "nothing";
    }
    String s = value.toString();
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }
}
