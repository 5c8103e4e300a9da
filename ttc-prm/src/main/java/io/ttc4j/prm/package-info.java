/**
 * Reward-model implementations and tools over the core
 * {@link io.ttc4j.core.ProcessRewardModel} SPI: aggregation, caching and batching wrappers,
 * verifier-as-reward, ensembles, calibration and PRM quality metrics.
 *
 * <p>The SPI and the {@link io.ttc4j.core.Aggregation} rules (last, min, product, mean) live in
 * {@code ttc-core}; this module is where the wrappers and calibration are built (issue: the reward
 * model toolkit). It holds no types yet.
 */
package io.ttc4j.prm;
