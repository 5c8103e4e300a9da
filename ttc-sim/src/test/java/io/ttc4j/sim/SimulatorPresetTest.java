package io.ttc4j.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ttc4j.datasets.Datasets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulatorPresetTest {

  @Test
  void namedPresetsExistAndNameTheirDataSet() {
    assertEquals(List.of("qwen-math-cot", "math500"), SimulatorPreset.names());
    for (String name : SimulatorPreset.names()) {
      SimulatorPreset p = SimulatorPreset.named(name);
      assertEquals(name, p.name());
      assertTrue(Datasets.names().contains(p.dataset()), p.dataset());
      assertTrue(!p.description().isBlank());
    }
    assertEquals("math500", SimulatorPreset.named(" MATH500 ").name());
  }

  @Test
  void unknownPresetIsNamedInTheError() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SimulatorPreset.named("gpt-9"));
    assertTrue(e.getMessage().contains("gpt-9"), e.getMessage());
  }

  @Test
  void builderKeepsValuesAndValidatesNamingArgumentAndValue() {
    SimulatorPreset base = SimulatorPreset.named("math500");
    assertEquals(base, base.toBuilder().build());
    assertEquals(1.25, base.toBuilder().skill(1.25).build().skill());
    assertMessage(() -> base.toBuilder().prmDetectionRate(0).build(), "prmDetectionRate", "0.0");
    assertMessage(() -> base.toBuilder().wrongAnswers(65).build(), "wrongAnswers", "65");
    assertMessage(() -> base.toBuilder().tokenLogProbCorrect(0.1).build(), "tokenLogProbCorrect", "0.1");
    assertMessage(() -> base.toBuilder().levelDifficulty(List.of(1.0, 2.0)).build(), "levelDifficulty", "2");
    assertMessage(() -> base.toBuilder().skill(Double.NaN).build(), "skill", "NaN");
    assertMessage(() -> base.toBuilder().prmNoiseCorrelation(1).build(), "prmNoiseCorrelation", "1.0");
    assertMessage(() -> base.toBuilder().name(" ").build(), "name", "' '");
    assertMessage(() -> base.toBuilder().stepsMedian(0.5).build(), "stepsMedian", "0.5");
  }

  private static void assertMessage(Runnable r, String argument, String value) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, r::run);
    assertTrue(e.getMessage().contains(argument) && e.getMessage().contains(value), e.getMessage());
  }
}
