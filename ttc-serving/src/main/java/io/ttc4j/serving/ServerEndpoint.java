package io.ttc4j.serving;

import io.ttc4j.serving.internal.ResilientHttp;
import io.ttc4j.serving.internal.Secret;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * One inference server (vLLM, SGLang, llama.cpp server, Ollama, a hosted API) and how to talk to it:
 * its root URL, the API key, a concurrency limit shared by every model that uses this endpoint,
 * timeouts and retries ({@link EndpointConfig}), and the HTTP client's threads.
 *
 * <pre>{@code
 * try (ServerEndpoint vllm = ServerEndpoint.builder("http://127.0.0.1:8000")
 *     .apiKeyFromEnv("VLLM_API_KEY")
 *     .config(EndpointConfig.ofDefaults().withMaxConcurrentRequests(32))
 *     .build()) {
 *   ...
 * }
 * }</pre>
 *
 * <p><b>API key.</b> Sent as {@code Authorization: Bearer <key>}; never written to a log, an exception
 * message or {@link #toString()} (it is also masked in anything the server echoes back).
 *
 * <p><b>Threads.</b> Without {@link Builder#executor}, the endpoint owns a small pool of daemon
 * threads for the {@link java.net.http.HttpClient}; {@link #close()} fails the calls in flight and
 * stops those threads. With a supplied executor, the caller owns it and {@code close()} leaves it
 * running. On Java 17 to 20 the JDK client's own selector thread ends when the client is garbage
 * collected; on 21 and later {@code close()} stops it.
 */
public final class ServerEndpoint implements AutoCloseable {

  private final ResilientHttp http;
  private final String name;

  private ServerEndpoint(Builder b) {
    this.name = b.name;
    this.http = new ResilientHttp(b.base, b.apiKey, b.config, b.executor, b.name);
  }

  /**
   * A builder for the server at {@code baseUrl}: its root, such as {@code http://127.0.0.1:8000}.
   * A trailing {@code /v1} is dropped, because the clients add {@code v1/...} themselves (vLLM's
   * {@code /pooling} lives at the root).
   */
  public static Builder builder(String baseUrl) {
    return new Builder(baseUrl);
  }

  /** The configuration. */
  public EndpointConfig config() {
    return http.config();
  }

  /** The server root, as shown in messages. */
  public String baseUrl() {
    return http.displayBase();
  }

  /** Requests in flight now (holding a concurrency permit). */
  public int requestsInFlight() {
    return http.limiter().inUse();
  }

  /** Requests waiting for a concurrency permit now. */
  public int requestsQueued() {
    return http.limiter().waiting();
  }

  /** The transport, for the clients of this package. */
  ResilientHttp http() {
    return http;
  }

  /** Fails the calls in flight and stops the owned threads (see the class comment). Idempotent. */
  @Override
  public void close() {
    http.close();
  }

  @Override
  public String toString() {
    return "ServerEndpoint[" + name + ", " + http.displayBase() + ", maxConcurrentRequests="
        + http.config().maxConcurrentRequests() + ", apiKey=" + (http.hasApiKey() ? "set" : "none") + "]";
  }

  /** Assembles a {@link ServerEndpoint}. */
  public static final class Builder {
    private final URI base;
    private Secret apiKey = Secret.none();
    private EndpointConfig config = EndpointConfig.ofDefaults();
    private Executor executor;
    private String name = "endpoint";

    private Builder(String baseUrl) {
      Objects.requireNonNull(baseUrl, "baseUrl");
      URI u;
      try {
        u = new URI(baseUrl.strip());
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("baseUrl must be an http or https URL, got '" + baseUrl + "'", e);
      }
      String scheme = u.getScheme();
      if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
          || u.getHost() == null) {
        throw new IllegalArgumentException("baseUrl must be an http or https URL with a host, got '" + baseUrl + "'");
      }
      if (u.getRawUserInfo() != null) {
        // never echo the URL: the user info may be a credential
        throw new IllegalArgumentException("baseUrl must not contain user info; pass the key with apiKey(...)");
      }
      if (u.getRawQuery() != null || u.getRawFragment() != null) {
        throw new IllegalArgumentException("baseUrl must not have a query or fragment, got '" + baseUrl + "'");
      }
      String path = u.getRawPath() == null ? "" : u.getRawPath();
      while (path.endsWith("/")) {
        path = path.substring(0, path.length() - 1);
      }
      if (path.endsWith("/v1")) {
        path = path.substring(0, path.length() - 3);
      }
      this.base = URI.create(scheme.toLowerCase(java.util.Locale.ROOT) + "://" + u.getRawAuthority() + path + "/");
    }

    /** The API key (default: none). Never logged; see the class comment. */
    public Builder apiKey(String key) {
      apiKey = Secret.of(key);
      return this;
    }

    /**
     * The API key read now from environment variable {@code variable}.
     *
     * @throws IllegalArgumentException when the variable is unset or blank
     */
    public Builder apiKeyFromEnv(String variable) {
      apiKey = Secret.fromEnvironment(variable);
      return this;
    }

    /** Limits, timeouts and retries (default {@link EndpointConfig#ofDefaults()}). */
    public Builder config(EndpointConfig c) {
      config = Objects.requireNonNull(c, "config");
      return this;
    }

    /** An executor for the HTTP client, owned by the caller (default: an owned pool). */
    public Builder executor(Executor e) {
      executor = Objects.requireNonNull(e, "executor");
      return this;
    }

    /** A short name for thread names and {@link #toString()} (default {@code endpoint}). */
    public Builder name(String n) {
      Objects.requireNonNull(n, "name");
      if (!n.matches("[A-Za-z0-9._-]{1,40}")) {
        throw new IllegalArgumentException("name must be 1 to 40 letters, digits, '.', '_' or '-', got '" + n + "'");
      }
      name = n;
      return this;
    }

    /** The endpoint. */
    public ServerEndpoint build() {
      return new ServerEndpoint(this);
    }
  }
}
