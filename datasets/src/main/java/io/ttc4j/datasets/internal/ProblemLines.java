package io.ttc4j.datasets.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.ttc4j.core.Problem;
import java.io.InputStream;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/** Line formats of the bundled problem sets and of users' problem files. */
public final class ProblemLines {

  private static final Pattern GSM8K_NUMBER = Pattern.compile("-?[0-9][0-9,]*(?:\\.[0-9]+)?");
  private static final Pattern INTEGER = Pattern.compile("-?[0-9]+");

  private ProblemLines() {}

  /** Reads problems with {@code format}; ids must be unique. */
  public static List<Problem> read(InputStream in, String source, Function<Line, Problem> format) {
    Map<String, Integer> seen = new HashMap<>();
    return JsonLines.read(in, source, line -> {
      Problem p = format.apply(line);
      Integer first = seen.putIfAbsent(p.id(), line.number());
      if (first != null) {
        throw line.fail("id", "must be unique in the file, got '" + p.id() + "' again (first on line " + first + ")");
      }
      return p;
    });
  }

  /** MATH-500 as in PRM800K: {@code unique_id, problem, answer, level, subject}. */
  public static Problem math500(Line line) {
    Map<String, String> metadata = new HashMap<>();
    metadata.put(Problem.LEVEL, line.level(line.get("level"), "level"));
    metadata.put("subject", line.nonBlankString(line.get("subject"), "subject"));
    return new Problem(line.id(line.get("unique_id"), "unique_id"),
        line.nonBlankString(line.get("problem"), "problem"),
        line.nonBlankString(line.get("answer"), "answer"), metadata);
  }

  /** GSM8K: {@code question}, and {@code answer} a worked solution ending in {@code #### <number>}. */
  public static Problem gsm8k(Line line) {
    String solution = line.string(line.get("answer"), "answer");
    int mark = solution.lastIndexOf("####");
    if (mark < 0) {
      throw line.fail("answer", "must end with '#### <number>', got no '####'");
    }
    String number = solution.substring(mark + 4).strip();
    if (!GSM8K_NUMBER.matcher(number).matches()) {
      throw line.fail("answer", "must end with '#### <number>', got '#### " + number + "'");
    }
    return new Problem("gsm8k-" + line.index(), line.nonBlankString(line.get("question"), "question"),
        number.replace(",", ""), Map.of());
  }

  /** AIME: {@code problem}, {@code answer} an integer from 0 to 999 (leading zeros dropped), optional {@code id}. */
  public static Function<Line, Problem> aime(String name) {
    return line -> {
      String answer = line.answer(line.get("answer"), "answer").strip();
      if (!INTEGER.matcher(answer).matches()) {
        throw line.fail("answer", "must be an integer, got '" + answer + "'");
      }
      return new Problem(idOrIndex(line, name), line.nonBlankString(line.get("problem"), "problem"),
          new BigInteger(answer).toString(), Map.of());
    };
  }

  /** AMC 2023: {@code id}, {@code problem}, {@code answer} a number such as {@code 27.0} (becomes {@code "27"}). */
  public static Problem amc23(Line line) {
    JsonNode answer = line.get("answer");
    if (answer != null && !answer.isNumber()) {
      throw line.fail("answer", "must be a number, got " + Line.describe(answer));
    }
    return new Problem(idOrIndex(line, "amc23"), line.nonBlankString(line.get("problem"), "problem"),
        line.answer(answer, "answer"), Map.of());
  }

  /**
   * A user's problem: {@code id} (string or integer), the text in {@code problem}, {@code question} or
   * {@code prompt} (the first present), {@code answer} (string or number), optional {@code level}
   * and {@code subject}.
   */
  public static Problem generic(Line line) {
    String id = line.id(line.get("id"), "id");
    String prompt = null;
    for (String field : List.of("problem", "question", "prompt")) {
      JsonNode v = line.get(field);
      if (v != null) {
        prompt = line.nonBlankString(v, field);
        break;
      }
    }
    if (prompt == null) {
      throw line.fail("problem", "is required but missing (also looked for 'question' and 'prompt')");
    }
    String reference = line.answer(line.get("answer"), "answer");
    if (reference.isBlank()) {
      throw line.fail("answer", "must not be blank, got \"" + reference + "\"");
    }
    Map<String, String> metadata = new HashMap<>();
    JsonNode level = line.get("level");
    if (level != null) {
      metadata.put(Problem.LEVEL, line.level(level, "level"));
    }
    JsonNode subject = line.get("subject");
    if (subject != null) {
      metadata.put("subject", line.nonBlankString(subject, "subject"));
    }
    return new Problem(id, prompt, reference, metadata);
  }

  /** {@code <name>-<id>} when the line has an {@code id}, else {@code <name>-<index>}. */
  private static String idOrIndex(Line line, String name) {
    JsonNode id = line.get("id");
    return name + "-" + (id == null ? Integer.toString(line.index()) : line.id(id, "id"));
  }
}
