package io.ttc4j.prm.internal;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** Deleting a working directory that untrusted code has written to. */
public final class Workspaces {

  private static final int ATTEMPTS = 8;

  private Workspaces() {}

  /**
   * Deletes {@code root} and everything under it, without following symbolic links (a link is
   * deleted, never its target). Directories the code made unreadable or unwritable are given back
   * to their owner and the deletion retried, a few levels deep.
   *
   * @throws IOException when something is still left after the last attempt
   */
  public static void deleteTree(Path root) throws IOException {
    IOException last = null;
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
        return;
      }
      try {
        Files.walkFileTree(root, new Deleter());
        return;
      } catch (NoSuchFileException e) {
        last = e; // something vanished under us: walk again
      } catch (IOException e) {
        last = e;
        grantOwner(root);
      }
    }
    throw last;
  }

  /** Gives the owner read, write and search rights on every directory that can be reached. */
  private static void grantOwner(Path root) {
    try {
      Files.walkFileTree(root, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
          grant(dir);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
          grant(file); // a directory we may not open: open it for the next attempt
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      // the next deletion attempt reports what is still wrong
    }
  }

  private static void grant(Path p) {
    if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
      java.io.File f = p.toFile();
      f.setReadable(true, true);
      f.setWritable(true, true);
      f.setExecutable(true, true);
    }
  }

  private static final class Deleter extends SimpleFileVisitor<Path> {
    @Override
    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
      Files.delete(file);
      return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
      if (e != null) {
        throw e;
      }
      Files.delete(dir);
      return FileVisitResult.CONTINUE;
    }
  }
}
