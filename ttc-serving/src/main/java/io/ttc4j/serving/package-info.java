/**
 * Clients for real inference servers behind the core SPIs.
 *
 * <ul>
 *   <li>{@link io.ttc4j.serving.OpenAiCompatibleGenerator}: a {@link io.ttc4j.core.Generator} over
 *       the OpenAI-compatible {@code /v1/completions} and {@code /v1/chat/completions} of vLLM,
 *       SGLang, llama.cpp server, Ollama and hosted APIs, with a {@link io.ttc4j.serving.PromptTemplate}
 *       per model family;</li>
 *   <li>{@link io.ttc4j.serving.VllmPoolingRewardModel}: step-tag process reward models such as
 *       Qwen2.5-Math-PRM behind vLLM's {@code /pooling};</li>
 *   <li>{@link io.ttc4j.serving.LogprobRewardModel}: "+"/"-" generative process reward models
 *       (RLHFlow style) scored from top log-probabilities of {@code /v1/completions};</li>
 *   <li>{@link io.ttc4j.serving.ServerEndpoint}: one server, with its API key, a non-blocking
 *       concurrency limit, timeouts and retries ({@link io.ttc4j.serving.EndpointConfig},
 *       {@link io.ttc4j.serving.RetryPolicy}); failures are {@link io.ttc4j.serving.ServingException}s.</li>
 * </ul>
 *
 * <p>Everything is asynchronous over {@code java.net.http} and Jackson; no thread ever blocks on a
 * response, and cancelling a returned future aborts its HTTP exchange. Logging goes through the SLF4J
 * API only (retries at debug level); API keys never reach logs, messages or {@code toString()}.
 */
package io.ttc4j.serving;
