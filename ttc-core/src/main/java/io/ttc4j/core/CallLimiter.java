package io.ttc4j.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Comparator;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;

/**
 * A counting semaphore for model calls that never blocks a thread: {@link #acquire(long)} returns a
 * future that completes with a {@link Permit} as soon as one is free. Waiters are served by
 * priority, the lowest value first, and in arrival order within a priority; {@link #acquire()} is
 * plain first-come first-served.
 *
 * <p>A search engine gives each search its admission number as priority, so that the calls of the
 * oldest searches go first: searches finish roughly in the order they came, few are half-done at
 * any time (memory stays bounded), and the end of a load test has no long tail of starved searches.
 *
 * <p><b>Guarantees.</b> At most {@link #maxPermits()} permits are held at once. A permit is
 * released exactly once: further {@link Permit#release()} calls do nothing. Cancelling a waiting
 * future removes it from the queue; a waiter cancelled while a permit was on its way is skipped and
 * the permit goes to the next waiter, so cancelling never leaks or duplicates a permit. (Completing
 * a waiting future by other means also abandons the wait.)
 *
 * <p><b>Threads.</b> Thread-safe; starts no thread. A waiter's future completes on the thread that
 * releases the permit it receives, so its continuation (typically the model call itself) runs there.
 * Hand-overs are trampolined: when such a continuation releases a permit again on the same thread,
 * the loop already handing permits over on that thread gives it to the next waiter instead of
 * recursing, so a long chain of calls that complete at once cannot overflow the stack.
 */
public final class CallLimiter {

  private static final Comparator<Waiter> ORDER =
      Comparator.comparingLong((Waiter w) -> w.priority).thenComparingLong(w -> w.arrival);

  private final int maxPermits;
  private final Object lock = new Object();
  private final TreeSet<Waiter> waiters = new TreeSet<>(ORDER); // guarded by lock
  private int inUse; // permits held, plus released ones on their way to a waiter; guarded by lock
  private int handOvers; // released permits not yet given to a waiter; guarded by lock
  // per limiter: whether this thread is inside drain() of this limiter
  private final ThreadLocal<boolean[]> draining = ThreadLocal.withInitial(() -> new boolean[1]);
  private long arrivals; // guarded by lock

  /**
   * A limiter of {@code maxPermits} concurrent holders.
   *
   * @param maxPermits the most permits held at once, at least 1
   */
  public CallLimiter(int maxPermits) {
    if (maxPermits < 1) {
      throw new IllegalArgumentException("maxPermits must be >= 1, got " + maxPermits);
    }
    this.maxPermits = maxPermits;
  }

  /** A permit now, or a future that completes with one in first-come first-served order (priority 0). */
  public CompletableFuture<Permit> acquire() {
    return acquire(0);
  }

  /**
   * A permit now when one is free, else a future that completes with one after every waiter of a
   * lower {@code priority} value and every earlier waiter of the same priority. Cancel the future
   * to stop waiting.
   *
   * @param priority the lower, the sooner; any value
   */
  public CompletableFuture<Permit> acquire(long priority) {
    synchronized (lock) {
      if (inUse < maxPermits) {
        inUse++;
        return CompletableFuture.completedFuture(new Permit());
      }
      Waiter w = new Waiter(priority, arrivals++);
      waiters.add(w);
      return w;
    }
  }

  /** Permits held now (a released permit on its way to a waiter counts as held). */
  public int inUse() {
    synchronized (lock) {
      return inUse;
    }
  }

  /** Callers waiting for a permit now. */
  public int waiting() {
    synchronized (lock) {
      return waiters.size();
    }
  }

  /** The most permits held at once. */
  public int maxPermits() {
    return maxPermits;
  }

  @Override
  public String toString() {
    synchronized (lock) {
      return "CallLimiter[inUse=" + inUse + "/" + maxPermits + ", waiting=" + waiters.size() + "]";
    }
  }

  private void released() {
    synchronized (lock) {
      if (waiters.isEmpty()) {
        inUse--;
        return;
      }
      handOvers++;
    }
    boolean[] busy = draining.get();
    if (busy[0]) {
      return; // released by a waiter's continuation inside drain() on this thread: that loop hands it over
    }
    busy[0] = true;
    try {
      drain();
    } finally {
      busy[0] = false;
    }
  }

  private void drain() {
    while (true) {
      Waiter next;
      synchronized (lock) {
        if (handOvers == 0) {
          return;
        }
        next = waiters.pollFirst();
        if (next == null) {
          inUse -= handOvers;
          handOvers = 0;
          return;
        }
        handOvers--;
      }
      // outside the lock: completing runs the waiter's continuation on this thread
      if (!next.complete(new Permit())) {
        synchronized (lock) {
          handOvers++; // the waiter gave up meanwhile: the permit goes to the next one
        }
      }
    }
  }

  /** A queued acquisition; cancelling it leaves the queue. */
  private final class Waiter extends CompletableFuture<Permit> {
    final long priority;
    final long arrival;

    Waiter(long priority, long arrival) {
      this.priority = priority;
      this.arrival = arrival;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      boolean cancelled = super.cancel(mayInterruptIfRunning);
      if (cancelled) {
        synchronized (lock) {
          waiters.remove(this);
        }
      }
      return cancelled;
    }
  }

  /** The right to make one call; {@link #release()} it exactly once when the call has ended. */
  public final class Permit {
    private static final VarHandle RELEASED;

    static {
      try {
        RELEASED = MethodHandles.lookup().findVarHandle(Permit.class, "released", boolean.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    @SuppressWarnings("unused") // through RELEASED
    private volatile boolean released;

    private Permit() {}

    /**
     * Returns the permit to its limiter, which hands it to the first waiter in priority order.
     * Only the first call has an effect.
     */
    public void release() {
      if (RELEASED.compareAndSet(this, false, true)) {
        released();
      }
    }

    /** Whether {@link #release()} was called. */
    public boolean isReleased() {
      return released;
    }
  }
}
