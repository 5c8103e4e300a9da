package io.ttc4j.serving.internal;

import java.util.Objects;

/**
 * An API key that never leaves through {@link #toString()}, and the redaction of it from any text
 * that is about to be logged or put into an exception message (a server may echo request headers
 * in an error body).
 */
public final class Secret {

  private static final Secret NONE = new Secret(null);
  private static final String MASK = "[redacted]";

  private final String value;

  private Secret(String value) {
    this.value = value;
  }

  /** No key: requests carry no {@code Authorization} header. */
  public static Secret none() {
    return NONE;
  }

  /**
   * A key given as a value.
   *
   * @throws IllegalArgumentException when it is blank or holds a line break (the message never
   *     shows the value)
   */
  public static Secret of(String value) {
    Objects.requireNonNull(value, "apiKey");
    if (value.isBlank()) {
      throw new IllegalArgumentException("apiKey must not be blank");
    }
    if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
      throw new IllegalArgumentException("apiKey must not contain line breaks");
    }
    return new Secret(value.strip());
  }

  /**
   * The key held by environment variable {@code name}.
   *
   * @throws IllegalArgumentException when the variable is unset or blank (the message names the
   *     variable, never a value)
   */
  public static Secret fromEnvironment(String name) {
    Objects.requireNonNull(name, "name");
    String v = System.getenv(name);
    if (v == null || v.isBlank()) {
      throw new IllegalArgumentException("environment variable " + name + " must hold the API key, but it is "
          + (v == null ? "unset" : "blank"));
    }
    return of(v);
  }

  /** Whether there is a key. */
  public boolean isPresent() {
    return value != null;
  }

  /** The value of the {@code Authorization} header; only for building the request. */
  public String bearerHeader() {
    if (value == null) {
      throw new IllegalStateException("no API key");
    }
    return "Bearer " + value;
  }

  /** {@code text} with every occurrence of the key replaced by a mask; {@code null} stays {@code null}. */
  public String redact(String text) {
    if (text == null || value == null || text.indexOf(value) < 0) {
      return text;
    }
    return text.replace(value, MASK);
  }

  /**
   * {@code t} itself when no message in its cause chain contains the key; otherwise a plain
   * exception chain carrying the class names and redacted messages, so that no stack trace printed
   * later can show the key.
   */
  public Throwable sanitize(Throwable t) {
    if (t == null || value == null || !chainMentionsKey(t)) {
      return t;
    }
    Throwable cause = sanitize(t.getCause() == t ? null : t.getCause());
    RuntimeException copy = new RuntimeException(t.getClass().getName() + ": " + redact(t.getMessage()), cause);
    copy.setStackTrace(t.getStackTrace());
    return copy;
  }

  private boolean chainMentionsKey(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
      String m = c.getMessage();
      if (m != null && m.contains(value)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String toString() {
    return value == null ? "none" : MASK;
  }
}
