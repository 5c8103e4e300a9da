/**
 * A LangChain4j {@code ChatModel} behind the ttc4j {@link io.ttc4j.core.Generator} SPI, so that
 * LangChain4j users get test-time search with one line:
 * {@code Search.builder().generator(LangChain4jGenerator.of(chatModel))}.
 *
 * <p>{@link io.ttc4j.langchain4j.LangChain4jGenerator} is the entry point;
 * {@link io.ttc4j.langchain4j.ChatPrompt} says what the model is sent,
 * {@link io.ttc4j.langchain4j.SampleParameters} adapts each request to a provider (per-sample
 * seeds), {@link io.ttc4j.langchain4j.TokenEstimator} opts in to estimated token counts for models
 * that report none, and {@link io.ttc4j.langchain4j.ChatReplyException} reports replies that cannot
 * be used.
 */
package io.ttc4j.langchain4j;
