package io.ttc4j.serving;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link ServerEndpoint} talks to its server.
 *
 * @param maxConcurrentRequests requests in flight at once, at least 1; further requests wait in a
 *                              queue (no thread blocks) and leave it in arrival order
 * @param connectTimeout        longest wait for a TCP connection, positive
 * @param requestTimeout        longest wait for one attempt, from sending the request to the last
 *                              byte of the response body, positive; an attempt that takes longer
 *                              is aborted and counts as retryable. Time spent queueing for a
 *                              concurrency permit or pausing between retries does not count
 * @param retry                 the retry policy
 */
public record EndpointConfig(int maxConcurrentRequests, Duration connectTimeout, Duration requestTimeout,
    RetryPolicy retry) {

  /** Validates. */
  public EndpointConfig {
    if (maxConcurrentRequests < 1) {
      throw new IllegalArgumentException("maxConcurrentRequests must be >= 1, got " + maxConcurrentRequests);
    }
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(requestTimeout, "requestTimeout");
    Objects.requireNonNull(retry, "retry");
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException("connectTimeout must be positive, got " + connectTimeout);
    }
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw new IllegalArgumentException("requestTimeout must be positive, got " + requestTimeout);
    }
  }

  /**
   * 64 concurrent requests, 10 s to connect, 300 s per attempt (a long generation with large
   * {@code n} on a busy server takes minutes), {@link RetryPolicy#ofDefaults()}.
   */
  public static EndpointConfig ofDefaults() {
    return new EndpointConfig(64, Duration.ofSeconds(10), Duration.ofSeconds(300), RetryPolicy.ofDefaults());
  }

  /** This config with another concurrency limit. */
  public EndpointConfig withMaxConcurrentRequests(int max) {
    return new EndpointConfig(max, connectTimeout, requestTimeout, retry);
  }

  /** This config with another per-attempt timeout. */
  public EndpointConfig withRequestTimeout(Duration timeout) {
    return new EndpointConfig(maxConcurrentRequests, connectTimeout, timeout, retry);
  }

  /** This config with another connect timeout. */
  public EndpointConfig withConnectTimeout(Duration timeout) {
    return new EndpointConfig(maxConcurrentRequests, timeout, requestTimeout, retry);
  }

  /** This config with another retry policy. */
  public EndpointConfig withRetry(RetryPolicy policy) {
    return new EndpointConfig(maxConcurrentRequests, connectTimeout, requestTimeout, policy);
  }
}
