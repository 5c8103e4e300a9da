package io.ttc4j.prm.game24;

import java.util.Objects;

/**
 * One output of a logged run: a sampled IO or CoT answer, or one final state of the ToT search,
 * with the judgement the authors' script logged for it.
 *
 * @param text          the model's output, unchanged (for ToT, the whole path of thoughts)
 * @param loggedCorrect the logged judgement ({@code accs[i]} or {@code infos[i].r == 1}); ttc4j's
 *                      replay recomputes correctness with its own checker and reports agreement
 */
public record LoggedSample(String text, boolean loggedCorrect) {

  /** Validates: text not null. */
  public LoggedSample {
    Objects.requireNonNull(text, "text");
  }
}
