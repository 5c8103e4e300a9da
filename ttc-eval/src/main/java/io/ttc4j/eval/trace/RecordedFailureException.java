package io.ttc4j.eval.trace;

import java.util.Objects;

/**
 * A failure of a recorded call, replayed. The original exception's class cannot always be rebuilt,
 * so it is named by {@link #recordedType()}; the message is the recorded message unchanged, so that
 * reports of a replayed run read like those of the recorded one.
 */
public final class RecordedFailureException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String recordedType;

  /**
   * A replayed failure.
   *
   * @param recordedType the class name of the recorded exception, e.g. {@code java.io.IOException}
   * @param message      its recorded message, or {@code null}
   */
  public RecordedFailureException(String recordedType, String message) {
    super(message);
    this.recordedType = Objects.requireNonNull(recordedType, "recordedType");
  }

  /** The class name of the exception the recorded call failed with. */
  public String recordedType() {
    return recordedType;
  }

  @Override
  public String toString() {
    String m = getMessage();
    return getClass().getSimpleName() + "[" + recordedType + "]" + (m == null ? "" : ": " + m);
  }
}
