package io.ttc4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ttc4j.core.StopReason;
import io.ttc4j.core.Usage;
import io.ttc4j.eval.stats.ClusterBootstrap;
import io.ttc4j.eval.stats.DifficultyBins;
import io.ttc4j.eval.stats.DifficultyBins.Measure;
import io.ttc4j.eval.stats.DifficultyBins.ProblemDifficulty;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DifficultyRowTest {

  private static ResultRow row(String problem, SweepStrategy s, int n, long seed, boolean correct, long tokens) {
    return new ResultRow(problem, s, n, seed, n, correct ? "1" : "0", "1", correct, StopReason.COMPLETED,
        Usage.ofGeneration(1, 0, 0, tokens), null);
  }

  @Test
  void accuracyPerBinCountsTheRowsOfItsProblemsOnly() {
    // easy: pass@1 0.9 and 0.8; hard: 0.3 and 0.1; "nobin" has rows but no samples
    List<ProblemDifficulty> problems = List.of(new ProblemDifficulty("e1", 10, 9, 10, 0.9),
        new ProblemDifficulty("h1", 10, 3, 10, 0.2), new ProblemDifficulty("e2", 10, 8, 10, 0.7),
        new ProblemDifficulty("h2", 10, 1, 10, 0.1));
    DifficultyBins bins = DifficultyBins.of(problems, Measure.ORACLE, 2);
    List<ResultRow> rows = new ArrayList<>();
    for (String p : List.of("e1", "h1", "e2", "h2", "nobin")) {
      for (long seed = 0; seed < 2; seed++) {
        boolean easy = p.startsWith("e");
        // weighted: right on easy problems, on h1 under seed 0 only, and on "nobin" (which must not count)
        rows.add(row(p, SweepStrategy.WEIGHTED, 4, seed, easy || (p.equals("h1") && seed == 0) || p.equals("nobin"),
            easy ? 100 : 300));
        // beam: right only on e1
        rows.add(row(p, SweepStrategy.BEAM, 4, seed, p.equals("e1"), easy ? 200 : 400));
      }
    }
    List<DifficultyRow> out = DifficultyRow.summarise(rows, bins, ClusterBootstrap.defaults());
    assertEquals(4, out.size());
    DifficultyRow easyWeighted = out.get(0);
    assertEquals(1, easyWeighted.bin());
    assertEquals(SweepStrategy.WEIGHTED, easyWeighted.strategy());
    assertEquals(2, easyWeighted.problems());
    assertEquals(4, easyWeighted.rows());
    assertEquals(1.0, easyWeighted.accuracy());
    assertEquals(100.0, easyWeighted.meanCompletionTokens());
    assertEquals(0.8, easyWeighted.valueLow());
    assertEquals(0.9, easyWeighted.valueHigh());
    DifficultyRow easyBeam = out.get(1);
    assertEquals(SweepStrategy.BEAM, easyBeam.strategy());
    assertEquals(0.5, easyBeam.accuracy());
    DifficultyRow hardWeighted = out.get(2);
    assertEquals(2, hardWeighted.bin());
    assertEquals(0.25, hardWeighted.accuracy(), "one of four hard rows; the unbinned problem's rows are left out");
    assertEquals(300.0, hardWeighted.meanCompletionTokens());
    assertEquals(0.0, out.get(3).accuracy());
    // the interval resamples the two problems of the bin: h1 (0.5) and h2 (0)
    assertEquals(2, hardWeighted.clusterInterval().clusters());
    assertEquals(0.0, hardWeighted.clusterInterval().low());
    assertEquals(0.5, hardWeighted.clusterInterval().high());

    assertEquals("difficulty,bin,value_low,value_high,strategy,n,problems,rows,accuracy,cluster_ci_low,cluster_ci_high,"
        + "mean_completion_tokens", DifficultyRow.CSV_HEADER);
    assertEquals("oracle,2,0.1000,0.3000,weighted,4,2,4,0.2500,0.0000,0.5000,300.00", hardWeighted.csvLine());
  }

  @Test
  void emptyBinsGiveNoRows() {
    DifficultyBins bins = DifficultyBins.of(List.of(new ProblemDifficulty("only", 4, 2, 4, 0.5)), Measure.PREDICTED, 5);
    List<DifficultyRow> out = DifficultyRow.summarise(List.of(row("only", SweepStrategy.NAIVE, 1, 0, true, 10)), bins,
        ClusterBootstrap.defaults());
    assertEquals(1, out.size());
    assertEquals(3, out.get(0).bin());
    assertTrue(out.get(0).csvLine().startsWith("predicted,3,0.5000,0.5000,naive,1,1,1,1.0000,"), out.get(0).csvLine());
  }
}
