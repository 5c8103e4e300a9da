package io.ttc4j.core;

/**
 * Thrown (or completing a future exceptionally) when a call does not fit in what is left of a
 * {@link Budget}, or when its deadline has passed. Strategies catch it and stop with
 * {@link StopReason#BUDGET} or {@link StopReason#DEADLINE}.
 */
public final class BudgetExhaustedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final boolean deadline;

  /** A budget or deadline exhaustion with a message naming the limit. */
  public BudgetExhaustedException(String message, boolean deadline) {
    super(message, null, false, false);
    this.deadline = deadline;
  }

  /** Whether the deadline (rather than a quantity limit) was hit. */
  public boolean isDeadline() {
    return deadline;
  }

  /** The stop reason this exhaustion maps to. */
  public StopReason stopReason() {
    return deadline ? StopReason.DEADLINE : StopReason.BUDGET;
  }
}
