package io.ttc4j.core;

/** Why a search stopped. */
public enum StopReason {
  /** The strategy finished its plan. */
  COMPLETED,
  /** The next call did not fit in the budget; the best finished answer so far is returned. */
  BUDGET,
  /** The deadline passed; the best finished answer so far is returned. */
  DEADLINE,
  /** The caller cancelled the search. */
  CANCELLED,
  /** A generator or reward-model call failed; see {@link SearchResult#failure()}. */
  FAILED
}
