package io.ttc4j.datasets;

import io.ttc4j.core.MalformedDataException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.ttc4j.datasets.internal.JsonLines;
import io.ttc4j.datasets.internal.Line;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Converts Qwen2.5-Math's reward-model/majority-vote example
 * ({@code evaluation/data/eval_rm_maj_example/math_cot_100.jsonl} in QwenLM/Qwen2.5-Math) into the
 * candidate-set format. Per input line it reads:
 * <ul>
 *   <li>{@code idx} (integer) → id {@code qwen-math-cot-<idx>};</li>
 *   <li>{@code question} → {@code problem}; {@code gt} → {@code reference};
 *       {@code level} ({@code "Level 3"}) → {@code level} 3;</li>
 *   <li>{@code response[i]} (or {@code code[i]} when there is no {@code response}) → candidate text;
 *       {@code pred[i]} → answer; {@code pred_score[i][0]} → score (a raw reward, not a
 *       probability); {@code score[i]} (Qwen's grader) → correct; {@code completion_tokens[i]} →
 *       completion tokens, only when the input has that array.</li>
 * </ul>
 * All per-candidate arrays must have the same length. The output is deterministic, so converting
 * the same input twice gives the same bytes; the bundled
 * {@code io/ttc4j/datasets/data/qwen-math-cot-100.candidates.jsonl} was made with it.
 *
 * <p>Command line: {@code QwenRmMajConverter <input.jsonl> <output.jsonl>}.
 */
public final class QwenRmMajConverter {

  /** Prefix of the ids of converted problems. */
  public static final String ID_PREFIX = "qwen-math-cot-";

  private QwenRmMajConverter() {}

  /**
   * Converts {@code args[0]} (Qwen's JSON lines) into {@code args[1]} (candidate sets).
   * Exits with status 2 and a usage line when the arguments are not two paths.
   */
  public static void main(String[] args) {
    if (args.length != 2) {
      System.err.println("usage: QwenRmMajConverter <math_cot_100.jsonl> <output.candidates.jsonl>");
      System.exit(2);
    }
    Path in = Path.of(args[0]);
    Path out = Path.of(args[1]);
    List<CandidateSet> sets = convert(in);
    CandidateSets.write(out, sets);
    System.out.println("wrote " + sets.size() + " candidate sets to " + out);
  }

  /**
   * The candidate sets of a Qwen file, in file order.
   *
   * @throws MalformedDataException naming the file, line and field of the first malformed line
   * @throws UncheckedIOException   when the file cannot be read
   */
  public static List<CandidateSet> convert(Path qwenFile) {
    Objects.requireNonNull(qwenFile, "qwenFile");
    try (InputStream in = Files.newInputStream(qwenFile)) {
      return convert(in, qwenFile.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + qwenFile, e);
    }
  }

  /** As {@link #convert(Path)}, from a stream (read to its end and closed) named {@code source} in errors. */
  public static List<CandidateSet> convert(InputStream in, String source) {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(source, "source");
    return JsonLines.read(in, source, QwenRmMajConverter::convertLine);
  }

  private static CandidateSet convertLine(Line line) {
    JsonNode idx = line.require(line.get("idx"), "idx");
    if (!idx.isIntegralNumber()) {
      throw line.fail("idx", "must be an integer, got " + idx);
    }
    String id = ID_PREFIX + idx.bigIntegerValue();
    String problem = line.string(line.get("question"), "question");
    String reference = line.answer(line.get("gt"), "gt");
    JsonNode level = line.get("level");
    Map<String, String> metadata = level == null ? Map.of() : Map.of("level", line.level(level, "level"));

    String textField = line.get("response") != null ? "response" : "code";
    ArrayNode texts = line.array(line.get(textField), textField);
    int n = texts.size();
    if (n == 0) {
      throw line.fail(textField, "must hold at least one solution, got []");
    }
    ArrayNode preds = sameLength(line, "pred", n, textField);
    ArrayNode scores = sameLength(line, "score", n, textField);
    ArrayNode rewards = sameLength(line, "pred_score", n, textField);
    ArrayNode tokens = line.get("completion_tokens") == null ? null : sameLength(line, "completion_tokens", n, textField);

    List<RecordedCandidate> candidates = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String text = line.string(texts.get(i), textField + "[" + i + "]");
      String answer = line.answer(preds.get(i), "pred[" + i + "]");
      ArrayNode reward = line.array(rewards.get(i), "pred_score[" + i + "]");
      if (reward.size() != 1) {
        throw line.fail("pred_score[" + i + "]", "must hold exactly one score, got " + reward);
      }
      double score = line.finite(reward.get(0), "pred_score[" + i + "][0]");
      boolean correct = line.bool(scores.get(i), "score[" + i + "]");
      Integer completionTokens = tokens == null ? null : line.nonNegativeInt(tokens.get(i), "completion_tokens[" + i + "]");
      candidates.add(new RecordedCandidate(text, answer, null, score, correct, completionTokens));
    }
    return new CandidateSet(id, problem, reference, metadata, candidates);
  }

  private static ArrayNode sameLength(Line line, String field, int n, String textField) {
    ArrayNode a = line.array(line.get(field), field);
    if (a.size() != n) {
      throw line.fail(field, "must have one entry per solution (" + n + " in '" + textField + "'), got " + a.size());
    }
    return a;
  }
}
