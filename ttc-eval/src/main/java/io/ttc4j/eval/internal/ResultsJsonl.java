package io.ttc4j.eval.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ttc4j.core.Selection;
import io.ttc4j.core.StopReason;
import io.ttc4j.core.Usage;
import io.ttc4j.eval.ResultRow;
import io.ttc4j.strategies.Confidence;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code results.jsonl} file of a sweep: one JSON object per line and result row, with the
 * fields {@code problem_id, strategy, n, seed, candidates, answer, reference, correct, stop_reason,
 * generations, prompt_tokens, cached_prompt_tokens, completion_tokens, prm_calls, prm_tokens, cost_usd}, the
 * row's {@link Confidence} when it has one and {@code error} when there was one. No timing fields, so
 * equal runs give equal files.
 *
 * <p>The confidence is six flat fields, one per component, so that {@code jq} and data-frame readers
 * see plain columns: {@code conf_candidates} (integer), {@code conf_score_share},
 * {@code conf_vote_share}, {@code conf_vote_margin}, {@code conf_top_score}, {@code conf_mean_score}
 * (numbers, written as the shortest decimal that reads back as the same {@code double}, so a row read
 * back equals the row written). {@code NaN} (unscored candidates) is written as JSON {@code null}; only
 * the score share and the two scores can be {@code NaN}. A row without confidence has none of the six
 * fields, and a line without any of them (run folders written before rows carried confidence) reads
 * as a row with a {@code null} confidence; a line with some but not all of them is malformed.
 *
 * <p>An open file appends and flushes each batch of rows as it is handed over, so a killed sweep
 * keeps every finished (problem, seed).
 */
public final class ResultsJsonl implements Closeable {

  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

  private static final String CONF_CANDIDATES = "conf_candidates";
  private static final String CONF_SCORE_SHARE = "conf_score_share";
  private static final String CONF_VOTE_SHARE = "conf_vote_share";
  private static final String CONF_VOTE_MARGIN = "conf_vote_margin";
  private static final String CONF_TOP_SCORE = "conf_top_score";
  private static final String CONF_MEAN_SCORE = "conf_mean_score";
  private static final List<String> CONF_FIELDS = List.of(CONF_CANDIDATES, CONF_SCORE_SHARE, CONF_VOTE_SHARE,
      CONF_VOTE_MARGIN, CONF_TOP_SCORE, CONF_MEAN_SCORE);

  private final Path file;
  private final BufferedWriter out;

  private ResultsJsonl(Path file, BufferedWriter out) {
    this.file = file;
    this.out = out;
  }

  /** Opens {@code file} for appending, creating it when missing. */
  public static ResultsJsonl append(Path file) throws IOException {
    return new ResultsJsonl(file, Files.newBufferedWriter(file, StandardCharsets.UTF_8,
        StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE));
  }

  /** Appends {@code rows} and flushes them to the file. */
  public synchronized void write(List<ResultRow> rows) {
    try {
      for (ResultRow r : rows) {
        out.write(toJson(r));
        out.write('\n');
      }
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void close() throws IOException {
    out.close();
  }

  /**
   * Replaces {@code file} by {@code rows} in the given order, atomically where the file system
   * allows (written next to it, then moved over it).
   */
  public static void rewrite(Path file, List<ResultRow> rows) throws IOException {
    replaceLines(file, rows.stream().map(ResultsJsonl::toJson).toList());
  }

  /**
   * Replaces {@code file} by {@code lines}, atomically where the file system allows (written next
   * to it, then moved over it). Shared by every JSON-lines file of a run folder.
   */
  static void replaceLines(Path file, List<String> lines) throws IOException {
    replace(file, w -> {
      for (String line : lines) {
        w.write(line);
        w.write('\n');
      }
    });
  }

  /** Replaces {@code file} by {@code text}, atomically where the file system allows (see {@link #replaceLines}). */
  static void replaceText(Path file, String text) throws IOException {
    replace(file, w -> w.write(text));
  }

  private interface Content {
    void writeTo(BufferedWriter w) throws IOException;
  }

  private static void replace(Path file, Content content) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
      content.writeTo(w);
    }
    try {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (java.nio.file.AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * The lines of a JSON-lines file that a kill may have cut: {@code complete} are the lines that
   * end with a line break (decoded strictly as UTF-8), {@code cut} is the text after the last line
   * break, or {@code null} when the file ends with one. A kill can cut a line anywhere, also inside
   * a multi-byte character, so {@code cut} is decoded leniently: it is only ever parsed to see
   * whether it happens to be a whole line.
   */
  record Lines(List<String> complete, String cut) {}

  /** Reads {@code file} as {@link Lines}. */
  static Lines lines(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    int end = bytes.length;
    while (end > 0 && bytes[end - 1] != '\n') end--;
    String complete;
    try {
      complete = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
          .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes, 0, end)).toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new IllegalArgumentException(file + ": not UTF-8 text", e);
    }
    String cut = end == bytes.length ? null : new String(bytes, end, bytes.length - end, StandardCharsets.UTF_8);
    return new Lines(complete.lines().toList(), cut);
  }

  /** One row as a single-line JSON object. */
  public static String toJson(ResultRow r) {
    ObjectNode o = JSON.createObjectNode();
    o.put("problem_id", r.problemId());
    o.put("strategy", name(r.strategy()));
    o.put("n", r.n());
    o.put("seed", r.seed());
    o.put("candidates", r.candidates());
    o.put("answer", r.answer());
    o.put("reference", r.reference());
    o.put("correct", r.correct());
    o.put("stop_reason", r.stopReason().name().toLowerCase(Locale.ROOT));
    Usage u = r.usage();
    o.put("generations", u.generations());
    o.put("prompt_tokens", u.promptTokens());
    o.put("cached_prompt_tokens", u.cachedPromptTokens());
    o.put("completion_tokens", u.completionTokens());
    o.put("prm_calls", u.prmCalls());
    o.put("prm_tokens", u.prmTokens());
    o.put("cost_usd", BigDecimal.valueOf(u.costNanoUsd(), 9).stripTrailingZeros());
    Confidence c = r.confidence();
    if (c != null) {
      o.put(CONF_CANDIDATES, c.candidates());
      putNumber(o, CONF_SCORE_SHARE, c.scoreShare());
      putNumber(o, CONF_VOTE_SHARE, c.voteShare());
      putNumber(o, CONF_VOTE_MARGIN, c.voteMargin());
      putNumber(o, CONF_TOP_SCORE, c.topScore());
      putNumber(o, CONF_MEAN_SCORE, c.meanScore());
    }
    if (r.error() != null) {
      o.put("error", r.error());
    }
    try {
      return JSON.writeValueAsString(o);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void putNumber(ObjectNode o, String name, double v) {
    if (Double.isNaN(v)) {
      o.putNull(name);
    } else {
      o.put(name, v);
    }
  }

  /**
   * Reads every row of {@code file}.
   *
   * @throws IllegalArgumentException naming the file, line and field of the first malformed line
   */
  public static List<ResultRow> read(Path file) throws IOException {
    return read(file, false);
  }

  /**
   * Reads the rows of a sweep that may have been killed while writing: as {@link #read(Path)}, but
   * a malformed <em>last</em> line that does not end with a line break (cut by the kill) is left out.
   */
  public static List<ResultRow> readKilled(Path file) throws IOException {
    return read(file, true);
  }

  private static List<ResultRow> read(Path file, boolean tolerateCutLastLine) throws IOException {
    Lines lines = lines(file);
    List<ResultRow> rows = new ArrayList<>();
    List<String> complete = lines.complete();
    for (int i = 0; i < complete.size(); i++) {
      if (complete.get(i).isBlank()) continue;
      rows.add(parse(complete.get(i), file, i + 1));
    }
    if (lines.cut() != null && !lines.cut().isBlank()) {
      try {
        rows.add(parse(lines.cut(), file, complete.size() + 1));
      } catch (IllegalArgumentException e) {
        if (!tolerateCutLastLine) throw e;
      }
    }
    return rows;
  }

  private static ResultRow parse(String line, Path file, int lineNo) {
    JsonNode o;
    try {
      o = JSON.readTree(line);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException(file + ":" + lineNo + ": not a JSON object: " + e.getOriginalMessage(), e);
    }
    if (o == null || !o.isObject()) {
      throw new IllegalArgumentException(file + ":" + lineNo + ": not a JSON object");
    }
    try {
      return fromJson(o);
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new IllegalArgumentException(file + ":" + lineNo + ": " + e.getMessage(), e);
    }
  }

  private static ResultRow fromJson(JsonNode o) {
    BigDecimal cost = new BigDecimal(text(o, "cost_usd"));
    Usage usage = new Usage(longOf(o, "generations"), longOf(o, "prompt_tokens"), longOf(o, "cached_prompt_tokens"),
        longOf(o, "completion_tokens"), longOf(o, "prm_calls"),
        // absent in run folders written before reward models reported tokens
        o.has("prm_tokens") ? longOf(o, "prm_tokens") : 0, cost.movePointRight(9).longValueExact());
    return new ResultRow(text(o, "problem_id"), strategyOf(o), (int) longOf(o, "n"),
        longOf(o, "seed"), (int) longOf(o, "candidates"), nullableText(o, "answer"), nullableText(o, "reference"),
        bool(o, "correct"), StopReason.valueOf(text(o, "stop_reason").toUpperCase(Locale.ROOT)), usage,
        nullableText(o, "error"), confidenceOf(o));
  }

  /** The confidence fields of a row, or {@code null} when it has none of them (an older run folder). */
  private static Confidence confidenceOf(JsonNode o) {
    boolean any = false;
    for (String name : CONF_FIELDS) any |= o.has(name);
    if (!any) return null;
    long candidates = longOf(o, CONF_CANDIDATES);
    if (candidates < 0 || candidates > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("field '" + CONF_CANDIDATES + "' must be a count >= 0, got " + candidates);
    }
    // each value checked here, so that a bad one is named by its field, not by the record component
    return new Confidence((int) candidates, number(o, CONF_SCORE_SHARE, 0, 1, true), number(o, CONF_VOTE_SHARE, 0, 1,
        false), number(o, CONF_VOTE_MARGIN, -1, 1, false), number(o, CONF_TOP_SCORE, -Double.MAX_VALUE,
        Double.MAX_VALUE, true), number(o, CONF_MEAN_SCORE, -Double.MAX_VALUE, Double.MAX_VALUE, true));
  }

  /** A number in [lo, hi], or {@code NaN} for JSON {@code null} where {@code nullable}. */
  private static double number(JsonNode o, String name, double lo, double hi, boolean nullable) {
    JsonNode v = field(o, name);
    if (v.isNull() && nullable) return Double.NaN;
    if (!v.isNumber()) {
      throw new IllegalArgumentException("field '" + name + "' must be a number" + (nullable ? " or null" : "")
          + ", got " + v);
    }
    double d = v.asDouble();
    if (!(d >= lo && d <= hi)) {
      throw new IllegalArgumentException("field '" + name + "' must be " + (hi == Double.MAX_VALUE ? "finite"
          : "in [" + fmt(lo) + ", " + fmt(hi) + "]") + ", got " + v);
    }
    return d;
  }

  private static String fmt(double bound) {
    return bound == Math.rint(bound) ? Long.toString((long) bound) : Double.toString(bound);
  }

  private static JsonNode field(JsonNode o, String name) {
    JsonNode v = o.get(name);
    if (v == null) {
      throw new IllegalArgumentException("field '" + name + "' is missing");
    }
    return v;
  }

  private static String text(JsonNode o, String name) {
    JsonNode v = field(o, name);
    if (v.isNull()) {
      throw new IllegalArgumentException("field '" + name + "' must not be null");
    }
    return v.asText();
  }

  private static String nullableText(JsonNode o, String name) {
    JsonNode v = o.get(name);
    return v == null || v.isNull() ? null : v.asText();
  }

  private static long longOf(JsonNode o, String name) {
    JsonNode v = field(o, name);
    if (!v.canConvertToLong() || !v.isIntegralNumber()) {
      throw new IllegalArgumentException("field '" + name + "' must be an integer, got " + v);
    }
    return v.asLong();
  }

  private static boolean bool(JsonNode o, String name) {
    JsonNode v = field(o, name);
    if (!v.isBoolean()) {
      throw new IllegalArgumentException("field '" + name + "' must be true or false, got " + v);
    }
    return v.asBoolean();
  }

  /** The lower-case name of a selection rule, as reports and options spell it. */
  public static String name(Selection s) {
    return s.name().toLowerCase(Locale.ROOT);
  }

  /** The canonical name of a sweep strategy. */
  public static String name(io.ttc4j.eval.SweepStrategy s) {
    return s.name();
  }

  private static io.ttc4j.eval.SweepStrategy strategyOf(JsonNode o) {
    String text = text(o, "strategy");
    try {
      return io.ttc4j.eval.SweepStrategy.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("field 'strategy': " + e.getMessage(), e);
    }
  }
}
