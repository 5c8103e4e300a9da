/**
 * The vocabulary and service-provider interfaces of ttc4j.
 *
 * <p>A caller hands a {@link io.ttc4j.core.Problem} to a {@link io.ttc4j.core.Search}, which runs a
 * {@link io.ttc4j.core.SearchStrategy} over a {@link io.ttc4j.core.Generator} (anything that proposes
 * reasoning steps) and an optional {@link io.ttc4j.core.ProcessRewardModel}, under a
 * {@link io.ttc4j.core.Budget}. Every model call is metered by a {@link io.ttc4j.core.ComputeMeter}
 * that <em>reserves</em> the worst case before the call and reconciles the reported
 * {@link io.ttc4j.core.Usage} after it, so a hard limit is never overshot even with many calls in
 * flight. The result is a {@link io.ttc4j.core.SearchResult}: the chosen answer, the ranked
 * candidates, the exact spend and why the search stopped.
 *
 * <p>Nothing in this package knows about HTTP, JSON, files or a particular model.
 */
package io.ttc4j.core;
