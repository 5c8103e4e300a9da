package io.ttc4j.serving.internal;

/**
 * A well-formed JSON body that breaks the protocol (a missing field, fewer choices than asked, a
 * probability outside [0, 1]). Not retried: the same request would most likely get the same answer.
 * {@link ResilientHttp} turns it into a {@link io.ttc4j.serving.ServingException} naming the endpoint.
 */
public final class MalformedResponseException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** A protocol violation described by {@code message} (it names the field and what was found). */
  public MalformedResponseException(String message) {
    super(message);
  }
}
