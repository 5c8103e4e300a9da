package io.ttc4j.prm;

/**
 * A line of a JSON-lines file (a {@link ScoreFile}, or a bundled data file) that cannot be read as
 * documented. The message names the file, the 1-based line and the field, compiler style:
 * {@code scores.jsonl:12: field 'step_scores[3]' must be a finite number, got "high"}; for a line
 * that is wrong as a whole (not JSON, not an object) the field is {@code null}.
 */
public final class MalformedLineException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String source;
  private final int line;
  private final String field;

  /**
   * An exception for {@code line} of {@code source}.
   *
   * @param source the file or resource, as the user knows it
   * @param line   the 1-based line number
   * @param field  the offending field's path ({@code step_scores[2]}), or {@code null} for the whole line
   * @param detail what is wrong
   * @param cause  the underlying exception, or {@code null}
   */
  public MalformedLineException(String source, int line, String field, String detail, Throwable cause) {
    super(source + ":" + line + ": " + (field == null ? "line " : "field '" + field + "' ") + detail, cause);
    this.source = source;
    this.line = line;
    this.field = field;
  }

  /** The file or resource. */
  public String source() {
    return source;
  }

  /** The 1-based line number. */
  public int line() {
    return line;
  }

  /** The offending field's path, or {@code null} when the whole line is wrong. */
  public String field() {
    return field;
  }
}
