package io.ttc4j.prm.game24;

import io.ttc4j.core.PriceModel;
import io.ttc4j.core.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a logged run cost, per puzzle and in total, derived from its cumulative {@code usage_so_far}
 * counters.
 *
 * <h2>Derivation</h2>
 * The scripts add every API call's reported {@code prompt_tokens} and {@code completion_tokens} to two
 * process-wide counters and log them, with their dollar cost, after each puzzle. So a puzzle's usage
 * is its counters minus the previous puzzle's (the first puzzle's is its counters). When a counter
 * goes <em>down</em> the run was restarted in a fresh process, whose counters began again at zero:
 * that puzzle's usage is then its counters as logged, and its {@code idx} is listed in
 * {@link #restartedAt}. (A restart after which every counter happened to exceed its old value would go
 * unnoticed, and calls the stopped process made after its last logged puzzle are in no log.) The
 * bundled CoT log was restarted before puzzle 932: its last {@code usage_so_far} ($32.17) covers
 * puzzles 932-999 only, and the whole run cost $47.05.
 *
 * <p>Each puzzle's {@link Usage} has the token difference, no cached prompt tokens (the 2023 API had
 * no prompt cache), the dollar cost at the replay's {@link PriceModel} (exact integer nano-dollars),
 * and as {@code generations} the number of outputs of an IO or CoT puzzle (one per sample); a ToT
 * search's number of completions is not logged, and is 0.
 *
 * @param perPuzzle     each puzzle's usage, in file order
 * @param total         the sum of {@code perPuzzle}
 * @param lastLogged    the last {@code usage_so_far} as written (what a reader of the file's end sees)
 * @param restartedAt   the {@code idx} of each puzzle before which the counters restarted
 * @param loggedCostUsd the scripts' own dollar figures summed the same way (restart-aware)
 */
public record LogCost(List<Usage> perPuzzle, Usage total, LoggedUsage lastLogged, List<Integer> restartedAt,
    double loggedCostUsd) {

  /** Validates and copies. */
  public LogCost {
    perPuzzle = List.copyOf(perPuzzle);
    if (perPuzzle.isEmpty()) {
      throw new IllegalArgumentException("perPuzzle must not be empty");
    }
    Objects.requireNonNull(total, "total");
    Objects.requireNonNull(lastLogged, "lastLogged");
    restartedAt = List.copyOf(restartedAt);
  }

  /** Derives the costs of {@code log} at {@code prices}, as described in the class comment. */
  public static LogCost of(ToTLog log, PriceModel prices) {
    Objects.requireNonNull(log, "log");
    Objects.requireNonNull(prices, "prices");
    LoggedUsage previous = new LoggedUsage(0, 0, 0);
    List<Usage> perPuzzle = new ArrayList<>(log.puzzles().size());
    List<Integer> restarts = new ArrayList<>();
    Usage total = Usage.ZERO;
    double loggedCost = 0;
    for (LoggedPuzzle p : log.puzzles()) {
      LoggedUsage now = p.usageSoFar();
      LoggedUsage base = previous;
      if (now.restartedAfter(previous)) {
        restarts.add(p.idx());
        base = new LoggedUsage(0, 0, 0);
      }
      long generations = log.method() == ToTLog.Method.BFS ? 0 : p.outputs().size();
      Usage u = prices.price(Usage.ofGeneration(generations, now.promptTokens() - base.promptTokens(), 0,
          now.completionTokens() - base.completionTokens()));
      perPuzzle.add(u);
      total = total.plus(u);
      loggedCost += now.costUsd() - base.costUsd();
      previous = now;
    }
    LoggedUsage last = log.puzzles().get(log.puzzles().size() - 1).usageSoFar();
    return new LogCost(perPuzzle, total, last, restarts, loggedCost);
  }

  /** The mean usage per puzzle. */
  public CostPoint meanPerPuzzle() {
    double n = perPuzzle.size();
    return new CostPoint(total.promptTokens() / n, total.completionTokens() / n, total.costUsd() / n);
  }
}
