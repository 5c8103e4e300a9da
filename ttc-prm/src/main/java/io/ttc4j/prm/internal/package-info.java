/**
 * Implementation detail of {@code io.ttc4j.prm}: usage apportioning, rank statistics, the Game of 24
 * expression evaluator and the JSON-lines reader. Not an API: anything here may change without notice.
 */
package io.ttc4j.prm.internal;
