package io.ttc4j.prm;

import io.ttc4j.core.MalformedDataException;

import com.fasterxml.jackson.core.JsonGenerator;
import io.ttc4j.prm.internal.JsonLine;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The score file: scored, labelled solutions as JSON lines, the input of PRM quality metrics
 * ({@code ./ttc prm-eval}) for scores computed anywhere (a served PRM, a Python notebook).
 *
 * <p>One solution per line, UTF-8, blank lines ignored:
 * <pre>{@code
 * {"id": "gsm8k-17-3", "question": "...", "steps": ["Step one.", "Step two."], "step_scores": [0.93, 0.41], "first_error": 1, "correct": false}
 * }</pre>
 *
 * <table>
 *   <caption>Fields</caption>
 *   <tr><th>field</th><th>required</th><th>value</th></tr>
 *   <tr><td>{@code id}</td><td>yes</td><td>a non-blank string or an integer, unique in the file</td></tr>
 *   <tr><td>{@code steps}</td><td>yes</td><td>the step texts in order, at least one</td></tr>
 *   <tr><td>{@code step_scores}</td><td>yes</td><td>finite numbers, one per step, higher meaning more
 *       likely correct</td></tr>
 *   <tr><td>{@code first_error}</td><td>yes (may be {@code null})</td><td>the 0-based index of the
 *       first erroneous step, or {@code null} when the solution has no mistake; the key must be
 *       written, so that a forgotten label is an error rather than "no mistake"</td></tr>
 *   <tr><td>{@code correct}</td><td>no</td><td>whether the final answer is correct; when absent or
 *       {@code null}, a solution without a mistake counts as correct and one with a mistake as wrong</td></tr>
 *   <tr><td>{@code question}</td><td>no</td><td>the problem text (default empty)</td></tr>
 * </table>
 *
 * <p>Other fields are ignored. Errors are {@link MalformedDataException}s naming the file, the line
 * and the field; the reader never skips a bad line.
 */
public final class ScoreFile {

  private ScoreFile() {}

  /** The solutions of {@code file}, in file order. */
  public static List<ScoredSolution> read(Path file) {
    Objects.requireNonNull(file, "file");
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read score file " + file, e);
    }
  }

  /**
   * The solutions of {@code in} (read to its end and closed), in order.
   *
   * @param source the name used in error messages
   */
  public static List<ScoredSolution> read(InputStream in, String source) {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(source, "source");
    Map<String, Integer> seen = new HashMap<>();
    return List.copyOf(JsonLine.readAll(in, source, line -> {
      ScoredSolution s = parse(line);
      Integer earlier = seen.putIfAbsent(s.solution().id(), line.number());
      if (earlier != null) {
        throw line.fail("id", "'" + s.solution().id() + "' repeats the id of line " + earlier);
      }
      return s;
    }));
  }

  private static ScoredSolution parse(JsonLine line) {
    String id = line.id("id");
    List<String> steps = line.strings("steps");
    if (steps.isEmpty()) {
      throw line.fail("steps", "must hold at least one step");
    }
    double[] scores = line.finiteNumbers("step_scores");
    if (scores.length != steps.size()) {
      throw line.fail("step_scores", "must hold one score per step (" + steps.size() + "), got " + scores.length);
    }
    if (!line.has("first_error")) {
      throw line.fail("first_error", "is required (null when the solution has no mistake) but missing");
    }
    int firstError = line.optionalIndex("first_error", LabelledSolution.NO_ERROR);
    if (firstError >= steps.size()) {
      throw line.fail("first_error", "must be a step index below " + steps.size() + " or null, got " + firstError);
    }
    Boolean correct = line.optionalBoolean("correct");
    String question = line.optionalString("question", "");
    LabelledSolution solution = new LabelledSolution(id, question, steps, firstError,
        correct != null ? correct : firstError == LabelledSolution.NO_ERROR);
    return new ScoredSolution(solution, scores);
  }

  /** Writes {@code solutions} to {@code file} (replacing it), one line each, in the format above. */
  public static void write(Path file, List<ScoredSolution> solutions) {
    Objects.requireNonNull(file, "file");
    try (OutputStream out = Files.newOutputStream(file)) {
      write(out, solutions);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write score file " + file, e);
    }
  }

  /** Writes {@code solutions} to {@code out} in the format above; {@code out} is flushed, not closed. */
  public static void write(OutputStream out, List<ScoredSolution> solutions) throws IOException {
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(solutions, "solutions");
    Writer writer = new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8);
    for (ScoredSolution s : solutions) {
      LabelledSolution l = s.solution();
      try (JsonGenerator g = JsonLine.MAPPER.getFactory().createGenerator(writer)) {
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        g.writeStartObject();
        g.writeStringField("id", l.id());
        if (!l.question().isEmpty()) {
          g.writeStringField("question", l.question());
        }
        g.writeArrayFieldStart("steps");
        for (String step : l.steps()) {
          g.writeString(step);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("step_scores");
        for (int i = 0; i < s.length(); i++) {
          g.writeNumber(s.stepScore(i));
        }
        g.writeEndArray();
        if (l.hasError()) {
          g.writeNumberField("first_error", l.firstError());
        } else {
          g.writeNullField("first_error");
        }
        g.writeBooleanField("correct", l.correct());
        g.writeEndObject();
      }
      writer.write('\n');
    }
    writer.flush();
  }
}
