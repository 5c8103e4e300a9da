/**
 * Evaluation of test-time-compute search: budget sweeps over a data set with a generator and a
 * process reward model ({@link io.ttc4j.eval.Sweep}), replay of selection rules on recorded
 * candidate sets ({@link io.ttc4j.eval.Replay}), and the statistics they report
 * ({@link io.ttc4j.eval.WilsonInterval}).
 *
 * <p>The command line lives in {@code io.ttc4j.eval.cli}; file formats and progress reporting in
 * {@code io.ttc4j.eval.internal}.
 */
package io.ttc4j.eval;
