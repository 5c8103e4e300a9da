package io.ttc4j.serving.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ttc4j.core.CallLimiter;
import io.ttc4j.serving.EndpointConfig;
import io.ttc4j.serving.RetryPolicy;
import io.ttc4j.serving.ServingException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JSON-over-HTTP POSTs to one server with a concurrency limit, a timeout per attempt, retries with
 * backoff and {@code Retry-After}, cancellation that aborts the exchange in flight, and errors that
 * name the endpoint and never contain the API key.
 *
 * <p><b>Life of a call.</b> The call waits for a permit of the {@link CallLimiter} (a queued future,
 * no blocked thread), sends the request with {@link HttpClient#sendAsync}, and releases the permit
 * when the answer or the failure arrives. A retryable failure schedules the next attempt after the
 * pause with {@link CompletableFuture#delayedExecutor} (no permit is held while pausing). Cancelling
 * the returned future cancels the permit wait or the HTTP exchange, whichever is pending; the JDK
 * client aborts a cancelled exchange.
 *
 * <p><b>Threads.</b> The {@link HttpClient} runs on an executor that is either supplied by the caller
 * (never shut down here) or owned: a small pool of daemon threads named
 * {@code ttc4j-serving-<name>-<n>} that {@link #close()} shuts down. Decoding runs on that executor.
 */
public final class ResilientHttp implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ResilientHttp.class);

  /** The shared JSON mapper; strict about trailing content, so a body with junk appended is malformed. */
  public static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private static final int ERROR_DETAIL_CHARS = 300;

  /** Reads a decoded value from a parsed JSON body; throws {@link MalformedResponseException}. */
  @FunctionalInterface
  public interface Decoder<T> {
    /** The value of {@code root}. */
    T decode(JsonNode root);
  }

  private final URI base;
  private final String displayBase;
  private final Secret apiKey;
  private final EndpointConfig config;
  private final HttpClient client;
  private final Executor executor;
  private final ExecutorService owned;
  private final CallLimiter limiter;
  private final AtomicLong requestIds = new AtomicLong();
  private final Set<Call<?>> inFlight = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  /**
   * A client of the server at {@code base}.
   *
   * @param base     the server root, ending in {@code /}
   * @param apiKey   the key sent as a bearer token, or {@link Secret#none()}
   * @param config   limits, timeouts and retries
   * @param supplied an executor owned by the caller, or {@code null} to own a small pool
   * @param name     a short name for thread names and logs
   */
  public ResilientHttp(URI base, Secret apiKey, EndpointConfig config, Executor supplied, String name) {
    this.base = Objects.requireNonNull(base, "base");
    this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
    this.config = Objects.requireNonNull(config, "config");
    Objects.requireNonNull(name, "name");
    String s = base.toString();
    this.displayBase = s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    if (supplied != null) {
      this.executor = supplied;
      this.owned = null;
    } else {
      int threads = Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors()));
      ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
          new LinkedBlockingQueue<>(), daemonThreads("ttc4j-serving-" + name + "-"));
      pool.allowCoreThreadTimeOut(true);
      this.executor = pool;
      this.owned = pool;
    }
    this.client = HttpClient.newBuilder()
        .executor(executor)
        .connectTimeout(config.connectTimeout())
        .version(HttpClient.Version.HTTP_1_1)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
    this.limiter = new CallLimiter(config.maxConcurrentRequests());
  }

  private static ThreadFactory daemonThreads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** The configuration. */
  public EndpointConfig config() {
    return config;
  }

  /** The server root as shown in messages, without a trailing slash. */
  public String displayBase() {
    return displayBase;
  }

  /** The concurrency limiter (for tests and monitoring). */
  public CallLimiter limiter() {
    return limiter;
  }

  /** Whether an API key is sent. */
  public boolean hasApiKey() {
    return apiKey.isPresent();
  }

  /** {@code POST <url>} of {@code path} (relative to the server root). */
  public String describe(String path) {
    return "POST " + displayBase + "/" + path;
  }

  /** {@code text} with the API key masked. */
  public String redact(String text) {
    return apiKey.redact(text);
  }

  /**
   * POSTs {@code body} to {@code path} and decodes the answer. The future fails with a
   * {@link ServingException}; cancelling it aborts the call.
   *
   * @param path    relative to the server root, without a leading slash (for example {@code v1/completions})
   */
  public <T> CompletableFuture<T> post(String path, JsonNode body, Decoder<T> decoder) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(decoder, "decoder");
    byte[] bytes;
    try {
      bytes = MAPPER.writeValueAsBytes(body);
    } catch (JsonProcessingException e) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("request body is not serialisable", e));
    }
    Call<T> call = new Call<>(path, bytes, decoder, requestIds.incrementAndGet());
    call.start();
    return call.result;
  }

  /**
   * Fails every call in flight with a {@link ServingException}, then shuts the owned executor down
   * and waits up to 5 s for its threads. A supplied executor is left alone. Idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (Call<?> c : new ArrayList<>(inFlight)) {
      c.fail("the endpoint was closed", 0, false, null);
    }
    try {
      // JDK 21+ can stop the client's selector thread; on 17 to 20 it ends when the client is collected
      HttpClient.class.getMethod("shutdownNow").invoke(client);
    } catch (ReflectiveOperationException | RuntimeException e) {
      // not available: nothing more to stop
    }
    if (owned != null) {
      owned.shutdown();
      try {
        if (!owned.awaitTermination(5, TimeUnit.SECONDS)) {
          owned.shutdownNow();
        }
      } catch (InterruptedException e) {
        owned.shutdownNow();
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Whether {@link #close()} was called. */
  public boolean isClosed() {
    return closed;
  }

  /** One logical request and its attempts. */
  private final class Call<T> {
    final String path;
    final String endpoint;
    final byte[] body;
    final Decoder<T> decoder;
    final long id;
    final CompletableFuture<T> result = new CompletableFuture<>();
    volatile CompletableFuture<?> pending;
    volatile int attempt;

    Call(String path, byte[] body, Decoder<T> decoder, long id) {
      this.path = path;
      this.endpoint = describe(path);
      this.body = body;
      this.decoder = decoder;
      this.id = id;
    }

    void start() {
      inFlight.add(this);
      result.whenComplete((r, e) -> {
        inFlight.remove(this);
        if (e != null) { // cancelled, failed or closed: abort whatever is pending
          CompletableFuture<?> p = pending;
          if (p != null) {
            p.cancel(true);
          }
        }
      });
      next();
    }

    void next() {
      if (result.isDone()) {
        return;
      }
      if (closed) {
        fail("the endpoint was closed", 0, false, null);
        return;
      }
      attempt++;
      CompletableFuture<CallLimiter.Permit> permit = limiter.acquire();
      pending = permit;
      if (result.isDone()) {
        permit.cancel(false);
      }
      permit.whenComplete((p, err) -> {
        if (err == null) {
          send(p);
        }
        // err: the wait was cancelled because the result was cancelled or failed; nothing to do
      });
    }

    void send(CallLimiter.Permit permit) {
      if (result.isDone()) {
        permit.release();
        return;
      }
      CompletableFuture<HttpResponse<byte[]>> http;
      try {
        HttpRequest.Builder rb = HttpRequest.newBuilder(base.resolve(path))
            .timeout(config.requestTimeout())
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .header("User-Agent", "ttc4j-serving")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (apiKey.isPresent()) {
          rb.header("Authorization", apiKey.bearerHeader());
        }
        http = client.sendAsync(rb.build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (RuntimeException e) {
        permit.release();
        fail("could not send the request: " + e, 0, false, e);
        return;
      }
      pending = http;
      if (result.isDone()) {
        http.cancel(true);
      }
      // the JDK timeout covers the wait for headers; this one covers the whole exchange, body included
      http.copy().orTimeout(config.requestTimeout().toNanos(), TimeUnit.NANOSECONDS).whenComplete((resp, err) -> {
        if (err != null && unwrap(err) instanceof TimeoutException) {
          http.cancel(true);
        }
        permit.release();
        onAnswer(resp, err);
      });
    }

    void onAnswer(HttpResponse<byte[]> resp, Throwable err) {
      if (result.isDone()) {
        return;
      }
      if (err != null) {
        Throwable c = unwrap(err);
        if (c instanceof TimeoutException || c instanceof HttpTimeoutException) {
          retryOrFail(true, 0, "no complete answer within the request timeout of " + config.requestTimeout(), null,
              null);
        } else if (c instanceof IOException) {
          retryOrFail(true, 0, "connection error: " + c, c, null);
        } else if (c instanceof CancellationException) {
          fail(closed ? "the endpoint was closed" : "the exchange was cancelled", 0, false, null);
        } else {
          fail("request failed: " + c, 0, false, c);
        }
        return;
      }
      int status = resp.statusCode();
      if (status >= 200 && status < 300) {
        JsonNode root;
        try {
          root = MAPPER.readTree(resp.body());
        } catch (IOException e) {
          retryOrFail(true, status, "malformed JSON body (" + jsonError(e) + ", " + resp.body().length + " bytes)",
              null, null);
          return;
        }
        if (root == null || root.isMissingNode() || !root.isObject()) {
          retryOrFail(true, status, "the body is not a JSON object (" + resp.body().length + " bytes)", null, null);
          return;
        }
        T value;
        try {
          value = decoder.decode(root);
        } catch (MalformedResponseException e) {
          fail(e.getMessage(), status, false, null);
          return;
        } catch (RuntimeException e) {
          fail("could not decode the answer: " + e, status, false, e);
          return;
        }
        result.complete(value);
        return;
      }
      boolean retryable = status == 408 || status == 429 || (status >= 500 && status != 501 && status != 505);
      Duration retryAfter = retryable ? retryAfter(resp.headers().firstValue("Retry-After")) : null;
      retryOrFail(retryable, status, "HTTP " + status + errorDetail(resp.body()), null, retryAfter);
    }

    void retryOrFail(boolean retryable, int status, String detail, Throwable cause, Duration retryAfter) {
      RetryPolicy policy = config.retry();
      if (!retryable) {
        fail(detail + " (not retryable)", status, false, cause);
        return;
      }
      if (attempt >= policy.maxAttempts()) {
        fail(detail, status, true, cause);
        return;
      }
      Duration pause = policy.backoff(attempt, id);
      if (retryAfter != null) {
        if (retryAfter.compareTo(policy.maxRetryAfter()) > 0) {
          fail(detail + "; the server asked to retry after " + retryAfter.toMillis() + " ms, more than maxRetryAfter "
              + policy.maxRetryAfter().toMillis() + " ms", status, true, cause);
          return;
        }
        if (retryAfter.compareTo(pause) > 0) {
          pause = retryAfter;
        }
      }
      if (LOG.isDebugEnabled()) {
        LOG.debug("{} attempt {} of {} failed ({}); retrying in {} ms", endpoint, attempt, policy.maxAttempts(),
            redact(detail), pause.toMillis());
      }
      // the JDK's delay thread hands the retry to our executor; if that refuses it (closed, or a
      // supplied executor shut down by its owner) the call fails instead of never completing
      Executor handOver = r -> {
        try {
          executor.execute(r);
        } catch (RejectedExecutionException e) {
          fail(detail + "; no retry possible: the executor refused it (endpoint closed?)", status, true, cause);
        }
      };
      CompletableFuture.delayedExecutor(pause.toNanos(), TimeUnit.NANOSECONDS, handOver).execute(this::next);
    }

    void fail(String detail, int status, boolean retryable, Throwable cause) {
      if (result.isDone()) {
        return;
      }
      int n = Math.max(1, attempt);
      String message = endpoint + " failed after " + n + (n == 1 ? " attempt: " : " attempts: ") + detail;
      ServingException e = new ServingException(redact(message), endpoint, status, n, retryable,
          apiKey.sanitize(cause));
      if (result.completeExceptionally(e) && LOG.isDebugEnabled()) {
        LOG.debug("{}", e.getMessage());
      }
    }
  }

  private static Throwable unwrap(Throwable t) {
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  private static String jsonError(IOException e) {
    if (e instanceof JsonProcessingException j) {
      String where = j.getLocation() == null ? "" : " at line " + j.getLocation().getLineNr() + " column "
          + j.getLocation().getColumnNr();
      return firstLine(j.getOriginalMessage()) + where;
    }
    return e.toString();
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** ": <message>" from an OpenAI- or vLLM-shaped error body, else a short printable excerpt. */
  static String errorDetail(byte[] body) {
    if (body == null || body.length == 0) {
      return "";
    }
    String message = null;
    try {
      JsonNode root = MAPPER.readTree(body);
      if (root != null && root.isObject()) {
        JsonNode m = root.path("error").isObject() ? root.path("error").path("message") : root.path("message");
        if (m.isTextual()) {
          message = m.asText();
        } else if (root.path("detail").isTextual()) {
          message = root.path("detail").asText();
        }
      }
    } catch (IOException e) {
      // not JSON: show the raw text
    }
    if (message == null) {
      message = new String(body, 0, Math.min(body.length, 4 * ERROR_DETAIL_CHARS), StandardCharsets.UTF_8);
    }
    return ": " + printable(message);
  }

  private static String printable(String s) {
    StringBuilder b = new StringBuilder(Math.min(s.length(), ERROR_DETAIL_CHARS) + 3);
    for (int i = 0; i < s.length() && b.length() < ERROR_DETAIL_CHARS; i++) {
      char c = s.charAt(i);
      b.append(Character.isISOControl(c) ? ' ' : c);
    }
    if (b.length() >= ERROR_DETAIL_CHARS && s.length() > ERROR_DETAIL_CHARS) {
      b.append("...");
    }
    return b.toString().strip();
  }

  /** The pause a {@code Retry-After} header asks for (delta seconds or an HTTP date), or {@code null}. */
  static Duration retryAfter(Optional<String> header) {
    if (header.isEmpty()) {
      return null;
    }
    String v = header.get().strip();
    try {
      long seconds = Long.parseLong(v);
      return seconds < 0 ? null : Duration.ofSeconds(seconds);
    } catch (NumberFormatException e) {
      // maybe a date
    }
    try {
      ZonedDateTime when = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
      Duration d = Duration.between(ZonedDateTime.now(when.getZone()), when);
      return d.isNegative() ? Duration.ZERO : d;
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** For tests: the calls not yet completed. */
  public List<String> callsInFlight() {
    List<String> out = new ArrayList<>();
    for (Call<?> c : inFlight) {
      out.add(c.endpoint + "#" + c.id);
    }
    return out;
  }
}
