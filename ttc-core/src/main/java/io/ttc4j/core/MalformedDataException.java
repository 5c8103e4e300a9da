package io.ttc4j.core;

/**
 * A line of a data file that cannot be read as documented. The message names the source (file or
 * classpath resource), the 1-based line and the offending field, compiler style:
 * {@code runs/math.jsonl:12: field 'candidates[3].score' must be a finite number, got "high"}, or
 * {@code runs/math.jsonl:13: line is not valid JSON: ...} when the line as a whole is wrong.
 *
 * <p>Shared by every reader of data files in ttc4j (data sets, candidate sets, score files): none
 * skips a malformed line; each throws this exception instead.
 */
public final class MalformedDataException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String source;
  private final int line;
  private final String field;

  /**
   * An exception for {@code line} of {@code source}.
   *
   * @param source the file or resource, as the user would recognise it
   * @param line   the 1-based line number
   * @param field  the path of the offending field (for example {@code candidates[2].answer}), or
   *               {@code null} when the line as a whole is wrong (not JSON, not an object)
   * @param detail what is wrong, without the location
   */
  public MalformedDataException(String source, int line, String field, String detail) {
    this(source, line, field, detail, null);
  }

  /** As {@link #MalformedDataException(String, int, String, String)}, with the underlying cause. */
  public MalformedDataException(String source, int line, String field, String detail, Throwable cause) {
    super(source + ":" + line + ": " + (field == null ? "line " : "field '" + field + "' ") + detail, cause);
    this.source = source;
    this.line = line;
    this.field = field;
  }

  /** The file or resource the line belongs to. */
  public String source() {
    return source;
  }

  /** The 1-based line number. */
  public int line() {
    return line;
  }

  /** The path of the offending field, or {@code null} when the whole line is wrong. */
  public String field() {
    return field;
  }
}
