/** A LangChain4j {@code ChatModel} behind the ttc4j {@link io.ttc4j.core.Generator} SPI. */
package io.ttc4j.langchain4j;
