package io.ttc4j.prm.game24;

/**
 * A log's {@code usage_so_far}, as written: the Tree of Thoughts scripts' global token counters and
 * their dollar cost, <em>cumulative since the Python process started</em>, recorded after each
 * puzzle. Per-puzzle amounts are differences of consecutive values; see {@link LogCost}.
 *
 * @param promptTokens     prompt tokens so far ({@code prompt_tokens})
 * @param completionTokens completion tokens so far ({@code completion_tokens})
 * @param costUsd          the scripts' own dollar figure so far ({@code cost}), computed by them from
 *                         the two counters at GPT-4 prices (US dollars)
 */
public record LoggedUsage(long promptTokens, long completionTokens, double costUsd) {

  /** Validates: counts non-negative, cost finite and non-negative. */
  public LoggedUsage {
    if (promptTokens < 0) {
      throw new IllegalArgumentException("promptTokens must be >= 0, got " + promptTokens);
    }
    if (completionTokens < 0) {
      throw new IllegalArgumentException("completionTokens must be >= 0, got " + completionTokens);
    }
    if (!(costUsd >= 0) || Double.isInfinite(costUsd)) {
      throw new IllegalArgumentException("costUsd must be finite and >= 0, got " + costUsd);
    }
  }

  /**
   * Whether the counters went backwards from {@code previous} to this value, which happens only when
   * the run was restarted in a new process (the counters start again from zero).
   */
  public boolean restartedAfter(LoggedUsage previous) {
    return promptTokens < previous.promptTokens || completionTokens < previous.completionTokens
        || costUsd < previous.costUsd;
  }
}
