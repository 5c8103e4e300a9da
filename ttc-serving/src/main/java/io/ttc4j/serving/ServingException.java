package io.ttc4j.serving;

/**
 * A request to an inference server failed: the server answered with an error status, could not be
 * reached, timed out, or sent a body that breaks the protocol. The message names the endpoint
 * ({@code POST <url>}), the HTTP status when there was one and the number of attempts; it never
 * contains the API key (it is redacted from anything the server echoed).
 */
public class ServingException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String endpoint;
  private final int statusCode;
  private final int attempts;
  private final boolean retryable;

  /**
   * A failure.
   *
   * @param message    what went wrong, already free of secrets
   * @param endpoint   method and URL, for example {@code POST http://127.0.0.1:8000/v1/completions}
   * @param statusCode the HTTP status of the last answer, or 0 when there was none
   * @param attempts   attempts made, at least 1
   * @param retryable  whether the last failure was of a kind that is retried (the retries ran out)
   * @param cause      the underlying error, or {@code null}
   */
  public ServingException(String message, String endpoint, int statusCode, int attempts, boolean retryable,
      Throwable cause) {
    super(message, cause);
    this.endpoint = endpoint;
    this.statusCode = statusCode;
    this.attempts = attempts;
    this.retryable = retryable;
  }

  /** Method and URL of the failed request. */
  public String endpoint() {
    return endpoint;
  }

  /** The HTTP status of the last answer, or 0 when no answer arrived. */
  public int statusCode() {
    return statusCode;
  }

  /** Attempts made. */
  public int attempts() {
    return attempts;
  }

  /** Whether the last failure was retryable (then the retries ran out). */
  public boolean isRetryable() {
    return retryable;
  }
}
