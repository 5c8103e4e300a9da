package io.ttc4j.serving;

import io.ttc4j.serving.internal.Endpoints;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ttc4j.core.Continuation;
import io.ttc4j.core.GenerationMode;
import io.ttc4j.core.GenerationResult;
import io.ttc4j.core.Generator;
import io.ttc4j.core.Problem;
import io.ttc4j.core.SamplingSpec;
import io.ttc4j.core.Trajectory;
import io.ttc4j.core.Usage;
import io.ttc4j.serving.internal.CompletionDecoder;
import io.ttc4j.serving.internal.ResilientHttp;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * A {@link Generator} over the OpenAI-compatible API of vLLM, SGLang, llama.cpp server, Ollama or a
 * hosted service.
 *
 * <pre>{@code
 * try (OpenAiCompatibleGenerator qwen = OpenAiCompatibleGenerator.builder()
 *     .baseUrl("http://127.0.0.1:8000")
 *     .model("Qwen/Qwen2.5-Math-1.5B-Instruct")
 *     .promptTemplate(PromptTemplate.qwen25Math())
 *     .build()) {
 *   Search search = Search.builder().generator(qwen)...build();
 * }
 * }</pre>
 *
 * <p><b>Requests.</b> Step-wise calls ({@code ONE_STEP}) go to {@code /v1/completions} with the raw
 * prompt {@code template.render(problem)}, followed, when the prefix has steps, by the prefix text
 * and the step separator {@code "\n\n"}, so the model continues with the next step; {@code stop} is
 * the spec's stop strings (the separator). Whole-solution calls ({@code TO_END}) from an empty prefix
 * go to {@code /v1/chat/completions} with the template's messages, where the server applies the
 * model's own chat template; {@link Builder#api} changes the endpoint per mode (choose
 * {@link Api#COMPLETIONS} for both to send identical prompts). A call with a non-empty prefix always
 * uses {@code /v1/completions}: the chat API cannot portably continue a half-written answer. Every
 * request states {@code n}, {@code max_tokens} (vLLM's default is 16), {@code temperature},
 * {@code top_p} and {@code seed} explicitly, and asks for token log-probabilities when the spec
 * does or {@link Builder#exactTokenCounts} is set.
 *
 * <p><b>Answers.</b> Usage is read from the response, including
 * {@code usage.prompt_tokens_details.cached_tokens} when present (vLLM reports it when started with
 * {@code --enable-prompt-tokens-details}). How {@code finish_reason} maps to the end of a step, how a
 * whole solution is split into steps, and how the reported completion tokens are apportioned exactly
 * over choices and steps is described in {@code CompletionDecoder} (package {@code internal}) and
 * in the module README: in short, exact per-step counts from log-probabilities when available,
 * otherwise a largest-remainder split by UTF-8 bytes that still sums exactly to what the server
 * reported. A response with fewer choices than {@code n}, without usage or without a finish reason
 * is an error ({@link ServingException}), never a silent partial answer.
 *
 * <p><b>Prompt-token bound.</b> {@link #promptTokensUpperBound} is the UTF-8 byte length of the
 * rendered prompt (template, problem and prefix) plus {@link Builder#promptTokenMargin} (default
 * 128). Byte-level BPE and byte-fallback tokenizers never produce more tokens than bytes for text,
 * and a special token spelled as text in the template is one token for many bytes; the margin
 * covers what is not in the rendered text: a beginning-of-sequence token and what a server-side
 * chat template adds (a default system prompt, a date header). Raise it for templates that add more.
 *
 * <p>Thread-safe and non-blocking. Cancelling a returned future aborts the HTTP exchange. If built
 * with {@link Builder#baseUrl}, the generator owns its endpoint and {@link #close()} closes it;
 * with {@link Builder#endpoint}, the caller closes the endpoint.
 */
public final class OpenAiCompatibleGenerator implements Generator, AutoCloseable {

  /** Which OpenAI-compatible endpoint serves a call. */
  public enum Api {
    /** {@code POST /v1/completions} with a raw prompt. */
    COMPLETIONS("v1/completions"),
    /** {@code POST /v1/chat/completions} with messages. */
    CHAT_COMPLETIONS("v1/chat/completions");

    private final String path;

    Api(String path) {
      this.path = path;
    }

    /** The path below the server root. */
    public String path() {
      return path;
    }
  }

  /** The default heuristic for servers that do not say why they stopped: the step states a boxed answer. */
  public static final Predicate<String> STATES_BOXED_ANSWER = text -> text.contains("\\boxed");

  private final ServerEndpoint endpoint;
  private final boolean ownsEndpoint;
  private final String model;
  private final PromptTemplate template;
  private final Map<GenerationMode, Api> apis;
  private final boolean exactTokenCounts;
  private final int promptTokenMargin;
  private final Predicate<String> finalStep;
  private final int maxChoicesPerRequest;

  private OpenAiCompatibleGenerator(Builder b) {
    ServerEndpoint resolved = Endpoints.resolve(b.endpoint, b.baseUrl, b.model, "generator");
    this.model = b.model;
    this.template = b.template;
    this.apis = new EnumMap<>(b.apis);
    this.exactTokenCounts = b.exactTokenCounts;
    this.promptTokenMargin = b.promptTokenMargin;
    this.finalStep = b.finalStep;
    this.maxChoicesPerRequest = b.maxChoicesPerRequest;
    this.ownsEndpoint = b.endpoint == null;
    this.endpoint = resolved;
  }

  /** A builder; {@code model} and an endpoint (or base URL) are required. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public CompletableFuture<GenerationResult> generate(Problem problem, Trajectory prefix, SamplingSpec spec) {
    Objects.requireNonNull(problem, "problem");
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(spec, "spec");
    if (prefix.isFinished()) {
      throw new IllegalArgumentException("prefix must not be finished, got " + prefix);
    }
    if (spec.n() <= maxChoicesPerRequest) {
      return request(problem, prefix, spec);
    }
    return split(problem, prefix, spec);
  }

  /**
   * One call of {@code spec.n()} samples as {@code ceil(n / maxChoicesPerRequest)} requests, for
   * servers that return fewer choices than asked (llama.cpp's server, some hosted APIs): request
   * {@code j} asks for the samples from {@code j × max} on, with the call's seed for the first and a
   * seed mixed from it and the first sample's index for the others (so with one choice per request,
   * sample i depends only on the seed and i). The usages add up; when a request fails, the others
   * are awaited and the call fails with a {@link io.ttc4j.core.CallFailedException} carrying what the
   * answered ones spent, so the meter charges them.
   */
  private CompletableFuture<GenerationResult> split(Problem problem, Trajectory prefix, SamplingSpec spec) {
    int requests = (spec.n() + maxChoicesPerRequest - 1) / maxChoicesPerRequest;
    List<CompletableFuture<GenerationResult>> parts = new ArrayList<>(requests);
    for (int j = 0; j < requests; j++) {
      int first = j * maxChoicesPerRequest;
      int n = Math.min(maxChoicesPerRequest, spec.n() - first);
      long seed = first == 0 ? spec.seed() : mixSeed(spec.seed(), first);
      CompletableFuture<GenerationResult> part;
      try {
        part = request(problem, prefix, spec.withN(n).withSeed(seed));
      } catch (RuntimeException e) {
        part = CompletableFuture.failedFuture(e);
      }
      parts.add(part);
    }
    CompletableFuture<GenerationResult> result = new CompletableFuture<>() {
      @Override
      public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        parts.forEach(p -> p.cancel(mayInterruptIfRunning));
        return cancelled;
      }
    };
    CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).whenComplete((ignored, error) -> {
      List<Continuation> continuations = new ArrayList<>(spec.n());
      Usage usage = Usage.ZERO;
      Throwable failure = null;
      for (CompletableFuture<GenerationResult> p : parts) {
        GenerationResult r = p.isCompletedExceptionally() || p.isCancelled() ? null : p.getNow(null);
        if (r == null) {
          if (failure == null) {
            try {
              p.join();
            } catch (RuntimeException e) {
              failure = io.ttc4j.core.SearchResult.unwrap(e);
            }
          }
          continue;
        }
        continuations.addAll(r.continuations());
        usage = usage.plus(r.usage());
      }
      if (failure == null) {
        result.complete(new GenerationResult(continuations, usage));
      } else if (usage.equals(Usage.ZERO)) {
        result.completeExceptionally(failure);
      } else {
        result.completeExceptionally(new io.ttc4j.core.CallFailedException(failure, usage));
      }
    });
    return result;
  }

  private static long mixSeed(long seed, long index) {
    long z = seed + 0x9E3779B97F4A7C15L * (index + 1);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private CompletableFuture<GenerationResult> request(Problem problem, Trajectory prefix, SamplingSpec spec) {
    Api api = prefix.isEmpty() ? apis.get(spec.mode()) : Api.COMPLETIONS;
    boolean logprobs = spec.logprobs() || exactTokenCounts;
    ResilientHttp http = endpoint.http();
    ObjectNode body = ResilientHttp.MAPPER.createObjectNode();
    body.put("model", model);
    if (api == Api.COMPLETIONS) {
      body.put("prompt", prompt(problem, prefix));
    } else {
      ArrayNode messages = body.putArray("messages");
      for (ChatMessage m : template.messages(problem)) {
        messages.addObject().put("role", m.role()).put("content", m.content());
      }
    }
    body.put("n", spec.n());
    body.put("max_tokens", spec.maxTokens());
    body.put("temperature", spec.temperature());
    body.put("top_p", spec.topP());
    body.put("seed", spec.seed());
    body.put("stream", false);
    if (!spec.stop().isEmpty()) {
      ArrayNode stop = body.putArray("stop");
      spec.stop().forEach(stop::add);
    }
    if (logprobs) {
      if (api == Api.COMPLETIONS) {
        body.put("logprobs", 1);
      } else {
        body.put("logprobs", true);
      }
    }
    boolean chat = api == Api.CHAT_COMPLETIONS;
    return http.post(api.path(), body, root -> CompletionDecoder.decode(root, chat, spec, finalStep));
  }

  /**
   * The raw {@code /v1/completions} prompt for {@code prefix}: the rendered template, then the
   * prefix text and the step separator when the prefix has steps.
   */
  public String prompt(Problem problem, Trajectory prefix) {
    String p = template.render(problem);
    return prefix.isEmpty() ? p : p + prefix.text() + Trajectory.STEP_SEPARATOR;
  }

  /** UTF-8 bytes of {@link #prompt} plus the margin (see the class comment). */
  @Override
  public long promptTokensUpperBound(Problem problem, Trajectory prefix) {
    return CompletionDecoder.utf8Length(prompt(problem, prefix)) + (long) promptTokenMargin;
  }

  /** The bound of one request times the requests a call of {@code spec.n()} samples is split into. */
  @Override
  public long promptTokensUpperBound(Problem problem, Trajectory prefix, SamplingSpec spec) {
    long requests = (spec.n() + (long) maxChoicesPerRequest - 1) / maxChoicesPerRequest;
    long one = promptTokensUpperBound(problem, prefix);
    return one > Long.MAX_VALUE / requests ? Long.MAX_VALUE : one * requests;
  }

  @Override
  public String name() {
    return model;
  }

  /** The endpoint this generator calls. */
  public ServerEndpoint endpoint() {
    return endpoint;
  }

  /** Closes the endpoint if this generator created it (see the class comment). */
  @Override
  public void close() {
    if (ownsEndpoint) {
      endpoint.close();
    }
  }

  @Override
  public String toString() {
    return "OpenAiCompatibleGenerator[" + model + " at " + endpoint.baseUrl() + ", " + apis + "]";
  }

  /** Assembles an {@link OpenAiCompatibleGenerator}. */
  public static final class Builder {
    private ServerEndpoint endpoint;
    private String baseUrl;
    private String model;
    private PromptTemplate template = PromptTemplate.plain();
    private final Map<GenerationMode, Api> apis = new EnumMap<>(Map.of(
        GenerationMode.ONE_STEP, Api.COMPLETIONS, GenerationMode.TO_END, Api.CHAT_COMPLETIONS));
    private boolean exactTokenCounts;
    private int promptTokenMargin = 128;
    private int maxChoicesPerRequest = Integer.MAX_VALUE;
    private Predicate<String> finalStep = STATES_BOXED_ANSWER;

    private Builder() {}

    /** The server, shared and closed by the caller. */
    public Builder endpoint(ServerEndpoint e) {
      endpoint = Objects.requireNonNull(e, "endpoint");
      baseUrl = null;
      return this;
    }

    /** The server root (for example {@code http://127.0.0.1:8000}), with a default endpoint this generator owns. */
    public Builder baseUrl(String url) {
      baseUrl = Objects.requireNonNull(url, "baseUrl");
      endpoint = null;
      return this;
    }

    /** The served model name, as in {@code GET /v1/models} (required). */
    public Builder model(String m) {
      Objects.requireNonNull(m, "model");
      if (m.isBlank()) {
        throw new IllegalArgumentException("model must not be blank, got '" + m + "'");
      }
      model = m;
      return this;
    }

    /** The prompt template (default {@link PromptTemplate#plain()}). */
    public Builder promptTemplate(PromptTemplate t) {
      template = Objects.requireNonNull(t, "promptTemplate");
      return this;
    }

    /**
     * The endpoint for calls of {@code mode} from an empty prefix (defaults: {@code ONE_STEP} to
     * completions, {@code TO_END} to chat completions).
     */
    public Builder api(GenerationMode mode, Api api) {
      apis.put(Objects.requireNonNull(mode, "mode"), Objects.requireNonNull(api, "api"));
      return this;
    }

    /**
     * Whether to ask for token log-probabilities on every call, so that the tokens of each step are
     * counted exactly rather than apportioned by bytes (default false; costs some response size).
     */
    public Builder exactTokenCounts(boolean exact) {
      exactTokenCounts = exact;
      return this;
    }

    /**
     * The most samples one request asks for (default: all of a call's {@code n} in one request). Set
     * 1 for servers that return a single choice whatever {@code n} (llama.cpp's {@code llama-server}
     * refuses {@code n > 1}): a call is then split into requests, each charged its prompt, and the
     * prompt-token bound of a call counts every request (see {@link #generate}).
     */
    public Builder maxChoicesPerRequest(int choices) {
      if (choices < 1) {
        throw new IllegalArgumentException("maxChoicesPerRequest must be >= 1, got " + choices);
      }
      maxChoicesPerRequest = choices;
      return this;
    }

    /** Prompt tokens added to the byte count in {@link #promptTokensUpperBound}, at least 0 (default 128). */
    public Builder promptTokenMargin(int tokens) {
      if (tokens < 0) {
        throw new IllegalArgumentException("promptTokenMargin must be >= 0, got " + tokens);
      }
      promptTokenMargin = tokens;
      return this;
    }

    /**
     * How to tell the last step of a solution from a step boundary when a server stops with
     * {@code finish_reason: stop} but does not say on what (neither {@code stop_reason} nor
     * {@code matched_stop}); default {@link #STATES_BOXED_ANSWER}.
     */
    public Builder finalStepDetector(Predicate<String> detector) {
      finalStep = Objects.requireNonNull(detector, "finalStepDetector");
      return this;
    }

    /** The generator. */
    public OpenAiCompatibleGenerator build() {
      return new OpenAiCompatibleGenerator(this);
    }
  }
}
