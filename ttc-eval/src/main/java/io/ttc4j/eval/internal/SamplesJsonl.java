package io.ttc4j.eval.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ttc4j.eval.UnitSamples;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code samples.jsonl} file of a sweep: one JSON object per (problem, seed) unit with the
 * samples of its largest search,
 * <pre>{@code {"problem_id":"p1","seed":0,"n":64,"samples":[{"answer":"5","score":0.83,"correct":true,"completion_tokens":312},...]}}</pre>
 * ({@code answer} and {@code score} are null when absent). Appended and flushed per unit before the
 * unit's rows reach {@code results.jsonl}, so every unit complete in {@code results.jsonl} has its
 * samples line.
 */
public final class SamplesJsonl implements Closeable {

  /** The name of the file in a run folder. */
  public static final String FILE = "samples.jsonl";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private final BufferedWriter out;

  private SamplesJsonl(Path file, BufferedWriter out) {
    this.file = file;
    this.out = out;
  }

  /** Opens {@code file} for appending, creating it when missing. */
  public static SamplesJsonl append(Path file) throws IOException {
    return new SamplesJsonl(file, Files.newBufferedWriter(file, StandardCharsets.UTF_8,
        StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE));
  }

  /** Appends one unit and flushes it. */
  public synchronized void write(UnitSamples unit) {
    try {
      out.write(toJson(unit));
      out.write('\n');
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void close() throws IOException {
    out.close();
  }

  /** Replaces {@code file} by {@code units} in the given order (written next to it, then moved). */
  public static void rewrite(Path file, List<UnitSamples> units) throws IOException {
    ResultsJsonl.replaceLines(file, units.stream().map(SamplesJsonl::toJson).toList());
  }

  /** One unit as a single-line JSON object. */
  public static String toJson(UnitSamples u) {
    ObjectNode o = JSON.createObjectNode();
    o.put("problem_id", u.problemId());
    o.put("seed", u.seed());
    o.put("n", u.n());
    ArrayNode a = o.putArray("samples");
    for (UnitSamples.Sample s : u.samples()) {
      ObjectNode x = a.addObject();
      x.put("answer", s.answer());
      if (Double.isNaN(s.score())) x.putNull("score"); else x.put("score", s.score());
      x.put("correct", s.correct());
      x.put("completion_tokens", s.completionTokens());
    }
    try {
      return JSON.writeValueAsString(o);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads every unit of {@code file}; a malformed last line without a line break (cut by a kill)
   * is left out when {@code tolerateCutLastLine}.
   *
   * @throws IllegalArgumentException naming the file, the line and the field of a malformed line
   */
  public static List<UnitSamples> read(Path file, boolean tolerateCutLastLine) throws IOException {
    ResultsJsonl.Lines lines = ResultsJsonl.lines(file);
    List<UnitSamples> out = new ArrayList<>();
    List<String> complete = lines.complete();
    for (int i = 0; i < complete.size(); i++) {
      if (complete.get(i).isBlank()) continue;
      out.add(parse(complete.get(i), file, i + 1));
    }
    if (lines.cut() != null && !lines.cut().isBlank()) {
      try {
        out.add(parse(lines.cut(), file, complete.size() + 1));
      } catch (IllegalArgumentException e) {
        if (!tolerateCutLastLine) throw e;
      }
    }
    return out;
  }

  private static UnitSamples parse(String line, Path file, int lineNo) {
    try {
      return parse(line);
    } catch (IllegalArgumentException | IOException e) {
      throw new IllegalArgumentException(file + ":" + lineNo + ": " + e.getMessage(), e);
    }
  }

  private static UnitSamples parse(String line) throws IOException {
    JsonNode o;
    try {
      o = JSON.readTree(line);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("not a JSON object: " + e.getOriginalMessage(), e);
    }
    if (o == null || !o.isObject()) throw new IllegalArgumentException("not a JSON object");
    JsonNode samples = o.get("samples");
    if (samples == null || !samples.isArray()) throw new IllegalArgumentException("field 'samples' must be an array");
    List<UnitSamples.Sample> list = new ArrayList<>();
    for (JsonNode s : samples) {
      JsonNode answer = s.get("answer");
      JsonNode score = s.get("score");
      JsonNode correct = s.get("correct");
      JsonNode tokens = s.get("completion_tokens");
      if (correct == null || !correct.isBoolean()) throw new IllegalArgumentException("field 'correct' must be a boolean");
      if (tokens == null || !tokens.isIntegralNumber()) {
        throw new IllegalArgumentException("field 'completion_tokens' must be an integer");
      }
      if (score != null && !score.isNull() && !score.isNumber()) {
        throw new IllegalArgumentException("field 'score' must be a number or null");
      }
      list.add(new UnitSamples.Sample(answer == null || answer.isNull() ? null : answer.asText(),
          score == null || score.isNull() ? Double.NaN : score.asDouble(), correct.asBoolean(), tokens.asLong()));
    }
    JsonNode id = o.get("problem_id");
    JsonNode seed = o.get("seed");
    JsonNode n = o.get("n");
    if (id == null || !id.isTextual()) throw new IllegalArgumentException("field 'problem_id' must be a string");
    if (seed == null || !seed.isIntegralNumber()) throw new IllegalArgumentException("field 'seed' must be an integer");
    if (n == null || !n.isIntegralNumber()) throw new IllegalArgumentException("field 'n' must be an integer");
    return new UnitSamples(id.asText(), seed.asLong(), n.asInt(), list);
  }
}
