package io.ttc4j.langchain4j;

import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.request.DefaultChatRequestParameters;

/**
 * Provider-specific parameters with a seed, as a LangChain4j integration defines them (OpenAI's
 * carry an {@code Integer seed}): the common parameters have none. The fake models return
 * {@link #EMPTY} as their default parameters so that {@code ChatModel.chat}'s merge keeps the seed.
 */
final class SeededParameters extends DefaultChatRequestParameters {

  static final SeededParameters EMPTY = builder().build();

  private final Long seed;

  private SeededParameters(Builder b) {
    super(b);
    this.seed = b.seed;
  }

  Long seed() {
    return seed;
  }

  @Override
  public ChatRequestParameters overrideWith(ChatRequestParameters that) {
    return builder().overrideWith(this).overrideWith(that).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  static final class Builder extends DefaultChatRequestParameters.Builder<Builder> {
    private Long seed;

    @Override
    public Builder overrideWith(ChatRequestParameters p) {
      super.overrideWith(p);
      if (p instanceof SeededParameters s && s.seed != null) {
        seed = s.seed;
      }
      return this;
    }

    Builder seed(Long s) {
      seed = s;
      return this;
    }

    @Override
    public SeededParameters build() {
      return new SeededParameters(this);
    }
  }

  /** The binding a user would write for such a provider. */
  static final SampleParameters BINDING =
      (standard, sampleSeed) -> builder().overrideWith(standard).seed(sampleSeed).build();
}
