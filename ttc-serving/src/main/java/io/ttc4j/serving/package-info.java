/**
 * Clients for real inference servers behind the core SPIs: a {@link io.ttc4j.core.Generator} over
 * the OpenAI-compatible API and served process reward models.
 */
package io.ttc4j.serving;
