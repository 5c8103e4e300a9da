package io.ttc4j.prm;

import io.ttc4j.prm.internal.ProcessTestRunner;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Runs a test command in a working directory that already holds a candidate program and its tests:
 * the pluggable part of a {@link TestRunVerifier}, where the isolation lives.
 *
 * <p>The default, {@link #processes()}, starts the command as a local process of the JVM's user.
 * <b>That runs untrusted, model-written code with the user's rights</b>: it can read and write what
 * the user can, use the network, and start processes that outlive it. In production, implement
 * this interface with a sandbox: a container started per run ({@code docker run --rm --network none
 * --read-only}, the working directory mounted, CPU, memory and process limits set), gVisor or
 * Firecracker, or a remote execution service. Everything else in {@link TestRunVerifier} (writing
 * the files, judging the exit status, deleting the directory, timeouts around the call, async
 * execution, cancellation) stays the same.
 *
 * <p>Implementations are thread-safe, honour {@link TestRunConfig#timeout()} and {@link
 * TestRunConfig#maxOutputBytes()}, give the command no standard input, and leave no process running
 * when they return or throw. When the calling thread is interrupted they stop the run and throw
 * {@link InterruptedException}.
 */
@FunctionalInterface
public interface TestRunner {

  /**
   * Runs {@code config.command()} in {@code workingDirectory} and reports what happened.
   *
   * @param workingDirectory a directory holding the candidate and its tests; the caller deletes it
   * @throws IOException          when the command cannot be started (for example the program is
   *                              not installed): an environment error, not a failed test
   * @throws InterruptedException when the calling thread is interrupted; the run is stopped
   */
  TestRunResult run(Path workingDirectory, TestRunConfig config) throws IOException, InterruptedException;

  /**
   * The local-process runner: {@link ProcessBuilder}, standard input closed at once, standard error
   * merged into standard output, the output read on a separate daemon thread into a buffer of at
   * most {@link TestRunConfig#maxOutputBytes()} bytes (the rest discarded), and on timeout or
   * interrupt the whole process tree killed ({@link ProcessHandle#descendants()} then
   * {@link Process#destroyForcibly()}). The command inherits the JVM's environment (its
   * {@code PATH} finds the interpreter).
   *
   * <p>Not a sandbox: see the class comment. A descendant that detaches from the tree before the
   * kill (a double fork, a daemon) is no longer found and keeps running; a container runner does
   * not have that gap.
   */
  static TestRunner processes() {
    return ProcessTestRunner.INSTANCE;
  }
}
