package io.ttc4j.datasets.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ttc4j.datasets.CandidateSet;
import io.ttc4j.datasets.RecordedCandidate;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** Reads and writes lines of the candidate-set format. */
public final class CandidateSetCodec {

  private static final List<String> STRUCTURAL = List.of("id", "problem", "reference", "candidates");
  private static final Pattern PLAIN_INTEGER = Pattern.compile("-?(?:0|[1-9]\\d{0,17})");

  private CandidateSetCodec() {}

  /** Parses every line of a candidate-set source; ids must be unique. */
  public static List<CandidateSet> read(InputStream in, String source) {
    Map<String, Integer> seen = new HashMap<>();
    return JsonLines.read(in, source, line -> {
      CandidateSet set = parse(line);
      Integer first = seen.putIfAbsent(set.id(), line.number());
      if (first != null) {
        throw line.fail("id", "must be unique in the file, got '" + set.id() + "' again (first on line " + first + ")");
      }
      return set;
    });
  }

  /** One candidate set from one line. */
  static CandidateSet parse(Line line) {
    String id = line.id(line.get("id"), "id");
    JsonNode referenceNode = line.get("reference");
    String reference = referenceNode == null ? null : line.answer(referenceNode, "reference");
    JsonNode problemNode = line.get("problem");
    String problem = problemNode == null ? null : line.string(problemNode, "problem");

    ArrayNode array = line.array(line.get("candidates"), "candidates");
    if (array.isEmpty()) {
      throw line.fail("candidates", "must hold at least one candidate, got []");
    }
    List<RecordedCandidate> candidates = new ArrayList<>(array.size());
    for (int i = 0; i < array.size(); i++) {
      candidates.add(candidate(line, line.object(array.get(i), "candidates[" + i + "]"), "candidates[" + i + "]"));
    }
    if (reference == null) {
      for (int i = 0; i < candidates.size(); i++) {
        if (candidates.get(i).correct() == null) {
          throw line.fail("reference", "is required when a candidate has no 'correct' label (candidates[" + i + "] has none)");
        }
      }
    }

    Map<String, String> metadata = new TreeMap<>();
    for (Map.Entry<String, JsonNode> e : line.json().properties()) {
      String key = e.getKey();
      JsonNode v = e.getValue();
      if (STRUCTURAL.contains(key) || v.isNull() || v.isContainerNode()) {
        continue; // arrays and objects at the top level are the producer's own; documented as ignored
      }
      String value = key.equals("level") ? line.level(v, key)
          : v.isBoolean() ? Boolean.toString(v.booleanValue())
          : line.answer(v, key);
      metadata.put(key, value);
    }
    return new CandidateSet(id, problem, reference, metadata, candidates);
  }

  private static RecordedCandidate candidate(Line line, ObjectNode c, String path) {
    JsonNode textNode = Line.get(c, "text");
    String text = textNode == null ? null : line.string(textNode, path + ".text");
    JsonNode answerNode = Line.get(c, "answer");
    String answer = answerNode == null ? null : line.answer(answerNode, path + ".answer");
    if (text == null && answer == null) {
      throw line.fail(path, "needs an 'answer' or a 'text', got neither");
    }
    double[] stepScores = null;
    JsonNode stepsNode = Line.get(c, "step_scores");
    if (stepsNode != null) {
      ArrayNode steps = line.array(stepsNode, path + ".step_scores");
      if (steps.isEmpty()) {
        throw line.fail(path + ".step_scores", "must not be empty (leave it out when the steps were not scored), got []");
      }
      stepScores = new double[steps.size()];
      for (int k = 0; k < stepScores.length; k++) {
        stepScores[k] = line.finite(steps.get(k), path + ".step_scores[" + k + "]");
      }
    }
    JsonNode scoreNode = Line.get(c, "score");
    double score = scoreNode == null ? Double.NaN : line.finite(scoreNode, path + ".score");
    JsonNode correctNode = Line.get(c, "correct");
    Boolean correct = correctNode == null ? null : line.bool(correctNode, path + ".correct");
    JsonNode tokensNode = Line.get(c, "completion_tokens");
    Integer tokens = tokensNode == null ? null : line.nonNegativeInt(tokensNode, path + ".completion_tokens");
    return new RecordedCandidate(text, answer, stepScores, score, correct, tokens);
  }

  /** One line (without its line break) for {@code set}, fields in the documented order. */
  public static String line(CandidateSet set) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    ObjectNode o = f.objectNode();
    o.put("id", set.id());
    if (set.problem() != null) {
      o.put("problem", set.problem());
    }
    if (set.reference() != null) {
      o.put("reference", set.reference());
    }
    for (Map.Entry<String, String> e : set.metadata().entrySet()) {
      if (PLAIN_INTEGER.matcher(e.getValue()).matches()) {
        o.put(e.getKey(), Long.parseLong(e.getValue()));
      } else {
        o.put(e.getKey(), e.getValue());
      }
    }
    ArrayNode array = o.putArray("candidates");
    for (RecordedCandidate c : set.candidates()) {
      ObjectNode co = array.addObject();
      if (c.text() != null) {
        co.put("text", c.text());
      }
      if (c.answer() != null) {
        co.put("answer", c.answer());
      }
      double[] steps = c.stepScores();
      if (steps != null) {
        ArrayNode s = co.putArray("step_scores");
        for (double v : steps) {
          s.add(v);
        }
      }
      if (c.hasScore()) {
        co.put("score", c.score());
      }
      if (c.correct() != null) {
        co.put("correct", c.correct().booleanValue());
      }
      if (c.completionTokens() != null) {
        co.put("completion_tokens", c.completionTokens().intValue());
      }
    }
    try {
      return JsonLines.MAPPER.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write candidate set '" + set.id() + "'", e);
    }
  }

  /** Writes one line per set, each ended by {@code \n}, in UTF-8; does not close {@code out}. */
  public static void write(OutputStream out, List<CandidateSet> sets) {
    try {
      for (CandidateSet set : sets) {
        out.write(line(set).getBytes(StandardCharsets.UTF_8));
        out.write('\n');
      }
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write candidate sets", e);
    }
  }
}
