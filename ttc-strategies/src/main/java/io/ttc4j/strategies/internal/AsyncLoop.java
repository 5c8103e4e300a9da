package io.ttc4j.strategies.internal;

import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Repeats an asynchronous body until it answers {@code false}, without blocking a thread and without
 * growing the stack: bodies whose futures are already complete (a generator without latency) run in
 * a plain loop; a body still in flight resumes the loop from its completion.
 */
public final class AsyncLoop {
  private AsyncLoop() {}

  /**
   * Runs {@code body} until its future completes with {@code false}. The returned future completes
   * when the loop ends, or exceptionally with the first error of a body.
   */
  public static CompletableFuture<Void> whileTrue(Supplier<CompletableFuture<Boolean>> body) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    run(body, done);
    return done;
  }

  private static void run(Supplier<CompletableFuture<Boolean>> body, CompletableFuture<Void> done) {
    try {
      while (!done.isDone()) {
        CompletableFuture<Boolean> next = body.get();
        if (!next.isDone()) {
          next.whenComplete((more, err) -> {
            if (err != null) {
              done.completeExceptionally(err);
            } else if (Boolean.TRUE.equals(more)) {
              run(body, done);
            } else {
              done.complete(null);
            }
          });
          return;
        }
        if (!Boolean.TRUE.equals(next.join())) {
          done.complete(null);
        }
      }
    } catch (RuntimeException | Error e) {
      done.completeExceptionally(e);
    }
  }
}
