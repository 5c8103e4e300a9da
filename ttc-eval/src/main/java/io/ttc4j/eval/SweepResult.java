package io.ttc4j.eval;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a sweep produced.
 *
 * @param settings        the settings it ran with
 * @param problems        problems evaluated
 * @param rows            every result row, in canonical order (problem in data-set order, seed in
 *                        settings order, N ascending, strategy in settings order), independent of
 *                        concurrency
 * @param summary         one row per (strategy, N), strategies in settings order, N ascending
 * @param searches        searches run (including the N = 1 searches added for {@code first})
 * @param failedSearches  searches that stopped with {@code FAILED} (their rows count as wrong)
 * @param firstFailure    the message of the first failure in canonical order, or {@code null}
 * @param crnMismatches   (problem, seed, N) where the N-sample search's first sample differed from
 *                        the one-sample search's: 0 when the generator keeps common random numbers
 * @param elapsed         wall-clock time of the run
 */
public record SweepResult(
    SweepSettings settings,
    int problems,
    List<ResultRow> rows,
    List<SummaryRow> summary,
    long searches,
    long failedSearches,
    String firstFailure,
    long crnMismatches,
    Duration elapsed) {

  /** Validates and copies. */
  public SweepResult {
    Objects.requireNonNull(settings, "settings");
    rows = List.copyOf(rows);
    summary = List.copyOf(summary);
    Objects.requireNonNull(elapsed, "elapsed");
  }
}
