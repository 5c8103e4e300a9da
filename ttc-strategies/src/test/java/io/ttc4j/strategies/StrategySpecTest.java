package io.ttc4j.strategies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ttc4j.core.Aggregation;
import io.ttc4j.core.Selection;
import java.util.List;
import org.junit.jupiter.api.Test;

class StrategySpecTest {

  @Test
  void namesAreCanonical() {
    assertEquals("beam", StrategySpec.parse("beam[width=4]").name());
    assertEquals(StrategySpec.BEAM, StrategySpec.parse(" BEAM "));
    assertEquals("beam[width=2,iterations=20]", StrategySpec.parse("beam[iterations=20, width=2]").name());
    assertEquals("rebase[t=0.5]", StrategySpec.parse("rebase[t=.5]").name());
    assertEquals("sc[stop=window]", StrategySpec.parse("sc[stop=WINDOW,threshold=0.95]").name());
    assertEquals(StrategySpec.WEIGHTED, StrategySpec.of(Selection.WEIGHTED));
    assertTrue(StrategySpec.WEIGHTED.isBestOfNRule());
    assertFalse(StrategySpec.BEAM.isBestOfNRule());
    assertTrue(StrategySpec.ORACLE.isBound());
    assertFalse(StrategySpec.MAJORITY.needsScores());
    assertTrue(StrategySpec.BEAM.needsScores());
    assertFalse(StrategySpec.parse("sc").needsScores());
    assertEquals(List.of(StrategySpec.WEIGHTED, StrategySpec.parse("rebase[t=0.5,iterations=20]"), StrategySpec.DVTS),
        StrategySpec.parseList("weighted, rebase[t=0.5,iterations=20],dvts"));
  }

  @Test
  void badNamesAndSettingsAreNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StrategySpec.parse("bean"));
    assertTrue(e.getMessage().contains("unknown strategy 'bean'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> StrategySpec.parse("beam[t=0.5]"));
    assertTrue(e.getMessage().contains("has no setting 't'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> StrategySpec.parse("beam[width=0]"));
    assertTrue(e.getMessage().contains("'width'") && e.getMessage().contains("got 0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> StrategySpec.parse("rebase[t=-1]"));
    assertTrue(e.getMessage().contains("'t'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> StrategySpec.parse("beam[select=oracle]"));
    assertTrue(e.getMessage().contains("'select'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> StrategySpec.parse("beam[width=2"));
    assertTrue(e.getMessage().contains("']'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> StrategySpec.parse("weighted[width=2]"));
    assertTrue(e.getMessage().contains("its settings: none"), e.getMessage());
    IllegalStateException bound = assertThrows(IllegalStateException.class,
        () -> StrategySpec.ORACLE.create(4, Aggregation.LAST, 0.8, 100));
    assertTrue(bound.getMessage().contains("needs the truth"), bound.getMessage());
  }

  @Test
  void widthShrinksToADivisorOfSmallN() {
    // N = 1 and 2 with the default width 4, N = 6 with width 4 (4 does not divide 6: 3 does)
    for (int n : List.of(1, 2, 6, 8)) {
      assertEquals(BeamSearch.class, StrategySpec.BEAM.create(n, Aggregation.LAST, 0.8, 100).getClass());
      assertEquals(Dvts.class, StrategySpec.DVTS.create(n, Aggregation.LAST, 0.8, 100).getClass());
    }
  }

  @Test
  void bestOfNRulesCreateBestOfN() {
    assertEquals(BestOfN.class, StrategySpec.WEIGHTED.create(8, Aggregation.LAST, 0.8, 100).getClass());
    assertEquals(BestOfN.class, StrategySpec.FIRST.create(8, Aggregation.LAST, 0.8, 100).getClass());
    assertEquals(SelfConsistency.class, StrategySpec.parse("sc").create(8, Aggregation.LAST, 0.8, 100).getClass());
    assertEquals(Mcts.class, StrategySpec.parse("mcts[c=0.5]").create(8, Aggregation.LAST, 0.8, 100).getClass());
    assertEquals(LookaheadSearch.class, StrategySpec.parse("lookahead").create(8, Aggregation.LAST, 0.8, 100)
        .getClass());
  }
}
