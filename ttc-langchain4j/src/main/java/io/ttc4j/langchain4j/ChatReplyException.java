package io.ttc4j.langchain4j;

/**
 * A chat model answered, but not with something ttc4j can use: a reply without text, or without
 * the token counts needed to meter it (see {@link LangChain4jGenerator.Builder#tokenEstimator}).
 * The message names the sample and what was wrong; it never quotes the prompt.
 */
public final class ChatReplyException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int sampleIndex;

  /**
   * An error about sample {@code sampleIndex} of a call.
   *
   * @param sampleIndex the index of the sample in its call, from 0
   * @param message     what was wrong
   */
  public ChatReplyException(int sampleIndex, String message) {
    super(message);
    this.sampleIndex = sampleIndex;
  }

  /** The index of the sample in its call, from 0. */
  public int sampleIndex() {
    return sampleIndex;
  }
}
