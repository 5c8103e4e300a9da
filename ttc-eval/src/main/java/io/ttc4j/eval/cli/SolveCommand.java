package io.ttc4j.eval.cli;

import io.ttc4j.core.Budget;
import io.ttc4j.core.Candidate;
import io.ttc4j.core.Generator;
import io.ttc4j.core.PriceModel;
import io.ttc4j.core.Problem;
import io.ttc4j.core.ProcessRewardModel;
import io.ttc4j.core.Search;
import io.ttc4j.core.SearchResult;
import io.ttc4j.core.SearchStrategy;
import io.ttc4j.core.StopReason;
import io.ttc4j.core.Usage;
import io.ttc4j.datasets.MathAnswers;
import io.ttc4j.eval.internal.TextTable;
import io.ttc4j.eval.trace.Trace;
import io.ttc4j.strategies.StrategySpec;
import io.ttc4j.eval.trace.TraceRecorder;
import io.ttc4j.serving.EndpointConfig;
import io.ttc4j.serving.LogprobRewardModel;
import io.ttc4j.serving.OpenAiCompatibleGenerator;
import io.ttc4j.serving.PromptTemplate;
import io.ttc4j.serving.ServerEndpoint;
import io.ttc4j.serving.VllmPoolingRewardModel;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code ttc solve}: solves one problem with a search strategy against an OpenAI-compatible server
 * (vLLM, SGLang, llama.cpp, Ollama or a hosted API), optionally guided by a served process reward
 * model, and prints the answer, the ranked candidates, the exact spend and the stop reason.
 *
 * <p>Exit status 0 when the search returned a result (also when it stopped on its budget or
 * deadline), 1 when it failed (one line on standard error), 2 on a usage error. The API key is read
 * from the environment variable named by {@code --api-key-env} and sent to the generator's server
 * only; it never appears in output or messages. The reward model's server gets its own key from
 * {@code --prm-api-key-env}, if given.
 *
 * <p>{@code --trace FILE} records every call to the servers; {@code --replay-trace FILE} answers the
 * same problem again from that trace, without a server, with the same answer and spend (see
 * {@link ServerOptions#REPLAY_HELP}).
 */
@Command(
    name = "solve",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Solves one problem with a test-time search against an OpenAI-compatible server and prints the answer, "
            + "the top candidates with their scores, the exact spend and why the search stopped.",
        ""})
final class SolveCommand implements java.util.concurrent.Callable<Integer> {

  /** The prompt-template presets. */
  enum TemplateName {
    QWEN25_MATH("qwen25-math"),
    LLAMA3("llama3"),
    PLAIN("plain");

    final String label;

    TemplateName(String label) {
      this.label = label;
    }

    PromptTemplate template() {
      return switch (this) {
        case QWEN25_MATH -> PromptTemplate.qwen25Math();
        case LLAMA3 -> PromptTemplate.llama3();
        case PLAIN -> PromptTemplate.plain();
      };
    }

    @Override
    public String toString() {
      return label;
    }
  }

  /** The reward-model server kinds. */
  enum PrmKind {
    POOLING("pooling"),
    LOGPROB("logprob");

    final String label;

    PrmKind(String label) {
      this.label = label;
    }

    @Override
    public String toString() {
      return label;
    }
  }

  /** Candidates printed at most. */
  static final int TOP = 10;

  @Spec
  CommandSpec spec;

  /** Where environment variables are read (replaced in tests). */
  Function<String, String> environment = System::getenv;

  @Option(names = "--base-url", paramLabel = "URL",
      description = "Root of the generator's OpenAI-compatible server, e.g. http://127.0.0.1:8000 (a trailing /v1 "
          + "is dropped); required unless --replay-trace.")
  String baseUrl;

  @Option(names = "--model", paramLabel = "NAME",
      description = "Served generator model name; required unless --replay-trace.")
  String model;

  @Option(names = "--prm-url", paramLabel = "URL",
      description = "Root of the reward model's server; needed by best-of-n, beam, dvts and rebase.")
  String prmUrl;

  @Option(names = "--prm-model", paramLabel = "NAME", description = "Served reward model name (with --prm-url).")
  String prmModel;

  @Option(names = "--prm-kind", paramLabel = "KIND", defaultValue = "pooling", converter = PrmKinds.class,
      description = "pooling (vLLM /pooling, e.g. Qwen2.5-Math-PRM) or logprob (+/- judgement on /v1/completions, "
          + "e.g. RLHFlow Llama3.1-8B-PRM) (default: ${DEFAULT-VALUE}).")
  PrmKind prmKind;

  @Option(names = "--template", paramLabel = "NAME", defaultValue = "qwen25-math", converter = Templates.class,
      description = "Prompt template: qwen25-math, llama3 or plain (default: ${DEFAULT-VALUE}).")
  TemplateName template;

  @Option(names = "--strategy", paramLabel = "NAME", converter = Strategies.class,
      description = "best-of-n (PRM-weighted vote), beam, dvts, rebase, majority (no PRM), or any strategy a sweep "
          + "names: naive, lookahead, mcts, sc (self-consistency with early stopping), with settings in brackets, "
          + "e.g. rebase[t=0.5] or beam[width=2].")
  StrategySpec strategy;

  @Option(names = "--policy", paramLabel = "FILE",
      description = "Instead of --strategy: a compute-optimal policy written by 'ttc fit-policy --difficulty "
          + "predicted'; its probes estimate the problem's difficulty, and the policy's choice for that and "
          + "--budget-tokens (required) runs.")
  Path policy;

  @Option(names = "--n", paramLabel = "N", defaultValue = "16",
      description = "Samples (best-of-n, majority, most for sc), beams (beam, dvts, rebase, lookahead), simulations "
          + "(mcts) (default: ${DEFAULT-VALUE}).")
  int n;

  @Option(names = "--beam-width", paramLabel = "M", defaultValue = "4",
      description = "Beam width M of beam, dvts and lookahead; must divide --n (default: ${DEFAULT-VALUE}; a width "
          + "in the strategy's brackets wins).")
  int beamWidth;

  @Option(names = "--budget-tokens", paramLabel = "TOKENS",
      description = "Completion-token budget of the search (default: unlimited).")
  Long budgetTokens;

  @Option(names = "--budget-usd", paramLabel = "USD",
      description = "Money budget in US dollars; needs --price-input and --price-output (default: unlimited).")
  Double budgetUsd;

  @Option(names = "--price-input", paramLabel = "USD_PER_M",
      description = "Price of prompt tokens, US dollars per million (with --price-output; also prices the spend "
          + "without --budget-usd).")
  Double priceInput;

  @Option(names = "--price-output", paramLabel = "USD_PER_M",
      description = "Price of completion tokens, US dollars per million.")
  Double priceOutput;

  @Option(names = "--deadline", paramLabel = "DURATION", converter = Durations.class,
      description = "Wall-clock limit, e.g. 30s, 500ms, 2m or PT30S (default: none).")
  Duration deadline;

  @Option(names = "--max-tokens", paramLabel = "TOKENS", defaultValue = "2048",
      description = "Completion tokens per call: a whole solution (best-of-n, majority) or one step (default: "
          + "${DEFAULT-VALUE}).")
  int maxTokens;

  @Option(names = "--temperature", paramLabel = "T", defaultValue = "0.8",
      description = "Sampling temperature (default: ${DEFAULT-VALUE}).")
  double temperature;

  @Option(names = "--seed", paramLabel = "SEED", defaultValue = "0", description = "Search seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--api-key-env", paramLabel = "VAR", defaultValue = "OPENAI_API_KEY",
      description = "Environment variable holding the generator server's API key; unset means no key (default: "
          + "${DEFAULT-VALUE}).")
  String apiKeyEnv;

  @Option(names = "--prm-api-key-env", paramLabel = "VAR",
      description = "Environment variable holding the reward-model server's API key (default: no key).")
  String prmApiKeyEnv;

  @Option(names = "--max-attempts", paramLabel = "N", defaultValue = "4",
      description = "HTTP attempts per request, retries included (default: ${DEFAULT-VALUE}).")
  int maxAttempts;

  @Option(names = "--max-n-per-request", paramLabel = "N", description = ServerOptions.MAX_N_HELP)
  Integer maxNPerRequest;

  @Option(names = "--request-timeout", paramLabel = "DURATION", defaultValue = "300s", converter = Durations.class,
      description = "Longest wait for one HTTP attempt (default: ${DEFAULT-VALUE}).")
  Duration requestTimeout;

  @Option(names = "--trace", paramLabel = "FILE", description = ServerOptions.TRACE_HELP)
  Path trace;

  @Option(names = "--replay-trace", paramLabel = "FILE", description = ServerOptions.REPLAY_HELP
      + " Give the same problem, strategy and search settings as the recorded run.")
  Path replayTrace;

  @Parameters(index = "0", paramLabel = "PROBLEM", description = "The problem text.")
  String problemText;

  /** The trace read for {@code --replay-trace}, by {@link #plan()}. */
  private Trace replay;

  @Override
  public Integer call() {
    Plan plan = plan();
    String apiKey = replay != null ? null : key(apiKeyEnv);
    String prmKey = replay != null || prmApiKeyEnv == null ? null : key(prmApiKeyEnv);
    EndpointConfig config = EndpointConfig.ofDefaults().withRequestTimeout(requestTimeout)
        .withRetry(EndpointConfig.ofDefaults().retry().withMaxAttempts(maxAttempts));
    SearchResult result;
    try (Resources r = new Resources()) {
      Generator generator;
      ProcessRewardModel prm = null;
      if (replay != null) {
        generator = replay.replayingGenerator();
        if (!replay.rewardModelNames().isEmpty()) prm = replay.replayingRewardModel();
      } else {
        // added first, so closed last: after the clients, when every call has completed
        TraceRecorder recorder = trace == null ? null : r.add(ServerOptions.openRecorder(trace,
            ServerOptions.traceMetadata(spec.qualifiedName(), baseUrl, model, template, prmUrl, prmModel, prmKind),
            apiKey, prmKey));
        ServerEndpoint genEndpoint = r.add(endpoint(baseUrl, "generator", apiKey, config, "--base-url"));
        OpenAiCompatibleGenerator.Builder g = OpenAiCompatibleGenerator.builder().endpoint(genEndpoint).model(model)
            .promptTemplate(template.template());
        if (maxNPerRequest != null) g.maxChoicesPerRequest(maxNPerRequest);
        generator = r.add(g.build());
        if (prmUrl != null) {
          ServerEndpoint prmEndpoint = r.add(endpoint(prmUrl, "prm", prmKey, config, "--prm-url"));
          prm = prmKind == PrmKind.POOLING
              ? r.add(VllmPoolingRewardModel.builder().endpoint(prmEndpoint).model(prmModel).build())
              : r.add(LogprobRewardModel.builder().endpoint(prmEndpoint).model(prmModel).build());
        }
        if (recorder != null) {
          generator = recorder.recording(generator);
          if (prm != null) prm = recorder.recording(prm);
        }
      }
      Search.Builder search = Search.builder().generator(generator).strategy(plan.strategy).budget(plan.budget)
          .answerExtractor(MathAnswers.extractor()).equivalence(MathAnswers.equivalence()).seed(seed);
      if (prm != null) {
        search.prm(prm);
      }
      Problem problem = Problem.of("cli", problemText.strip());
      try {
        result = search.build().solve(problem).get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw failure("interrupted", null, apiKey, prmKey);
      } catch (ExecutionException | CancellationException e) {
        Throwable cause = SearchResult.unwrap(e);
        throw failure("the search failed: " + TtcCommand.describe(cause), cause, apiKey, prmKey);
      }
      if (result.stopReason() == StopReason.FAILED) {
        throw failure("the search failed: " + TtcCommand.describe(SearchResult.unwrap(result.failure())),
            result.failure(), apiKey, prmKey);
      }
      if (result.stopReason() == StopReason.CANCELLED) {
        throw failure("the search was cancelled", null, apiKey, prmKey);
      }
    }
    print(result, plan.budget);
    return 0;
  }

  /** The validated strategy and budget, or a usage error naming the option. */
  private Plan plan() {
    if (problemText == null || problemText.isBlank()) {
      throw usage("PROBLEM must not be blank");
    }
    if (strategy == null && policy == null) {
      throw usage("Missing required option: '--strategy=NAME' (or give --policy FILE)");
    }
    if (strategy != null && policy != null) {
      throw usage("--strategy and --policy exclude each other (the policy chooses the strategy)");
    }
    if (policy != null && budgetTokens == null) {
      throw usage("--policy needs --budget-tokens: the generation budget the policy chooses for");
    }
    boolean needsScores = policy != null || strategy.needsScores();
    String what = policy != null ? "--policy " + policy : "--strategy " + strategy;
    if (replayTrace != null) {
      if (trace != null) {
        throw usage("--trace and --replay-trace exclude each other (a replayed run costs nothing to run again)");
      }
      for (String o : ServerOptions.FROM_TRACE) {
        if (spec.commandLine().getParseResult().hasMatchedOption(o)) {
          throw usage("--replay-trace takes the server settings from the trace; leave out " + o);
        }
      }
      replay = ServerOptions.readTrace(replayTrace, spec.commandLine().getErr(), spec.qualifiedName());
      if (replay.generatorNames().size() != 1) {
        throw usage("--replay-trace " + replayTrace + " must hold one generator, got " + replay.generatorNames());
      }
      if (needsScores && replay.rewardModelNames().isEmpty()) {
        throw usage(what + " needs a process reward model, and --replay-trace " + replayTrace
            + " holds none (use --strategy majority)");
      }
      if (replay.rewardModelNames().size() > 1) {
        throw usage("--replay-trace " + replayTrace + " must hold at most one reward model, got "
            + replay.rewardModelNames());
      }
      prmUrl = null;
      prmModel = null;
    } else {
      if (baseUrl == null) throw usage("Missing required option: '--base-url=URL' (or give --replay-trace FILE)");
      if (model == null) throw usage("Missing required option: '--model=NAME' (or give --replay-trace FILE)");
      if (trace != null) ServerOptions.refuseUsedTrace(trace, this::usage);
    }
    if (replay == null && model.isBlank()) {
      throw usage("--model must not be blank");
    }
    if (replay == null && needsScores && prmUrl == null) {
      throw usage(what + " needs a process reward model: give --prm-url and --prm-model "
          + "(or use --strategy majority)");
    }
    if (prmUrl != null && (prmModel == null || prmModel.isBlank())) {
      throw usage("--prm-url needs --prm-model");
    }
    if (prmUrl == null && prmModel != null) {
      throw usage("--prm-model needs --prm-url");
    }
    if (n < 1) throw usage("--n must be >= 1, got " + n);
    if (beamWidth < 1) throw usage("--beam-width must be >= 1, got " + beamWidth);
    StrategySpec spec = strategy == null ? null : withBeamWidth(strategy);
    if (spec != null && spec.settings().containsKey("width") && spec.kind() != StrategySpec.Kind.MCTS
        && n % Integer.parseInt(spec.settings().get("width")) != 0) {
      throw usage("--beam-width must divide --n, got --n " + n + " and width " + spec.settings().get("width"));
    }
    if (maxTokens < 1) throw usage("--max-tokens must be >= 1, got " + maxTokens);
    if (!(temperature >= 0) || Double.isInfinite(temperature)) {
      throw usage("--temperature must be finite and >= 0, got " + temperature);
    }
    if (maxAttempts < 1) throw usage("--max-attempts must be >= 1, got " + maxAttempts);
    if (maxNPerRequest != null && maxNPerRequest < 1) {
      throw usage("--max-n-per-request must be >= 1, got " + maxNPerRequest);
    }
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw usage("--request-timeout must be positive, got " + requestTimeout);
    }
    if ((priceInput == null) != (priceOutput == null)) {
      throw usage("--price-input and --price-output go together");
    }
    if (budgetUsd != null && priceInput == null) {
      throw usage("--budget-usd needs --price-input and --price-output");
    }
    Budget.Builder budget = Budget.builder();
    try {
      if (priceInput != null) {
        PriceModel prices;
        try {
          prices = PriceModel.of(priceInput, priceOutput);
        } catch (IllegalArgumentException e) {
          throw usage("--price-input and --price-output must be finite and >= 0, got " + priceInput + " and "
              + priceOutput);
        }
        if (budgetUsd != null) {
          budget.usd(budgetUsd, prices);
        } else {
          budget.priceModel(prices);
        }
      }
    } catch (IllegalArgumentException e) {
      throw usage("--budget-usd must be finite and >= 0, got " + budgetUsd);
    }
    if (budgetTokens != null) {
      if (budgetTokens < 0) throw usage("--budget-tokens must be >= 0, got " + budgetTokens);
      budget.completionTokens(budgetTokens);
    }
    if (deadline != null) {
      if (deadline.isNegative() || deadline.isZero()) throw usage("--deadline must be positive, got " + deadline);
      budget.deadline(deadline);
    }
    SearchStrategy s;
    if (policy != null) {
      io.ttc4j.eval.policy.Policy p;
      try {
        p = io.ttc4j.eval.policy.Policy.read(policy);
      } catch (java.io.IOException e) {
        throw new IllegalArgumentException("cannot read --policy " + policy + ": " + e.getMessage(), e);
      }
      try {
        s = p.strategy(budgetTokens == 0 ? 1 : budgetTokens, io.ttc4j.core.Aggregation.LAST, temperature, maxTokens);
      } catch (IllegalStateException e) {
        throw usage("--policy " + policy + ": " + e.getMessage());
      }
      return new Plan(s, budget.build());
    }
    if (spec.isBound()) {
      throw usage("--strategy oracle needs the reference answer to choose; it is a bound for sweeps, not a strategy");
    }
    try {
      s = spec.create(n, io.ttc4j.core.Aggregation.LAST, temperature, maxTokens);
    } catch (IllegalArgumentException e) {
      throw usage("--strategy " + spec + " with --n " + n + ": " + e.getMessage());
    }
    return new Plan(s, budget.build());
  }

  private record Plan(SearchStrategy strategy, Budget budget) {}

  /** The strategy with {@code --beam-width} as its width, unless its brackets name one. */
  private StrategySpec withBeamWidth(StrategySpec spec) {
    boolean widthInName = spec.name().contains("width=");
    boolean beamLike = spec.kind() == StrategySpec.Kind.BEAM || spec.kind() == StrategySpec.Kind.DVTS
        || spec.kind() == StrategySpec.Kind.LOOKAHEAD;
    if (!beamLike || widthInName) {
      return spec;
    }
    StringBuilder b = new StringBuilder(spec.kind().label()).append("[width=").append(beamWidth);
    spec.settings().forEach((k, v) -> {
      if (!k.equals("width")) b.append(',').append(k).append('=').append(v);
    });
    return StrategySpec.parse(b.append(']').toString());
  }

  private ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  /** The value of environment variable {@code name}, or null when unset or blank. */
  private String key(String name) {
    if (name.isBlank()) {
      throw usage("--api-key-env must name an environment variable");
    }
    String v = environment.apply(name);
    return v == null || v.isBlank() ? null : v;
  }

  private ServerEndpoint endpoint(String url, String name, String apiKey, EndpointConfig config, String option) {
    return ServerOptions.endpoint(url, name, apiKey, config, option, this::usage);
  }

  /**
   * A failure of the command with {@code message}, the keys masked; the cause is kept for
   * {@code TTC_DEBUG=1} only when no message in its chain holds a key.
   */
  private static IllegalStateException failure(String message, Throwable cause, String... keys) {
    String text = message;
    boolean clean = true;
    for (String k : keys) {
      if (k == null) continue;
      if (text.contains(k)) text = text.replace(k, "[redacted]");
      for (Throwable c = cause; c != null; c = c.getCause() == c ? null : c.getCause()) {
        if (c.getMessage() != null && c.getMessage().contains(k)) clean = false;
      }
    }
    return new IllegalStateException(text, clean ? cause : null);
  }

  private void print(SearchResult result, Budget budget) {
    PrintWriter out = spec.commandLine().getOut();
    out.println("answer: " + (result.answer() == null ? "(none)" : result.answer()));
    out.println("stop reason: " + result.stopReason());
    List<Candidate> candidates = result.candidates();
    out.println();
    out.printf(Locale.ROOT, "candidates (%s of %d):%n",
        candidates.size() > TOP ? "top " + TOP : "all", candidates.size());
    if (candidates.isEmpty()) {
      out.println("  (none finished)");
    } else {
      TextTable table = new TextTable(List.of("rank", "answer", "score", "tokens"));
      for (int i = 0; i < Math.min(TOP, candidates.size()); i++) {
        Candidate c = candidates.get(i);
        table.add(List.of(Integer.toString(i + 1), c.answer() == null ? "-" : oneLine(c.answer()),
            c.isScored() ? String.format(Locale.ROOT, "%.4f", c.score()) : "-",
            Long.toString(c.trajectory().tokens())));
      }
      out.print(table.toText());
    }
    Usage u = result.usage();
    out.println();
    out.println("spend:");
    out.println("  generations:       " + u.generations());
    out.println("  prompt tokens:     " + u.promptTokens() + " (cached " + u.cachedPromptTokens() + ")");
    out.println("  completion tokens: " + u.completionTokens());
    out.println("  PRM calls:         " + u.prmCalls());
    out.println("  dollars:           " + dollars(u.costNanoUsd())
        + (priceInput == null ? " (no prices given)" : ""));
    out.println("  budget:            " + budget);
    out.flush();
  }

  /** Nano-dollars as exact dollars, for example {@code $0.000123456}. */
  static String dollars(long nanoUsd) {
    BigDecimal d = BigDecimal.valueOf(nanoUsd, 9).stripTrailingZeros();
    return "$" + (d.signum() == 0 ? "0" : d.toPlainString());
  }

  private static String oneLine(String s) {
    String t = s.replaceAll("\\s+", " ");
    return t.length() > 40 ? t.substring(0, 37) + "..." : t;
  }

  /** Closes what it holds in reverse order, keeping the first failure. */
  private static final class Resources implements AutoCloseable {
    private final List<AutoCloseable> held = new ArrayList<>();

    <T> T add(T resource) {
      if (resource instanceof AutoCloseable c) held.add(c);
      return resource;
    }

    @Override
    public void close() {
      RuntimeException first = null;
      for (int i = held.size() - 1; i >= 0; i--) {
        try {
          held.get(i).close();
        } catch (Exception e) {
          if (first == null) first = new IllegalStateException("closing: " + e.getMessage(), e);
        }
      }
      if (first != null) throw first;
    }
  }

  /**
   * Strategy names: {@code best-of-n} (weighted best-of-N) and {@code majority}, kept from the first
   * release, and every {@link StrategySpec} name.
   */
  static final class Strategies implements ITypeConverter<StrategySpec> {
    @Override
    public StrategySpec convert(String value) {
      String v = value.trim();
      if (v.equalsIgnoreCase("best-of-n")) return StrategySpec.WEIGHTED;
      try {
        return StrategySpec.parse(v);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("expected best-of-n, beam, dvts, rebase, majority or another strategy name "
            + "(" + e.getMessage() + ")");
      }
    }
  }

  /** Template names. */
  static final class Templates implements ITypeConverter<TemplateName> {
    @Override
    public TemplateName convert(String value) {
      for (TemplateName t : TemplateName.values()) {
        if (t.label.equalsIgnoreCase(value.trim())) return t;
      }
      throw new TypeConversionException("expected one of qwen25-math, llama3, plain; got '" + value + "'");
    }
  }

  /** Reward-model kinds. */
  static final class PrmKinds implements ITypeConverter<PrmKind> {
    @Override
    public PrmKind convert(String value) {
      for (PrmKind k : PrmKind.values()) {
        if (k.label.equalsIgnoreCase(value.trim())) return k;
      }
      throw new TypeConversionException("expected pooling or logprob; got '" + value + "'");
    }
  }

  /** Durations: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, or ISO-8601 such as {@code PT30S}. */
  static final class Durations implements ITypeConverter<Duration> {
    private static final Pattern SIMPLE = Pattern.compile("(\\d{1,9})(ms|s|m|h)");

    @Override
    public Duration convert(String value) {
      String v = value.trim().toLowerCase(Locale.ROOT);
      Matcher m = SIMPLE.matcher(v);
      if (m.matches()) {
        long x = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(x);
          case "s" -> Duration.ofSeconds(x);
          case "m" -> Duration.ofMinutes(x);
          default -> Duration.ofHours(x);
        };
      }
      try {
        return Duration.parse(value.trim());
      } catch (DateTimeParseException e) {
        throw new TypeConversionException("expected a duration such as 500ms, 30s, 2m or PT30S; got '" + value + "'");
      }
    }
  }
}
