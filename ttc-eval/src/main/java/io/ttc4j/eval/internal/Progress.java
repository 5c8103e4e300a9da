package io.ttc4j.eval.internal;

import java.time.Duration;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress of a long run on stderr: a progress bar with rate and ETA on a terminal, plain log lines
 * at most every few seconds otherwise (CI logs, pipes), and nothing when quiet.
 */
public abstract class Progress implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger("ttc");

  /** Progress for {@code total} units of {@code task}: a bar on a terminal, log lines otherwise. */
  public static Progress start(String task, String unit, long total) {
    if (onTerminal()) {
      return new Bar(task, unit, total);
    }
    return new LogLines(task, unit, total, Duration.ofSeconds(5));
  }

  /**
   * Whether the JVM runs on an interactive terminal. Up to Java 21 {@link System#console()} is
   * {@code null} without one; from Java 22 it may return a console also when the output goes to a
   * file or a pipe, and {@code Console.isTerminal()} (called reflectively, since the code targets
   * Java 17) tells the two apart. A bar redrawn with carriage returns would litter a CI log.
   */
  static boolean onTerminal() {
    java.io.Console console = System.console();
    if (console == null) {
      return false;
    }
    try {
      return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
    } catch (NoSuchMethodException e) {
      return true; // Java 17 to 21: a console is a terminal
    } catch (ReflectiveOperationException | RuntimeException e) {
      return false;
    }
  }

  /** Progress that reports nothing. */
  public static Progress silent() {
    return new Progress() {
      @Override
      public void done(long done) {}

      @Override
      public void close() {}
    };
  }

  /** {@code done} units are finished (a running count, not an increment). */
  public abstract void done(long done);

  /** Ends the progress display. */
  @Override
  public abstract void close();

  private static final class Bar extends Progress {
    private final ProgressBar bar;

    Bar(String task, String unit, long total) {
      bar = new ProgressBarBuilder()
          .setTaskName(task)
          .setInitialMax(total)
          .setStyle(ProgressBarStyle.ASCII)
          .setUnit(" " + unit, 1)
          .showSpeed()
          .setSpeedUnit(java.time.temporal.ChronoUnit.SECONDS)
          .setUpdateIntervalMillis(250)
          .build();
    }

    @Override
    public void done(long done) {
      bar.stepTo(done);
    }

    @Override
    public void close() {
      bar.close();
    }
  }

  private static final class LogLines extends Progress {
    private final String task;
    private final String unit;
    private final long total;
    private final long intervalNanos;
    private final long startNanos = System.nanoTime();
    private long lastNanos = startNanos;
    private long last;

    LogLines(String task, String unit, long total, Duration interval) {
      this.task = task;
      this.unit = unit;
      this.total = total;
      this.intervalNanos = interval.toNanos();
      LOG.info("{}: {} {} to run", task, total, unit);
    }

    @Override
    public synchronized void done(long done) {
      last = done;
      long now = System.nanoTime();
      if (now - lastNanos >= intervalNanos && done < total) {
        lastNanos = now;
        log(done, now);
      }
    }

    private void log(long done, long now) {
      double seconds = (now - startNanos) / 1e9;
      double rate = seconds > 0 ? done / seconds : 0;
      String eta = rate > 0 ? formatSeconds((total - done) / rate) : "?";
      LOG.info(String.format(Locale.ROOT, "%s: %d/%d %s (%.0f%%), %.1f %s/s, elapsed %s, ETA %s", task, done, total,
          unit, 100.0 * done / Math.max(1, total), rate, unit, formatSeconds(seconds), eta));
    }

    @Override
    public synchronized void close() {
      double seconds = (System.nanoTime() - startNanos) / 1e9;
      LOG.info(String.format(Locale.ROOT, "%s: %d/%d %s done in %s (%.1f %s/s)", task, last, total, unit,
          formatSeconds(seconds), seconds > 0 ? last / seconds : 0, unit));
    }
  }

  /** {@code seconds} as {@code 1h02m03s}, {@code 2m03s} or {@code 3.4s}. */
  public static String formatSeconds(double seconds) {
    if (seconds < 60) {
      return String.format(Locale.ROOT, "%.1fs", seconds);
    }
    long s = Math.round(seconds);
    if (s < 3600) {
      return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
    return String.format(Locale.ROOT, "%dh%02dm%02ds", s / 3600, (s % 3600) / 60, s % 60);
  }
}
