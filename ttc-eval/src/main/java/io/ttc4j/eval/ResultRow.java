package io.ttc4j.eval;

import io.ttc4j.core.StopReason;
import io.ttc4j.core.Usage;
import io.ttc4j.strategies.Confidence;
import java.util.Objects;

/**
 * One line of a sweep's {@code results.jsonl}: what one selection rule chose for one problem at
 * one N under one seed, whether that was right, and what it cost.
 *
 * @param problemId  the problem's id
 * @param strategy   the selection rule applied to the best-of-N candidates
 * @param n          the N of the best-of-N search (samples requested)
 * @param seed       the sweep seed the search ran with
 * @param candidates finished candidates the rule chose from (fewer than {@code n} when the budget
 *                   stopped sampling early)
 * @param answer     the chosen answer, or {@code null} when the chosen candidate states none or
 *                   nothing could be chosen
 * @param reference  the problem's reference answer
 * @param correct    whether {@code answer} is equivalent to {@code reference}; a missing answer is wrong
 * @param stopReason why the search behind this row stopped
 * @param usage      the compute this rule needs for this row (see {@link Sweep} for the accounting)
 * @param error      what went wrong when the row could not be evaluated normally (a failed search,
 *                   missing reward-model scores), otherwise {@code null}
 * @param confidence how sure the candidates the answer was chosen from are of it (see {@link Sweep},
 *                   "Confidence"), or {@code null} when not recorded: rows of run folders written
 *                   before rows carried it. A sweep records it on every row, also when nothing could
 *                   be chosen (then the shares are 0) and when a failed search left no candidates
 *                   ({@link Confidence#NONE}): those are measured, not unknown, and a cascade
 *                   escalates on them
 */
public record ResultRow(
    String problemId,
    SweepStrategy strategy,
    int n,
    long seed,
    int candidates,
    String answer,
    String reference,
    boolean correct,
    StopReason stopReason,
    Usage usage,
    String error,
    Confidence confidence) {

  /** Validates. */
  public ResultRow {
    Objects.requireNonNull(problemId, "problemId");
    Objects.requireNonNull(strategy, "strategy");
    Objects.requireNonNull(stopReason, "stopReason");
    Objects.requireNonNull(usage, "usage");
    if (n < 1) {
      throw new IllegalArgumentException("n must be >= 1, got " + n);
    }
    if (candidates < 0) {
      throw new IllegalArgumentException("candidates must be >= 0, got " + candidates);
    }
    if (correct && answer == null) {
      throw new IllegalArgumentException("a row without answer cannot be correct (problem " + problemId + ")");
    }
  }

  /** A row without a recorded confidence ({@code confidence} {@code null}), as rows were before they carried one. */
  public ResultRow(String problemId, SweepStrategy strategy, int n, long seed, int candidates, String answer,
      String reference, boolean correct, StopReason stopReason, Usage usage, String error) {
    this(problemId, strategy, n, seed, candidates, answer, reference, correct, stopReason, usage, error, null);
  }

  /** This row with {@code confidence} instead of its own. */
  public ResultRow withConfidence(Confidence confidence) {
    return new ResultRow(problemId, strategy, n, seed, candidates, answer, reference, correct, stopReason, usage, error,
        confidence);
  }
}
