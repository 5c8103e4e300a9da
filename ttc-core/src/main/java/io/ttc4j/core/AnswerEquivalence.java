package io.ttc4j.core;

/**
 * Decides whether two answers are the same answer, so that votes are counted over equivalent
 * answers, not equal strings. Must be reflexive and symmetric.
 */
public interface AnswerEquivalence {

  /** Compares answers by exact string equality (how Qwen's evaluation votes). */
  AnswerEquivalence EXACT = new AnswerEquivalence() {
    @Override
    public String key(String answer) {
      return answer;
    }

    @Override
    public String toString() {
      return "exact";
    }
  };

  /**
   * A canonical key: answers with equal keys are equivalent. Votes group answers by key first, so
   * a good key makes voting linear.
   */
  String key(String answer);

  /**
   * Whether {@code a} and {@code b} are equivalent; by default, whether their keys are equal.
   * Graders that can prove equivalence beyond the key (symbolic equality) override this.
   */
  default boolean equivalent(String a, String b) {
    return key(a).equals(key(b));
  }
}
