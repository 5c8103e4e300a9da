package io.ttc4j.datasets.internal;

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
import java.util.Objects;

/** Reads JSON lines (one JSON object a line, UTF-8), handing each to a parser with its location. */
public final class JsonLines {

  /** Strict: duplicate keys and anything after the object on a line are errors. Immutable, shared. */
  static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private JsonLines() {}

  /** Turns one located JSON object into a value. */
  @FunctionalInterface
  public interface LineParser<T> {
    /** The value of {@code line}; throws {@link MalformedDataException} (via {@link Line#fail}) when it is wrong. */
    T parse(Line line);
  }

  /**
   * Parses every non-blank line of {@code in} with {@code parser}, in file order. Blank lines
   * (only whitespace) are skipped; every other line must be one JSON object.
   *
   * @param in     the stream, read to its end and closed
   * @param source the file or resource name used in error messages
   * @throws MalformedDataException on the first line that is not a JSON object or that the parser rejects
   * @throws UncheckedIOException   when reading fails
   */
  public static <T> List<T> read(InputStream in, String source, LineParser<T> parser) {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(parser, "parser");
    List<T> out = new ArrayList<>();
    int number = 0;
    var decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, decoder))) {
      String text;
      while (true) {
        try {
          text = reader.readLine();
        } catch (CharacterCodingException e) {
          throw new MalformedDataException(source, number + 1, null, "is not valid UTF-8", e);
        }
        if (text == null) {
          break;
        }
        number++;
        if (number == 1 && text.startsWith("\uFEFF")) {
          text = text.substring(1);
        }
        if (text.isBlank()) {
          continue;
        }
        out.add(parser.parse(new Line(source, number, out.size(), parseObject(text, source, number))));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + source + " (after line " + number + ")", e);
    }
    return out;
  }

  private static ObjectNode parseObject(String text, String source, int number) {
    JsonNode node;
    try {
      node = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new MalformedDataException(source, number, null,
          "is not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (!(node instanceof ObjectNode)) {
      throw new MalformedDataException(source, number, null,
          "must be a JSON object, got " + Line.describe(node));
    }
    return (ObjectNode) node;
  }
}
