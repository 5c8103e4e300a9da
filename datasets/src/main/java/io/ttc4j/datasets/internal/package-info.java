/**
 * Implementation detail of {@code io.ttc4j.datasets}: the JSON-lines reader with located error
 * messages, the {@code \boxed{}} scanner, the answer normaliser and the candidate-set codec. Not an
 * API; anything here may change without notice.
 */
package io.ttc4j.datasets.internal;
