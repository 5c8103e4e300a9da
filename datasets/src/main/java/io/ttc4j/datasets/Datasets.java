package io.ttc4j.datasets;

import io.ttc4j.core.MalformedDataException;

import io.ttc4j.core.Problem;
import io.ttc4j.datasets.internal.Line;
import io.ttc4j.datasets.internal.ProblemLines;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The bundled math problem sets, and users' own problem files.
 *
 * <table>
 *   <caption>Bundled problem sets</caption>
 *   <tr><th>name</th><th>problems</th><th>ids</th><th>reference</th><th>metadata</th></tr>
 *   <tr><td>{@code math500}</td><td>500</td><td>MATH {@code unique_id}, e.g. {@code test/precalculus/807.json}</td>
 *       <td>{@code answer} as written</td><td>{@code level} 1 to 5, {@code subject}</td></tr>
 *   <tr><td>{@code gsm8k}</td><td>1319</td><td>{@code gsm8k-<index>}, from {@code gsm8k-0}</td>
 *       <td>the number after {@code ####}, commas removed</td><td>none</td></tr>
 *   <tr><td>{@code aime24}</td><td>30</td><td>{@code aime24-<id>}, {@code aime24-60} to {@code aime24-89}</td>
 *       <td>the integer, leading zeros dropped ({@code 025} becomes {@code 25})</td><td>none</td></tr>
 *   <tr><td>{@code aime25}</td><td>30</td><td>{@code aime25-<index>}, from {@code aime25-0}</td>
 *       <td>the integer</td><td>none</td></tr>
 *   <tr><td>{@code amc23}</td><td>40</td><td>{@code amc23-<id>}</td>
 *       <td>the number in shortest form ({@code 27.0} becomes {@code 27})</td><td>none</td></tr>
 *   <tr><td>{@code qwen-math-cot-100}</td><td>100</td><td>{@code qwen-math-cot-<idx>}</td>
 *       <td>Qwen's {@code gt}</td><td>{@code level} 1 to 5</td></tr>
 * </table>
 *
 * <p>Indexes count from 0 in file order. Every call parses the resource again (a few
 * milliseconds); keep the list if you need it twice. Sources and licences of the bundled files are
 * in {@code io/ttc4j/datasets/data/NOTICE.md} on the classpath.
 */
public final class Datasets {

  /** Classpath folder of the bundled files. */
  static final String RESOURCE_ROOT = "io/ttc4j/datasets/";

  private static final List<String> NAMES =
      List.of("math500", "gsm8k", "aime24", "aime25", "amc23", CandidateSets.QWEN_MATH_COT_100);

  private Datasets() {}

  /** The names {@link #load(String)} accepts, in a stable order. */
  public static List<String> names() {
    return NAMES;
  }

  /**
   * The problems of the bundled set {@code name}, in file order.
   *
   * @throws IllegalArgumentException when {@code name} is not one of {@link #names()}
   */
  public static List<Problem> load(String name) {
    Objects.requireNonNull(name, "name");
    switch (name) {
      case "math500":
        return resource("math500.jsonl", ProblemLines::math500);
      case "gsm8k":
        return resource("gsm8k-test.jsonl", ProblemLines::gsm8k);
      case "aime24":
        return resource("aime24.jsonl", ProblemLines.aime("aime24"));
      case "aime25":
        return resource("aime25.jsonl", ProblemLines.aime("aime25"));
      case "amc23":
        return resource("amc23.jsonl", ProblemLines::amc23);
      case CandidateSets.QWEN_MATH_COT_100: {
        List<Problem> out = new ArrayList<>();
        for (CandidateSet set : CandidateSets.bundled(name)) {
          out.add(set.toProblem().orElseThrow(
              () -> new IllegalStateException("bundled candidate set '" + set.id() + "' has no problem text")));
        }
        return List.copyOf(out);
      }
      default:
        throw new IllegalArgumentException("name must be one of " + NAMES + ", got '" + name + "'");
    }
  }

  /**
   * The problems of a user's JSON-lines file, one object a line (blank lines skipped), in file
   * order. Fields:
   * <ul>
   *   <li>{@code id}: string or integer, required, unique in the file;</li>
   *   <li>{@code problem}: the problem text, required; {@code question} or {@code prompt} are
   *       accepted instead (the first present of the three is used);</li>
   *   <li>{@code answer}: the reference answer, a string or a number (written in shortest form,
   *       {@code 27.0} becomes {@code "27"}), required;</li>
   *   <li>{@code level}: optional, an integer or a string such as {@code "Level 3"} (kept as
   *       {@code level=3} in {@link Problem#metadata()});</li>
   *   <li>{@code subject}: optional string.</li>
   * </ul>
   * Other fields are ignored. A field whose value is {@code null} counts as absent.
   *
   * @throws MalformedDataException naming the file, line and field of the first malformed line
   * @throws UncheckedIOException   when the file cannot be read
   */
  public static List<Problem> fromFile(Path file) {
    Objects.requireNonNull(file, "file");
    try (InputStream in = Files.newInputStream(file)) {
      return List.copyOf(ProblemLines.read(in, file.toString(), ProblemLines::generic));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read problems from " + file, e);
    }
  }

  private static List<Problem> resource(String file, Function<Line, Problem> format) {
    String resource = "data/" + file;
    InputStream in = Datasets.class.getResourceAsStream(resource);
    if (in == null) {
      throw new IllegalStateException("bundled resource missing from the classpath: " + RESOURCE_ROOT + resource);
    }
    return List.copyOf(ProblemLines.read(in, "classpath:" + RESOURCE_ROOT + resource, format));
  }
}
