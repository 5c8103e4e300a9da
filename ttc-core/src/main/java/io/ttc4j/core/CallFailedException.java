package io.ttc4j.core;

import java.util.Objects;

/**
 * A generator or reward-model call that failed after it had already spent compute, for example a
 * generator that makes {@code n} requests of which some were answered (and billed) before another
 * failed. Completing a call's future with this exception tells the {@link SearchContext} what was
 * spent: the meter records {@link #spent()} instead of releasing the reservation, and the search
 * sees the {@linkplain #getCause() cause} as the call's failure. A call that fails without having
 * spent anything fails with its cause directly.
 */
public final class CallFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient Usage spent;

  /**
   * A failure with the usage spent before it.
   *
   * @param cause the error that ended the call
   * @param spent what the call had used before it failed (cost is priced by the meter)
   */
  public CallFailedException(Throwable cause, Usage spent) {
    super(Objects.requireNonNull(cause, "cause").getMessage(), cause);
    this.spent = Objects.requireNonNull(spent, "spent");
  }

  /** What the call had used before it failed. */
  public Usage spent() {
    return spent;
  }
}
