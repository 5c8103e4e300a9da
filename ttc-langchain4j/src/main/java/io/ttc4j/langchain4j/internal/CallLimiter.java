package io.ttc4j.langchain4j.internal;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs blocking calls on an executor with at most {@code maxInFlight} of them running at once. The
 * rest wait in a queue, in submission order, as plain objects: no thread blocks while a call waits.
 *
 * <p>Each call is a {@link Call}, a future that completes with the call's result. Cancelling a
 * waiting call removes it from the queue, so it is never started; cancelling a running call
 * interrupts the thread that runs it, and only while it runs that call. {@link #shutdown()} refuses
 * new calls and cancels every waiting and running one.
 */
public final class CallLimiter {

  private final Executor executor;
  private final int maxInFlight;
  private final Object lock = new Object();
  private final LinkedHashSet<Call<?>> waiting = new LinkedHashSet<>(); // guarded by lock
  private final Set<Call<?>> running = new LinkedHashSet<>(); // guarded by lock
  private boolean shutdown; // guarded by lock

  /**
   * A limiter over {@code executor}.
   *
   * @param executor    runs the calls; it must not run them on the submitting thread
   * @param maxInFlight the most calls running at once, at least 1
   */
  public CallLimiter(Executor executor, int maxInFlight) {
    this.executor = Objects.requireNonNull(executor, "executor");
    if (maxInFlight < 1) {
      throw new IllegalArgumentException("maxInFlight must be >= 1, got " + maxInFlight);
    }
    this.maxInFlight = maxInFlight;
  }

  /** A call of {@code work}, not yet submitted. */
  public <T> Call<T> newCall(Callable<T> work) {
    return new Call<>(Objects.requireNonNull(work, "work"));
  }

  /**
   * Starts the calls up to the limit and queues the rest, in order. After {@link #shutdown()} the
   * calls fail at once with a {@link CancellationException}.
   */
  public void submitAll(List<? extends Call<?>> calls) {
    List<Call<?>> start = new ArrayList<>();
    boolean refused;
    synchronized (lock) {
      refused = shutdown;
      if (!refused) {
        for (Call<?> c : calls) {
          if (c.isDone()) {
            continue; // cancelled before it was submitted
          }
          if (running.size() < maxInFlight) {
            running.add(c);
            start.add(c);
          } else {
            waiting.add(c);
          }
        }
      }
    }
    if (refused) {
      for (Call<?> c : calls) {
        c.completeExceptionally(new CancellationException("the generator is closed"));
      }
      return;
    }
    for (Call<?> c : start) {
      dispatch(c);
    }
  }

  /** Calls running now. */
  public int inFlight() {
    synchronized (lock) {
      return running.size();
    }
  }

  /** Calls waiting for a free slot now. */
  public int queued() {
    synchronized (lock) {
      return waiting.size();
    }
  }

  /** The most calls running at once. */
  public int maxInFlight() {
    return maxInFlight;
  }

  /**
   * Cancels {@code calls} together: first every one of them still waiting leaves the queue at once,
   * so that a slot freed meanwhile cannot start one of them, then each is cancelled, the running
   * ones interrupted.
   */
  public void cancelAll(List<? extends Call<?>> calls) {
    synchronized (lock) {
      for (Call<?> c : calls) {
        waiting.remove(c);
      }
    }
    for (Call<?> c : calls) {
      c.cancel(true);
    }
  }

  /** Refuses new calls and cancels the waiting and running ones (running ones are interrupted). */
  public void shutdown() {
    List<Call<?>> all;
    synchronized (lock) {
      shutdown = true;
      all = new ArrayList<>(waiting);
      all.addAll(running);
      waiting.clear();
    }
    for (Call<?> c : all) {
      c.cancel(true);
    }
  }

  private void dispatch(Call<?> c) {
    try {
      executor.execute(c);
    } catch (RejectedExecutionException e) {
      c.completeExceptionally(e);
      finished(c);
    }
  }

  /** Frees the slot of {@code done} and gives it to the oldest waiting call. */
  private void finished(Call<?> done) {
    Call<?> next;
    synchronized (lock) {
      if (!running.remove(done)) {
        return; // already freed
      }
      Iterator<Call<?>> it = waiting.iterator();
      if (!it.hasNext()) {
        return;
      }
      next = it.next();
      it.remove();
      running.add(next);
    }
    dispatch(next);
  }

  private void withdraw(Call<?> c) {
    synchronized (lock) {
      waiting.remove(c);
    }
  }

  /**
   * One blocking call: a future of its result, and the task the executor runs.
   *
   * @param <T> the result type
   */
  public final class Call<T> extends CompletableFuture<T> implements Runnable {
    private final Callable<T> work;
    private final Object runLock = new Object();
    private Thread runner; // guarded by runLock; set only while work runs

    private Call(Callable<T> work) {
      this.work = work;
    }

    @Override
    public void run() {
      T result = null;
      Throwable error = null;
      boolean ran = false;
      synchronized (runLock) {
        if (!isDone()) {
          runner = Thread.currentThread();
          ran = true;
        }
      }
      if (ran) {
        try {
          result = work.call();
        } catch (Throwable t) {
          error = t;
        } finally {
          synchronized (runLock) {
            runner = null;
          }
          // an interrupt sent by cancel() is meant for this call only, not for the pool thread's next task
          Thread.interrupted();
        }
      }
      try {
        // callbacks run before the slot is freed: a failed sample's call cancels its queued siblings
        // before any of them can start
        if (ran) {
          if (error != null) {
            completeExceptionally(error);
          } else {
            complete(result);
          }
        }
      } finally {
        finished(this);
      }
    }

    /** Cancels the call: a waiting call is never started, a running one is interrupted if allowed. */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      boolean cancelled = super.cancel(mayInterruptIfRunning);
      if (cancelled) {
        withdraw(this);
        if (mayInterruptIfRunning) {
          synchronized (runLock) {
            if (runner != null) {
              runner.interrupt();
            }
          }
        }
      }
      return cancelled;
    }
  }
}
