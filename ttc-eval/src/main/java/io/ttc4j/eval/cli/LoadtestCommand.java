package io.ttc4j.eval.cli;

import io.ttc4j.core.Budget;
import io.ttc4j.core.Problem;
import io.ttc4j.core.Search;
import io.ttc4j.core.SearchResult;
import io.ttc4j.core.SearchStrategy;
import io.ttc4j.core.Selection;
import io.ttc4j.datasets.Datasets;
import io.ttc4j.datasets.MathAnswers;
import io.ttc4j.sim.Simulator;
import io.ttc4j.sim.SimulatorPreset;
import io.ttc4j.strategies.BeamSearch;
import io.ttc4j.strategies.BestOfN;
import io.ttc4j.strategies.Dvts;
import io.ttc4j.strategies.Rebase;
import io.ttc4j.strategies.SearchEngine;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ttc loadtest}: many concurrent searches on one {@link SearchEngine} against the simulator
 * with an artificial latency per model call, to measure how well the engine keeps its permits busy.
 *
 * <p>Efficiency is the ideal time over the measured wall time, where the ideal is what a perfect
 * engine would need with the same calls: {@code calls × latency / concurrency}, calls being the
 * generator calls plus the reward-model calls the simulator received.
 */
@Command(
    name = "loadtest",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Runs many searches at once on one search engine against the simulator, with an artificial latency per "
            + "generator and reward-model call, and reports how close the run came to the ideal time.",
        "",
        "Query i solves problem (i mod the data set's size) of the preset's data set with search seed --seed + i; "
            + "every query is submitted at the start and the engine serves the calls of the oldest searches first. "
            + "The ideal time is calls x latency / concurrency, calls being the generator calls plus the reward-model "
            + "calls the simulator received; the last line is efficiency=<ideal time / measured wall time>.",
        ""})
final class LoadtestCommand implements Callable<Integer> {

  /** The strategies a load test can run. */
  static final List<String> STRATEGIES = List.of("beam", "best-of-n", "dvts", "rebase");

  @Spec
  CommandSpec spec;

  @Option(names = "--queries", paramLabel = "Q", defaultValue = "1000",
      description = "Searches to run (default: ${DEFAULT-VALUE}); the data set is cycled when Q exceeds its size.")
  int queries;

  @Option(names = "--strategy", paramLabel = "NAME", defaultValue = "beam",
      description = "Search strategy: beam, best-of-n, dvts or rebase (with --beam-width), or any strategy a sweep "
          + "names, e.g. rebase[t=0.5], mcts, sc (default: ${DEFAULT-VALUE}).")
  String strategy;

  @Option(names = "--n", paramLabel = "N", defaultValue = "16",
      description = "Beams, samples or expansions per iteration N (default: ${DEFAULT-VALUE}).")
  int n;

  @Option(names = "--beam-width", paramLabel = "M", defaultValue = "4",
      description = "Beam width M of beam and dvts; divides N (default: ${DEFAULT-VALUE}).")
  int beamWidth;

  @Option(names = "--latency-ms", paramLabel = "MS", defaultValue = "20",
      description = "Milliseconds each generator and reward-model call takes (default: ${DEFAULT-VALUE}).")
  int latencyMs;

  @Option(names = "--concurrency", paramLabel = "C", defaultValue = "64",
      description = "Model calls in flight at once, generator and reward model together (default: ${DEFAULT-VALUE}).")
  int concurrency;

  @Option(names = "--preset", paramLabel = "NAME", defaultValue = "math500",
      description = "Simulator preset; its data set supplies the problems (default: ${DEFAULT-VALUE}).")
  String preset;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
      description = "Seed of the simulator and first search seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--warmup", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Run a short warm-up first, so that JIT compilation is not measured (default: on).")
  boolean warmup;

  @Option(names = "--zero-latency-baseline",
      description = "Also run the same queries without latency and print the engine overhead: that wall time over "
          + "the wall time with latency.")
  boolean baseline;

  @Option(names = "--threads", paramLabel = "T",
      description = "Threads that deliver the simulated results, on which the searches then run "
          + "(default: available processors).")
  Integer threads;

  @Override
  public Integer call() {
    requireAtLeast("--queries", queries, 1);
    requireAtLeast("--n", n, 1);
    requireAtLeast("--beam-width", beamWidth, 1);
    requireAtLeast("--latency-ms", latencyMs, 1);
    requireAtLeast("--concurrency", concurrency, 1);
    int deliveryThreads = threads == null ? Math.max(1, Runtime.getRuntime().availableProcessors()) : threads;
    requireAtLeast("--threads", deliveryThreads, 1);
    SearchStrategy searchStrategy = strategy();
    SimulatorPreset simPreset;
    try {
      simPreset = SimulatorPreset.named(preset);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--preset must be one of " + SimulatorPreset.names() + ", got '" + preset + "'",
          e);
    }
    List<Problem> problems = Datasets.load(simPreset.dataset());
    Simulator sim = Simulator.create(simPreset, seed).withAnswerCheck(MathAnswers.equivalence());
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();

    ScheduledThreadPoolExecutor scheduler = scheduler(deliveryThreads);
    try {
      if (warmup) {
        int warm = Math.min(queries, 500);
        err.printf("ttc loadtest: warming up (%d queries without latency, %d with 1 ms)%n", warm,
            Math.min(queries, 4 * concurrency));
        err.flush();
        run(sim, searchStrategy, problems, warm);
        run(sim.withLatency(scheduler, Duration.ofMillis(1), Duration.ZERO), searchStrategy, problems,
            Math.min(queries, 4 * concurrency));
      }
      Run timed = run(sim.withLatency(scheduler, Duration.ofMillis(latencyMs), Duration.ZERO), searchStrategy,
          problems, queries);
      SearchEngine.Stats s = timed.stats;
      long calls = s.modelCalls();
      double wall = timed.wallNanos / 1e9;
      double ideal = calls * (latencyMs / 1e3) / concurrency;
      out.printf(Locale.ROOT, "queries: %d of %s (%d problems), strategy %s, latency %d ms per call, concurrency %d%n",
          queries, simPreset.dataset(), problems.size(), searchStrategy.name(), latencyMs, concurrency);
      out.printf(Locale.ROOT, "calls: %d (generator %d, reward model %d)%n", calls, s.generatorCalls(),
          s.rewardModelCalls());
      out.printf(Locale.ROOT, "wall time: %.3f s%n", wall);
      out.printf(Locale.ROOT, "ideal time: %.3f s (%d calls x %d ms / %d)%n", ideal, calls, latencyMs, concurrency);
      out.printf(Locale.ROOT, "search latency from submission: p50 %.3f s, p99 %.3f s, max %.3f s%n",
          timed.percentile(0.50), timed.percentile(0.99), timed.percentile(1.0));
      out.printf(Locale.ROOT, "max in flight: %d; permits busy %.1f%% of the wall time; per call: %.2f ms from start "
              + "to end, %.1f ms waiting for a permit%n", s.maxInFlight(), 100.0 * s.callNanos() / timed.wallNanos
              / concurrency, s.callNanos() / 1e6 / Math.max(1, s.callsFinished()),
          s.permitWaitNanos() / 1e6 / Math.max(1, s.callsStarted()));
      out.printf(Locale.ROOT, "correct: %d of %d%n", timed.correct, queries);
      if (baseline) {
        // three times each, to see through other load on the machine: the median is reported, the minimum shown
        long[] engineNanos = new long[3];
        long[] aloneNanos = new long[3];
        boolean same = true;
        for (int i = 0; i < 3; i++) {
          Run zero = run(sim, searchStrategy, problems, queries);
          Run alone = searchAlone(sim, searchStrategy, problems, queries);
          engineNanos[i] = zero.wallNanos;
          aloneNanos[i] = alone.wallNanos;
          same &= Arrays.equals(zero.fingerprints, timed.fingerprints)
              && Arrays.equals(alone.fingerprints, timed.fingerprints);
        }
        Arrays.sort(engineNanos);
        Arrays.sort(aloneNanos);
        double zeroWall = engineNanos[1] / 1e9;
        double aloneWall = aloneNanos[1] / 1e9;
        out.printf(Locale.ROOT, "zero-latency baseline (median of 3): %.3f s through the engine (min %.3f s), "
                + "%.3f s with Search alone one by one (min %.3f s); same results with and without latency: %s%n",
            zeroWall, engineNanos[0] / 1e9, aloneWall, aloneNanos[0] / 1e9, same ? "yes" : "no");
        out.printf(Locale.ROOT, "the engine's own share: %.3f s = %.2f%% of the run with latency%n",
            zeroWall - aloneWall, 100 * (zeroWall - aloneWall) / wall);
        out.printf(Locale.ROOT, "overhead=%.4f (zero-latency wall time over wall time with latency: %.2f%%)%n",
            zeroWall / wall, 100 * zeroWall / wall);
      }
      out.printf(Locale.ROOT, "efficiency=%.3f%n", ideal / wall);
      out.flush();
      return 0;
    } finally {
      scheduler.shutdownNow();
    }
  }

  /** One timed run of {@code count} queries on a fresh engine. */
  private Run run(Simulator sim, SearchStrategy searchStrategy, List<Problem> problems, int count) {
    SearchEngine.Builder builder = SearchEngine.builder()
        .generator(sim.generator())
        .prm(sim.prm())
        .answerExtractor(MathAnswers.extractor())
        .equivalence(MathAnswers.equivalence())
        .maxConcurrentCalls(concurrency);
    try (SearchEngine engine = builder.build()) {
      return submit(problems, count, (p, s) -> engine.solve(searchStrategy, p, Budget.unlimited(), s), engine::stats);
    }
  }

  /**
   * The same queries with a plain {@link Search} and no engine, for the zero-latency comparison: with
   * models that answer at once, each search runs to its end inside {@code solve}, one after the other.
   */
  private Run searchAlone(Simulator sim, SearchStrategy searchStrategy, List<Problem> problems, int count) {
    Search search = Search.builder()
        .generator(sim.generator())
        .prm(sim.prm())
        .strategy(searchStrategy)
        .answerExtractor(MathAnswers.extractor())
        .equivalence(MathAnswers.equivalence())
        .build();
    return submit(problems, count, (p, s) -> search.solve(p, Budget.unlimited(), s), () -> null);
  }

  /** Starts a search per query. */
  @FunctionalInterface
  private interface Solver {
    CompletableFuture<SearchResult> solve(Problem problem, long seed);
  }

  /** Submits every query at once, waits for all, and records latencies, results and correct answers. */
  private Run submit(List<Problem> problems, int count, Solver solver, Supplier<SearchEngine.Stats> stats) {
    long[] latencies = new long[count];
    String[] fingerprints = new String[count];
    AtomicInteger correct = new AtomicInteger();
    CompletableFuture<?>[] all = new CompletableFuture<?>[count];
    Throwable[] firstFailure = new Throwable[1];
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      Problem p = problems.get(i % problems.size());
      int query = i;
      long submitted = System.nanoTime();
      all[i] = solver.solve(p, seed + i).whenComplete((r, e) -> {
        latencies[query] = System.nanoTime() - submitted;
        if (e != null || r.failure() != null) {
          synchronized (firstFailure) {
            if (firstFailure[0] == null) firstFailure[0] = e != null ? e : r.failure();
          }
          return;
        }
        fingerprints[query] = r.answer() + " " + r.stopReason() + " " + r.usage().withCostNanoUsd(0);
        if (r.answer() != null && p.hasReference() && MathAnswers.equivalence().equivalent(r.answer(), p.reference())) {
          correct.incrementAndGet();
        }
      });
    }
    CompletableFuture.allOf(all).handle((v, e) -> null).join();
    long end = System.nanoTime();
    if (firstFailure[0] != null) {
      throw new IllegalStateException("a search failed: " + TtcCommand.describe(firstFailure[0]), firstFailure[0]);
    }
    Arrays.sort(latencies);
    return new Run(end - start, stats.get(), latencies, fingerprints, correct.get());
  }

  private record Run(long wallNanos, SearchEngine.Stats stats, long[] sortedLatencies, String[] fingerprints,
      int correct) {

    /** The {@code q}-quantile of the search latencies in seconds (nearest rank). */
    double percentile(double q) {
      int rank = (int) Math.ceil(q * sortedLatencies.length);
      return sortedLatencies[Math.max(0, Math.min(sortedLatencies.length - 1, rank - 1))] / 1e9;
    }
  }

  private SearchStrategy strategy() {
    String s = strategy.toLowerCase(Locale.ROOT);
    if ((s.equals("beam") || s.equals("dvts")) && n % beamWidth != 0) {
      throw new IllegalArgumentException("--beam-width must divide --n, got --n " + n + " and --beam-width " + beamWidth);
    }
    switch (s) {
      case "beam":
        return BeamSearch.of(BeamSearch.Config.of(n, beamWidth));
      case "best-of-n":
        return BestOfN.of(n, Selection.WEIGHTED);
      case "dvts":
        return Dvts.of(Dvts.Config.of(n, beamWidth));
      case "rebase":
        return Rebase.of(Rebase.Config.of(n));
      default:
        // any strategy a sweep names, e.g. rebase[t=0.5], mcts, sc, beam[width=2]
        io.ttc4j.strategies.StrategySpec spec;
        try {
          spec = io.ttc4j.strategies.StrategySpec.parse(strategy);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("--strategy must be one of " + STRATEGIES + " or a strategy name such as "
              + "rebase[t=0.5]: " + e.getMessage(), e);
        }
        return spec.create(n, io.ttc4j.core.Aggregation.LAST, BestOfN.DEFAULT_TEMPERATURE, BestOfN.DEFAULT_MAX_TOKENS);
    }
  }

  private static ScheduledThreadPoolExecutor scheduler(int threads) {
    AtomicInteger count = new AtomicInteger();
    ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(threads, r -> {
      Thread t = new Thread(r, "ttc-loadtest-latency-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    s.setRemoveOnCancelPolicy(true);
    return s;
  }

  private static void requireAtLeast(String option, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(option + " must be >= " + min + ", got " + value);
    }
  }
}
