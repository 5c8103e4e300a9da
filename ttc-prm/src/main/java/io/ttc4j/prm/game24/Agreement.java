package io.ttc4j.prm.game24;

import java.util.List;

/**
 * How ttc4j's checker agrees with the judgements a log holds, over every output of every puzzle.
 *
 * @param outputs       outputs compared
 * @param loggedCorrect outputs the log calls correct
 * @param ourCorrect    outputs ttc4j's checker calls correct
 * @param disagreements outputs on which the two differ
 * @param examples      the first disagreements (at most {@value #MAX_EXAMPLES}), for example
 *                      {@code "idx 927 #10: logged false, ours true: (13 - 9) * (12 - 6) = 48"}
 */
public record Agreement(int outputs, int loggedCorrect, int ourCorrect, int disagreements, List<String> examples) {

  /** The most disagreements kept as examples. */
  public static final int MAX_EXAMPLES = 10;

  /** Validates and copies. */
  public Agreement {
    if (outputs < 0 || loggedCorrect < 0 || ourCorrect < 0 || disagreements < 0
        || loggedCorrect > outputs || ourCorrect > outputs || disagreements > outputs) {
      throw new IllegalArgumentException("counts must be in [0, outputs=" + outputs + "], got logged " + loggedCorrect
          + ", ours " + ourCorrect + ", disagreements " + disagreements);
    }
    examples = List.copyOf(examples);
  }

  /** The share of outputs on which both agree (1 when there are none). */
  public double rate() {
    return outputs == 0 ? 1.0 : 1.0 - (double) disagreements / outputs;
  }
}
