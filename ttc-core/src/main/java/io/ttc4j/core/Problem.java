package io.ttc4j.core;

import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A problem to solve: an identifier, the prompt text, an optional reference (gold) answer and free
 * metadata such as {@code level} or {@code subject}.
 *
 * @param id        identifier, unique within its data set
 * @param prompt    the problem statement given to the generator
 * @param reference the reference answer, or {@code null} when unknown
 * @param metadata  free string metadata (for example {@code level=3}); copied, never null
 */
public record Problem(String id, String prompt, String reference, Map<String, String> metadata) {

  /** Metadata key of the difficulty level (MATH uses 1 to 5). */
  public static final String LEVEL = "level";

  private static final java.util.regex.Pattern FIRST_INTEGER = java.util.regex.Pattern.compile("[0-9]{1,9}");

  /** Validates and copies. */
  public Problem {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(prompt, "prompt");
    if (id.isBlank()) {
      throw new IllegalArgumentException("id must not be blank, got '" + id + "'");
    }
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
  }

  /** A problem without reference answer or metadata. */
  public static Problem of(String id, String prompt) {
    return new Problem(id, prompt, null, Map.of());
  }

  /** A problem with a reference answer and no metadata. */
  public static Problem of(String id, String prompt, String reference) {
    return new Problem(id, prompt, reference, Map.of());
  }

  /** Whether a reference answer is known. */
  public boolean hasReference() {
    return reference != null;
  }

  /**
   * The integer difficulty level from {@link #LEVEL}: the first run of digits in it ({@code "3"} and
   * {@code "Level 3"} give 3), when present.
   */
  public OptionalInt level() {
    String raw = metadata.get(LEVEL);
    if (raw == null) {
      return OptionalInt.empty();
    }
    java.util.regex.Matcher m = FIRST_INTEGER.matcher(raw);
    if (!m.find()) {
      return OptionalInt.empty();
    }
    try {
      return OptionalInt.of(Integer.parseInt(m.group()));
    } catch (NumberFormatException e) {
      return OptionalInt.empty();
    }
  }
}
