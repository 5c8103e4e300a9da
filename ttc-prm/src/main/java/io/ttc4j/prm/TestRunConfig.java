package io.ttc4j.prm;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link TestRunVerifier} runs: the test command, where the candidate program goes, and the
 * limits of one run.
 *
 * <pre>{@code
 * TestRunConfig pytest = TestRunConfig.of(List.of("python3", "-m", "pytest", "-q"), "solution.py");
 * TestRunConfig script = TestRunConfig.of(List.of("python3", "test_solution.py"), "solution.py")
 *     .withTimeout(Duration.ofSeconds(5))
 *     .withMaxOutputBytes(16_384);
 * }</pre>
 *
 * @param command        the program and its arguments, run in the fresh working directory that
 *                       holds the candidate and the tests; not empty, no element null, the first
 *                       not blank. It is not passed through a shell.
 * @param solutionFile   the path, relative to the working directory, the candidate program is
 *                       written to (UTF-8), for example {@code solution.py}; no {@code ..}
 * @param timeout        the wall-clock limit of one run, from start to exit; a run still going then
 *                       is killed, with every process it started that can still be found, and fails.
 *                       Positive.
 * @param maxOutputBytes the most bytes of the command's output (standard output and standard error,
 *                       interleaved) kept for {@link TestRunResult#output()}; the rest is read and
 *                       discarded, so a chatty candidate neither blocks nor fills memory. At least 0.
 */
public record TestRunConfig(List<String> command, String solutionFile, Duration timeout, int maxOutputBytes) {

  /** The timeout of {@link #of}: 10 seconds. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  /** The output cap of {@link #of}: 64 KiB. */
  public static final int DEFAULT_MAX_OUTPUT_BYTES = 64 * 1024;

  /** Validates and copies. */
  public TestRunConfig {
    Objects.requireNonNull(command, "command");
    for (int i = 0; i < command.size(); i++) {
      if (command.get(i) == null) {
        throw new NullPointerException("command[" + i + "]");
      }
    }
    command = List.copyOf(command);
    if (command.isEmpty() || command.get(0).isBlank()) {
      throw new IllegalArgumentException("command must name a program, got " + command);
    }
    solutionFile = relativePath("solutionFile", solutionFile);
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
    if (maxOutputBytes < 0) {
      throw new IllegalArgumentException("maxOutputBytes must be >= 0, got " + maxOutputBytes);
    }
  }

  /** A config with {@link #DEFAULT_TIMEOUT} and {@link #DEFAULT_MAX_OUTPUT_BYTES}. */
  public static TestRunConfig of(List<String> command, String solutionFile) {
    return new TestRunConfig(command, solutionFile, DEFAULT_TIMEOUT, DEFAULT_MAX_OUTPUT_BYTES);
  }

  /** This config with another timeout. */
  public TestRunConfig withTimeout(Duration newTimeout) {
    return new TestRunConfig(command, solutionFile, newTimeout, maxOutputBytes);
  }

  /** This config with another output cap, in bytes. */
  public TestRunConfig withMaxOutputBytes(int newMaxOutputBytes) {
    return new TestRunConfig(command, solutionFile, timeout, newMaxOutputBytes);
  }

  /**
   * {@code value} checked to be a relative path that stays inside the directory it is resolved
   * against (not blank, not absolute, no {@code ..}), in normalised form.
   *
   * @param name the argument's name, for the message
   * @throws IllegalArgumentException when it is not
   */
  static String relativePath(String name, String value) {
    Objects.requireNonNull(value, name);
    Path p;
    try {
      p = Path.of(value);
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException(name + " must be a valid relative path, got '" + value + "': "
          + e.getReason(), e);
    }
    if (value.isBlank() || p.isAbsolute() || p.getRoot() != null) {
      throw new IllegalArgumentException(name + " must be a relative file path, got '" + value + "'");
    }
    for (Path part : p) {
      if (part.toString().equals("..")) {
        throw new IllegalArgumentException(name + " must stay inside the working directory (no '..'), got '"
            + value + "'");
      }
    }
    Path normal = p.normalize();
    if (normal.toString().isEmpty()) {
      throw new IllegalArgumentException(name + " must name a file, got '" + value + "'");
    }
    return normal.toString();
  }
}
