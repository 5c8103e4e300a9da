package io.ttc4j.serving;

import java.time.Duration;
import java.util.Objects;

/**
 * When and how long to wait before trying a failed request again.
 *
 * <p><b>What is retried.</b> HTTP 408, 429 and 5xx answers except 501 and 505, connection errors,
 * per-request timeouts, and bodies that are not valid JSON (garbage or truncated). Never other 4xx
 * answers (400 bad request, 401 and 403 credentials, 404, 413, 422: they cannot succeed on a second
 * try), nor well-formed bodies that break the protocol (for example fewer choices than {@code n}).
 *
 * <p><b>How long.</b> Before retry {@code r} (1 is the first retry) the pause is
 * {@code min(maxBackoff, initialBackoff * multiplier^(r-1))}, shortened by a random fraction of at
 * most {@code jitter} of itself, so that many clients do not retry in lock step. The random fraction
 * is a hash of {@code seed}, the request's sequence number and {@code r}: reproducible, without
 * shared mutable state. When the server sends {@code Retry-After} (seconds or an HTTP date), the
 * pause is at least that long; a server asking for more than {@code maxRetryAfter} makes the call
 * fail at once rather than stall a search.
 *
 * @param maxAttempts    attempts in all, at least 1 (1: no retries)
 * @param initialBackoff pause before the first retry, at least 0
 * @param maxBackoff     longest computed pause, at least {@code initialBackoff}
 * @param multiplier     growth of the pause per retry, at least 1
 * @param jitter         largest fraction of a pause removed at random, in [0, 1]
 * @param maxRetryAfter  longest {@code Retry-After} honoured, at least 0
 * @param seed           seed of the jitter
 */
public record RetryPolicy(int maxAttempts, Duration initialBackoff, Duration maxBackoff, double multiplier,
    double jitter, Duration maxRetryAfter, long seed) {

  /** Validates. */
  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
    }
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
    if (initialBackoff.isNegative()) {
      throw new IllegalArgumentException("initialBackoff must be >= 0, got " + initialBackoff);
    }
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new IllegalArgumentException("maxBackoff must be >= initialBackoff (" + initialBackoff + "), got "
          + maxBackoff);
    }
    if (!(multiplier >= 1) || Double.isInfinite(multiplier)) {
      throw new IllegalArgumentException("multiplier must be finite and >= 1, got " + multiplier);
    }
    if (!(jitter >= 0 && jitter <= 1)) {
      throw new IllegalArgumentException("jitter must be in [0, 1], got " + jitter);
    }
    if (maxRetryAfter.isNegative()) {
      throw new IllegalArgumentException("maxRetryAfter must be >= 0, got " + maxRetryAfter);
    }
  }

  /** 4 attempts, 250 ms doubling up to 8 s, jitter 0.5, {@code Retry-After} honoured up to 60 s, seed 0. */
  public static RetryPolicy ofDefaults() {
    return new RetryPolicy(4, Duration.ofMillis(250), Duration.ofSeconds(8), 2.0, 0.5, Duration.ofSeconds(60), 0);
  }

  /** One attempt, no retries. */
  public static RetryPolicy none() {
    return new RetryPolicy(1, Duration.ZERO, Duration.ZERO, 1.0, 0.0, Duration.ZERO, 0);
  }

  /** This policy with another number of attempts. */
  public RetryPolicy withMaxAttempts(int attempts) {
    return new RetryPolicy(attempts, initialBackoff, maxBackoff, multiplier, jitter, maxRetryAfter, seed);
  }

  /** This policy with other pauses. */
  public RetryPolicy withBackoff(Duration initial, Duration max) {
    return new RetryPolicy(maxAttempts, initial, max, multiplier, jitter, maxRetryAfter, seed);
  }

  /** This policy with another cap on {@code Retry-After}. */
  public RetryPolicy withMaxRetryAfter(Duration max) {
    return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, multiplier, jitter, max, seed);
  }

  /** This policy with another jitter seed. */
  public RetryPolicy withSeed(long newSeed) {
    return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, multiplier, jitter, maxRetryAfter, newSeed);
  }

  /**
   * The computed pause before retry {@code retry} (1 is the first) of the request with sequence
   * number {@code requestId}, before any {@code Retry-After}.
   */
  public Duration backoff(int retry, long requestId) {
    if (retry < 1) {
      throw new IllegalArgumentException("retry must be >= 1, got " + retry);
    }
    double nanos = initialBackoff.toNanos() * Math.pow(multiplier, retry - 1.0);
    nanos = Math.min(nanos, maxBackoff.toNanos());
    double u = ((mix(mix(seed ^ 0x9E3779B97F4A7C15L) ^ requestId) + retry * 0xBF58476D1CE4E5B9L) >>> 11) * 0x1.0p-53;
    nanos *= 1 - jitter * u;
    return Duration.ofNanos((long) nanos);
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
