package io.ttc4j.core;

/**
 * Observes searches: every metered model call and every finished search. Metrics and tracing
 * modules implement it; the core never logs. Methods are called on the thread that reserved,
 * completed or finished, must be fast and thread-safe, and must not throw (an exception from a
 * listener is ignored and never changes a search). {@link #NONE} costs nothing.
 */
public interface SearchListener {

  /** Listens to nothing. */
  SearchListener NONE = new SearchListener() {};

  /** What kind of model call an event is about. */
  enum CallKind {
    /** A generator call. */
    GENERATION,
    /** A reward-model call. */
    REWARD
  }

  /**
   * A call's worst case was reserved and the call is about to start.
   *
   * @param reserved the priced worst case held against the budget
   */
  default void callStarted(Problem problem, CallKind kind, Usage reserved) {}

  /**
   * A call ended.
   *
   * @param spent    what the meter recorded for it (zero when it failed without spending)
   * @param failure  the error when it failed (budget, deadline, cancellation, model error), else {@code null}
   * @param elapsedNanos time from the reservation to the end
   */
  default void callFinished(Problem problem, CallKind kind, Usage spent, Throwable failure, long elapsedNanos) {}

  /**
   * A call was refused before it started because its worst case did not fit or the deadline had passed.
   */
  default void callRefused(Problem problem, CallKind kind, BudgetExhaustedException reason) {}

  /** A search finished (not called when its future was cancelled by the caller). */
  default void searchFinished(Problem problem, SearchResult result, long elapsedNanos) {}
}
