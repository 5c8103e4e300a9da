package io.ttc4j.core;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Everything one search may use, and the only door to the models: every generator and reward-model
 * call made through {@link #generate} and {@link #score} is reserved against the budget before it
 * starts, reconciled with the reported usage after it ends, bounded by the deadline and aborted by
 * {@link #cancel()}. A strategy that uses only this door cannot overspend.
 *
 * <p>One context serves one search. It is thread-safe.
 */
public final class SearchContext {

  private final Generator generator;
  private final ProcessRewardModel prm;
  private final ComputeMeter meter;
  private final AnswerExtractor extractor;
  private final AnswerEquivalence equivalence;
  private final long seed;
  private final SearchListener listener;
  private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();
  private volatile boolean cancelled;

  /**
   * A context for one search.
   *
   * @param generator   the generator (required)
   * @param prm         the reward model, or {@code null} when the strategy needs none
   * @param meter       the meter of this search's budget (required)
   * @param extractor   turns solutions into answers (required)
   * @param equivalence groups answers for votes (required)
   * @param seed        the search's seed; strategies derive every random choice from it
   */
  public SearchContext(Generator generator, ProcessRewardModel prm, ComputeMeter meter, AnswerExtractor extractor,
      AnswerEquivalence equivalence, long seed) {
    this(generator, prm, meter, extractor, equivalence, seed, SearchListener.NONE);
  }

  /**
   * A context for one search whose model calls are reported to {@code listener}.
   *
   * @see #SearchContext(Generator, ProcessRewardModel, ComputeMeter, AnswerExtractor, AnswerEquivalence, long)
   */
  public SearchContext(Generator generator, ProcessRewardModel prm, ComputeMeter meter, AnswerExtractor extractor,
      AnswerEquivalence equivalence, long seed, SearchListener listener) {
    this.listener = Objects.requireNonNull(listener, "listener");
    this.generator = Objects.requireNonNull(generator, "generator");
    this.prm = prm;
    this.meter = Objects.requireNonNull(meter, "meter");
    this.extractor = Objects.requireNonNull(extractor, "extractor");
    this.equivalence = Objects.requireNonNull(equivalence, "equivalence");
    this.seed = seed;
  }

  /** The generator (call it through {@link #generate}, not directly, to be metered). */
  public Generator generator() {
    return generator;
  }

  /** The reward model, when there is one. */
  public Optional<ProcessRewardModel> prm() {
    return Optional.ofNullable(prm);
  }

  /** The meter of this search. */
  public ComputeMeter meter() {
    return meter;
  }

  /** The answer extractor. */
  public AnswerExtractor extractor() {
    return extractor;
  }

  /** The answer equivalence. */
  public AnswerEquivalence equivalence() {
    return equivalence;
  }

  /** The search's seed. */
  public long seed() {
    return seed;
  }

  /** Whether {@link #cancel()} was called. */
  public boolean isCancelled() {
    return cancelled;
  }

  /** Cancels the search: calls in flight are cancelled and new calls fail with a {@link CancellationException}. */
  public void cancel() {
    cancelled = true;
    for (CompletableFuture<?> f : inFlight) {
      f.cancel(true);
    }
  }

  /** The worst-case usage of one generator call for {@code prefix} with {@code spec}. */
  public Usage worstCase(Problem problem, Trajectory prefix, SamplingSpec spec) {
    return Usage.ofGeneration(spec.n(), generator.promptTokensUpperBound(problem, prefix, spec), 0,
        (long) spec.n() * spec.maxTokens());
  }

  /**
   * A metered generator call. The future fails with {@link BudgetExhaustedException} when the
   * call's worst case does not fit or the deadline passes, with {@link CancellationException} after
   * {@link #cancel()}, and with the generator's error (the reservation released) when it fails.
   */
  public CompletableFuture<GenerationResult> generate(Problem problem, Trajectory prefix, SamplingSpec spec) {
    if (cancelled) {
      return CompletableFuture.failedFuture(new CancellationException("search cancelled"));
    }
    ComputeMeter.Reservation r;
    try {
      r = meter.reserve(worstCase(problem, prefix, spec));
    } catch (BudgetExhaustedException e) {
      refused(problem, SearchListener.CallKind.GENERATION, e);
      return CompletableFuture.failedFuture(e);
    }
    long start = System.nanoTime();
    started(problem, SearchListener.CallKind.GENERATION, r);
    CompletableFuture<GenerationResult> call;
    try {
      call = Objects.requireNonNull(generator.generate(problem, prefix, spec), "generator returned a null future");
    } catch (RuntimeException e) {
      r.release();
      finished(problem, SearchListener.CallKind.GENERATION, Usage.ZERO, e, start);
      return CompletableFuture.failedFuture(e);
    }
    return track(problem, SearchListener.CallKind.GENERATION, start, call, r).thenApply(res -> {
      if (res.continuations().size() != spec.n()) {
        throw new IllegalStateException("generator " + generator.name() + " returned "
            + res.continuations().size() + " continuations for n=" + spec.n());
      }
      return res;
    });
  }

  /**
   * A metered reward-model call scoring every step of {@code trajectories}. Fails like
   * {@link #generate}, and with {@link IllegalStateException} when there is no reward model or it
   * returns scores that do not match the trajectories.
   */
  public CompletableFuture<RewardScores> score(Problem problem, List<Trajectory> trajectories) {
    if (prm == null) {
      return CompletableFuture.failedFuture(new IllegalStateException("this search has no process reward model"));
    }
    if (cancelled) {
      return CompletableFuture.failedFuture(new CancellationException("search cancelled"));
    }
    if (trajectories.isEmpty()) {
      return CompletableFuture.completedFuture(new RewardScores(List.of(), Usage.ZERO));
    }
    ComputeMeter.Reservation r;
    try {
      r = meter.reserve(Usage.ofPrmCalls(trajectories.size()));
    } catch (BudgetExhaustedException e) {
      refused(problem, SearchListener.CallKind.REWARD, e);
      return CompletableFuture.failedFuture(e);
    }
    long start = System.nanoTime();
    started(problem, SearchListener.CallKind.REWARD, r);
    CompletableFuture<RewardScores> call;
    try {
      call = Objects.requireNonNull(prm.score(problem, trajectories), "reward model returned a null future");
    } catch (RuntimeException e) {
      r.release();
      finished(problem, SearchListener.CallKind.REWARD, Usage.ZERO, e, start);
      return CompletableFuture.failedFuture(e);
    }
    return track(problem, SearchListener.CallKind.REWARD, start, call, r).thenApply(res -> {
      if (res.stepScores().size() != trajectories.size()) {
        throw new IllegalStateException("reward model " + prm.name() + " returned " + res.stepScores().size()
            + " score arrays for " + trajectories.size() + " trajectories");
      }
      for (int i = 0; i < trajectories.size(); i++) {
        double[] s = res.stepScores().get(i);
        if (s == null || s.length != trajectories.get(i).depth()) {
          throw new IllegalStateException("reward model " + prm.name() + " returned "
              + (s == null ? "no" : s.length) + " step scores for trajectory " + i + " of "
              + trajectories.get(i).depth() + " steps");
        }
      }
      return res;
    });
  }

  private <T> CompletableFuture<T> track(Problem problem, SearchListener.CallKind kind, long start,
      CompletableFuture<T> call, ComputeMeter.Reservation r) {
    long left = meter.remainingNanos();
    CompletableFuture<T> bounded = left == Long.MAX_VALUE ? call
        : call.copy().orTimeout(Math.max(1, left), TimeUnit.NANOSECONDS);
    inFlight.add(call);
    if (cancelled) {
      call.cancel(true);
    }
    return bounded.handle((res, err) -> {
      inFlight.remove(call);
      if (err == null) {
        finished(problem, kind, r.reconcile(usageOf(res)), null, start);
        return res;
      }
      Throwable cause = SearchResult.unwrap(err);
      if (cause instanceof TimeoutException) {
        // cancel() fails only when the call has completed: then its usage was spent and is recorded
        Usage spent = Usage.ZERO;
        if (!call.cancel(true) && !call.isCompletedExceptionally()) {
          spent = r.reconcile(usageOf(call.join()));
        } else {
          r.release();
        }
        BudgetExhaustedException late =
            new BudgetExhaustedException("deadline of " + meter.budget().deadline() + " passed during a call", true);
        finished(problem, kind, spent, late, start);
        throw late;
      }
      Usage spent = Usage.ZERO;
      if (cause instanceof CallFailedException partial) {
        // the call spent compute before it failed: record it, then report the real error
        spent = r.reconcile(partial.spent());
        cause = partial.getCause();
      } else {
        r.release();
      }
      finished(problem, kind, spent, cause, start);
      if (cause instanceof RuntimeException re) throw re;
      throw new java.util.concurrent.CompletionException(cause);
    });
  }

  private void started(Problem problem, SearchListener.CallKind kind, ComputeMeter.Reservation r) {
    if (listener == SearchListener.NONE) return;
    try {
      listener.callStarted(problem, kind, r.amount());
    } catch (RuntimeException ignored) {
      // a listener never changes a search
    }
  }

  private void finished(Problem problem, SearchListener.CallKind kind, Usage spent, Throwable failure, long start) {
    if (listener == SearchListener.NONE) return;
    try {
      listener.callFinished(problem, kind, spent, failure, System.nanoTime() - start);
    } catch (RuntimeException ignored) {
      // a listener never changes a search
    }
  }

  private void refused(Problem problem, SearchListener.CallKind kind, BudgetExhaustedException e) {
    if (listener == SearchListener.NONE) return;
    try {
      listener.callRefused(problem, kind, e);
    } catch (RuntimeException ignored) {
      // a listener never changes a search
    }
  }

  /** The listener of this search ({@link SearchListener#NONE} when nobody listens). */
  public SearchListener listener() {
    return listener;
  }

  private static Usage usageOf(Object res) {
    if (res instanceof GenerationResult g) return g.usage();
    if (res instanceof RewardScores s) return s.usage();
    throw new AssertionError(res);
  }

  /** The final answer of a finished trajectory, or {@code null} when it states none. */
  public String answerOf(Trajectory t) {
    return extractor.extract(t.text()).orElse(null);
  }
}
