package io.ttc4j.langchain4j;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.Content;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import io.ttc4j.core.CallFailedException;
import io.ttc4j.core.Continuation;
import io.ttc4j.core.GenerationMode;
import io.ttc4j.core.GenerationResult;
import io.ttc4j.core.Generator;
import io.ttc4j.core.Problem;
import io.ttc4j.core.SamplingSpec;
import io.ttc4j.core.Trajectory;
import io.ttc4j.core.Usage;
import io.ttc4j.langchain4j.internal.CallLimiter;
import io.ttc4j.langchain4j.internal.ReplyDecoder;
import io.ttc4j.langchain4j.internal.Utf8;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * A LangChain4j {@link ChatModel} as a ttc4j {@link Generator}: search over any model LangChain4j
 * integrates, in one line.
 *
 * <pre>{@code
 * try (LangChain4jGenerator generator = LangChain4jGenerator.of(chatModel)) {
 *   Search search = Search.builder()
 *       .generator(generator)
 *       .strategy(BestOfN.of(8, Selection.MAJORITY))
 *       .answerExtractor(MathAnswers.extractor())
 *       .equivalence(MathAnswers.equivalence())
 *       .build();
 *   SearchResult r = search.solve(problem).join();
 * }
 * }</pre>
 *
 * <p><b>n samples are n calls.</b> {@code ChatModel} has no {@code n}: a call for {@code n}
 * continuations makes {@code n} chat requests, each with the spec's temperature, topP, stop
 * sequences and {@code maxOutputTokens = maxTokens} (always sent). Each request is charged its own
 * prompt tokens, so a best-of-N over a chat model costs N prompts where a server with {@code n}
 * charges one. Sample {@code i} gets the seed {@link #sampleSeed(long, int) sampleSeed(spec.seed(),
 * i)}, which reaches the model only through {@link Builder#sampleParameters} (LangChain4j's common
 * parameters have no seed); with a model that honours seeds, continuation {@code i} then depends
 * only on the problem, the prefix, the seed and {@code i}, never on {@code n}.
 *
 * <p><b>Prompts.</b> A fresh solution sends {@link ChatPrompt#messages}: by default the problem as a
 * user message, after an optional system prompt ({@link Builder#systemPrompt}). A non-empty prefix
 * sends {@link ChatPrompt#continuation}: the prefix as an assistant message, then an instruction to
 * write the next step ({@code ONE_STEP}, with stop {@code "\n\n"}) or the rest of the solution
 * ({@code TO_END}); chat models cannot portably continue a half-written assistant message.
 *
 * <p><b>Replies</b> become steps by the rules of ttc4j's OpenAI-compatible client (see
 * {@code ReplyDecoder} in the internal package): split at {@code "\n\n"}; {@code STOP} ends the
 * solution, or in one-step mode ends it only when the step states a final answer
 * ({@link Builder#finalStepDetector}, default: contains {@code \boxed}) and is a step boundary
 * otherwise; {@code LENGTH} and any other finish reason cut the solution ({@code StepEnd.LENGTH}).
 * A reply without text is a {@link ChatReplyException} naming the sample, never an empty answer.
 * Step log-probabilities are never reported ({@code NaN}): LangChain4j's response has none.
 *
 * <p><b>Usage</b> comes from each reply's {@link TokenUsage}: input tokens as prompt tokens,
 * output tokens as completion tokens, split over the steps so that they sum exactly; cached prompt
 * tokens are 0 unless {@link Builder#cachedPromptTokens} reads them from a provider's usage type.
 * A reply without token counts fails with a {@link ChatReplyException}, because a silent zero would
 * let a search overspend its budget, unless {@link Builder#tokenEstimator} opts in to estimates.
 *
 * <p><b>Prompt-token bound.</b> {@link #promptTokensUpperBound(Problem, Trajectory)} (per request; a call of
 * n samples reserves n times it) is the UTF-8 byte length of the
 * text of every message sent plus {@link Builder#promptTokenMargin} (default 128). Byte-level BPE
 * and byte-fallback tokenizers never make more tokens than bytes; the margin covers what the
 * provider adds around the messages (role markers, a few tokens per message, and a default system
 * prompt). Images or other non-text content are not bounded.
 *
 * <p><b>Threads.</b> {@code ChatModel.chat} blocks, so calls run on an executor, at most
 * {@link Builder#maxConcurrentCalls} at once for this generator (across all searches that share it);
 * the rest wait in a queue without holding a thread, and {@link #generate} returns at once. Pass an
 * executor with {@link Builder#executor} (the caller shuts it down), or let the generator own a pool
 * of at most {@code maxConcurrentCalls} daemon threads named {@code ttc4j-langchain4j-<name>-<k>},
 * which idle out after 30 s and which {@link #close()} stops. Cancelling a returned future (as
 * {@code Search} does on cancellation or deadline) withdraws its queued requests, which are never
 * sent, and interrupts the running ones, which stops them where the model's HTTP client honours
 * interrupts. If one sample fails, the call fails with that sample's exception (the model's own, for
 * a model error) and the other samples are cancelled.
 *
 * <p>Thread-safe.
 */
public final class LangChain4jGenerator implements Generator, AutoCloseable {

  /** The default heuristic for one-step replies that stop: the step states a boxed answer. */
  public static final Predicate<String> STATES_BOXED_ANSWER = text -> text.contains("\\boxed");

  /** Default of {@link Builder#maxConcurrentCalls}. */
  public static final int DEFAULT_MAX_CONCURRENT_CALLS = 8;

  /** Default of {@link Builder#promptTokenMargin}, in tokens. */
  public static final int DEFAULT_PROMPT_TOKEN_MARGIN = 128;

  /** How long {@link #close()} waits for the threads of an owned pool to end, in seconds. */
  public static final long CLOSE_WAIT_SECONDS = 10;

  private final ChatModel model;
  private final ChatPrompt prompt;
  private final SampleParameters sampleParameters;
  private final TokenEstimator tokenEstimator;
  private final ToLongFunction<TokenUsage> cachedPromptTokens;
  private final Predicate<String> finalStep;
  private final int promptTokenMargin;
  private final String name;
  private final CallLimiter limiter;
  private final ThreadPoolExecutor ownedExecutor;
  private final AtomicBoolean closed = new AtomicBoolean();

  private LangChain4jGenerator(Builder b) {
    this.model = b.model;
    this.prompt = b.prompt;
    this.sampleParameters = b.sampleParameters;
    this.tokenEstimator = b.tokenEstimator;
    this.cachedPromptTokens = b.cachedPromptTokens;
    this.finalStep = b.finalStep;
    this.promptTokenMargin = b.promptTokenMargin;
    this.name = b.name != null ? b.name : defaultName(b.model);
    Executor executor = b.executor;
    if (executor == null) {
      ownedExecutor = new ThreadPoolExecutor(b.maxConcurrentCalls, b.maxConcurrentCalls, 30, TimeUnit.SECONDS,
          new LinkedBlockingQueue<>(), new Workers(this, name));
      ownedExecutor.allowCoreThreadTimeOut(true);
      executor = ownedExecutor;
    } else {
      ownedExecutor = null;
    }
    this.limiter = new CallLimiter(executor, b.maxConcurrentCalls);
  }

  /** A generator over {@code model} with every default (see {@link Builder}); close it when done. */
  public static LangChain4jGenerator of(ChatModel model) {
    return builder(model).build();
  }

  /** A builder over {@code model}. */
  public static Builder builder(ChatModel model) {
    return new Builder(Objects.requireNonNull(model, "model"));
  }

  /**
   * The seed of sample {@code index} of a call with seed {@code seed}: a 64-bit hash of both, distinct
   * for distinct indexes of one seed. A provider with 32-bit seeds can take its low 32 bits.
   *
   * @param index the sample's index in its call, at least 0
   */
  public static long sampleSeed(long seed, int index) {
    if (index < 0) {
      throw new IllegalArgumentException("index must be >= 0, got " + index);
    }
    return mix(mix(seed) + index);
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0x62A9D9ED799705F5L;
    z = (z ^ (z >>> 28)) * 0xCB24D0A5C88C35B3L;
    return z ^ (z >>> 32);
  }

  @Override
  public CompletableFuture<GenerationResult> generate(Problem problem, Trajectory prefix, SamplingSpec spec) {
    Objects.requireNonNull(problem, "problem");
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(spec, "spec");
    if (prefix.isFinished()) {
      throw new IllegalArgumentException("prefix must not be finished, got " + prefix);
    }
    if (closed.get()) {
      return CompletableFuture.failedFuture(new IllegalStateException("generator " + name + " is closed"));
    }
    List<ChatMessage> messages = messages(problem, prefix, spec.mode());
    ChatRequestParameters standard = ChatRequestParameters.builder()
        .temperature(spec.temperature())
        .topP(spec.topP())
        .maxOutputTokens(spec.maxTokens())
        .stopSequences(spec.stop().isEmpty() ? null : spec.stop())
        .build();
    Samples samples = new Samples(spec, messages);
    List<CallLimiter.Call<ChatResponse>> list = new ArrayList<>(spec.n());
    for (int i = 0; i < spec.n(); i++) {
      int index = i;
      CallLimiter.Call<ChatResponse> call = limiter.newCall(() -> model.chat(request(messages, standard, spec, index)));
      call.whenComplete((response, error) -> samples.done(index, response, error));
      list.add(call);
    }
    samples.requests = list;
    limiter.submitAll(list);
    return samples;
  }

  /**
   * The messages one call sends for {@code prefix}: {@link ChatPrompt#messages} for an empty prefix,
   * {@link ChatPrompt#continuation} otherwise.
   */
  public List<ChatMessage> messages(Problem problem, Trajectory prefix, GenerationMode mode) {
    Objects.requireNonNull(problem, "problem");
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(mode, "mode");
    List<ChatMessage> m = prefix.isEmpty() ? prompt.messages(problem) : prompt.continuation(problem, prefix, mode);
    if (m == null || m.isEmpty()) {
      throw new IllegalStateException("prompt " + prompt + " returned no messages for problem " + problem.id());
    }
    return List.copyOf(m);
  }

  /**
   * UTF-8 bytes of the text of every message sent for {@code prefix} (the larger of the one-step and
   * the to-the-end conversations) plus the margin; see the class comment.
   */
  @Override
  public long promptTokensUpperBound(Problem problem, Trajectory prefix) {
    long bytes = textBytes(messages(problem, prefix, GenerationMode.ONE_STEP));
    if (!prefix.isEmpty()) {
      bytes = Math.max(bytes, textBytes(messages(problem, prefix, GenerationMode.TO_END)));
    }
    return bytes + promptTokenMargin;
  }

  /**
   * The bound of one request times {@code spec.n()}: a call sends one chat request per sample, and
   * each is charged its prompt.
   */
  @Override
  public long promptTokensUpperBound(Problem problem, Trajectory prefix, SamplingSpec spec) {
    long one = promptTokensUpperBound(problem, prefix);
    return one > Long.MAX_VALUE / Math.max(1, spec.n()) ? Long.MAX_VALUE : one * spec.n();
  }

  @Override
  public String name() {
    return name;
  }

  /** The most chat requests this generator runs at once. */
  public int maxConcurrentCalls() {
    return limiter.maxInFlight();
  }

  /** Chat requests running now. */
  public int callsInFlight() {
    return limiter.inFlight();
  }

  /** Chat requests waiting for a free slot now. */
  public int callsQueued() {
    return limiter.queued();
  }

  /**
   * Refuses further calls, cancels the queued and running ones, and, when the generator owns its
   * pool, stops it and waits up to {@link #CLOSE_WAIT_SECONDS} for its threads to end. A
   * caller-supplied executor is left running. Idempotent.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    limiter.shutdown();
    if (ownedExecutor != null) {
      ownedExecutor.shutdownNow();
      if (!(Thread.currentThread() instanceof Worker w && w.owner == this)) { // a worker cannot wait for itself
        try {
          ownedExecutor.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  @Override
  public String toString() {
    return "LangChain4jGenerator[" + name + ", maxConcurrentCalls=" + limiter.maxInFlight() + ", "
        + (ownedExecutor != null ? "own threads" : "caller's executor") + (closed.get() ? ", closed" : "") + "]";
  }

  private ChatRequest request(List<ChatMessage> messages, ChatRequestParameters standard, SamplingSpec spec,
      int index) {
    ChatRequestParameters p = standard;
    if (sampleParameters != null) {
      p = sampleParameters.forSample(standard, sampleSeed(spec.seed(), index));
      if (p == null) {
        throw new IllegalStateException("sampleParameters returned null for sample " + index);
      }
    }
    return ChatRequest.builder().messages(messages).parameters(p).build();
  }

  private Usage usage(ChatResponse r, String text, List<ChatMessage> messages, SamplingSpec spec, int index) {
    TokenUsage tu = r.tokenUsage();
    Integer in = tu == null ? null : tu.inputTokenCount();
    Integer out = tu == null ? null : tu.outputTokenCount();
    long input;
    long output;
    if (in == null || out == null) {
      if (tokenEstimator == null) {
        String missing = tu == null ? "no TokenUsage" : in == null ? "no input token count" : "no output token count";
        throw new ChatReplyException(index, "sample " + index + " of " + spec.n() + ": model " + name
            + " reported " + missing + ", so the call cannot be charged to a budget; use an integration that "
            + "reports usage, or opt in to estimates with LangChain4jGenerator.Builder.tokenEstimator(...)");
      }
      input = in != null ? in : estimatePrompt(messages);
      output = out != null ? out : Math.min(estimate(text == null ? "" : text), spec.maxTokens());
    } else {
      input = in;
      output = out;
    }
    if (input < 0 || output < 0) {
      throw new ChatReplyException(index, "sample " + index + " of " + spec.n() + ": token counts must be >= 0, got "
          + input + " input and " + output + " output tokens");
    }
    long cached = 0;
    if (cachedPromptTokens != null && tu != null) {
      cached = cachedPromptTokens.applyAsLong(tu);
      if (cached < 0 || cached > input) {
        throw new ChatReplyException(index, "sample " + index + " of " + spec.n() + ": cached prompt tokens must be in 0.."
            + input + ", got " + cached);
      }
    }
    return Usage.ofGeneration(1, input, cached, output);
  }

  private long estimatePrompt(List<ChatMessage> messages) {
    long sum = promptTokenMargin;
    for (ChatMessage m : messages) {
      sum += estimate(textOf(m));
    }
    return sum;
  }

  private long estimate(String text) {
    long t = tokenEstimator.tokens(text);
    if (t < 0) {
      throw new IllegalStateException("tokenEstimator must return >= 0 tokens, got " + t);
    }
    return t;
  }

  private static long textBytes(List<ChatMessage> messages) {
    long sum = 0;
    for (ChatMessage m : messages) {
      sum += Utf8.length(textOf(m));
    }
    return sum;
  }

  /** The text a message carries (for bounds and estimates); other content counts nothing. */
  static String textOf(ChatMessage m) {
    if (m instanceof SystemMessage s) {
      return s.text();
    }
    if (m instanceof AiMessage a) {
      return a.text() == null ? "" : a.text();
    }
    if (m instanceof UserMessage u) {
      StringBuilder b = new StringBuilder();
      for (Content c : u.contents()) {
        if (c instanceof TextContent t) {
          b.append(t.text());
        }
      }
      return b.toString();
    }
    return String.valueOf(m); // tool results and custom messages: their printed form is longer than their text
  }

  private static String defaultName(ChatModel model) {
    try {
      ChatRequestParameters p = model.defaultRequestParameters();
      if (p != null && p.modelName() != null && !p.modelName().isBlank()) {
        return p.modelName();
      }
      ModelProvider provider = model.provider();
      if (provider != null && provider != ModelProvider.OTHER) {
        return provider.name().toLowerCase(Locale.ROOT);
      }
    } catch (RuntimeException e) {
      // a model that cannot describe itself is still usable; fall back to its class name
    }
    return model.getClass().getSimpleName();
  }

  /** The future of one call: its samples' chat requests, gathered in index order. */
  private final class Samples extends CompletableFuture<GenerationResult> {
    private final SamplingSpec spec;
    private final List<ChatMessage> messages;
    private final Continuation[] continuations;
    private final Usage[] usages;
    private final AtomicInteger left;
    private volatile List<CallLimiter.Call<ChatResponse>> requests = List.of();

    Samples(SamplingSpec spec, List<ChatMessage> messages) {
      this.spec = spec;
      this.messages = messages;
      this.continuations = new Continuation[spec.n()];
      this.usages = new Usage[spec.n()];
      this.left = new AtomicInteger(spec.n());
    }

    void done(int index, ChatResponse response, Throwable error) {
      if (isDone()) {
        return;
      }
      if (error != null) {
        fail(error);
        return;
      }
      try {
        if (response == null) {
          throw new ChatReplyException(index, "sample " + index + " of " + spec.n() + ": model " + name
              + " returned no response");
        }
        AiMessage ai = response.aiMessage();
        String text = ai == null ? null : ai.text();
        if (ai != null && text == null && ai.hasToolExecutionRequests()) {
          throw new ChatReplyException(index, "sample " + index + " of " + spec.n()
              + ": the model asked to call a tool instead of answering; ttc4j sends no tools, so check the "
              + "model's default parameters");
        }
        Usage usage = usage(response, text, messages, spec, index);
        FinishReason finish = response.finishReason();
        continuations[index] = ReplyDecoder.decode(text, finish, usage.completionTokens(), spec, finalStep, index);
        usages[index] = usage;
      } catch (RuntimeException e) {
        fail(e);
        return;
      }
      if (left.decrementAndGet() == 0) {
        Usage total = Usage.ZERO;
        for (Usage u : usages) {
          total = total.plus(u);
        }
        complete(new GenerationResult(Arrays.asList(continuations), total));
      }
    }

    private void fail(Throwable t) {
      // samples answered before the failure were billed: report them so that the meter charges them
      Usage spent = Usage.ZERO;
      for (Usage u : usages) {
        if (u != null) {
          spent = spent.plus(u);
        }
      }
      if (completeExceptionally(spent.equals(Usage.ZERO) ? t : new CallFailedException(t, spent))) {
        cancelCalls();
      }
    }

    private void cancelCalls() {
      limiter.cancelAll(requests);
    }

    /** Cancels this call: queued requests are never sent, running ones are interrupted. */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      boolean cancelled = super.cancel(mayInterruptIfRunning);
      cancelCalls();
      return cancelled;
    }
  }

  /** Makes the daemon threads of an owned pool. */
  private static final class Workers implements java.util.concurrent.ThreadFactory {
    private final LangChain4jGenerator owner;
    private final String prefix;
    private final AtomicInteger count = new AtomicInteger();

    Workers(LangChain4jGenerator owner, String name) {
      this.owner = owner;
      this.prefix = "ttc4j-langchain4j-" + name + "-";
    }

    @Override
    public Thread newThread(Runnable r) {
      Thread t = new Worker(owner, r, prefix + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    }
  }

  /** A thread of an owned pool, which knows its generator (so that close() never waits for itself). */
  private static final class Worker extends Thread {
    private final LangChain4jGenerator owner;

    Worker(LangChain4jGenerator owner, Runnable r, String name) {
      super(r, name);
      this.owner = owner;
    }
  }

  /** Assembles a {@link LangChain4jGenerator}; every setting has a default. */
  public static final class Builder {
    private final ChatModel model;
    private Executor executor;
    private int maxConcurrentCalls = DEFAULT_MAX_CONCURRENT_CALLS;
    private ChatPrompt prompt = ChatPrompt.plain();
    private SampleParameters sampleParameters;
    private TokenEstimator tokenEstimator;
    private ToLongFunction<TokenUsage> cachedPromptTokens;
    private Predicate<String> finalStep = STATES_BOXED_ANSWER;
    private int promptTokenMargin = DEFAULT_PROMPT_TOKEN_MARGIN;
    private String name;

    private Builder(ChatModel model) {
      this.model = model;
    }

    /**
     * The executor that runs the blocking chat requests, owned and shut down by the caller; it must
     * run tasks on other threads than the submitting one. Default: a pool the generator owns (see
     * the class comment).
     */
    public Builder executor(Executor e) {
      executor = Objects.requireNonNull(e, "executor");
      return this;
    }

    /** The most chat requests in flight at once, at least 1 (default 8). */
    public Builder maxConcurrentCalls(int k) {
      if (k < 1) {
        throw new IllegalArgumentException("maxConcurrentCalls must be >= 1, got " + k);
      }
      maxConcurrentCalls = k;
      return this;
    }

    /** The conversation layout (default {@link ChatPrompt#plain()}). */
    public Builder prompt(ChatPrompt p) {
      prompt = Objects.requireNonNull(p, "prompt");
      return this;
    }

    /**
     * Shorthand for {@code prompt(ChatPrompt.withSystemPrompt(systemPrompt))}; see
     * {@link ChatPrompt#STEPWISE_SYSTEM_PROMPT} for one that asks for the step layout ttc4j splits on.
     */
    public Builder systemPrompt(String systemPrompt) {
      Objects.requireNonNull(systemPrompt, "systemPrompt");
      prompt = ChatPrompt.withSystemPrompt(systemPrompt);
      return this;
    }

    /** Adapts each sample's parameters, for example to send its seed (default: the standard parameters). */
    public Builder sampleParameters(SampleParameters p) {
      sampleParameters = Objects.requireNonNull(p, "sampleParameters");
      return this;
    }

    /**
     * Opts in to estimated token counts for replies without them (default: such replies fail).
     * Missing input tokens are estimated over the text of every message plus the prompt-token
     * margin, missing output tokens over the reply text, at most {@code maxTokens}.
     */
    public Builder tokenEstimator(TokenEstimator e) {
      tokenEstimator = Objects.requireNonNull(e, "tokenEstimator");
      return this;
    }

    /**
     * Reads cached prompt tokens from a provider's usage type (default: 0), for example
     * {@code OpenAiTokenUsage.inputTokensDetails().cachedTokens()}; it must return between 0 and the input tokens.
     */
    public Builder cachedPromptTokens(ToLongFunction<TokenUsage> reader) {
      cachedPromptTokens = Objects.requireNonNull(reader, "cachedPromptTokens");
      return this;
    }

    /**
     * Tells the last step of a solution from a step boundary when a one-step reply stops (default
     * {@link #STATES_BOXED_ANSWER}).
     */
    public Builder finalStepDetector(Predicate<String> detector) {
      finalStep = Objects.requireNonNull(detector, "finalStepDetector");
      return this;
    }

    /** Tokens added to the byte count of the messages in the prompt-token bound, at least 0 (default 128). */
    public Builder promptTokenMargin(int tokens) {
      if (tokens < 0) {
        throw new IllegalArgumentException("promptTokenMargin must be >= 0, got " + tokens);
      }
      promptTokenMargin = tokens;
      return this;
    }

    /** The name in reports (default: the model name of the model's default parameters, else its provider). */
    public Builder name(String n) {
      Objects.requireNonNull(n, "name");
      if (n.isBlank()) {
        throw new IllegalArgumentException("name must not be blank, got '" + n + "'");
      }
      name = n;
      return this;
    }

    /** The generator. */
    public LangChain4jGenerator build() {
      return new LangChain4jGenerator(this);
    }
  }
}
