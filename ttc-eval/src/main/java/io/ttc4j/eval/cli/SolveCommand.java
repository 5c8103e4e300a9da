package io.ttc4j.eval.cli;

import io.ttc4j.core.Budget;
import io.ttc4j.core.Candidate;
import io.ttc4j.core.PriceModel;
import io.ttc4j.core.Problem;
import io.ttc4j.core.Search;
import io.ttc4j.core.SearchResult;
import io.ttc4j.core.SearchStrategy;
import io.ttc4j.core.StopReason;
import io.ttc4j.core.Usage;
import io.ttc4j.datasets.MathAnswers;
import io.ttc4j.eval.internal.TextTable;
import io.ttc4j.strategies.StrategySpec;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
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
 * <p>The server options, their checks and the clients are those of {@link ServerOptions}, shared
 * with {@code ttc sweep}. {@code --trace FILE} records every call to the servers;
 * {@code --replay-trace FILE} answers the same problem again from that trace, without a server, with
 * the same answer and spend.
 */
@Command(
    name = "solve",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Solves one problem with a test-time search against an OpenAI-compatible server and prints the answer, "
            + "the top candidates with their scores, the exact spend and why the search stopped.",
        "",
        "--base-url and --model are required, unless --replay-trace FILE answers from a trace recorded with "
            + "--trace: give it the same problem, strategy and search settings as the recorded run.",
        ""})
final class SolveCommand implements java.util.concurrent.Callable<Integer> {

  /** Candidates printed at most. */
  static final int TOP = 10;

  @Spec
  CommandSpec spec;

  @Mixin
  ServerOptions server;

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

  @Parameters(index = "0", paramLabel = "PROBLEM", description = "The problem text.")
  String problemText;

  @Override
  public Integer call() {
    Plan plan = plan();
    SearchResult result;
    try (ServerOptions.Clients clients = server.open()) {
      Search.Builder search = Search.builder().generator(clients.generator).strategy(plan.strategy)
          .budget(plan.budget).answerExtractor(MathAnswers.extractor()).equivalence(MathAnswers.equivalence())
          .seed(seed);
      if (clients.prm != null) {
        search.prm(clients.prm);
      }
      Problem problem = Problem.of("cli", problemText.strip());
      try {
        result = search.build().solve(problem).get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw clients.failure("interrupted", null);
      } catch (ExecutionException | CancellationException e) {
        Throwable cause = SearchResult.unwrap(e);
        throw clients.failure("the search failed: " + TtcCommand.describe(cause), cause);
      }
      if (result.stopReason() == StopReason.FAILED) {
        throw clients.failure("the search failed: " + TtcCommand.describe(SearchResult.unwrap(result.failure())),
            result.failure());
      }
      if (result.stopReason() == StopReason.CANCELLED) {
        throw clients.failure("the search was cancelled", null);
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
    if (!server.served()) {
      throw usage("Missing required option: '--base-url=URL' (or give --replay-trace FILE)");
    }
    server.validate();
    if (needsScores && server.prmUrl == null) {
      throw usage(server.replayTrace != null
          ? what + " needs a process reward model, and --replay-trace " + server.replayTrace
              + " holds none (use --strategy majority)"
          : what + " needs a process reward model: give --prm-url and --prm-model (or use --strategy majority)");
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
