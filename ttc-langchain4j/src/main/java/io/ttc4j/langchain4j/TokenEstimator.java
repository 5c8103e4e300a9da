package io.ttc4j.langchain4j;

/**
 * Estimates the tokens of a text, for models whose LangChain4j integration reports no
 * {@code TokenUsage}. Without an estimator such replies fail (a silent zero would let searches
 * overspend their budgets); with one, the estimate is charged instead. Implementations must be
 * thread-safe.
 */
@FunctionalInterface
public interface TokenEstimator {

  /** The estimated tokens of {@code text}, at least 0. */
  long tokens(String text);

  /**
   * The UTF-8 byte length: never fewer than the true count for byte-level BPE and byte-fallback
   * tokenizers, so budgets stay safe, but often about four times the true count for English text.
   */
  static TokenEstimator utf8Bytes() {
    return text -> io.ttc4j.langchain4j.internal.Utf8.length(text);
  }
}
