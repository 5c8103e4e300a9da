package io.ttc4j.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * What a search returns.
 *
 * @param answer     the chosen answer, or {@code null} when no finished candidate stated one
 * @param candidates the finished candidates considered, ranked: the chosen one first, then by
 *                   score (highest first), then in generation order
 * @param usage      exactly what the search spent, as metered
 * @param stopReason why it stopped
 * @param failure    the error behind {@link StopReason#FAILED}, otherwise {@code null}
 */
public record SearchResult(
    String answer, List<Candidate> candidates, Usage usage, StopReason stopReason, Throwable failure) {

  /** Validates and copies. */
  public SearchResult {
    candidates = List.copyOf(candidates);
    Objects.requireNonNull(usage, "usage");
    Objects.requireNonNull(stopReason, "stopReason");
    if ((stopReason == StopReason.FAILED) != (failure != null)) {
      throw new IllegalArgumentException("failure must be set exactly when stopReason is FAILED, got "
          + stopReason + " with failure " + failure);
    }
  }

  /**
   * A result whose chosen candidate is {@code chosen} (may be null), with the others ranked after it.
   */
  public static SearchResult of(Candidate chosen, List<Candidate> candidates, Usage usage, StopReason reason,
      Throwable failure) {
    List<Candidate> ranked = new ArrayList<>(candidates);
    ranked.sort(Comparator.comparing((Candidate c) -> c != chosen)
        .thenComparing(Comparator.comparingDouble((Candidate c) -> Double.isNaN(c.score())
            ? Double.NEGATIVE_INFINITY : c.score()).reversed())
        .thenComparingInt(Candidate::index));
    return new SearchResult(chosen == null ? null : chosen.answer(), ranked, usage, reason, failure);
  }

  /** The chosen candidate, when one was chosen and states an answer. */
  public Optional<Candidate> best() {
    return answer == null ? Optional.empty() : Optional.of(candidates.get(0));
  }

  /** The candidates in generation order (by {@link Candidate#index()}). */
  public List<Candidate> inGenerationOrder() {
    List<Candidate> out = new ArrayList<>(candidates);
    out.sort(Comparator.comparingInt(Candidate::index));
    return out;
  }

  /**
   * The stop reason an exception from a metered call maps to: budget or deadline exhaustion,
   * cancellation, or failure.
   */
  public static StopReason stopReasonOf(Throwable t) {
    Throwable c = unwrap(t);
    if (c instanceof BudgetExhaustedException b) return b.stopReason();
    if (c instanceof CancellationException) return StopReason.CANCELLED;
    return StopReason.FAILED;
  }

  /** {@code t} without {@link CompletionException}/{@link ExecutionException} wrappers. */
  public static Throwable unwrap(Throwable t) {
    Throwable c = t;
    while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
      c = c.getCause();
    }
    return c;
  }
}
