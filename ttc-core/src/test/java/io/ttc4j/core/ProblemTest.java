package io.ttc4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ProblemTest {

  @Test
  void levelIsTheFirstInteger() {
    assertEquals(OptionalInt.of(3), new Problem("a", "p", null, Map.of("level", "Level 3")).level());
    assertEquals(OptionalInt.of(3), new Problem("a", "p", null, Map.of("level", "3-4")).level());
    assertEquals(OptionalInt.empty(), new Problem("a", "p", null, Map.of("level", "hard")).level());
    assertEquals(OptionalInt.empty(), Problem.of("a", "p").level());
  }

  @Test
  void validates() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Problem.of(" ", "p"));
    assertEquals("id must not be blank, got ' '", e.getMessage());
  }
}
