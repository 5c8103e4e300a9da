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
 *       that refits for each resample.</li>
 * </ul>
 *
 * <p>Every random choice flows from a seed the caller sets.
 */
package io.ttc4j.eval.policy;
