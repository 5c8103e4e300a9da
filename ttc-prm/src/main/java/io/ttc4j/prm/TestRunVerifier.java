package io.ttc4j.prm;

import io.ttc4j.core.Problem;
import io.ttc4j.prm.internal.Workspaces;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * Judges a candidate program by running tests on it: the "sample, then select with tests" pattern of
 * code tasks (parallel test-time compute on SWE-bench-like tasks, best-of-N with unit tests on
 * MBPP and HumanEval). A candidate passes when the test command exits with status 0 within the
 * timeout.
 *
 * <p>Each verification creates a fresh temporary directory, writes the candidate (the extracted
 * answer, for example the last {@code ```python} block: {@link Verifiers#lastCodeBlock}) to
 * {@link TestRunConfig#solutionFile()} and the problem's {@link TestFiles} beside it, has the
 * {@link TestRunner} run {@link TestRunConfig#command()} there, and deletes the directory, whatever
 * happened.
 *
 * <pre>{@code
 * Verifier tests = TestRunVerifier.of(
 *         TestRunConfig.of(List.of("python3", "test_solution.py"), "solution.py").withTimeout(Duration.ofSeconds(5)),
 *         TestFiles.fromMetadata("test", "test_solution.py"))
 *     .withExecutor(testPool);                      // verifyAsync runs here, many candidates at once
 * ProcessRewardModel prm = VerifierRewardModel.of(tests, Verifiers.lastCodeBlock("python"));
 * }</pre>
 *
 * <p><b>Security.</b> This runs untrusted, model-written code. The default runner,
 * {@link TestRunner#processes()}, is a plain local process with the JVM user's rights, network and
 * file system: fine on a developer's machine with one's own model, not in production. There, plug in
 * a {@link TestRunner} that runs the command in a sandbox (a throw-away container without network,
 * with CPU, memory and process limits, the working directory mounted); see {@link TestRunner}.
 *
 * <p><b>Verdicts and failures.</b> A failing test, a crash, a syntax error and a timeout are all
 * "wrong" ({@code false}). A problem without tests is an {@link IllegalArgumentException}; a command
 * that cannot be started (the interpreter is missing) or a directory that cannot be written or
 * deleted is an {@link UncheckedIOException}; an interrupt of the verifying thread stops the run and
 * is a {@link CancellationException} (the interrupt flag is kept). Those fail the verification
 * rather than judge the candidate, as {@link Verifier} asks.
 *
 * <p><b>Threads.</b> {@link #verify} and {@link #run} block the calling thread for the run.
 * {@link #verifyAsync} and {@link #runAsync} run on the executor given with {@link #withExecutor}
 * (on the calling thread when there is none); cancelling the returned future interrupts that run,
 * which kills its processes and deletes its directory. The number of runs at once is what the
 * executor allows: size it to the machine (each run is a process). Instances are immutable and
 * thread-safe.
 */
public final class TestRunVerifier implements Verifier {

  private final TestRunConfig config;
  private final TestFiles tests;
  private final TestRunner runner;
  private final Executor executor;
  private final Path tempRoot;

  private TestRunVerifier(TestRunConfig config, TestFiles tests, TestRunner runner, Executor executor, Path tempRoot) {
    this.config = config;
    this.tests = tests;
    this.runner = runner;
    this.executor = executor;
    this.tempRoot = tempRoot;
  }

  /**
   * A verifier that runs {@code config} on each candidate with the problem's {@code tests}, with the
   * local-process runner, no executor and the system's temporary directory.
   */
  public static TestRunVerifier of(TestRunConfig config, TestFiles tests) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(tests, "tests");
    return new TestRunVerifier(config, tests, TestRunner.processes(), null, null);
  }

  /** This verifier with another runner (a sandbox). */
  public TestRunVerifier withRunner(TestRunner newRunner) {
    return new TestRunVerifier(config, tests, Objects.requireNonNull(newRunner, "runner"), executor, tempRoot);
  }

  /** This verifier with {@link #verifyAsync} and {@link #runAsync} running on {@code newExecutor}. */
  public TestRunVerifier withExecutor(Executor newExecutor) {
    return new TestRunVerifier(config, tests, runner, Objects.requireNonNull(newExecutor, "executor"), tempRoot);
  }

  /**
   * This verifier with its working directories created under {@code directory} (a RAM disk, or a
   * folder a container runtime may mount) instead of the system's temporary directory.
   *
   * @throws IllegalArgumentException when {@code directory} is not an existing directory
   */
  public TestRunVerifier withTempRoot(Path directory) {
    Objects.requireNonNull(directory, "directory");
    if (!Files.isDirectory(directory)) {
      throw new IllegalArgumentException("directory must be an existing directory, got '" + directory + "'");
    }
    return new TestRunVerifier(config, tests, runner, executor, directory);
  }

  /** What is run. */
  public TestRunConfig config() {
    return config;
  }

  /** The runner. */
  public TestRunner runner() {
    return runner;
  }

  @Override
  public String name() {
    return "tests(" + String.join(" ", config.command()) + ")";
  }

  /** Whether {@code answer}, the candidate program, passes the tests of {@code problem}; see the class comment. */
  @Override
  public boolean verify(Problem problem, String answer) {
    return run(problem, answer).passed();
  }

  /** {@link #verify} on the executor; see the class comment. */
  @Override
  public CompletableFuture<Boolean> verifyAsync(Problem problem, String answer) {
    Objects.requireNonNull(problem, "problem");
    Objects.requireNonNull(answer, "answer");
    return async(() -> verify(problem, answer));
  }

  /**
   * Runs the tests of {@code problem} on {@code answer} and reports the exit status, output and time,
   * for diagnostics and for rewards finer than pass or fail.
   *
   * @throws IllegalArgumentException when the problem has no tests, or its test files clash with the
   *     candidate's file
   * @throws UncheckedIOException     when the directory cannot be prepared or deleted, or the command
   *     cannot be started
   * @throws CancellationException    when the calling thread is interrupted (the flag is kept)
   */
  public TestRunResult run(Problem problem, String answer) {
    Objects.requireNonNull(problem, "problem");
    Objects.requireNonNull(answer, "answer");
    Map<String, String> files = testFiles(problem);
    Path dir;
    try {
      dir = tempRoot == null ? Files.createTempDirectory("ttc4j-tests-")
          : Files.createTempDirectory(tempRoot, "ttc4j-tests-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a working directory for the tests of problem '"
          + problem.id() + "'", e);
    }
    TestRunResult result;
    try {
      result = runIn(dir, problem, answer, files);
    } catch (RuntimeException | Error e) {
      try {
        Workspaces.deleteTree(dir);
      } catch (IOException | RuntimeException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
    try {
      Workspaces.deleteTree(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the working directory " + dir + " of the tests of problem '"
          + problem.id() + "'", e);
    }
    return result;
  }

  /** {@link #run} on the executor; see the class comment. */
  public CompletableFuture<TestRunResult> runAsync(Problem problem, String answer) {
    Objects.requireNonNull(problem, "problem");
    Objects.requireNonNull(answer, "answer");
    return async(() -> run(problem, answer));
  }

  private Map<String, String> testFiles(Problem problem) {
    Map<String, String> files = Objects.requireNonNull(tests.of(problem),
        "test files of problem '" + problem.id() + "' must not be null");
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : files.entrySet()) {
      String name = TestRunConfig.relativePath("test file of problem '" + problem.id() + "'", e.getKey());
      Objects.requireNonNull(e.getValue(), "content of test file '" + name + "' of problem '" + problem.id() + "'");
      if (out.containsKey(name)) {
        throw new IllegalArgumentException("test file '" + name + "' of problem '" + problem.id() + "' is given twice");
      }
      if (name.equals(config.solutionFile())) {
        throw new IllegalArgumentException("test file '" + name + "' of problem '" + problem.id()
            + "' would overwrite the candidate's file");
      }
      out.put(name, e.getValue());
    }
    return out;
  }

  private TestRunResult runIn(Path dir, Problem problem, String answer, Map<String, String> files) {
    try {
      write(dir, config.solutionFile(), answer);
      for (Map.Entry<String, String> e : files.entrySet()) {
        write(dir, e.getKey(), e.getValue());
      }
    } catch (ClosedByInterruptException e) {
      throw interrupted(problem, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the files of problem '" + problem.id() + "' to " + dir, e);
    }
    try {
      return Objects.requireNonNull(runner.run(dir, config), "runner returned a null result");
    } catch (ClosedByInterruptException | InterruptedException e) {
      throw interrupted(problem, e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + config.command() + " for problem '" + problem.id() + "'", e);
    }
  }

  /** The exception of a run stopped by an interrupt; the interrupt flag is set again. */
  private static CancellationException interrupted(Problem problem, Exception cause) {
    Thread.currentThread().interrupt();
    CancellationException c = new CancellationException("interrupted while running the tests of problem '"
        + problem.id() + "'");
    c.initCause(cause);
    return c;
  }

  private static void write(Path dir, String relative, String content) throws IOException {
    Path file = dir.resolve(relative);
    Path parent = file.getParent();
    if (parent != null && !parent.equals(dir)) {
      Files.createDirectories(parent);
    }
    if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      throw new IOException("file '" + relative + "' is given twice (or a directory of that name exists)");
    }
    Files.writeString(file, content, StandardCharsets.UTF_8);
  }

  private <T> CompletableFuture<T> async(Supplier<T> work) {
    if (executor == null) {
      try {
        return CompletableFuture.completedFuture(work.get());
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
    }
    AsyncRun<T> task = new AsyncRun<>(work);
    try {
      executor.execute(task);
    } catch (RejectedExecutionException e) {
      task.future.completeExceptionally(e);
    }
    return task.future;
  }

  /** One run on the executor whose cancellation interrupts the thread running it. */
  private static final class AsyncRun<T> implements Runnable {
    final CompletableFuture<T> future = new CompletableFuture<>();
    private final Supplier<T> work;
    private Thread worker; // guarded by this
    private boolean interruptedWorker; // guarded by this

    AsyncRun(Supplier<T> work) {
      this.work = work;
      future.whenComplete((ignored, error) -> {
        if (future.isCancelled()) {
          stop();
        }
      });
    }

    @Override
    public void run() {
      synchronized (this) {
        if (future.isDone()) {
          return; // cancelled before it started
        }
        worker = Thread.currentThread();
      }
      try {
        future.complete(work.get());
      } catch (Throwable e) {
        future.completeExceptionally(e);
      } finally {
        synchronized (this) {
          worker = null;
          if (interruptedWorker) {
            Thread.interrupted(); // our interrupt must not leak into the executor's next task
          }
        }
      }
    }

    private synchronized void stop() {
      if (worker != null) {
        interruptedWorker = true;
        worker.interrupt();
      }
    }
  }
}
