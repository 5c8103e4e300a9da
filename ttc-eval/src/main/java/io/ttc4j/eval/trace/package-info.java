/**
 * Record and replay of generators and process reward models.
 *
 * <p>A {@link io.ttc4j.eval.trace.TraceRecorder} wraps any {@link io.ttc4j.core.Generator} and
 * {@link io.ttc4j.core.ProcessRewardModel} so that every completed call (its request, its full
 * response with usage, or its failure) is appended to a trace file, one JSON line per call. A
 * {@link io.ttc4j.eval.trace.Trace} reads that file back and serves the same requests from it, bit
 * for bit and without a server: a sweep run once against a GPU server can be re-analysed and re-run
 * with other selection rules for free.
 *
 * <pre>{@code
 * try (TraceRecorder rec = TraceRecorder.create(Path.of("run.trace.jsonl"))) {
 *   Search search = Search.builder().generator(rec.recording(generator)).prm(rec.recording(prm))...build();
 *   search.solve(problem).join();
 * }
 * Trace trace = Trace.read(Path.of("run.trace.jsonl"));
 * Search replayed = Search.builder().generator(trace.replayingGenerator())
 *     .prm(trace.replayingRewardModel())...build();   // the same SearchResult, no server
 * }</pre>
 *
 * <p>The file format is described in {@code io.ttc4j.eval.internal.TraceCodec} and in
 * {@code specs/ttc-eval.md}.
 */
package io.ttc4j.eval.trace;
