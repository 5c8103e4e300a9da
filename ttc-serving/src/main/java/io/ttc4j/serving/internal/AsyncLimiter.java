package io.ttc4j.serving.internal;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A counting semaphore that never blocks a thread: {@link #acquire()} returns a future that
 * completes with a {@link Permit} when one is free, in arrival order. A waiter whose future was
 * cancelled is skipped and never receives a permit, so cancelling never leaks one.
 *
 * <p>The future of a waiter completes on the thread that releases the permit it receives.
 */
public final class AsyncLimiter {

  private final int maxPermits;
  private final Object lock = new Object();
  private final ArrayDeque<CompletableFuture<Permit>> waiters = new ArrayDeque<>(); // guarded by lock
  private int inUse; // guarded by lock

  /** A limiter of {@code maxPermits} concurrent holders, at least 1. */
  public AsyncLimiter(int maxPermits) {
    if (maxPermits < 1) {
      throw new IllegalArgumentException("maxPermits must be >= 1, got " + maxPermits);
    }
    this.maxPermits = maxPermits;
  }

  /** A permit now, or a future that completes with one when a holder releases it. */
  public CompletableFuture<Permit> acquire() {
    synchronized (lock) {
      if (inUse < maxPermits) {
        inUse++;
        return CompletableFuture.completedFuture(new Permit());
      }
      CompletableFuture<Permit> f = new CompletableFuture<>();
      waiters.addLast(f);
      return f;
    }
  }

  /** Permits held now. */
  public int inUse() {
    synchronized (lock) {
      return inUse;
    }
  }

  /** Callers waiting for a permit now (cancelled waiters may still be counted until skipped). */
  public int waiting() {
    synchronized (lock) {
      return waiters.size();
    }
  }

  /** The most permits held at once. */
  public int maxPermits() {
    return maxPermits;
  }

  private void handOver() {
    while (true) {
      CompletableFuture<Permit> next;
      synchronized (lock) {
        next = waiters.pollFirst();
        if (next == null) {
          inUse--;
          return;
        }
      }
      // outside the lock: completing runs the waiter's continuation on this thread
      if (next.complete(new Permit())) {
        return; // the permit moved to the waiter; inUse is unchanged
      }
      // the waiter was cancelled: try the next one
    }
  }

  /** The right to make one request; release it exactly once (further releases do nothing). */
  public final class Permit {
    private final AtomicBoolean released = new AtomicBoolean();

    private Permit() {}

    /** Returns the permit to the limiter, handing it to the oldest live waiter. */
    public void release() {
      if (released.compareAndSet(false, true)) {
        handOver();
      }
    }
  }
}
