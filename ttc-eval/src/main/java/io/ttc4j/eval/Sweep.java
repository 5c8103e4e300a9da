package io.ttc4j.eval;

import io.ttc4j.core.AnswerEquivalence;
import io.ttc4j.core.AnswerExtractor;
import io.ttc4j.core.Candidate;
import io.ttc4j.core.Generator;
import io.ttc4j.core.Problem;
import io.ttc4j.core.ProcessRewardModel;
import io.ttc4j.core.Search;
import io.ttc4j.core.SearchResult;
import io.ttc4j.core.SearchStrategy;
import io.ttc4j.strategies.SearchEngine;
import io.ttc4j.core.Selection;
import io.ttc4j.core.StopReason;
import io.ttc4j.core.Usage;
import io.ttc4j.strategies.BestOfN;
import io.ttc4j.strategies.Confidence;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A budget sweep: every problem × seed × N, every strategy (best-of-N selection rules and searched
 * strategies such as beam search), with exact usage.
 *
 * <h2>Run design</h2>
 * For each (problem, seed, N) the sweep runs one real {@link BestOfN} search through {@link Search}
 * (so sampling and scoring are metered against the per-query budget like any production query),
 * with {@code scoreAlways = true} so the reward model scores every sample, and with the sweep seed
 * as the search seed. It then applies <em>every</em> selection rule to that one candidate set, in
 * generation order ({@link SearchResult#inGenerationOrder()}). Reusing one candidate set for all
 * rules makes the comparison between rules paired: they differ only in how they choose, never in
 * what they were given.
 *
 * <p>Each searched strategy ({@link SweepStrategy#isBestOfNRule()} false: beam search, DVTS, REBASE,
 * …) runs its own search per (problem, seed, N), with the same sweep seed; its row is the answer that
 * strategy chose and the usage its search metered. Step-level strategies expand the empty prefix
 * with the search seed first, so their first children are best-of-N's first samples: the comparison
 * with best-of-N shares random numbers too.
 *
 * <p>Each N is its own search. Because the simulator's sample {@code i} depends only on (problem,
 * seed, i), searches at different N with the same seed share their first samples: common random
 * numbers. Every N's accuracy is still an unbiased estimate of that N's accuracy, and differences
 * between N are paired, so they are estimated with far less noise than independent runs would give.
 *
 * <h2>Usage accounting per row</h2>
 * <ul>
 *   <li>{@code naive}, {@code weighted}: the metered usage of the search;</li>
 *   <li>{@code majority}, {@code oracle}: the same minus the reward-model calls (they need none);</li>
 *   <li>{@code first}: the usage of the N = 1 search of the same problem and seed, minus reward-model
 *       calls (its sample 0 is the same sample); N = 1 is searched even when it is not in the Ns.</li>
 * </ul>
 *
 * <h2>Correctness</h2>
 * A chosen answer is correct when the sweep's {@link io.ttc4j.prm.Verifier} accepts it, when one is
 * set (a Game of 24 checker, a test runner), and otherwise when it is equivalent to the problem's
 * reference under the sweep's
 * {@link AnswerEquivalence} (which also groups votes); a chosen candidate without answer is wrong.
 *
 * <h2>Confidence</h2>
 * Every row records the {@link Confidence} of the candidates its answer was chosen from in that
 * answer, with votes grouped by the sweep's equivalence (so a cascade's escalation thresholds can be
 * fitted from {@code results.jsonl}):
 * <ul>
 *   <li>a searched strategy: {@link Confidence#of(SearchResult, AnswerEquivalence)} of its search;</li>
 *   <li>{@code naive}, {@code weighted}, {@code majority}, {@code oracle}: the N candidates the rule
 *       chose from, in the rule's answer (shares 0 when it could choose none);</li>
 *   <li>{@code first}: its own one-candidate set, the chosen sample alone ({@link Confidence#NONE}
 *       when there is none).</li>
 * </ul>
 *
 * <h2>Recorded samples</h2>
 * Every finished sample of each unit's largest-N search reaches {@link Listener#samplesRecorded}
 * (answer, score, correctness, tokens), from which {@link io.ttc4j.eval.stats.UnbiasedAtK}
 * estimates every rule at every k up to N without another search.
 *
 * <h2>Concurrency and determinism</h2>
 * Every search runs through one {@link SearchEngine} that bounds the model calls in flight at
 * {@link SweepSettings#concurrency()} (generator and reward-model calls together, oldest search
 * first). The (problem, seed) units run on a pool of that many threads; each unit starts all of its
 * searches at once and waits for them, so against a server with latency the calls of many searches
 * overlap up to the limit, and against the in-process simulator the threads use the cores. A
 * search's result does not depend on when its calls ran, and rows are sorted into a canonical order
 * before they are summarised or returned, so results do not depend on the concurrency.
 */
public final class Sweep {

  /** Receives each (problem, seed) unit's rows as it finishes; called on the thread that runs the sweep, one call at a time. */
  @FunctionalInterface
  public interface Listener {
    /**
     * One unit finished.
     *
     * @param rows  its rows (every strategy × N of one problem and seed)
     * @param done  units finished so far, this one included
     * @param total units in the sweep
     */
    void unitFinished(List<ResultRow> rows, int done, int total);

    /**
     * The samples of the unit's largest search, just before {@link #unitFinished} for the same
     * unit (so a sink that writes both writes the samples first). Does nothing by default.
     */
    default void samplesRecorded(UnitSamples samples) {}
  }

  private final List<Problem> problems;
  private final Generator generator;
  private final ProcessRewardModel prm;
  private final AnswerExtractor extractor;
  private final AnswerEquivalence equivalence;
  private final io.ttc4j.prm.Verifier verifier;
  private final SweepSettings settings;
  private final Map<Integer, SearchStrategy> bestOfN = new LinkedHashMap<>();
  private final Map<SweepStrategy, Map<Integer, SearchStrategy>> searched = new LinkedHashMap<>();

  private Sweep(Builder b) {
    this.problems = List.copyOf(Objects.requireNonNull(b.problems, "problems are required"));
    this.generator = Objects.requireNonNull(b.generator, "generator is required");
    this.extractor = Objects.requireNonNull(b.extractor, "answerExtractor is required");
    this.equivalence = Objects.requireNonNull(b.equivalence, "equivalence is required");
    this.settings = Objects.requireNonNull(b.settings, "settings are required");
    this.prm = b.prm;
    this.verifier = b.verifier;
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("problems must not be empty");
    }
    Set<String> ids = new HashSet<>();
    for (Problem p : problems) {
      if (!ids.add(p.id())) {
        throw new IllegalArgumentException("problem ids must be unique, got '" + p.id() + "' twice");
      }
      if (!p.hasReference() && verifier == null) {
        throw new IllegalArgumentException("problem '" + p.id() + "' has no reference answer; a sweep needs one to grade"
            + " (or a verifier)");
      }
    }
    if (prm == null) {
      for (SweepStrategy s : settings.strategies()) {
        if (s.needsScores()) {
          throw new IllegalArgumentException("strategy " + s.name() + " needs a process reward model, but the sweep has none");
        }
      }
    }
    for (int n : settings.searchedNs()) {
      // the configured rule only decides SearchResult.answer, which the sweep does not use; majority
      // needs no scores, and scoreAlways makes the reward model score every sample anyway
      BestOfN strategy = BestOfN.of(new BestOfN.Config(n, Selection.MAJORITY, settings.aggregation(),
          settings.temperature(), settings.maxTokens(), true));
      bestOfN.put(n, strategy);
    }
    for (SweepStrategy s : settings.searchedStrategies()) {
      Map<Integer, SearchStrategy> byN = new LinkedHashMap<>();
      for (int n : settings.ns()) {
        SearchStrategy strategy;
        try {
          strategy = s.create(n, settings.aggregation(), settings.temperature(), settings.maxTokens());
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("strategy " + s.name() + " at n=" + n + ": " + e.getMessage(), e);
        }
        byN.put(n, strategy);
      }
      searched.put(s, byN);
    }
  }

  /**
   * The engine of one run: every search of every unit shares the models under one limit of
   * {@link SweepSettings#concurrency()} calls in flight. No reward-model cache: every strategy of the
   * sweep scores each node once already.
   */
  private SearchEngine engine() {
    SearchEngine.Builder b = SearchEngine.builder().generator(generator).answerExtractor(extractor)
        .equivalence(equivalence).maxConcurrentCalls(settings.concurrency()).prmCache(false);
    if (prm != null) {
      b.prm(prm);
    }
    return b.build();
  }

  /** A builder; problems, generator, answer extractor, equivalence and settings are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The settings. */
  public SweepSettings settings() {
    return settings;
  }

  /** The problems, in data-set order. */
  public List<Problem> problems() {
    return problems;
  }

  /** The number of (problem, seed) units. */
  public int units() {
    return problems.size() * settings.seeds().size();
  }

  /** Runs the sweep without a listener. */
  public SweepResult run() throws InterruptedException {
    return run(List.of(), (rows, done, total) -> { });
  }

  /** Runs the sweep, calling {@code listener} as each (problem, seed) unit finishes. */
  public SweepResult run(Listener listener) throws InterruptedException {
    return run(List.of(), listener);
  }

  /**
   * The rows of {@code previous} that belong to complete (problem, seed) units of this sweep (one
   * row per strategy × N), in canonical order; rows of incomplete units are left out. Use it to
   * resume a killed sweep from its {@code results.jsonl}.
   *
   * @throws IllegalArgumentException naming the first row that does not belong to this sweep (an
   *     unknown problem, seed, N or strategy), or a row given twice
   */
  public List<ResultRow> completeUnits(List<ResultRow> previous) {
    Objects.requireNonNull(previous, "previous");
    Set<String> problemIds = new HashSet<>();
    for (Problem p : problems) problemIds.add(p.id());
    Map<String, Set<String>> byUnit = new HashMap<>();
    for (ResultRow r : previous) {
      if (!problemIds.contains(r.problemId()) || !settings.seeds().contains(r.seed())
          || !settings.ns().contains(r.n()) || !settings.strategies().contains(r.strategy())) {
        throw new IllegalArgumentException("row does not belong to this sweep (problem, seed, n or strategy not in "
            + "its settings): " + r);
      }
      if (!byUnit.computeIfAbsent(unitKey(r.problemId(), r.seed()), k -> new HashSet<>())
          .add(r.strategy().name() + "@" + r.n())) {
        throw new IllegalArgumentException("row given twice: " + r);
      }
    }
    int perUnit = settings.ns().size() * settings.strategies().size();
    List<ResultRow> kept = new ArrayList<>();
    for (ResultRow r : previous) {
      if (byUnit.get(unitKey(r.problemId(), r.seed())).size() == perUnit) kept.add(r);
    }
    kept.sort(canonicalOrder());
    return kept;
  }

  /**
   * Runs the (problem, seed) units that {@code previous} does not complete, calling
   * {@code listener} as each finishes, and returns the result over the previous rows and the new
   * ones together: resuming a killed sweep. {@code done} and {@code total} of the listener count
   * the units run now.
   *
   * @param previous rows of an earlier run of the same sweep; see {@link #completeUnits}
   * @throws IllegalArgumentException when a previous row does not belong to this sweep
   * @throws IllegalStateException    when a search throws instead of completing (a strategy or
   *     generator bug, not a failed call: failed calls end the search with {@code FAILED})
   * @throws InterruptedException     when the calling thread is interrupted; the pool is stopped
   */
  public SweepResult run(List<ResultRow> previous, Listener listener) throws InterruptedException {
    Objects.requireNonNull(listener, "listener");
    List<ResultRow> kept = completeUnits(previous);
    Set<String> skip = new HashSet<>();
    for (ResultRow r : kept) skip.add(unitKey(r.problemId(), r.seed()));
    long start = System.nanoTime();
    ExecutorService pool = Executors.newFixedThreadPool(settings.concurrency(), daemonThreads());
    SearchEngine engine = engine();
    List<ResultRow> all = new ArrayList<>(kept);
    long crnMismatches = 0;
    long failed = previousFailures(kept);
    UnitResult firstFailed = null;
    try {
      CompletionService<UnitResult> done = new ExecutorCompletionService<>(pool);
      int total = 0;
      for (int pi = 0; pi < problems.size(); pi++) {
        Problem problem = problems.get(pi);
        for (int si = 0; si < settings.seeds().size(); si++) {
          int unitIndex = pi * settings.seeds().size() + si;
          long seed = settings.seeds().get(si);
          if (skip.contains(unitKey(problem.id(), seed))) continue;
          done.submit(() -> runUnit(engine, unitIndex, problem, seed));
          total++;
        }
      }
      for (int finished = 1; finished <= total; finished++) {
        UnitResult unit;
        try {
          unit = done.take().get();
        } catch (ExecutionException e) {
          Throwable cause = SearchResult.unwrap(e);
          throw new IllegalStateException(cause.getMessage(), cause);
        }
        all.addAll(unit.rows);
        if (unit.samples != null) listener.samplesRecorded(unit.samples);
        crnMismatches += unit.crnMismatches;
        failed += unit.failedSearches;
        if (unit.firstFailure != null && (firstFailed == null || unit.index < firstFailed.index)) {
          firstFailed = unit;
        }
        listener.unitFinished(unit.rows, finished, total);
      }
    } finally {
      pool.shutdownNow();
      engine.close();
    }
    all.sort(canonicalOrder());
    long searchCount = (long) units() * (settings.searchedNs().size()
        + (long) settings.searchedStrategies().size() * settings.ns().size());
    return new SweepResult(settings, problems.size(), all, SummaryRow.summarise(all), searchCount, failed,
        firstFailed == null ? null : firstFailed.firstFailure, crnMismatches,
        Duration.ofNanos(System.nanoTime() - start));
  }

  /**
   * Failed searches behind earlier rows: each (problem, seed, N) with a failed best-of-N row other
   * than {@code first} counts once (the rules share one search), each failed searched row once.
   */
  private static long previousFailures(List<ResultRow> rows) {
    Set<String> failed = new HashSet<>();
    for (ResultRow r : rows) {
      if (r.stopReason() == StopReason.FAILED && !r.strategy().equals(SweepStrategy.FIRST)) {
        String search = r.strategy().isBestOfNRule() ? "best-of-n" : r.strategy().name();
        failed.add(unitKey(r.problemId(), r.seed()) + '\u0000' + r.n() + '\u0000' + search);
      }
    }
    return failed.size();
  }

  private static String unitKey(String problemId, long seed) {
    return problemId + '\u0000' + seed;
  }

  /** Rows sorted by problem (data-set order), seed (settings order), N, strategy (settings order). */
  public Comparator<ResultRow> canonicalOrder() {
    Map<String, Integer> problemIndex = new HashMap<>();
    for (int i = 0; i < problems.size(); i++) {
      problemIndex.put(problems.get(i).id(), i);
    }
    Map<Long, Integer> seedIndex = new HashMap<>();
    for (int i = 0; i < settings.seeds().size(); i++) {
      seedIndex.put(settings.seeds().get(i), i);
    }
    List<SweepStrategy> strategies = settings.strategies();
    return Comparator.comparingInt((ResultRow r) -> problemIndex.getOrDefault(r.problemId(), Integer.MAX_VALUE))
        .thenComparing(ResultRow::problemId)
        .thenComparingInt(r -> seedIndex.getOrDefault(r.seed(), Integer.MAX_VALUE))
        .thenComparingLong(ResultRow::seed)
        .thenComparingInt(ResultRow::n)
        .thenComparingInt(r -> strategies.indexOf(r.strategy()));
  }

  private record UnitResult(int index, List<ResultRow> rows, UnitSamples samples, int crnMismatches,
      int failedSearches, String firstFailure) {}

  private UnitResult runUnit(SearchEngine engine, int index, Problem problem, long seed) {
    // every search of the unit starts at once: against a server with latency they overlap, bounded by
    // the engine's call limit; against the in-process simulator each completes as it starts
    Map<Integer, CompletableFuture<SearchResult>> bonFutures = new LinkedHashMap<>();
    for (Map.Entry<Integer, SearchStrategy> e : bestOfN.entrySet()) {
      bonFutures.put(e.getKey(), engine.solve(e.getValue(), problem, settings.budget(), seed));
    }
    Map<SweepStrategy, Map<Integer, CompletableFuture<SearchResult>>> searchedFutures = new LinkedHashMap<>();
    for (Map.Entry<SweepStrategy, Map<Integer, SearchStrategy>> e : searched.entrySet()) {
      Map<Integer, CompletableFuture<SearchResult>> byN = new LinkedHashMap<>();
      for (Map.Entry<Integer, SearchStrategy> s : e.getValue().entrySet()) {
        byN.put(s.getKey(), engine.solve(s.getValue(), problem, settings.budget(), seed));
      }
      searchedFutures.put(e.getKey(), byN);
    }
    Map<Integer, SearchResult> byN = new HashMap<>();
    int failedSearches = 0;
    String firstFailure = null;
    for (Map.Entry<Integer, CompletableFuture<SearchResult>> e : bonFutures.entrySet()) {
      SearchResult r = join(e.getValue(), "best-of-" + e.getKey(), problem, seed);
      if (r.stopReason() == StopReason.FAILED) {
        failedSearches++;
        if (firstFailure == null) {
          firstFailure = "problem " + problem.id() + ", seed " + seed + ", n " + e.getKey() + ": " + describe(r.failure());
        }
      }
      byN.put(e.getKey(), r);
    }
    Map<SweepStrategy, Map<Integer, SearchResult>> searchedResults = new HashMap<>();
    for (Map.Entry<SweepStrategy, Map<Integer, CompletableFuture<SearchResult>>> e : searchedFutures.entrySet()) {
      Map<Integer, SearchResult> results = new HashMap<>();
      for (Map.Entry<Integer, CompletableFuture<SearchResult>> s : e.getValue().entrySet()) {
        SearchResult r = join(s.getValue(), e.getKey().name() + "@" + s.getKey(), problem, seed);
        if (r.stopReason() == StopReason.FAILED) {
          failedSearches++;
          if (firstFailure == null) {
            firstFailure = "problem " + problem.id() + ", seed " + seed + ", " + e.getKey().name() + " n " + s.getKey()
                + ": " + describe(r.failure());
          }
        }
        results.put(s.getKey(), r);
      }
      searchedResults.put(e.getKey(), results);
    }
    Predicate<Candidate> correct = verifier != null
        ? c -> c.hasAnswer() && verifier.verify(problem, c.answer())
        : c -> c.hasAnswer() && equivalence.equivalent(c.answer(), problem.reference());
    SearchResult one = byN.get(1);
    List<Candidate> firstCandidates = one == null ? List.of() : one.inGenerationOrder();
    List<ResultRow> rows = new ArrayList<>(settings.ns().size() * settings.strategies().size());
    int mismatches = 0;
    for (int n : settings.ns()) {
      SearchResult result = byN.get(n);
      List<Candidate> candidates = result == null ? List.of() : result.inGenerationOrder();
      if (one != null && !candidates.isEmpty() && !firstCandidates.isEmpty()
          && !candidates.get(0).trajectory().sameSteps(firstCandidates.get(0).trajectory())) {
        mismatches++;
      }
      boolean scored = allScored(candidates);
      // the rules choosing from these candidates often agree: one confidence per chosen answer (null too)
      Map<String, Confidence> confidenceIn = new HashMap<>();
      for (SweepStrategy strategy : settings.strategies()) {
        if (!strategy.isBestOfNRule()) {
          SearchResult r = searchedResults.get(strategy).get(n);
          Candidate chosen = r.best().orElse(null);
          rows.add(new ResultRow(problem.id(), strategy, n, seed, r.candidates().size(), r.answer(),
              problem.reference(), chosen != null && correct.test(chosen), r.stopReason(), r.usage(),
              r.failure() == null ? null : describe(r.failure()), Confidence.of(r, equivalence)));
          continue;
        }
        Selection rule = strategy.selection();
        SearchResult accountedTo = rule == Selection.FIRST ? one : result;
        Usage usage = rule.needsScores() ? accountedTo.usage() : withoutPrm(accountedTo.usage());
        String error = accountedTo.failure() == null ? null : describe(accountedTo.failure());
        Candidate chosen = null;
        if (rule.needsScores() && !scored) {
          error = error != null ? error : "candidates have no reward-model scores";
        } else {
          int pos = rule.select(candidates, equivalence, correct);
          chosen = pos < 0 ? null : candidates.get(pos);
        }
        String answer = chosen == null ? null : chosen.answer();
        // first chose from its own one sample; every other rule from the N candidates
        Confidence confidence = rule == Selection.FIRST
            ? Confidence.of(chosen == null ? List.of() : List.of(chosen), answer, equivalence)
            : confidenceIn.computeIfAbsent(answer, a -> Confidence.of(candidates, a, equivalence));
        rows.add(new ResultRow(problem.id(), strategy, n, seed, candidates.size(), answer, problem.reference(),
            chosen != null && correct.test(chosen), accountedTo.stopReason(), usage, error, confidence));
      }
    }
    UnitSamples unitSamples = null;
    if (!byN.isEmpty()) {
      int largest = settings.ns().get(settings.ns().size() - 1);
      List<UnitSamples.Sample> samples = new ArrayList<>();
      for (Candidate c : byN.get(largest).inGenerationOrder()) {
        samples.add(new UnitSamples.Sample(c.answer(), c.score(), correct.test(c), c.trajectory().tokens()));
      }
      unitSamples = new UnitSamples(problem.id(), seed, largest, samples);
    }
    return new UnitResult(index, rows, unitSamples, mismatches, failedSearches, firstFailure);
  }

  private static SearchResult join(CompletableFuture<SearchResult> search, String what, Problem problem, long seed) {
    try {
      return search.join();
    } catch (RuntimeException ex) {
      Throwable cause = SearchResult.unwrap(ex);
      throw new IllegalStateException(what + " search on problem '" + problem.id() + "' with seed " + seed
          + " threw instead of completing: " + cause, cause);
    }
  }

  private static boolean allScored(List<Candidate> candidates) {
    for (Candidate c : candidates) {
      if (!c.isScored()) return false;
    }
    return true;
  }

  private static Usage withoutPrm(Usage u) {
    return u.minus(Usage.ofPrm(u.prmCalls(), u.prmTokens()));
  }

  private static String describe(Throwable t) {
    Throwable c = SearchResult.unwrap(t);
    return c.getMessage() == null ? c.getClass().getSimpleName() : c.getClass().getSimpleName() + ": " + c.getMessage();
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger count = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "ttc-sweep-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** Assembles a {@link Sweep}. */
  public static final class Builder {
    private List<Problem> problems;
    private Generator generator;
    private ProcessRewardModel prm;
    private AnswerExtractor extractor;
    private AnswerEquivalence equivalence;
    private io.ttc4j.prm.Verifier verifier;
    private SweepSettings settings = SweepSettings.defaults();

    private Builder() {}

    /** The problems, each with a unique id and a reference answer (required). */
    public Builder problems(List<Problem> v) {
      problems = Objects.requireNonNull(v, "problems");
      return this;
    }

    /** The generator (required). */
    public Builder generator(Generator v) {
      generator = Objects.requireNonNull(v, "generator");
      return this;
    }

    /** The process reward model (required when a strategy needs scores). */
    public Builder prm(ProcessRewardModel v) {
      prm = Objects.requireNonNull(v, "prm");
      return this;
    }

    /** Turns solutions into answers (required). */
    public Builder answerExtractor(AnswerExtractor v) {
      extractor = Objects.requireNonNull(v, "answerExtractor");
      return this;
    }

    /** Groups votes and grades answers against references (required). */
    public Builder equivalence(AnswerEquivalence v) {
      equivalence = Objects.requireNonNull(v, "equivalence");
      return this;
    }

    /**
     * An exact verifier used as the correctness oracle instead of comparing answers with the
     * reference (for example a Game of 24 checker or a test runner); optional. Votes are still
     * grouped by the equivalence.
     */
    public Builder verifier(io.ttc4j.prm.Verifier v) {
      verifier = Objects.requireNonNull(v, "verifier");
      return this;
    }

    /** The settings (default {@link SweepSettings#defaults()}). */
    public Builder settings(SweepSettings v) {
      settings = Objects.requireNonNull(v, "settings");
      return this;
    }

    /** The sweep. */
    public Sweep build() {
      return new Sweep(this);
    }
  }
}
