package io.ttc4j.core;

import java.util.concurrent.CompletableFuture;

/**
 * A way to spend a budget on a problem: best-of-N, beam search, tree search, ...
 *
 * <p>Implementations are immutable configurations plus an algorithm. They make every model call
 * through the {@link SearchContext}, which meters and bounds it; they never block a thread while
 * waiting for a call; when the budget, the deadline or a cancellation stops them, they complete
 * with the best finished answer they have and the matching {@link StopReason} rather than fail.
 */
public interface SearchStrategy {

  /** Searches {@code problem}; the future completes with the result, normally never exceptionally. */
  CompletableFuture<SearchResult> search(Problem problem, SearchContext context);

  /** A short name with the settings, for reports (for example {@code best-of-16/weighted}). */
  String name();
}
