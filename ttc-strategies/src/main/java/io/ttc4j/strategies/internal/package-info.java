/**
 * Machinery shared by the strategies of {@code io.ttc4j.strategies}: metered, budget-planned
 * expansion of search-tree nodes, per-search memoised reward-model scores, the finished candidates
 * and the stop reason ({@link io.ttc4j.strategies.internal.StepSearch}), and a non-blocking loop over
 * futures ({@link io.ttc4j.strategies.internal.AsyncLoop}). Not an API: it may change in any release.
 */
package io.ttc4j.strategies.internal;
