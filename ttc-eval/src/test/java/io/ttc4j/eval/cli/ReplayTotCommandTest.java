package io.ttc4j.eval.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayTotCommandTest {

  @TempDir
  Path tmp;

  @Test
  void replaysTheBundledLogsWithThePapersFigures() throws Exception {
    Path md = tmp.resolve("tot.md");
    ReplayCommandTest.Run r = ReplayCommandTest.ttc("replay-tot", "--out", md.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("| IO, best of 100 | 33% | 0.330 | 0.330 |"), r.out());
    assertTrue(r.out().contains("| CoT, best of 100 | 49% | 0.490 | 0.490 |"), r.out());
    assertTrue(r.out().contains("| ToT BFS b = 5, any of the final 5 | 74% | 0.690 | 0.690 |"), r.out());
    assertEquals(r.out(), Files.readString(md, StandardCharsets.UTF_8));
  }

  @Test
  void aFolderWithoutTheLogsIsAClearError() {
    ReplayCommandTest.Run r = ReplayCommandTest.ttc("replay-tot", "--dir", tmp.toString());
    assertNotEquals(0, r.code());
    assertTrue(r.err().contains("24.csv"), r.err());
  }
}
