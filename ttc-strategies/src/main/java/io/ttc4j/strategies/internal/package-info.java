/**
 * Machinery shared by the strategies of {@code io.ttc4j.strategies}: metered, budget-planned
 * expansion of search-tree nodes, per-search memoised reward-model scores, the finished candidates
 * and the stop reason ({@link io.ttc4j.strategies.internal.StepSearch}), a non-blocking loop over
 * futures ({@link io.ttc4j.strategies.internal.AsyncLoop}), and the per-search views of shared models
 * whose calls wait for a permit of the search engine's limiter
 * ({@link io.ttc4j.strategies.internal.LimitedModels}). Not an API: it may change in any release.
 */
package io.ttc4j.strategies.internal;
