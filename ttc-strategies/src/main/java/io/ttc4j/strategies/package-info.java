/**
 * Search strategies over the ttc4j SPIs. Each is a small immutable, validated configuration plus an
 * algorithm that makes every model call through the {@link io.ttc4j.core.SearchContext}, so budgets
 * hold as hard limits.
 *
 * <p>Now: {@link io.ttc4j.strategies.BestOfN} with the selections of search-and-learn (naive,
 * weighted, majority) plus the first-sample and oracle baselines.
 */
package io.ttc4j.strategies;
