/**
 * Implementation detail of {@code io.ttc4j.serving}: the resilient JSON-over-HTTP call (concurrency
 * limit, timeouts, retries, cancellation), the decoding of OpenAI-compatible and vLLM responses,
 * exact apportioning of reported token counts, and the handling of API keys. Not a public API: it
 * may change in any release.
 */
package io.ttc4j.serving.internal;
