package io.ttc4j.eval.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ttc4j.eval.policy.CascadePlan;
import io.ttc4j.eval.policy.CascadeEvaluation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CascadeCommandTest {

  @TempDir
  Path tmp;

  /** The simulated tiers: every output file, a target's plan that reads back, and a dollar budget that holds. */
  @Test
  void simulatedTiersWriteTheFrontierAndAPlan() throws Exception {
    Path out = tmp.resolve("c");
    ReplayCommandTest.Run r = ReplayCommandTest.ttc("cascade", "--tiers", "on-device,production", "--limit", "40",
        "--seeds", "0,1", "--n", "4", "--splits", "2", "--resamples", "100", "--frontier-points", "5",
        "--target-usd", "0.02", "--out", out.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("80 queries (40 problems x 2 seeds), simulated"), r.out());
    assertTrue(r.out().contains("the cascade fitted to a tier's cost dominates"), r.out());
    assertTrue(r.out().contains("target at most $0.020 per query: held out"), r.out());
    for (String f : List.of("tiers.csv", "comparison.csv", "frontier.csv", "cascade-usd.png", "cascade-latency.png",
        "plan.json")) {
      assertTrue(Files.size(out.resolve(f)) > 0, f);
    }
    CascadePlan plan = CascadePlan.read(out.resolve("plan.json"));
    assertEquals(new CascadeEvaluation.Target.MaxUsd(0.02), plan.target());
    assertTrue(plan.fitted().usd() <= 0.02, plan.describe());
    List<String> frontier = Files.readAllLines(out.resolve("frontier.csv"));
    assertEquals("fitted_for,budget,accuracy,usd_per_query,seconds_per_query,mix_accuracy", frontier.get(0));
    assertEquals(1 + 6 + 5, frontier.size(), frontier.toString());
  }

  /**
   * Tiers from a sweep's run folder: each tier alone is exactly the sweep's own row of that strategy
   * and N, in accuracy (summary.csv) and in dollars at the tier's price (compute.csv).
   */
  @Test
  void tiersFromRunFoldersAgreeWithTheSweepsOwnFigures() throws Exception {
    Path run = tmp.resolve("run");
    ReplayCommandTest.Run sweep = ReplayCommandTest.ttc("sweep", "--strategies", "weighted,majority", "--n", "4",
        "--limit", "30", "--seeds", "0,1", "--out", run.toString(), "--quiet", "--no-charts");
    assertEquals(0, sweep.code(), sweep.err());
    Path out = tmp.resolve("c");
    ReplayCommandTest.Run r = ReplayCommandTest.ttc("cascade", "--tiers", "on-device,commodity", "--run",
        "on-device=" + run, "--run", "commodity=" + run, "--n", "4", "--strategy", "majority", "--splits", "1",
        "--resamples", "50", "--frontier-points", "3", "--out", out.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("60 queries (30 problems) from the runs"), r.out());
    String[] summary = line(run.resolve("compute.csv"), "majority,4,");
    String[] onDevice = line(out.resolve("tiers.csv"), "on-device,");
    String[] commodity = line(out.resolve("tiers.csv"), "commodity,");
    assertEquals(Double.parseDouble(summary[4]), Double.parseDouble(onDevice[5]), 1e-4);
    assertEquals(Double.parseDouble(summary[4]), Double.parseDouble(commodity[5]), 1e-4);
    List<String> header = List.of(Files.readAllLines(run.resolve("compute.csv")).get(0).split(","));
    assertEquals(Double.parseDouble(summary[header.indexOf("usd_commodity")]), Double.parseDouble(commodity[6]), 1e-7);
    assertEquals(0, Double.parseDouble(onDevice[6]));
  }

  /**
   * Sweeping each tier's simulated model (--skill) and fitting the cascade on those run folders gives
   * exactly what simulating the tiers in place gives: the sweep is the same search on the same seeds.
   */
  @Test
  void runFoldersOfSimulatedTiersReproduceTheSimulatedCascade() throws Exception {
    String[] common = {"--n", "4", "--splits", "2", "--resamples", "100", "--frontier-points", "4"};
    for (String[] t : new String[][] {{"on-device", "0"}, {"production", "2"}}) {
      assertEquals(0, ReplayCommandTest.ttc("sweep", "--skill", t[1], "--strategies", "weighted", "--n", "4",
          "--limit", "40", "--seeds", "0,1", "--out", tmp.resolve(t[0]).toString(), "--quiet", "--no-charts").code());
    }
    List<String> fromRuns = new java.util.ArrayList<>(List.of("cascade", "--tiers", "on-device,production", "--run",
        "on-device=" + tmp.resolve("on-device"), "--run", "production=" + tmp.resolve("production")));
    fromRuns.addAll(List.of(common));
    List<String> simulated = new java.util.ArrayList<>(List.of("cascade", "--tiers", "on-device,production", "--limit",
        "40", "--seeds", "0,1"));
    simulated.addAll(List.of(common));
    ReplayCommandTest.Run a = ReplayCommandTest.ttc(fromRuns.toArray(String[]::new));
    ReplayCommandTest.Run b = ReplayCommandTest.ttc(simulated.toArray(String[]::new));
    assertEquals(0, a.code(), a.err());
    assertEquals(0, b.code(), b.err());
    String[] x = a.out().split("\n", 2);
    String[] y = b.out().split("\n", 2);
    assertTrue(x[0].startsWith("80 queries (40 problems) from the runs;"), x[0]);
    assertTrue(y[0].startsWith("80 queries (40 problems x 2 seeds), simulated;"), y[0]);
    assertEquals(y[1], x[1]);
  }

  /** Prices, hardware and sizes of a tier can be the user's own; dollars scale with the price. */
  @Test
  void tierOverridesChangeDollarsAndLatency() throws Exception {
    String[] base = {"cascade", "--tiers", "on-device,premium", "--limit", "20", "--splits", "1", "--resamples", "20",
        "--frontier-points", "2"};
    ReplayCommandTest.Run preset = ReplayCommandTest.ttc(concat(base, "--out", tmp.resolve("a").toString()));
    ReplayCommandTest.Run own = ReplayCommandTest.ttc(concat(base, "--out", tmp.resolve("b").toString(), "--price",
        "premium=1.5/7.5", "--hardware", "on-device=datacentre-gpu", "--params", "on-device=1.24e9"));
    assertEquals(0, preset.code(), preset.err());
    assertEquals(0, own.code(), own.err());
    String[] a = line(tmp.resolve("a/tiers.csv"), "premium,");
    String[] b = line(tmp.resolve("b/tiers.csv"), "premium,");
    assertEquals(Double.parseDouble(a[6]) / 10, Double.parseDouble(b[6]), 1e-12);
    assertEquals(a[5], b[5]);
    double edge = Double.parseDouble(line(tmp.resolve("a/tiers.csv"), "on-device,")[7]);
    double gpu = Double.parseDouble(line(tmp.resolve("b/tiers.csv"), "on-device,")[7]);
    assertTrue(gpu < edge / 10, gpu + " vs " + edge);
    ReplayCommandTest.Run bad = ReplayCommandTest.ttc("cascade", "--price", "premium=3");
    assertEquals(2, bad.code());
    assertTrue(bad.err().contains("--price premium=3: expected IN/OUT, got '3'"), bad.err());
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Test
  void badRunsAreNamed() throws Exception {
    Path run = tmp.resolve("run");
    assertEquals(0, ReplayCommandTest.ttc("sweep", "--strategies", "weighted", "--n", "2", "--limit", "4",
        "--out", run.toString(), "--quiet", "--no-charts").code());
    ReplayCommandTest.Run missing = ReplayCommandTest.ttc("cascade", "--tiers", "on-device,commodity", "--run",
        "on-device=" + run);
    assertEquals(2, missing.code());
    assertTrue(missing.err().contains("tier 'commodity' has none"), missing.err());
    ReplayCommandTest.Run wrongN = ReplayCommandTest.ttc("cascade", "--tiers", "on-device,commodity", "--run",
        "on-device=" + run, "--run", "commodity=" + run, "--n", "8");
    assertTrue(wrongN.code() != 0);
    assertTrue(wrongN.err().contains("has no rows of weighted at N = 8"), wrongN.err());
    ReplayCommandTest.Run stranger = ReplayCommandTest.ttc("cascade", "--tiers", "on-device", "--run",
        "premium=" + run);
    assertEquals(2, stranger.code());
    assertTrue(stranger.err().contains("--run names tier 'premium', which --tiers does not list"), stranger.err());
  }

  private static String[] line(Path csv, String prefix) throws Exception {
    for (String l : Files.readAllLines(csv)) if (l.startsWith(prefix)) return l.split(",");
    throw new AssertionError("no line " + prefix + " in " + csv);
  }
}
