package io.ttc4j.eval.trace;

/**
 * A replayed run asked for a call the trace does not hold, or asked for a recorded call more often
 * than it was recorded: the run differs from the recorded one, so no answer would be faithful. The
 * message names the problem, the request (prefix depth and sampling settings, or the trajectories
 * scored) and what differed from the closest recorded request.
 */
public final class TraceMismatchException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  private final String problemId;

  /**
   * An exception about a call for {@code problemId}.
   *
   * @param problemId the id of the problem of the call
   * @param message   the full message, naming the trace file, the request and what differed
   */
  public TraceMismatchException(String problemId, String message) {
    super(message);
    this.problemId = problemId;
  }

  /** The id of the problem of the call that could not be served. */
  public String problemId() {
    return problemId;
  }
}
