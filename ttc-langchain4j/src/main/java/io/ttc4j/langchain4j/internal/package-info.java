/**
 * Implementation detail of the LangChain4j adapter: the non-blocking call limiter, the decoding of a
 * chat reply into steps, and exact integer apportioning. Not an API; it may change at any time.
 */
package io.ttc4j.langchain4j.internal;
