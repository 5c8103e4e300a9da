package io.ttc4j.eval.policy;

import static io.ttc4j.eval.policy.PolicyFitTest.BEAM;
import static io.ttc4j.eval.policy.PolicyFitTest.W;
import static io.ttc4j.eval.policy.PolicyFitTest.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ttc4j.eval.ResultRow;
import io.ttc4j.eval.SweepStrategy;
import io.ttc4j.eval.stats.DifficultyBins;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

/** {@link CrossValidation}: held-out evaluation and the token ratio on synthetic sweeps with known answers. */
class PolicyCrossValidationTest {

  /**
   * Every problem, 4 seeds: weighted@1 (100 tokens) right on seed 0, weighted@64 (6400 tokens) and
   * beam@4 (400 tokens) right on seeds 0 and 1. Every fold and resample sees the same accuracies, so
   * compute-optimal reaches weighted@64's 0.5 with beam@4 at 400 tokens: ratio 16 exactly.
   */
  @Test
  void theRatioOfAKnownCaseIsExact() {
    List<ResultRow> rows = new ArrayList<>();
    List<PolicyFit.Query> queries = new ArrayList<>();
    for (int p = 0; p < 12; p++) {
      for (long seed = 0; seed < 4; seed++) {
        String id = "p" + p;
        queries.add(new PolicyFit.Query(id, seed, p / 12.0));
        rows.add(row(id, seed, W, 1, seed == 0, 100, 1));
        rows.add(row(id, seed, W, 64, seed <= 1, 6400, 64));
        rows.add(row(id, seed, BEAM, 4, seed <= 1, 400, 30));
      }
    }
    PolicyFit data = PolicyFit.of(rows, queries, DifficultyBins.Measure.ORACLE, 0);
    double[] grid = data.budgetGrid(8);
    assertEquals(100, grid[0]);
    CrossValidation.Result r = CrossValidation.run(data, 2, grid, 7, 50);
    assertEquals(6, r.problemsA());
    assertEquals(6, r.problemsB());
    assertEquals(new CrossValidation.BestOfN(64, 0.5, 6400), r.target());
    assertEquals(400, r.curve().get(r.reachedAt()).budgetTokens());
    assertEquals(400, r.curve().get(r.reachedAt()).meanTokens());
    assertEquals(16, r.ratio(), 1e-12);
    assertEquals(16, r.ratioLow(), 1e-12);
    assertEquals(16, r.ratioHigh(), 1e-12);
    assertEquals(50, r.reachedResamples());
    // below beam@4's cost compute-optimal is weighted@1, and weighted best-of-N at its own tokens
    assertEquals(0.25, r.curve().get(0).accuracy());
    assertEquals(0.25, r.curve().get(0).bestOfNAccuracyAtTokens());
    // halfway (in log tokens) between N = 1 and 64: 400 tokens is 2/6 of the way
    assertEquals(0.25 + 0.25 * 2 / 6.0, r.curve().get(r.reachedAt()).bestOfNAccuracyAtTokens(), 1e-12);
  }

  /**
   * Beam@1 is right exactly on the problems of half A, REBASE@1 on those of half B (same cost). A
   * policy fitted on A picks beam and is wrong on all of B, and vice versa: held-out accuracy 0 at
   * every budget. Any leak of held-out rows into a fold's fit would lift it.
   */
  @Test
  void heldOutProblemsNeverInfluenceTheirFold() {
    long seed = 3;
    int problems = 10;
    int[] once = new int[problems];
    Arrays.fill(once, 1);
    boolean[] inA = CrossValidation.split(once, new Well19937c(seed));
    List<ResultRow> rows = new ArrayList<>();
    List<PolicyFit.Query> queries = new ArrayList<>();
    for (int p = 0; p < problems; p++) {
      for (long s = 0; s < 2; s++) {
        String id = "p" + p;
        queries.add(new PolicyFit.Query(id, s, 0.5));
        rows.add(row(id, s, W, 1, false, 100, 1));
        rows.add(row(id, s, BEAM, 1, inA[p], 100, 5));
        rows.add(row(id, s, SweepStrategy.REBASE, 1, !inA[p], 100, 5));
      }
    }
    PolicyFit data = PolicyFit.of(rows, queries, DifficultyBins.Measure.ORACLE, 0);
    CrossValidation.Result r = CrossValidation.run(data, 1, new double[] {100, 200}, seed, 5);
    for (CrossValidation.Point p : r.curve()) assertEquals(0.0, p.accuracy(), p.toString());
    // fitted on everything, the same rows look half right
    assertEquals(0.5, data.fit(1, new double[] {100}).bins().get(0).entries().get(0).expectedAccuracy());
  }

  @Test
  void needsWeightedBestOfNAndTwoProblems() {
    List<ResultRow> rows = List.of(row("p0", 0, BEAM, 1, true, 100, 5), row("p1", 0, BEAM, 1, true, 100, 5));
    List<PolicyFit.Query> queries = List.of(new PolicyFit.Query("p0", 0, 0.5),
        new PolicyFit.Query("p1", 0, 0.5));
    PolicyFit data = PolicyFit.of(rows, queries, DifficultyBins.Measure.ORACLE, 0);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CrossValidation.run(data, 1, new double[] {100}, 0, 10));
    assertTrue(e.getMessage().contains("no 'weighted'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> CrossValidation.run(data, 1, new double[] {100}, 0, 0));
    assertTrue(e.getMessage().contains("resamples must be >= 1, got 0"), e.getMessage());
  }
}
