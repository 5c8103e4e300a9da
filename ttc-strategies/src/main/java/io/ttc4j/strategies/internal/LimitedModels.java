package io.ttc4j.strategies.internal;

import io.ttc4j.core.CallLimiter;
import io.ttc4j.core.GenerationResult;
import io.ttc4j.core.Generator;
import io.ttc4j.core.Problem;
import io.ttc4j.core.ProcessRewardModel;
import io.ttc4j.core.RewardScores;
import io.ttc4j.core.SamplingSpec;
import io.ttc4j.core.Trajectory;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Generators and reward models whose every call first takes a permit of a {@link CallLimiter}, with
 * the priority of the search that makes it, and gives it back when the call ends: the per-search
 * views of the models that {@link io.ttc4j.strategies.SearchEngine} shares among its searches.
 *
 * <p><b>Life of a call.</b> The call asks for a permit and returns a future at once. When the permit
 * comes, the delegate is called on the thread that granted it. When the delegate's future completes,
 * the permit is released <em>before</em> the call's own future completes, so the next waiter's call
 * starts before the caller's continuation runs. A permit is released on every path: the delegate's
 * result or failure, an exception thrown by the delegate or a null future, and cancellation.
 * Cancelling the returned future while it waits leaves the queue without taking a permit; cancelling
 * it while the delegate runs cancels the delegate's future and releases the permit at once (a
 * delegate that ignores cancellation may still finish its work, unseen).
 */
public final class LimitedModels {
  private LimitedModels() {}

  /** Counts the calls of all the searches of one engine. Thread-safe. */
  public static final class Counters {
    private final LongAdder generatorCalls = new LongAdder();
    private final LongAdder rewardCalls = new LongAdder();
    private final LongAdder rewardModelCalls = new LongAdder();
    private final LongAdder finished = new LongAdder();
    private final LongAdder permitWaitNanos = new LongAdder();
    private final LongAdder callNanos = new LongAdder();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger maxInFlight = new AtomicInteger();

    /** Zero counts. */
    public Counters() {}

    /** Generator calls started (each with a permit). */
    public long generatorCalls() {
      return generatorCalls.sum();
    }

    /** Reward-model calls started (each with a permit). */
    public long rewardCalls() {
      return rewardCalls.sum();
    }

    /** Calls that reached the caller's reward model (fewer than {@link #rewardCalls()} when batched). */
    public long rewardModelCalls() {
      return rewardModelCalls.sum();
    }

    /** Calls ended (completed, failed or cancelled after they started). */
    public long finished() {
      return finished.sum();
    }

    /** Nanoseconds calls waited for their permits, summed over calls. */
    public long permitWaitNanos() {
      return permitWaitNanos.sum();
    }

    /** Nanoseconds from each call's start (permit in hand) to its end, summed over calls. */
    public long callNanos() {
      return callNanos.sum();
    }

    /** The most calls in flight at once. */
    public int maxInFlight() {
      return maxInFlight.get();
    }

    /** Counts a call that starts now; returns the start time for {@link #ended(long)}. */
    private long started(boolean generation) {
      (generation ? generatorCalls : rewardCalls).increment();
      int now = inFlight.incrementAndGet();
      int max;
      while (now > (max = maxInFlight.get()) && !maxInFlight.compareAndSet(max, now)) {
        // another thread raised the maximum: compare again
      }
      return System.nanoTime();
    }

    private void ended(long startNanos) {
      callNanos.add(System.nanoTime() - startNanos);
      inFlight.decrementAndGet();
      finished.increment();
    }
  }

  /**
   * {@code delegate} behind {@code limiter}: every call waits for a permit of {@code priority}.
   *
   * @param counters counts the calls; shared by all the searches of an engine
   */
  public static Generator generator(Generator delegate, CallLimiter limiter, long priority, Counters counters) {
    Objects.requireNonNull(delegate, "delegate");
    Objects.requireNonNull(limiter, "limiter");
    Objects.requireNonNull(counters, "counters");
    return new Generator() {
      @Override
      public CompletableFuture<GenerationResult> generate(Problem problem, Trajectory prefix, SamplingSpec spec) {
        return call(limiter, priority, counters, true, () -> delegate.generate(problem, prefix, spec));
      }

      @Override
      public long promptTokensUpperBound(Problem problem, Trajectory prefix) {
        return delegate.promptTokensUpperBound(problem, prefix);
      }

      @Override
      public long promptTokensUpperBound(Problem problem, Trajectory prefix, SamplingSpec spec) {
        return delegate.promptTokensUpperBound(problem, prefix, spec);
      }

      @Override
      public String name() {
        return delegate.name();
      }
    };
  }

  /**
   * {@code delegate} behind {@code limiter}: every call waits for a permit of {@code priority}.
   *
   * @param counters counts the calls; shared by all the searches of an engine
   */
  public static ProcessRewardModel rewardModel(ProcessRewardModel delegate, CallLimiter limiter, long priority,
      Counters counters) {
    Objects.requireNonNull(delegate, "delegate");
    Objects.requireNonNull(limiter, "limiter");
    Objects.requireNonNull(counters, "counters");
    return new ProcessRewardModel() {
      @Override
      public CompletableFuture<RewardScores> score(Problem problem, List<Trajectory> trajectories) {
        return call(limiter, priority, counters, false, () -> delegate.score(problem, trajectories));
      }

      @Override
      public String name() {
        return delegate.name();
      }
    };
  }

  /** {@code delegate}, counting in {@link Counters#rewardModelCalls()} the calls that reach it. */
  public static ProcessRewardModel counted(ProcessRewardModel delegate, Counters counters) {
    Objects.requireNonNull(delegate, "delegate");
    Objects.requireNonNull(counters, "counters");
    return new ProcessRewardModel() {
      @Override
      public CompletableFuture<RewardScores> score(Problem problem, List<Trajectory> trajectories) {
        counters.rewardModelCalls.increment();
        return delegate.score(problem, trajectories);
      }

      @Override
      public String name() {
        return delegate.name();
      }
    };
  }

  private static <T> CompletableFuture<T> call(CallLimiter limiter, long priority, Counters counters,
      boolean generation, Supplier<CompletableFuture<T>> body) {
    CompletableFuture<CallLimiter.Permit> wait = limiter.acquire(priority);
    LimitedCall<T> call = new LimitedCall<>(wait, counters, generation, body);
    if (wait.isDone() && !wait.isCompletedExceptionally()) {
      call.start(wait.join()); // a free permit: no clock reading, no extra stage
    } else {
      long asked = System.nanoTime();
      wait.whenComplete((permit, err) -> {
        if (err != null) {
          call.completeExceptionally(err); // the wait was cancelled (the call is already cancelled)
          return;
        }
        counters.permitWaitNanos.add(System.nanoTime() - asked);
        call.start(permit);
      });
    }
    return call;
  }

  /** One call: its permit wait, then the delegate's future. Cancelling it cancels whichever is pending. */
  private static final class LimitedCall<T> extends CompletableFuture<T> {
    private final CompletableFuture<CallLimiter.Permit> wait;
    private final Counters counters;
    private final boolean generation;
    private final Supplier<CompletableFuture<T>> body;
    private volatile CompletableFuture<T> inner;

    LimitedCall(CompletableFuture<CallLimiter.Permit> wait, Counters counters, boolean generation,
        Supplier<CompletableFuture<T>> body) {
      this.wait = wait;
      this.counters = counters;
      this.generation = generation;
      this.body = body;
    }

    void start(CallLimiter.Permit permit) {
      if (isDone()) {
        permit.release(); // cancelled while the permit was on its way
        return;
      }
      long start = counters.started(generation);
      CompletableFuture<T> f;
      try {
        f = Objects.requireNonNull(body.get(), "the model returned a null future");
      } catch (RuntimeException | Error e) {
        counters.ended(start);
        permit.release();
        completeExceptionally(e);
        return;
      }
      inner = f;
      if (isDone()) {
        f.cancel(true); // cancelled between the check above and publishing the delegate's future
      }
      f.whenComplete((res, err) -> {
        // counted as ended before the permit moves on, so the counters never show more than the permits
        counters.ended(start);
        permit.release();
        if (err != null) {
          completeExceptionally(err);
        } else {
          complete(res);
        }
      });
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      boolean cancelled = super.cancel(mayInterruptIfRunning);
      wait.cancel(false);
      CompletableFuture<T> f = inner;
      if (f != null) {
        f.cancel(mayInterruptIfRunning);
      }
      return cancelled;
    }
  }
}
