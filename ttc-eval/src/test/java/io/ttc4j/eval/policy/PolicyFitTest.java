package io.ttc4j.eval.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ttc4j.core.StopReason;
import io.ttc4j.core.Usage;
import io.ttc4j.eval.ResultRow;
import io.ttc4j.eval.SweepStrategy;
import io.ttc4j.eval.stats.DifficultyBins;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link PolicyFit}: the choice per bin and budget on hand-made rows whose right answer is known. */
class PolicyFitTest {

  static final SweepStrategy W = SweepStrategy.WEIGHTED;
  static final SweepStrategy BEAM = SweepStrategy.BEAM;
  static final SweepStrategy ORACLE = SweepStrategy.ORACLE;

  static ResultRow row(String problem, long seed, SweepStrategy s, int n, boolean correct, long tokens, long prm) {
    Usage u = Usage.ofGeneration(n, 10, 0, tokens).plus(Usage.ofPrmCalls(prm));
    return new ResultRow(problem, s, n, seed, n, correct ? "1" : "0", "1", correct, StopReason.COMPLETED, u, null);
  }

  /**
   * Easy problems (value 0.9): weighted@1 is always right, so it wins every budget (weighted@4 ties it
   * and is dearer). Hard problems (value 0.1): only beam@4 is right, so from its cost on it wins. The
   * bound (oracle@1, right everywhere, cheapest) is never chosen.
   */
  static List<ResultRow> twoKindsOfProblems(List<PolicyFit.Query> queries) {
    List<ResultRow> rows = new ArrayList<>();
    for (int p = 0; p < 10; p++) {
      boolean easy = p < 5;
      String id = "p" + p;
      for (long seed = 0; seed < 2; seed++) {
        queries.add(new PolicyFit.Query(id, seed, easy ? 0.9 : 0.1, 0, 0));
        rows.add(row(id, seed, W, 1, easy, 100, 1));
        rows.add(row(id, seed, W, 4, easy, 400, 4));
        rows.add(row(id, seed, BEAM, 4, !easy, 400, 30));
        rows.add(row(id, seed, ORACLE, 1, true, 50, 0));
      }
    }
    return rows;
  }

  @Test
  void choosesTheMostAccurateAffordableOptionPerBinAndTiesGoToTheCheaper() {
    List<PolicyFit.Query> queries = new ArrayList<>();
    PolicyFit data = PolicyFit.of(twoKindsOfProblems(queries), queries, DifficultyBins.Measure.ORACLE, 0);
    assertEquals(List.of(new PolicyFit.Option(W, 1), new PolicyFit.Option(W, 4), new PolicyFit.Option(BEAM, 4)),
        data.options(), "the bound is left out");
    Policy policy = data.fit(2, new double[] {100, 200, 400, 800});
    assertEquals(DifficultyBins.Measure.ORACLE, policy.difficulty());
    Policy.Bin easy = policy.bins().get(0);
    assertEquals(0.9, easy.low());
    assertEquals(List.of(new Policy.Entry(100, "weighted", 1, 1.0, 100)), easy.entries());
    Policy.Bin hard = policy.bins().get(1);
    assertEquals(0.1, hard.high());
    assertEquals(List.of(new Policy.Entry(100, "weighted", 1, 0.0, 100), new Policy.Entry(400, "beam", 4, 1.0, 400)),
        hard.entries());
    assertEquals("beam", policy.choose(policy.binOf(0.05), 1000).strategy());
    assertEquals("weighted", policy.choose(policy.binOf(0.05), 399).strategy());
    assertEquals("weighted", policy.choose(policy.binOf(0.95), 1000).strategy());
  }

  @Test
  void probesAreAddedToSearchesAndSharedWithBestOfNRules() {
    List<PolicyFit.Query> oracle = new ArrayList<>();
    List<ResultRow> rows = twoKindsOfProblems(oracle);
    List<PolicyFit.Query> predicted = new ArrayList<>();
    for (PolicyFit.Query q : oracle) {
      predicted.add(new PolicyFit.Query(q.problemId(), q.seed(), q.difficulty(), 150, 2));
    }
    PolicyFit data = PolicyFit.of(rows, predicted, DifficultyBins.Measure.PREDICTED, 2);
    Policy policy = data.fit(2, new double[] {100, 150, 400, 550});
    // weighted@1 reuses the first of the 2 probes: max(100, 150); beam@4 pays 400 + 150
    assertEquals(List.of(new Policy.Entry(150, "weighted", 1, 0.0, 150), new Policy.Entry(550, "beam", 4, 1.0, 550)),
        policy.bins().get(1).entries());
    assertEquals(List.of(new Policy.Entry(150, "weighted", 1, 1.0, 150)), policy.bins().get(0).entries());
    assertEquals(2, policy.probes());
  }

  @Test
  void aFoldIsFittedOnItsOwnRowsOnly() {
    List<PolicyFit.Query> queries = new ArrayList<>();
    List<ResultRow> rows = twoKindsOfProblems(queries);
    // fit on p0, p1, p5, p6 only; then flip every other problem's rows: the fit must not change
    double[] weights = new double[queries.size()];
    for (int q = 0; q < queries.size(); q++) {
      String id = queries.get(q).problemId();
      weights[q] = List.of("p0", "p1", "p5", "p6").contains(id) ? 1 : 0;
    }
    double[] grid = {100, 400};
    Policy before = PolicyFit.of(rows, queries, DifficultyBins.Measure.ORACLE, 0).fitted(weights, 2, grid).policy();
    List<ResultRow> flipped = new ArrayList<>();
    for (ResultRow r : rows) {
      boolean held = !List.of("p0", "p1", "p5", "p6").contains(r.problemId());
      flipped.add(held ? row(r.problemId(), r.seed(), r.strategy(), r.n(), !r.correct(), 10, 0) : r);
    }
    List<PolicyFit.Query> movedValues = new ArrayList<>();
    for (PolicyFit.Query q : queries) {
      boolean held = !List.of("p0", "p1", "p5", "p6").contains(q.problemId());
      movedValues.add(held ? new PolicyFit.Query(q.problemId(), q.seed(), 0.5, 0, 0) : q);
    }
    PolicyFit other = PolicyFit.of(flipped, movedValues, DifficultyBins.Measure.ORACLE, 0);
    assertEquals(before, other.fitted(weights, 2, grid).policy());
    // while fitting on everything does see the flipped rows (held-out weighted@1 is now right and cheap)
    assertTrue(!before.equals(other.fit(2, grid)));
  }

  @Test
  void missingRowsAndBadArgumentsAreNamed() {
    List<PolicyFit.Query> queries = new ArrayList<>();
    List<ResultRow> rows = twoKindsOfProblems(queries);
    rows.remove(2); // p0, seed 0, beam@4
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PolicyFit.of(rows, queries, DifficultyBins.Measure.ORACLE, 0));
    assertTrue(e.getMessage().contains("'p0', seed 0 has no row for beam@4"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> PolicyFit.of(rows, queries, DifficultyBins.Measure.PREDICTED, 0));
    assertTrue(e.getMessage().contains("probes must be >= 1 for predicted difficulty, got 0"), e.getMessage());
    List<PolicyFit.Query> ok = new ArrayList<>();
    PolicyFit data = PolicyFit.of(twoKindsOfProblems(ok), ok, DifficultyBins.Measure.ORACLE, 0);
    e = assertThrows(IllegalArgumentException.class, () -> data.fit(2, new double[] {100, 100}));
    assertTrue(e.getMessage().contains("grid[1]=100.0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> data.fit(0, new double[] {100}));
    assertTrue(e.getMessage().contains("bins must be >= 1, got 0"), e.getMessage());
  }

  @Test
  void theGridIsLogSpacedAndAnchoredAtWeightedAtOne() {
    List<PolicyFit.Query> queries = new ArrayList<>();
    PolicyFit data = PolicyFit.of(twoKindsOfProblems(queries), queries, DifficultyBins.Measure.ORACLE, 0);
    assertEquals(Arrays.toString(new double[] {100, 141.42, 200, 282.84, 400}),
        Arrays.toString(data.budgetGrid(2)));
  }
}
