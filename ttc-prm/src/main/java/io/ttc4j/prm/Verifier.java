package io.ttc4j.prm;

import io.ttc4j.core.Problem;
import java.util.concurrent.CompletableFuture;

/**
 * An outcome reward that is exactly right or wrong: decides whether the final answer of a finished
 * solution solves the problem (a reference-answer match, a Game of 24 checker, unit tests run on
 * generated code, a proof checker). {@link VerifierRewardModel} turns one into a reward model.
 *
 * <p>Implementations are thread-safe. A cheap check implements {@link #verify}; a slow one (a
 * sandbox, a remote service) overrides {@link #verifyAsync} so that no thread waits for it.
 */
@FunctionalInterface
public interface Verifier {

  /**
   * Whether {@code answer} solves {@code problem}.
   *
   * @param answer the extracted final answer, never null
   * @throws IllegalArgumentException when the problem cannot be checked by this verifier (for
   *     example it has no reference answer); that is a configuration error, not a wrong answer
   */
  boolean verify(Problem problem, String answer);

  /**
   * {@link #verify} as a future; by default computed on the calling thread. The future fails
   * where {@link #verify} throws.
   */
  default CompletableFuture<Boolean> verifyAsync(Problem problem, String answer) {
    try {
      return CompletableFuture.completedFuture(verify(problem, answer));
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** A short name for reports. */
  default String name() {
    return getClass().getSimpleName();
  }
}
