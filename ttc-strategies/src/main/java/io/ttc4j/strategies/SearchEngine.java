package io.ttc4j.strategies;

import io.ttc4j.core.AnswerEquivalence;
import io.ttc4j.core.AnswerExtractor;
import io.ttc4j.core.Budget;
import io.ttc4j.core.CallLimiter;
import io.ttc4j.core.Generator;
import io.ttc4j.core.Problem;
import io.ttc4j.core.ProcessRewardModel;
import io.ttc4j.core.Search;
import io.ttc4j.core.SearchListener;
import io.ttc4j.core.SearchResult;
import io.ttc4j.core.SearchStrategy;
import io.ttc4j.prm.BatchingRewardModel;
import io.ttc4j.prm.CachingRewardModel;
import io.ttc4j.strategies.internal.LimitedModels;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Runs many searches at once over one generator and one reward model, with one bound on the model
 * calls in flight: the engine of a serving stack, or of a sweep over hundreds of problems.
 *
 * <pre>{@code
 * try (SearchEngine engine = SearchEngine.builder()
 *     .generator(generator)
 *     .prm(prm)
 *     .answerExtractor(MathAnswers.extractor())
 *     .maxConcurrentCalls(64)
 *     .build()) {
 *   List<CompletableFuture<SearchResult>> results = new ArrayList<>();
 *   for (Problem p : problems) {
 *     results.add(engine.solve(BeamSearch.of(16, 4), p, Budget.tokens(50_000), 42));
 *   }
 *   results.forEach(CompletableFuture::join);
 * }
 * }</pre>
 *
 * <p><b>The limit and its order.</b> Every generator and reward-model call of every search first
 * takes a permit of a {@link CallLimiter} ({@link Builder#maxConcurrentCalls(int)} permits, shared by
 * generator and reward-model calls unless {@link Builder#maxConcurrentCalls(int, int)} separates
 * them). Waiting calls are served oldest search first: each search's priority is its admission
 * number, so the searches admitted first finish first, few searches are half-done at any time, and a
 * load test ends without a long tail. No thread waits for a permit or a model: the calls are futures.
 *
 * <p><b>One search.</b> {@link #solve} runs the strategy through a {@link Search}, so budgets,
 * metering, listeners and cancellation are exactly those of {@code Search}: a call's worst case is
 * reserved against the search's budget <em>before</em> it waits for its permit (the hard limit holds
 * however long the wait; the reservation is released if the call never starts), and the budget's
 * deadline runs during the wait: a call still waiting when it passes is cancelled and leaves the
 * queue. Cancelling the future that {@code solve} returns cancels the search's waiting calls and its
 * calls in flight. Given the same strategy, problem, budget and seed, a search returns what
 * {@code Search.solve} returns with the same models: the limit changes when calls run, not which.
 * (With the cache, a strategy that asks twice for a node's scores is charged once; the strategies of
 * this package never ask twice, so for them nothing differs.)
 *
 * <p><b>Reward-model caching and batching.</b> With caching on (the default), each search's reward
 * model is a {@link CachingRewardModel} in front of the limiter: a trajectory node is never scored
 * twice, and a request answered from the cache takes no permit. (Nodes are keyed by identity, so
 * searches never share nodes; a cache per search holds the same entries as a shared one and is
 * dropped with its search.) With batching on ({@link Builder#prmBatching}, off by default), one
 * {@link BatchingRewardModel} shared by all searches sits behind the limiter and merges the
 * concurrent requests <em>for the same problem</em> into one call of the caller's reward model. Each
 * request holds its permit while it waits for its batch, so the limit bounds requests, and the
 * reward model receives fewer, larger calls ({@link Stats#rewardModelCalls()}).
 *
 * <p><b>Threads.</b> The engine starts no thread, except, with batching and no
 * {@link Builder#scheduler scheduler} of the caller's, one daemon timer thread named
 * {@code ttc4j-engine-batching-<n>} that {@link #close()} stops. Searches run on the threads that
 * complete the models' futures. Thread-safe.
 */
public final class SearchEngine implements AutoCloseable {

  private static final AtomicInteger ENGINES = new AtomicInteger();

  private final Generator generator;
  private final ProcessRewardModel sharedPrm; // the caller's, counted, maybe batched; null without a PRM
  private final BatchingRewardModel batching; // null without batching
  private final ScheduledExecutorService ownedScheduler; // null unless batching without a caller's scheduler
  private final String ownedThreadName;
  private final CallLimiter generatorLimiter;
  private final CallLimiter rewardLimiter; // the same object as generatorLimiter when the limit is shared
  private final boolean prmCache;
  private final AnswerExtractor extractor;
  private final AnswerEquivalence equivalence;
  private final SearchListener listener;
  private final LimitedModels.Counters counters = new LimitedModels.Counters();
  private final AtomicLong admissions = new AtomicLong();
  private final LongAdder searchesFinished = new LongAdder();
  private final Set<CompletableFuture<SearchResult>> running = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  private SearchEngine(Builder b) {
    this.generator = Objects.requireNonNull(b.generator, "generator is required");
    this.extractor = Objects.requireNonNull(b.extractor, "answerExtractor is required");
    this.equivalence = b.equivalence;
    this.listener = b.listener;
    this.prmCache = b.prmCache;
    this.generatorLimiter = new CallLimiter(b.generatorCalls);
    this.rewardLimiter = b.rewardCalls == 0 ? generatorLimiter : new CallLimiter(b.rewardCalls);
    if (b.prm == null) {
      this.sharedPrm = null;
      this.batching = null;
      this.ownedScheduler = null;
      this.ownedThreadName = null;
      return;
    }
    ProcessRewardModel counted = LimitedModels.counted(b.prm, counters);
    if (b.batchSize == 0) {
      this.sharedPrm = counted;
      this.batching = null;
      this.ownedScheduler = null;
      this.ownedThreadName = null;
      return;
    }
    ScheduledExecutorService scheduler = b.scheduler;
    if (scheduler == null) {
      String name = "ttc4j-engine-batching-" + ENGINES.incrementAndGet();
      ScheduledThreadPoolExecutor owned = new ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
      });
      owned.setRemoveOnCancelPolicy(true);
      scheduler = owned;
      this.ownedScheduler = owned;
      this.ownedThreadName = name;
    } else {
      this.ownedScheduler = null;
      this.ownedThreadName = null;
    }
    this.batching = new BatchingRewardModel(counted, b.batchSize, b.batchWait, scheduler);
    this.sharedPrm = batching;
  }

  /** A builder; generator and answer extractor are required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts a search of {@code problem} with {@code strategy} under {@code budget}, its calls bounded
   * with those of every other search of this engine. Returns at once (with zero-latency models the
   * search may already be done). Cancelling the future cancels the search.
   *
   * @param seed the search's seed; every random choice of the strategy derives from it
   * @return the result; after {@link #close()}, a future failed with {@link IllegalStateException}
   */
  public CompletableFuture<SearchResult> solve(SearchStrategy strategy, Problem problem, Budget budget, long seed) {
    Objects.requireNonNull(strategy, "strategy");
    Objects.requireNonNull(problem, "problem");
    Objects.requireNonNull(budget, "budget");
    if (closed) {
      return CompletableFuture.failedFuture(new IllegalStateException("SearchEngine is closed"));
    }
    long priority = admissions.getAndIncrement();
    Search.Builder search = Search.builder()
        .generator(LimitedModels.generator(generator, generatorLimiter, priority, counters))
        .strategy(strategy)
        .answerExtractor(extractor)
        .equivalence(equivalence)
        .listener(listener);
    if (sharedPrm != null) {
      ProcessRewardModel prm = LimitedModels.rewardModel(sharedPrm, rewardLimiter, priority, counters);
      search.prm(prmCache ? new CachingRewardModel(prm, CachingRewardModel.DEFAULT_MAXIMUM_SIZE) : prm);
    }
    CompletableFuture<SearchResult> result = search.build().solve(problem, budget, seed);
    if (result.isDone()) {
      searchesFinished.increment();
      return result;
    }
    running.add(result);
    result.whenComplete((r, e) -> {
      running.remove(result);
      searchesFinished.increment();
    });
    if (closed) {
      result.cancel(true); // close() ran while this search started
    }
    return result;
  }

  /**
   * What the engine's searches have done so far.
   *
   * @param searchesStarted  searches admitted by {@link #solve}
   * @param searchesFinished searches whose futures completed (with a result, an error or cancelled)
   * @param generatorCalls   generator calls started, each with a permit
   * @param rewardCalls      reward-model requests started, each with a permit (requests answered
   *                         from the cache are not counted: they take no permit)
   * @param rewardModelCalls calls that reached the caller's reward model: {@code rewardCalls}
   *                         without batching, fewer with it
   * @param callsFinished    calls started and since ended (completed, failed or cancelled)
   * @param maxInFlight      the most calls in flight at once, at most the permits
   * @param permitsInUse     permits held now
   * @param waiting          calls waiting for a permit now
   * @param permitWaitNanos  nanoseconds calls waited for permits, summed over calls
   * @param callNanos        nanoseconds from each call's start (permit in hand) to its end, summed over
   *                         the calls finished: the time permits were busy
   */
  public record Stats(long searchesStarted, long searchesFinished, long generatorCalls, long rewardCalls,
      long rewardModelCalls, long callsFinished, int maxInFlight, int permitsInUse, int waiting,
      long permitWaitNanos, long callNanos) {

    /** Calls started: generator calls plus reward-model requests. */
    public long callsStarted() {
      return generatorCalls + rewardCalls;
    }

    /** Calls in flight now (started and not ended). */
    public long inFlight() {
      return callsStarted() - callsFinished;
    }

    /** Calls as the models received them: generator calls plus the calls that reached the reward model. */
    public long modelCalls() {
      return generatorCalls + rewardModelCalls;
    }
  }

  /** A snapshot of the counts (each read atomically, not all together). */
  public Stats stats() {
    int inUse = generatorLimiter.inUse();
    int waiting = generatorLimiter.waiting();
    if (rewardLimiter != generatorLimiter) {
      inUse += rewardLimiter.inUse();
      waiting += rewardLimiter.waiting();
    }
    return new Stats(admissions.get(), searchesFinished.sum(), counters.generatorCalls(), counters.rewardCalls(),
        counters.rewardModelCalls(), counters.finished(), counters.maxInFlight(), inUse, waiting,
        counters.permitWaitNanos(), counters.callNanos());
  }

  /** The limit on generator calls in flight (shared with reward-model calls unless separated). */
  public int maxConcurrentGeneratorCalls() {
    return generatorLimiter.maxPermits();
  }

  /** The limit on reward-model calls in flight (shared with generator calls unless separated). */
  public int maxConcurrentRewardCalls() {
    return rewardLimiter.maxPermits();
  }

  /** Whether generator and reward-model calls share one limit. */
  public boolean sharedLimit() {
    return rewardLimiter == generatorLimiter;
  }

  /**
   * Refuses new searches, cancels the searches still running (their futures complete cancelled and
   * their waiting and in-flight calls are cancelled; join the futures first to let them finish),
   * sends the open reward-model batches, and stops the timer thread the engine owns, waiting up to a
   * second for it to end. A caller's scheduler is left running. Idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (CompletableFuture<SearchResult> f : running) {
      f.cancel(true);
    }
    if (batching != null) {
      batching.close();
    }
    if (ownedScheduler != null) {
      ownedScheduler.shutdownNow();
      try {
        // not when close() runs on the timer thread itself: it ends once this task returns
        if (!Thread.currentThread().getName().equals(ownedThreadName)) {
          ownedScheduler.awaitTermination(1, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Assembles a {@link SearchEngine}. */
  public static final class Builder {
    /** The default limit on model calls in flight. */
    public static final int DEFAULT_MAX_CONCURRENT_CALLS = 64;

    private Generator generator;
    private ProcessRewardModel prm;
    private AnswerExtractor extractor;
    private AnswerEquivalence equivalence = AnswerEquivalence.EXACT;
    private SearchListener listener = SearchListener.NONE;
    private int generatorCalls = DEFAULT_MAX_CONCURRENT_CALLS;
    private int rewardCalls; // 0: shared with generator calls
    private boolean prmCache = true;
    private int batchSize; // 0: no batching
    private Duration batchWait;
    private ScheduledExecutorService scheduler;

    private Builder() {}

    /** The generator every search uses (required). */
    public Builder generator(Generator g) {
      generator = Objects.requireNonNull(g, "generator");
      return this;
    }

    /** The reward model every search uses (optional; score-based strategies need one). */
    public Builder prm(ProcessRewardModel p) {
      prm = Objects.requireNonNull(p, "prm");
      return this;
    }

    /** How answers are extracted from solutions (required). */
    public Builder answerExtractor(AnswerExtractor e) {
      extractor = Objects.requireNonNull(e, "answerExtractor");
      return this;
    }

    /** How answers are grouped for votes (default: exact strings). */
    public Builder equivalence(AnswerEquivalence e) {
      equivalence = Objects.requireNonNull(e, "equivalence");
      return this;
    }

    /** Observes every search's calls and results (default: nobody). */
    public Builder listener(SearchListener l) {
      listener = Objects.requireNonNull(l, "listener");
      return this;
    }

    /**
     * The most model calls in flight at once, generator and reward-model calls together (default
     * {@value #DEFAULT_MAX_CONCURRENT_CALLS}).
     *
     * @param calls at least 1
     */
    public Builder maxConcurrentCalls(int calls) {
      if (calls < 1) {
        throw new IllegalArgumentException("maxConcurrentCalls must be >= 1, got " + calls);
      }
      generatorCalls = calls;
      rewardCalls = 0;
      return this;
    }

    /**
     * Separate limits: the most generator calls and the most reward-model calls in flight at once,
     * for a generator and a reward model served apart.
     *
     * @param generatorCalls at least 1
     * @param rewardCalls    at least 1
     */
    public Builder maxConcurrentCalls(int generatorCalls, int rewardCalls) {
      if (generatorCalls < 1) {
        throw new IllegalArgumentException("generatorCalls must be >= 1, got " + generatorCalls);
      }
      if (rewardCalls < 1) {
        throw new IllegalArgumentException("rewardCalls must be >= 1, got " + rewardCalls);
      }
      this.generatorCalls = generatorCalls;
      this.rewardCalls = rewardCalls;
      return this;
    }

    /** Whether each search caches reward-model scores per trajectory node (default: on). */
    public Builder prmCache(boolean enabled) {
      prmCache = enabled;
      return this;
    }

    /**
     * Merges concurrent reward-model requests for the same problem into batches of at most
     * {@code maxBatchSize} trajectories, each sent at the latest {@code maxWait} after its first
     * request (default: no batching). See {@link BatchingRewardModel}.
     *
     * @param maxBatchSize at least 1
     * @param maxWait      positive
     */
    public Builder prmBatching(int maxBatchSize, Duration maxWait) {
      Objects.requireNonNull(maxWait, "maxWait");
      if (maxBatchSize < 1) {
        throw new IllegalArgumentException("maxBatchSize must be >= 1, got " + maxBatchSize);
      }
      if (maxWait.isNegative() || maxWait.isZero()) {
        throw new IllegalArgumentException("maxWait must be positive, got " + maxWait);
      }
      batchSize = maxBatchSize;
      batchWait = maxWait;
      return this;
    }

    /**
     * The scheduler of the batching timers, owned by the caller and never shut down by the engine
     * (default: the engine owns a timer thread when batching is on).
     */
    public Builder scheduler(ScheduledExecutorService s) {
      scheduler = Objects.requireNonNull(s, "scheduler");
      return this;
    }

    /** The engine. */
    public SearchEngine build() {
      return new SearchEngine(this);
    }
  }
}
