package io.ttc4j.sim.internal;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Artificial latency: a result computed at once is delivered after {@code perCall + perToken *
 * tokens} on a caller-supplied scheduler. Cancelling the returned future cancels the delivery.
 */
public final class Delay {

  private final ScheduledExecutorService scheduler;
  private final long perCallNanos;
  private final long perTokenNanos;

  /** A delay of {@code perCallNanos + perTokenNanos * tokens} on {@code scheduler}. */
  public Delay(ScheduledExecutorService scheduler, long perCallNanos, long perTokenNanos) {
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    if (perCallNanos < 0) {
      throw new IllegalArgumentException("perCall must be >= 0, got " + perCallNanos + " ns");
    }
    if (perTokenNanos < 0) {
      throw new IllegalArgumentException("perToken must be >= 0, got " + perTokenNanos + " ns");
    }
    this.perCallNanos = perCallNanos;
    this.perTokenNanos = perTokenNanos;
  }

  /** {@code value}, delivered after the delay for {@code tokens} tokens. */
  public <T> CompletableFuture<T> deliver(T value, long tokens) {
    long nanos = saturatedAdd(perCallNanos, saturatedMultiply(perTokenNanos, tokens));
    CompletableFuture<T> future = new CompletableFuture<>();
    ScheduledFuture<?> task;
    try {
      task = scheduler.schedule(() -> future.complete(value), nanos, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      future.completeExceptionally(e);
      return future;
    }
    future.whenComplete((v, e) -> {
      if (future.isCancelled()) {
        task.cancel(false);
      }
    });
    return future;
  }

  private static long saturatedMultiply(long a, long b) {
    long hi = Math.multiplyHigh(a, b);
    long lo = a * b;
    return (hi == 0 && lo >= 0) ? lo : Long.MAX_VALUE;
  }

  private static long saturatedAdd(long a, long b) {
    long r = a + b;
    return r < 0 ? Long.MAX_VALUE : r;
  }
}
