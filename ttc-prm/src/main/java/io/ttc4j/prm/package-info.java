/**
 * Reward-model implementations and tools over the core {@link io.ttc4j.core.ProcessRewardModel} SPI.
 *
 * <ul>
 *   <li><b>Wrappers</b>, each a reward model decorating others, all thread-safe, asynchronous and
 *       thread-free: {@link io.ttc4j.prm.CachingRewardModel} (a prefix is never scored twice),
 *       {@link io.ttc4j.prm.BatchingRewardModel} (many callers' requests, one delegate call per
 *       batch), {@link io.ttc4j.prm.EnsembleRewardModel} (mean, min or vote of several PRMs) and
 *       {@link io.ttc4j.prm.VerifierRewardModel} (an exact {@link io.ttc4j.prm.Verifier} as a PRM
 *       stand-in; ready-made ones in {@link io.ttc4j.prm.Verifiers}, among them a Game of 24 checker).
 *   <li><b>Code verification</b>: {@link io.ttc4j.prm.TestRunVerifier} judges a candidate program by
 *       running the problem's tests on it ({@link io.ttc4j.prm.TestRunConfig},
 *       {@link io.ttc4j.prm.TestFiles}), through a pluggable {@link io.ttc4j.prm.TestRunner}: the
 *       default runs local processes and is no sandbox, since the code is untrusted.
 *   <li><b>Aggregations</b>: {@link io.ttc4j.prm.StepAggregation}, core's four plus max, geometric
 *       mean, log-product and sum of logits.
 *   <li><b>Calibration</b>: {@link io.ttc4j.prm.PlattScaling} and
 *       {@link io.ttc4j.prm.IsotonicCalibration} map raw scores to P(correct);
 *       {@link io.ttc4j.prm.ReliabilityTable} checks the result (reliability bins, ECE).
 *   <li><b>Quality metrics</b>: {@link io.ttc4j.prm.PrmMetrics} (step AUC, outcome AUC,
 *       ProcessBench first-error F1) over {@link io.ttc4j.prm.ScoredSolution}s, from a
 *       {@link io.ttc4j.prm.StepScorer}, a reward model, or a {@link io.ttc4j.prm.ScoreFile}; the
 *       BIG-Bench-Mistake traces are bundled as labelled solutions ({@link io.ttc4j.prm.BigBenchMistake}).
 * </ul>
 *
 * <p>Implementation detail lives in {@code io.ttc4j.prm.internal}, which is not an API.
 */
package io.ttc4j.prm;
