package io.ttc4j.prm;

import java.time.Duration;
import java.util.Objects;

/**
 * What one run of a candidate's tests did, as a {@link TestRunner} reports it.
 *
 * @param exitCode        the command's exit status; after a timeout, whatever the platform reports
 *                        for the killed process (137 on Linux for a kill signal)
 * @param timedOut        whether the run hit {@link TestRunConfig#timeout()} and was killed
 * @param output          the first {@link TestRunConfig#maxOutputBytes()} bytes of the command's
 *                        output (standard output and standard error interleaved), decoded as UTF-8
 *                        (a character cut at the cap becomes U+FFFD)
 * @param outputTruncated whether the command wrote more than the cap
 * @param elapsed         wall-clock time from start to exit (or to the kill), not negative
 */
public record TestRunResult(int exitCode, boolean timedOut, String output, boolean outputTruncated, Duration elapsed) {

  /** Validates. */
  public TestRunResult {
    Objects.requireNonNull(output, "output");
    Objects.requireNonNull(elapsed, "elapsed");
    if (elapsed.isNegative()) {
      throw new IllegalArgumentException("elapsed must not be negative, got " + elapsed);
    }
  }

  /** Whether the tests passed: the command exited with status 0 before the timeout. */
  public boolean passed() {
    return !timedOut && exitCode == 0;
  }
}
