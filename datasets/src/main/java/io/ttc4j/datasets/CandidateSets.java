package io.ttc4j.datasets;

import io.ttc4j.core.MalformedDataException;

import io.ttc4j.datasets.internal.CandidateSetCodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Reads and writes candidate-set files (JSON lines, one {@link CandidateSet} a line; the format is
 * described in the {@linkplain io.ttc4j.datasets package documentation}), and opens the bundled
 * ones.
 */
public final class CandidateSets {

  /** Name of the bundled Qwen2.5-Math-Instruct sample: 100 MATH problems, 8 solutions each. */
  public static final String QWEN_MATH_COT_100 = "qwen-math-cot-100";

  private static final List<String> BUNDLED = List.of(QWEN_MATH_COT_100);

  private CandidateSets() {}

  /**
   * The candidate sets of {@code file}, in file order.
   *
   * @throws MalformedDataException naming the file, line and field of the first malformed line
   * @throws UncheckedIOException   when the file cannot be read
   */
  public static List<CandidateSet> read(Path file) {
    Objects.requireNonNull(file, "file");
    try (InputStream in = Files.newInputStream(file)) {
      return CandidateSetCodec.read(in, file.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read candidate sets from " + file, e);
    }
  }

  /**
   * The candidate sets of {@code in} (read to its end and closed), in order.
   *
   * @param source the name of the stream in error messages, for example a file name
   * @throws MalformedDataException naming {@code source}, the line and the field of the first malformed line
   * @throws UncheckedIOException   when the stream cannot be read
   */
  public static List<CandidateSet> read(InputStream in, String source) {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(source, "source");
    return CandidateSetCodec.read(in, source);
  }

  /**
   * Writes {@code sets} to {@code file} (replacing it), one line each in UTF-8 ended by
   * {@code \n}, fields in the documented order and absent values left out; reading the file back
   * gives equal sets. Duplicate ids are allowed here but rejected on reading.
   *
   * @throws UncheckedIOException when the file cannot be written
   */
  public static void write(Path file, List<CandidateSet> sets) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(sets, "sets");
    try (OutputStream out = Files.newOutputStream(file)) {
      CandidateSetCodec.write(out, sets);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write candidate sets to " + file, e);
    }
  }

  /** As {@link #write(Path, List)}, to a stream that is flushed, not closed. */
  public static void write(OutputStream out, List<CandidateSet> sets) {
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(sets, "sets");
    CandidateSetCodec.write(out, sets);
  }

  /** Names of the bundled candidate sets: {@value #QWEN_MATH_COT_100}. */
  public static List<String> bundledNames() {
    return BUNDLED;
  }

  /**
   * A bundled candidate-set file, read from the classpath.
   *
   * <p>{@value #QWEN_MATH_COT_100}: 100 MATH problems with 8 sampled solutions each of
   * Qwen2.5-Math-Instruct, as published in QwenLM/Qwen2.5-Math
   * ({@code evaluation/data/eval_rm_maj_example/math_cot_100.jsonl}, MIT), converted by
   * {@link QwenRmMajConverter}. Each candidate has text, answer (Qwen's extraction), score (a raw
   * reward-model score, not a probability) and correct (Qwen's grader); each set has the problem
   * text and its MATH level. First sample 0.90, majority of 8 0.93, reward-model best of 8 0.94,
   * any of 8 0.96.
   *
   * @throws IllegalArgumentException when {@code name} is not one of {@link #bundledNames()}
   */
  public static List<CandidateSet> bundled(String name) {
    Objects.requireNonNull(name, "name");
    if (!BUNDLED.contains(name)) {
      throw new IllegalArgumentException("name must be one of " + BUNDLED + ", got '" + name + "'");
    }
    String resource = "data/" + name + ".candidates.jsonl";
    InputStream in = CandidateSets.class.getResourceAsStream(resource);
    if (in == null) {
      throw new IllegalStateException("bundled resource missing from the classpath: " + Datasets.RESOURCE_ROOT + resource);
    }
    return CandidateSetCodec.read(in, "classpath:" + Datasets.RESOURCE_ROOT + resource);
  }
}
