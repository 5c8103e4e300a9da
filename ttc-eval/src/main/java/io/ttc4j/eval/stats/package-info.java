/**
 * Statistics for test-time-compute evaluations.
 *
 * <ul>
 *   <li>{@link io.ttc4j.eval.stats.UnbiasedAtK}: unbiased estimators of pass@k, first@k, naive@k,
 *       majority@k and weighted@k from one large set of N recorded samples per problem
 *       ({@link io.ttc4j.eval.stats.SampleSet}), so that one run at N = 256 gives the whole curve
 *       for every k ≤ 256, with less variance than a separate run per k;</li>
 *   <li>{@link io.ttc4j.eval.stats.ClusterBootstrap}: percentile bootstrap intervals that resample
 *       <em>problems</em> (clusters), for one accuracy and for the paired difference between two
 *       strategies evaluated on the same problems and seeds;</li>
 *   <li>{@link io.ttc4j.eval.stats.DifficultyBins}: problems binned by oracle (pass@1) or
 *       predicted (mean reward-model score) difficulty into quantile bins, as in Snell et al.
 *       (2024).</li>
 * </ul>
 *
 * <p>Every random choice flows from a seed the caller sets; equal inputs and seeds give equal
 * results.
 */
package io.ttc4j.eval.stats;
