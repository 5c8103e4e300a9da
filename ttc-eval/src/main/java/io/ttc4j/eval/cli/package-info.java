/**
 * The {@code ttc} command line (picocli): {@code ttc sweep} runs a best-of-N budget sweep against the
 * simulator into a run folder, {@code ttc replay} evaluates selection rules on a recorded
 * candidate-set file. {@link io.ttc4j.eval.cli.TtcCommand#main(String[])} is the entry point of the
 * runnable jar that the repository's {@code ./ttc} launcher builds and runs.
 */
package io.ttc4j.eval.cli;
