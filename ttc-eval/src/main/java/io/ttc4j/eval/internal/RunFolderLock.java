package io.ttc4j.eval.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The lock a sweep holds on its run folder while it runs: an operating-system lock on
 * {@value #FILE}, so that two sweeps (two terminals running the same command, which both resume
 * the run) never append to one {@code results.jsonl}. The operating system releases it when the
 * process ends, also on {@code kill -9}, so a killed sweep never leaves a stale lock behind. The
 * empty file stays in the folder.
 */
public final class RunFolderLock implements AutoCloseable {

  /** The name of the lock file in a run folder. */
  public static final String FILE = "sweep.lock";

  private final FileChannel channel;
  private final FileLock lock;

  private RunFolderLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Locks {@code dir}, which must exist.
   *
   * @throws IllegalStateException naming the folder when another sweep holds it
   */
  public static RunFolderLock acquire(Path dir) throws IOException {
    FileChannel channel = FileChannel.open(dir.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null; // held by this JVM
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
    if (lock == null) {
      channel.close();
      throw new IllegalStateException("run folder " + dir + " is in use by another ttc sweep (it holds the lock on "
          + dir.resolve(FILE) + ")");
    }
    return new RunFolderLock(channel, lock);
  }

  /** Releases the lock. */
  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      channel.close();
    }
  }
}
