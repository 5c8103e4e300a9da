package io.ttc4j.datasets.internal;

/**
 * The work one grading call may do, counted in steps (a token parsed, a node evaluated, a word of
 * a big integer multiplied). Grading a pathological answer stops when its budget runs out, in the
 * calling thread, instead of running under a timer; the verdict is then "not equivalent".
 *
 * <p>One budget belongs to one call on one thread; it is not shared.
 */
final class Budget {

  /** Thrown when a budget runs out; one stackless instance, so throwing it costs nothing. */
  static final class Exhausted extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final Exhausted INSTANCE = new Exhausted();

    private Exhausted() {
      super("grading step budget exhausted", null, false, false);
    }
  }

  private long left;

  Budget(long steps) {
    this.left = steps;
  }

  /** Spends {@code steps}; throws {@link Exhausted} when the budget is overdrawn. */
  void spend(long steps) {
    left -= steps;
    if (left < 0) {
      throw Exhausted.INSTANCE;
    }
  }

  long left() {
    return left;
  }
}
