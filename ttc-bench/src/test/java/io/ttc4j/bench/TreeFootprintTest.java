package io.ttc4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Bytes, not time: the search-tree memory target of the step-level search issue. */
class TreeFootprintTest {

  @Test
  void a256BeamBy40StepTreeRetainsUnderFiveMegabytes() {
    TreeFootprint.Footprint f = TreeFootprint.measure(256, 4, 40, 1);
    assertEquals(256L * 40, f.nodes());
    assertTrue(f.totalBytes() < 5_000_000, f.toString());
    // the structure (node, step, string header) is small next to the texts a model writes
    assertTrue(f.structureBytes() / f.nodes() < 160, f.toString());
    assertTrue(f.textBytes() > 0, f.toString());
  }

  @Test
  void badShapesAreNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TreeFootprint.measure(10, 4, 3, 1));
    assertTrue(e.getMessage().contains("beams=10"), e.getMessage());
  }
}
