package io.ttc4j.eval.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ttc4j.eval.cli.ReplayCommandTest.Run;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class LoadtestCommandTest {

  private static final Pattern EFFICIENCY = Pattern.compile("efficiency=(\\d+\\.\\d{3})");

  private static double efficiency(Run r) {
    List<String> lines = r.out().strip().lines().toList();
    String last = lines.get(lines.size() - 1);
    Matcher m = EFFICIENCY.matcher(last);
    assertTrue(m.matches(), "the last line is efficiency=<ratio>, got '" + last + "'");
    return Double.parseDouble(m.group(1));
  }

  @Test
  void aSmallLoadTestEndsWithItsEfficiency() {
    Run r = ReplayCommandTest.ttc("loadtest", "--queries", "24", "--strategy", "beam", "--n", "4", "--beam-width", "2",
        "--latency-ms", "2", "--concurrency", "4", "--no-warmup");
    assertEquals(0, r.code(), r.err());
    double e = efficiency(r);
    assertTrue(e > 0 && e <= 1.05, "efficiency " + e);
    assertTrue(r.out().contains("queries: 24 of math500"), r.out());
    assertTrue(r.out().contains("max in flight: "), r.out());
  }

  @Test
  void theZeroLatencyBaselineReportsTheOverheadAndTheSameResults() {
    Run r = ReplayCommandTest.ttc("loadtest", "--queries", "12", "--strategy", "best-of-n", "--n", "4",
        "--latency-ms", "2", "--concurrency", "3", "--no-warmup", "--zero-latency-baseline");
    assertEquals(0, r.code(), r.err());
    double e = efficiency(r);
    assertTrue(e > 0 && e <= 1.05, "efficiency " + e);
    assertTrue(r.out().contains("same results with and without latency: yes"), r.out());
    assertTrue(Pattern.compile("(?m)^overhead=\\d+\\.\\d{4} ").matcher(r.out()).find(), r.out());
  }

  @Test
  void badSettingsFailWithTheOptionNamed() {
    Run width = ReplayCommandTest.ttc("loadtest", "--queries", "1", "--n", "6", "--beam-width", "4", "--no-warmup");
    assertEquals(1, width.code());
    assertTrue(width.err().contains("--beam-width must divide --n, got --n 6 and --beam-width 4"), width.err());
    Run strategy = ReplayCommandTest.ttc("loadtest", "--queries", "1", "--strategy", "bean", "--no-warmup");
    assertEquals(1, strategy.code());
    assertTrue(strategy.err().contains("--strategy must be one of [beam, best-of-n, dvts, rebase] or a strategy name"),
        strategy.err());
    assertTrue(strategy.err().contains("unknown strategy 'bean'"), strategy.err());
    // any strategy a sweep names runs
    Run mcts = ReplayCommandTest.ttc("loadtest", "--queries", "4", "--strategy", "mcts", "--n", "4", "--latency-ms", "1",
        "--concurrency", "4", "--no-warmup");
    assertEquals(0, mcts.code(), mcts.err());
    assertTrue(mcts.out().strip().lines().reduce((x, y) -> y).orElse("").startsWith("efficiency="), mcts.out());
    Run concurrency = ReplayCommandTest.ttc("loadtest", "--concurrency", "0");
    assertEquals(1, concurrency.code());
    assertTrue(concurrency.err().contains("--concurrency must be >= 1, got 0"), concurrency.err());
  }
}
