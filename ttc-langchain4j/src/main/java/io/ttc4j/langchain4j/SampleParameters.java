package io.ttc4j.langchain4j;

import dev.langchain4j.model.chat.request.ChatRequestParameters;

/**
 * Adapts the parameters of one sample's request to the model: LangChain4j's common
 * {@link ChatRequestParameters} have no seed, so a provider's own parameter type must carry it.
 *
 * <p>For OpenAI ({@code langchain4j-open-ai}), whose seed is a 32-bit {@code Integer}:
 *
 * <pre>{@code
 * LangChain4jGenerator.builder(openAi)
 *     .sampleParameters((standard, seed) -> OpenAiChatRequestParameters.builder()
 *         .overrideWith(standard)
 *         .seed((int) seed)
 *         .build())
 *     .build();
 * }</pre>
 *
 * <p>The same hook can drop a parameter that a provider refuses (for example {@code topP} together
 * with {@code temperature}). Keep {@code maxOutputTokens} (or the provider's own limit) at the
 * standard value: budgets reserve {@code maxTokens} per sample and must not be exceeded.
 * Implementations must be thread-safe.
 */
@FunctionalInterface
public interface SampleParameters {

  /**
   * The parameters to send for one sample.
   *
   * @param standard   temperature, topP, maxOutputTokens and stop sequences of the spec
   * @param sampleSeed the seed of this sample, {@link LangChain4jGenerator#sampleSeed(long, int)}
   *                   of the call's seed and the sample's index
   * @return the parameters to send, not {@code null}
   */
  ChatRequestParameters forSample(ChatRequestParameters standard, long sampleSeed);
}
