/**
 * Evaluation of test-time-compute search: budget sweeps over a data set with a generator and a
 * process reward model ({@link io.ttc4j.eval.Sweep}), sliced over machines with
 * {@link io.ttc4j.eval.Shard}; replay of selection rules on recorded candidate sets
 * ({@link io.ttc4j.eval.Replay}); accuracy against compute ({@link io.ttc4j.eval.SummaryRow},
 * {@link io.ttc4j.eval.ComputeRow}, {@link io.ttc4j.eval.ComputeFrontier}) with Wilson intervals
 * ({@link io.ttc4j.eval.WilsonInterval}), and per difficulty bin ({@link io.ttc4j.eval.DifficultyRow}).
 *
 * <p>Statistics (unbiased rule@k estimators, cluster bootstrap, difficulty bins) live in {@code io.ttc4j.eval.stats};
 * price, hardware and model-size assumptions in {@code io.ttc4j.eval.compute}; the command line in
 * {@code io.ttc4j.eval.cli}; file formats, reports, charts and progress in
 * {@code io.ttc4j.eval.internal}.
 */
package io.ttc4j.eval;
