/**
 * Compute-optimal test-time-compute policies fitted offline from a sweep, as in Snell et al.
 * (2024), "Scaling LLM Test-Time Compute Optimally".
 *
 * <ul>
 *   <li>{@link io.ttc4j.eval.policy.Policy}: the versioned JSON policy: per difficulty bin and
 *       generation budget (mean completion tokens per query), the strategy and N to run;</li>
 *   <li>{@link io.ttc4j.eval.policy.PolicyFit}: fits one from a sweep's rows, with oracle or
 *       predicted difficulty (the probes that measure the latter counted in every cost);</li>
 *   <li>{@link io.ttc4j.eval.policy.CrossValidation}: two-fold cross-validation over problems and the
 *       tokens compute-optimal needs to match weighted best-of-N, with a cluster-bootstrap interval
 *       that refits for each resample;</li>
 *   <li>{@link io.ttc4j.eval.policy.BatchAllocation}: one token budget shared over a batch against a
 *       uniform split, with paired intervals;</li>
 *   <li>{@link io.ttc4j.eval.policy.CascadeEvaluation}: model-tier cascade plans (tiers, calibrated
 *       thresholds) fitted for a dollar, latency or accuracy target and evaluated held out against
 *       every single tier and the best mix of tiers, from outcomes that
 *       {@link io.ttc4j.eval.policy.CascadeOutcomes} takes from searches or sweep rows;
 *       {@link io.ttc4j.eval.policy.CascadePlan} is a fitted plan as a deployable file.</li>
 * </ul>
 *
 * <p>Every random choice flows from a seed the caller sets.
 */
package io.ttc4j.eval.policy;
