package io.ttc4j.eval.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ttc4j.eval.SweepStrategy;
import io.ttc4j.core.StopReason;
import io.ttc4j.core.Usage;
import io.ttc4j.eval.ResultRow;
import io.ttc4j.eval.WilsonInterval;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ClusterBootstrapTest {

  private static ResultRow row(String problem, SweepStrategy s, int n, long seed, boolean correct) {
    return new ResultRow(problem, s, n, seed, n, correct ? "1" : "0", "1", correct, StopReason.COMPLETED, Usage.ZERO, null);
  }

  @Test
  void independentRowsGiveAboutTheWilsonInterval() {
    Random r = new Random(1);
    List<double[]> clusters = new ArrayList<>();
    int correct = 0;
    for (int i = 0; i < 1000; i++) {
      boolean right = r.nextDouble() < 0.3;
      if (right) correct++;
      clusters.add(new double[] {right ? 1 : 0});
    }
    BootstrapInterval b = ClusterBootstrap.defaults().mean(clusters);
    WilsonInterval w = WilsonInterval.of(correct, 1000);
    assertEquals(correct / 1000.0, b.estimate(), 1e-15);
    assertEquals(w.high() - w.low(), b.width(), 0.15 * (w.high() - w.low()), b + " vs " + w);
    assertTrue(b.contains(b.estimate()));
  }

  @Test
  void correlatedSeedsWidenTheIntervalBeyondWilsonOverRows() {
    // every problem is either always solved or never: three seeds carry the information of one
    Random r = new Random(2);
    List<ResultRow> rows = new ArrayList<>();
    int correct = 0;
    for (int p = 0; p < 300; p++) {
      boolean right = r.nextDouble() < 0.4;
      for (long seed = 0; seed < 3; seed++) {
        rows.add(row("p" + p, SweepStrategy.MAJORITY, 8, seed, right));
        if (right) correct++;
      }
    }
    BootstrapInterval b = ClusterBootstrap.defaults().accuracy(rows, SweepStrategy.MAJORITY, 8);
    WilsonInterval w = WilsonInterval.of(correct, rows.size());
    double ratio = b.width() / (w.high() - w.low());
    assertEquals(Math.sqrt(3), ratio, 0.25, "cluster bootstrap vs Wilson over rows: " + b + " vs " + w);
    assertEquals(300, b.clusters());
  }

  @Test
  void pairedDifferenceCancelsWhatBothStrategiesShare() {
    Random r = new Random(3);
    List<ResultRow> rows = new ArrayList<>();
    for (int p = 0; p < 400; p++) {
      double difficulty = r.nextDouble();
      for (long seed = 0; seed < 2; seed++) {
        boolean a = r.nextDouble() > difficulty;
        // b is a, except that it also solves 5% more
        boolean b = a || r.nextDouble() < 0.05;
        rows.add(row("p" + p, SweepStrategy.MAJORITY, 4, seed, a));
        rows.add(row("p" + p, SweepStrategy.WEIGHTED, 4, seed, b));
      }
    }
    ClusterBootstrap boot = ClusterBootstrap.defaults();
    BootstrapInterval d = boot.difference(rows, SweepStrategy.WEIGHTED, 4, SweepStrategy.MAJORITY, 4);
    BootstrapInterval a = boot.accuracy(rows, SweepStrategy.MAJORITY, 4);
    BootstrapInterval b = boot.accuracy(rows, SweepStrategy.WEIGHTED, 4);
    assertEquals(b.estimate() - a.estimate(), d.estimate(), 1e-12);
    assertTrue(d.low() > 0, "the paired difference is clearly positive: " + d);
    assertTrue(a.high() > b.low(), "while the separate intervals overlap: " + a + " vs " + b);
    assertTrue(d.width() < a.width() / 2, d + " vs " + a);
    // a strategy against itself: exactly zero
    BootstrapInterval zero = boot.difference(rows, SweepStrategy.MAJORITY, 4, SweepStrategy.MAJORITY, 4);
    assertEquals(0, zero.low(), 0);
    assertEquals(0, zero.high(), 0);
  }

  @Test
  void seededAndDeterministic() {
    List<double[]> clusters = List.of(new double[] {1, 0}, new double[] {0, 0}, new double[] {1, 1}, new double[] {1});
    assertEquals(ClusterBootstrap.of(500, 0.9, 5).mean(clusters), ClusterBootstrap.of(500, 0.9, 5).mean(clusters));
    assertNotEquals(ClusterBootstrap.of(500, 0.9, 5).mean(clusters), ClusterBootstrap.of(500, 0.9, 6).mean(clusters));
  }

  @Test
  void unpairedRowsAreNamed() {
    List<ResultRow> rows = List.of(row("p1", SweepStrategy.FIRST, 1, 0, true), row("p1", SweepStrategy.NAIVE, 1, 0, true),
        row("p2", SweepStrategy.FIRST, 1, 0, true), row("p2", SweepStrategy.FIRST, 1, 1, true), row("p2", SweepStrategy.NAIVE, 1, 0,
            false));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ClusterBootstrap.defaults().difference(rows, SweepStrategy.FIRST, 1, SweepStrategy.NAIVE, 1));
    assertTrue(e.getMessage().contains("problem 'p2' has seeds [0, 1] for the first and [0]"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> ClusterBootstrap.defaults().accuracy(rows, SweepStrategy.ORACLE, 1));
    assertTrue(e.getMessage().contains("no rows for oracle at n=1"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> ClusterBootstrap.of(0, 0.95, 0));
    assertTrue(e.getMessage().contains("resamples must be >= 1, got 0"), e.getMessage());
  }
}
