package io.ttc4j.eval.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ttc4j.eval.policy.Policy;
import io.ttc4j.eval.stats.DifficultyBins;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AllocateCommandTest {

  @TempDir
  Path tmp;

  private Path policy(DifficultyBins.Measure measure, int probes) throws Exception {
    Path file = tmp.resolve(measure.label() + ".json");
    new Policy(measure, probes, List.of(
        new Policy.Bin(1, 0.7, 1.0, List.of(new Policy.Entry(1400, "weighted", 4, 0.95, 1300),
            new Policy.Entry(3000, "weighted", 8, 0.97, 2700))),
        new Policy.Bin(2, 0.0, 0.69, List.of(new Policy.Entry(1400, "weighted", 4, 0.3, 1350),
            new Policy.Entry(4000, "rebase", 4, 0.55, 3000))))).write(file);
    return file;
  }

  @Test
  void theBatchNeverSpendsMoreThanItsTotalAndBothWaysAreReported() throws Exception {
    ReplayCommandTest.Run r = ReplayCommandTest.ttc("allocate", "--policy", policy(DifficultyBins.Measure.PREDICTED, 4)
        .toString(), "--tokens-per-query", "2500", "--limit", "12", "--resamples", "200");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("12 queries (12 problems x 1 seeds), total budget 30000"), r.out());
    Matcher m = Pattern.compile("(allocated|uniform) +accuracy [0-9.]+, spent ([0-9]+) tokens").matcher(r.out());
    int found = 0;
    while (m.find()) {
      assertTrue(Long.parseLong(m.group(2)) <= 30_000, r.out());
      found++;
    }
    assertEquals(2, found, r.out());
    assertTrue(r.out().contains("allocated - uniform:"), r.out());
    ReplayCommandTest.Run half = ReplayCommandTest.ttc("allocate", "--policy",
        policy(DifficultyBins.Measure.PREDICTED, 4).toString(), "--tokens-per-query", "2500", "--limit", "12",
        "--shard", "2/2", "--resamples", "50");
    assertEquals(0, half.code(), half.err());
    assertTrue(half.out().contains("6 queries (6 problems x 1 seeds)"), half.out());
  }

  @Test
  void anOraclePolicyOrATooSmallBudgetIsRefused() throws Exception {
    ReplayCommandTest.Run oracle = ReplayCommandTest.ttc("allocate", "--policy",
        policy(DifficultyBins.Measure.ORACLE, 0).toString(), "--tokens-per-query", "2500", "--limit", "2");
    assertEquals(2, oracle.code());
    assertTrue(oracle.err().contains("pass@1 is not known at run time"), oracle.err());
    ReplayCommandTest.Run small = ReplayCommandTest.ttc("allocate", "--policy",
        policy(DifficultyBins.Measure.PREDICTED, 4).toString(), "--tokens-per-query", "50", "--limit", "2");
    assertEquals(1, small.code());
    assertTrue(small.err().contains("tokens"), small.err());
  }
}
