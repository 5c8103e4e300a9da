package io.ttc4j.serving.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/** Sends a list in chunks of at most a given size, concurrently, and joins the answers in order. */
public final class Chunked {

  private Chunked() {}

  /**
   * The answers to {@code items}, sent in consecutive chunks of at most {@code max} by {@code send},
   * which must answer with exactly one result per item of its chunk. The first failure fails the
   * whole and cancels the other chunks; cancelling the returned future cancels every chunk.
   */
  public static <P, R> CompletableFuture<List<R>> all(List<P> items, int max, Function<List<P>,
      CompletableFuture<List<R>>> send) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be >= 1, got " + max);
    }
    int chunks = (items.size() + max - 1) / max;
    if (chunks == 0) {
      return CompletableFuture.completedFuture(List.of());
    }
    List<CompletableFuture<List<R>>> parts = new ArrayList<>(chunks);
    CompletableFuture<List<R>> result = new CompletableFuture<>();
    result.whenComplete((r, e) -> {
      if (e != null) {
        synchronized (parts) {
          for (CompletableFuture<List<R>> p : parts) {
            p.cancel(true);
          }
        }
      }
    });
    AtomicInteger left = new AtomicInteger(chunks);
    for (int c = 0; c < chunks && !result.isDone(); c++) {
      List<P> chunk = items.subList(c * max, Math.min(items.size(), (c + 1) * max));
      CompletableFuture<List<R>> part;
      try {
        part = send.apply(List.copyOf(chunk));
      } catch (RuntimeException e) {
        part = CompletableFuture.failedFuture(e);
      }
      synchronized (parts) {
        parts.add(part);
      }
      int expected = chunk.size();
      part.whenComplete((r, e) -> {
        if (e != null) {
          result.completeExceptionally(e instanceof CompletionException && e.getCause() != null ? e.getCause() : e);
        } else if (r.size() != expected) {
          result.completeExceptionally(new IllegalStateException("a chunk of " + expected + " got " + r.size()
              + " answers"));
        } else if (left.decrementAndGet() == 0) {
          List<R> all = new ArrayList<>(items.size());
          synchronized (parts) {
            for (CompletableFuture<List<R>> p : parts) {
              all.addAll(p.join());
            }
          }
          result.complete(all);
        }
      });
    }
    if (result.isDone()) {
      synchronized (parts) {
        for (CompletableFuture<List<R>> p : parts) {
          p.cancel(true);
        }
      }
    }
    return result;
  }
}
