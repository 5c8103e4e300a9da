package io.ttc4j.strategies;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A quick accuracy sanity on the simulator's math500 preset, 100 problems, N = 16: every PRM-guided
 * strategy must do clearly better than one sample (about 0.31) and spend tokens of the order of N
 * samples. The printed table is in the test's output file; {@link StrategyAccuracy} prints more.
 */
class AccuracySanityTest {

  @Test
  void prmGuidedSearchesBeatOneSampleAtN16() {
    List<StrategyAccuracy.Row> rows = StrategyAccuracy.measure(SimFixture.PROBLEMS.subList(0, 100), 1, new int[] {16},
        false);
    System.out.print(StrategyAccuracy.table(rows));
    for (StrategyAccuracy.Row r : rows) {
      assertTrue(r.accuracy() >= 0.38, r.toString());
      assertTrue(r.tokens() > 2_000 && r.tokens() < 20_000, r.toString());
    }
  }
}
