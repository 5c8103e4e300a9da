package io.ttc4j.prm.game24;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.ttc4j.core.MalformedDataException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A whole JSON document as a tree whose every value knows its path ({@code [3].usage_so_far.cost})
 * and the line it starts on, so that a reader can reject a field of a pretty-printed file with a
 * {@link MalformedDataException} naming the file, the line and the field. Jackson's own tree keeps
 * no locations, hence this small one; the logs it reads are a few megabytes.
 */
final class JsonTree {

  private static final JsonFactory FACTORY = JsonFactory.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  private final String source;
  private final String path;
  private final int line;
  /** A map, a list, a String, a Boolean, a Long, a BigInteger, a Double, or null for JSON null. */
  private final Object value;

  private JsonTree(String source, String path, int line, Object value) {
    this.source = source;
    this.path = path;
    this.line = line;
    this.value = value;
  }

  /**
   * Parses one JSON document (UTF-8) and closes {@code in}.
   *
   * @throws MalformedDataException when the document is empty, not valid JSON (duplicate keys
   *     included) or followed by more content
   * @throws UncheckedIOException when reading fails
   */
  static JsonTree parse(InputStream in, String source) {
    try (JsonParser p = FACTORY.createParser(in)) {
      try {
        if (p.nextToken() == null) {
          throw new MalformedDataException(source, 1, null, "is empty: expected a JSON document");
        }
        JsonTree root = read(p, source, "");
        if (p.nextToken() != null) {
          throw new MalformedDataException(source, lineOf(p), null, "has content after the end of the JSON document");
        }
        return root;
      } catch (JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        int line = at == null || at.getLineNr() < 1 ? 1 : at.getLineNr();
        throw new MalformedDataException(source, line, null, "is not valid JSON: " + e.getOriginalMessage(), e);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + source, e);
    }
  }

  private static int lineOf(JsonParser p) {
    int line = p.currentTokenLocation().getLineNr();
    return line < 1 ? 1 : line;
  }

  private static JsonTree read(JsonParser p, String source, String path) throws IOException {
    int line = lineOf(p);
    JsonToken t = p.currentToken();
    switch (t) {
      case START_OBJECT: {
        Map<String, JsonTree> fields = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String name = p.currentName();
          p.nextToken();
          fields.put(name, read(p, source, path.isEmpty() ? name : path + "." + name));
        }
        return new JsonTree(source, path, line, fields);
      }
      case START_ARRAY: {
        List<JsonTree> items = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
          items.add(read(p, source, path + "[" + items.size() + "]"));
        }
        return new JsonTree(source, path, line, items);
      }
      case VALUE_STRING:
        return new JsonTree(source, path, line, p.getText());
      case VALUE_NUMBER_INT: {
        Number n = p.getNumberValue();
        Object v = n instanceof BigInteger ? n : Long.valueOf(n.longValue());
        return new JsonTree(source, path, line, v);
      }
      case VALUE_NUMBER_FLOAT:
        return new JsonTree(source, path, line, p.getDoubleValue());
      case VALUE_TRUE:
      case VALUE_FALSE:
        return new JsonTree(source, path, line, t == JsonToken.VALUE_TRUE);
      case VALUE_NULL:
        return new JsonTree(source, path, line, null);
      default:
        throw new MalformedDataException(source, line, path.isEmpty() ? null : path, "holds an unexpected " + t);
    }
  }

  /** The 1-based line on which this value starts. */
  int line() {
    return line;
  }

  /** An exception at this value. */
  MalformedDataException fail(String detail) {
    return new MalformedDataException(source, line, path.isEmpty() ? null : path, detail);
  }

  private MalformedDataException failField(String name, String detail) {
    return new MalformedDataException(source, line, path.isEmpty() ? name : path + "." + name, detail);
  }

  /** Whether this is an object with the key {@code name} holding a value other than null. */
  boolean has(String name) {
    return value instanceof Map<?, ?> m && m.get(name) instanceof JsonTree v && v.value != null;
  }

  /** The required, non-null field {@code name} of this object. */
  JsonTree field(String name) {
    Map<String, JsonTree> fields = object();
    JsonTree v = fields.get(name);
    if (v == null) {
      throw failField(name, "is required but missing");
    }
    if (v.value == null) {
      throw v.fail("must not be null");
    }
    return v;
  }

  /** This object's fields, in file order. */
  @SuppressWarnings("unchecked")
  Map<String, JsonTree> object() {
    if (!(value instanceof Map<?, ?>)) {
      throw fail("must be a JSON object, got " + describe());
    }
    return (Map<String, JsonTree>) value;
  }

  /** This array's items. */
  @SuppressWarnings("unchecked")
  List<JsonTree> array() {
    if (!(value instanceof List<?>)) {
      throw fail("must be a JSON array, got " + describe());
    }
    return (List<JsonTree>) value;
  }

  /** This array's items, at least one. */
  List<JsonTree> nonEmptyArray() {
    List<JsonTree> items = array();
    if (items.isEmpty()) {
      throw fail("must not be empty");
    }
    return items;
  }

  String string() {
    if (!(value instanceof String s)) {
      throw fail("must be a string, got " + describe());
    }
    return s;
  }

  /** This array of strings. */
  List<String> strings() {
    List<JsonTree> items = array();
    List<String> out = new ArrayList<>(items.size());
    for (JsonTree item : items) {
      out.add(item.string());
    }
    return out;
  }

  boolean bool() {
    if (!(value instanceof Boolean b)) {
      throw fail("must be true or false, got " + describe());
    }
    return b;
  }

  long nonNegativeLong() {
    if (!(value instanceof Long n) || n < 0) {
      throw fail("must be an integer >= 0, got " + describe());
    }
    return n;
  }

  int nonNegativeInt() {
    long n = nonNegativeLong();
    if (n > Integer.MAX_VALUE) {
      throw fail("must be an integer <= " + Integer.MAX_VALUE + ", got " + describe());
    }
    return (int) n;
  }

  double finite() {
    if (!(value instanceof Number n) || !Double.isFinite(n.doubleValue())) {
      throw fail("must be a finite number, got " + describe());
    }
    return n.doubleValue();
  }

  double finiteNonNegative() {
    double v = finite();
    if (v < 0) {
      throw fail("must be >= 0, got " + describe());
    }
    return v;
  }

  /** The value as JSON text for a message, cut to 60 characters. */
  String describe() {
    String s;
    if (value == null) {
      s = "null";
    } else if (value instanceof String str) {
      s = '"' + str.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
    } else if (value instanceof Map<?, ?>) {
      s = "an object";
    } else if (value instanceof List<?> l) {
      s = "an array of " + l.size();
    } else {
      s = String.valueOf(value);
    }
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }
}
