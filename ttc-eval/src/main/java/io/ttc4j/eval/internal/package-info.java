/**
 * Implementation details of the evaluation harness, not API: the file formats of a run folder
 * ({@code results.jsonl}, {@code summary.csv}, {@code report.md}) and of traces of model calls
 * ({@link io.ttc4j.eval.internal.TraceCodec}), CSV and table formatting, and progress reporting.
 */
package io.ttc4j.eval.internal;
