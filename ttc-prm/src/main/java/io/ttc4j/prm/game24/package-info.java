/**
 * Replays of the published Tree of Thoughts Game of 24 runs (Yao et al., NeurIPS 2023): the GPT-4
 * logs of IO prompting, chain-of-thought prompting (100 samples per puzzle each) and ToT
 * breadth-first search (b = 5) on puzzles 900-999, bundled with their MIT licence.
 *
 * <ul>
 *   <li>{@link io.ttc4j.prm.game24.ToTLogs} reads the logs and the puzzle list (from files or the
 *       bundled copies) into {@link io.ttc4j.prm.game24.ToTLog}s; a malformed file raises
 *       {@link io.ttc4j.core.MalformedDataException} naming file, line and field.</li>
 *   <li>{@link io.ttc4j.prm.game24.Game24Replay} rechecks every output with ttc4j's Game of 24
 *       checker and derives success curves (best-of-k by the unbiased {@link
 *       io.ttc4j.prm.PassAtK pass@k}, first k, majority vote), ToT's success, each run's cost
 *       from the logged token counters ({@link io.ttc4j.prm.game24.LogCost}), and the
 *       compute-matched comparison ({@link io.ttc4j.prm.game24.Game24Report}).</li>
 * </ul>
 *
 * <p>See {@code ttc-prm/README-game24.md} for the figures and how they compare with the paper's.
 */
package io.ttc4j.prm.game24;
