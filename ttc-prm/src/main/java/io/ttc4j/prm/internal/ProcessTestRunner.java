package io.ttc4j.prm.internal;

import io.ttc4j.prm.TestRunConfig;
import io.ttc4j.prm.TestRunResult;
import io.ttc4j.prm.TestRunner;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The local-process {@link TestRunner}; see {@link TestRunner#processes()}.
 *
 * <p>While waiting for the command, the runner looks at the process tree every
 * {@link #POLL_MILLIS} ms and remembers every descendant it sees. At the end (exit, timeout or
 * interrupt) every remembered process still alive is killed too: a child orphaned when its parent
 * exits is no longer a descendant of the command, but it was seen earlier. ({@link ProcessHandle}
 * compares start times, so a recycled pid is never killed by mistake.)
 */
public final class ProcessTestRunner implements TestRunner {

  /** The one instance. */
  public static final ProcessTestRunner INSTANCE = new ProcessTestRunner();

  /** How often the process tree is looked at while the command runs, in milliseconds. */
  static final long POLL_MILLIS = 100;

  /** How long to wait for killed processes to go and for the output reader to finish. */
  private static final long GRACE_MILLIS = 2_000;

  private ProcessTestRunner() {}

  @Override
  public TestRunResult run(Path workingDirectory, TestRunConfig config) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(config.command())
        .directory(workingDirectory.toFile())
        .redirectErrorStream(true)
        .redirectInput(ProcessBuilder.Redirect.PIPE)
        .redirectOutput(ProcessBuilder.Redirect.PIPE);
    long start = System.nanoTime();
    Process process = builder.start();
    Map<Long, ProcessHandle> seen = new LinkedHashMap<>();
    OutputReader reader = null;
    boolean timedOut = false;
    long end;
    try {
      // the command gets no input: closing its stdin gives it end-of-file at once
      process.getOutputStream().close();
      reader = new OutputReader(process.getInputStream(), config.maxOutputBytes());
      reader.start();
      long deadline = start + config.timeout().toNanos();
      while (true) {
        remember(process, seen);
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          timedOut = !process.waitFor(0, TimeUnit.NANOSECONDS);
          break;
        }
        if (process.waitFor(Math.min(left, TimeUnit.MILLISECONDS.toNanos(POLL_MILLIS)), TimeUnit.NANOSECONDS)) {
          break;
        }
      }
      end = System.nanoTime();
    } finally {
      // on every path, also an interrupt or an error: no process of the run survives
      killTree(process, seen);
      if (reader != null) {
        reader.finish();
      }
    }
    int exit = process.waitFor(GRACE_MILLIS, TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    return new TestRunResult(exit, timedOut, reader.text(), reader.truncated(), Duration.ofNanos(end - start));
  }

  private static void remember(Process process, Map<Long, ProcessHandle> seen) {
    process.descendants().forEach(h -> seen.putIfAbsent(h.pid(), h));
  }

  /**
   * Kills the command and every process of its tree: the current descendants (snapshots taken until
   * none appears, since a live parent may still fork), the command itself, then any remembered
   * process still alive.
   */
  static void killTree(Process process, Map<Long, ProcessHandle> seen) {
    for (int round = 0; round < 3 && process.isAlive(); round++) {
      Map<Long, ProcessHandle> now = new LinkedHashMap<>();
      process.descendants().forEach(h -> now.put(h.pid(), h));
      if (now.isEmpty()) {
        break;
      }
      now.values().forEach(ProcessHandle::destroyForcibly);
      now.forEach(seen::putIfAbsent);
    }
    process.destroyForcibly();
    for (ProcessHandle h : seen.values()) {
      if (h.isAlive()) {
        h.destroyForcibly();
      }
    }
    try {
      process.waitFor(GRACE_MILLIS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the kill is sent; keep the interrupt for the caller
    }
  }

  /**
   * Reads the command's output on its own daemon thread, so the command never blocks on a full pipe,
   * keeping at most {@code cap} bytes.
   */
  private static final class OutputReader extends Thread {
    private final InputStream in;
    private final int cap;
    private final ByteArrayOutputStream kept;
    private long total;

    OutputReader(InputStream in, int cap) {
      super("ttc4j-test-output");
      setDaemon(true);
      this.in = in;
      this.cap = cap;
      this.kept = new ByteArrayOutputStream(Math.min(cap, 8192));
    }

    @Override
    public void run() {
      byte[] buffer = new byte[8192];
      try {
        int n;
        while ((n = in.read(buffer)) >= 0) {
          synchronized (this) {
            int keep = (int) Math.max(0, Math.min(n, cap - total));
            kept.write(buffer, 0, keep);
            total += n;
          }
        }
      } catch (IOException e) {
        // the stream was closed under us (finish() gave up waiting): what was read is kept
      }
    }

    /**
     * Waits for end of output; a process that escaped the kill may hold the pipe open, so after a
     * grace period the stream is closed and the thread abandoned (it is a daemon and ends with the
     * pipe).
     */
    void finish() {
      boolean interrupted = false;
      try {
        join(GRACE_MILLIS);
      } catch (InterruptedException e) {
        interrupted = true;
      }
      if (isAlive()) {
        try {
          in.close();
        } catch (IOException e) {
          // nothing more to do: the reader is abandoned either way
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }

    synchronized String text() {
      return new String(kept.toByteArray(), StandardCharsets.UTF_8); // malformed bytes become U+FFFD
    }

    synchronized boolean truncated() {
      return total > cap;
    }
  }
}
