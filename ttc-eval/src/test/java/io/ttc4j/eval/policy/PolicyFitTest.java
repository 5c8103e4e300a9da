package io.ttc4j.eval.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ttc4j.core.StopReason;
import io.ttc4j.core.Usage;
import io.ttc4j.eval.ResultRow;
import io.ttc4j.datasets.MathAnswers;
import io.ttc4j.eval.SweepStrategy;
import io.ttc4j.eval.UnitSamples;
import io.ttc4j.eval.stats.DifficultyBins;
import io.ttc4j.strategies.Calibration;
import io.ttc4j.strategies.Confidence;
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
        queries.add(new PolicyFit.Query(id, seed, easy ? 0.9 : 0.1));
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
      boolean easy = q.passAt1() > 0.5;
      predicted.add(new PolicyFit.Query(q.problemId(), q.seed(), q.passAt1(),
          PolicyJsonTest.probes(easy ? 0.8 : 0.3, easy ? 1 : 0.5), 150, 2));
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
      movedValues.add(held ? new PolicyFit.Query(q.problemId(), q.seed(), 0.5) : q);
    }
    PolicyFit other = PolicyFit.of(flipped, movedValues, DifficultyBins.Measure.ORACLE, 0);
    assertEquals(before, other.fitted(weights, 2, grid).policy());
    // while fitting on everything does see the flipped rows (held-out weighted@1 is now right and cheap)
    assertTrue(!before.equals(other.fit(2, grid)));
  }

  /**
   * Predicted queries whose pass@1 follows their probes' agreement while their mean score is noise:
   * the fitted model weighs agreement, and its bins follow it.
   */
  static List<PolicyFit.Query> agreementDecides(List<ResultRow> rows) {
    List<PolicyFit.Query> queries = new ArrayList<>();
    java.util.SplittableRandom random = new java.util.SplittableRandom(11);
    for (int p = 0; p < 20; p++) {
      String id = "p" + p;
      boolean easy = p % 2 == 0;
      for (long seed = 0; seed < 3; seed++) {
        double noise = random.nextDouble();
        double agreement = easy ? 0.75 + 0.25 * random.nextInt(2) : 0.25 + 0.25 * random.nextInt(2);
        queries.add(new PolicyFit.Query(id, seed, easy ? 0.9 : 0.2, PolicyJsonTest.probes(0.4 + 0.2 * noise, agreement),
            100, 1));
        rows.add(row(id, seed, W, 1, easy, 100, 1));
        rows.add(row(id, seed, BEAM, 4, !easy, 400, 30));
      }
    }
    return queries;
  }

  @Test
  void theDifficultyModelIsFittedToPassAt1AndItsValueIsBinned() {
    List<ResultRow> rows = new ArrayList<>();
    List<PolicyFit.Query> queries = agreementDecides(rows);
    PolicyFit data = PolicyFit.of(rows, queries, DifficultyBins.Measure.PREDICTED, 1);
    assertEquals(PolicyFit.DEFAULT_FEATURES, data.features());
    // beam@4 costs its 400 tokens plus the probe's 100; weighted@1 is the probe itself
    Policy policy = data.fit(2, new double[] {100, 500});
    Calibration m = policy.difficultyModel();
    assertEquals(PolicyFit.DEFAULT_FEATURES, m.features());
    assertTrue(m.weights()[1] > 5, "agreement decides pass@1: " + m);
    assertTrue(Math.abs(m.weights()[0]) < m.weights()[1], "the mean score is noise: " + m);
    assertEquals(List.of(new Policy.Entry(100, "weighted", 1, 1.0, 100)), policy.bins().get(0).entries());
    assertEquals("beam", policy.choose(2, 500).strategy());
    for (PolicyFit.Query q : queries) {
      assertEquals(q.passAt1() > 0.5 ? 1 : 2, policy.binOf(q.probes()), q.toString());
    }
    // edges are quantiles of the predicted pass@1 of the fitting queries
    assertTrue(policy.bins().get(0).low() > 0.5 && policy.bins().get(1).high() < 0.5, policy.bins().toString());
  }

  /**
   * No leakage: a fold's difficulty model, edges and choices come from its own queries only. Changing
   * everything about the held-out queries (their probes, their pass@1, their rows) changes nothing.
   */
  @Test
  void aFoldsDifficultyModelIsFittedOnItsOwnQueriesOnly() {
    List<ResultRow> rows = new ArrayList<>();
    List<PolicyFit.Query> queries = agreementDecides(rows);
    java.util.function.Predicate<String> train = id -> Integer.parseInt(id.substring(1)) < 10;
    double[] weights = new double[queries.size()];
    for (int q = 0; q < weights.length; q++) weights[q] = train.test(queries.get(q).problemId()) ? 1 : 0;
    double[] grid = {100, 400};
    PolicyFit.Fitted before = PolicyFit.of(rows, queries, DifficultyBins.Measure.PREDICTED, 1).fitted(weights, 2, grid);

    List<ResultRow> otherRows = new ArrayList<>();
    List<PolicyFit.Query> other = new ArrayList<>();
    java.util.SplittableRandom random = new java.util.SplittableRandom(5);
    for (PolicyFit.Query q : queries) {
      other.add(train.test(q.problemId()) ? q : new PolicyFit.Query(q.problemId(), q.seed(), random.nextDouble(),
          PolicyJsonTest.probes(random.nextDouble(), random.nextDouble()), 100, 1));
    }
    for (ResultRow r : rows) {
      otherRows.add(train.test(r.problemId()) ? r : row(r.problemId(), r.seed(), r.strategy(), r.n(), !r.correct(),
          r.usage().completionTokens(), r.usage().prmCalls()));
    }
    PolicyFit changed = PolicyFit.of(otherRows, other, DifficultyBins.Measure.PREDICTED, 1);
    PolicyFit.Fitted after = changed.fitted(weights, 2, grid);
    assertEquals(before.model, after.model);
    assertEquals(before.policy(), after.policy());
    // while the held-out queries' bins do follow their own (changed) probes through the fold's model
    int moved = 0;
    for (int q = 0; q < weights.length; q++) if (before.queryBin[q] != after.queryBin[q]) moved++;
    assertTrue(moved > 0, "held-out queries are binned by their own probes");
    // and fitting on everything sees the change
    assertTrue(!before.model.equals(changed.fit(2, grid).difficultyModel()), "fitted on every query, it sees them");
  }

  /** A mean-score-only model is monotone in the mean score: its bins are the mean score's bins. */
  @Test
  void aMeanScoreOnlyModelBinsAsTheMeanScoreItself() {
    List<ResultRow> rows = new ArrayList<>();
    List<PolicyFit.Query> queries = agreementDecides(rows);
    List<PolicyFit.Query> byMean = new ArrayList<>();
    for (PolicyFit.Query q : queries) byMean.add(new PolicyFit.Query(q.problemId(), q.seed(), q.probes().meanScore()));
    double[] grid = {100, 500};
    double[] all = new double[queries.size()];
    Arrays.fill(all, 1);
    PolicyFit.Fitted raw = PolicyFit.of(rows, byMean, DifficultyBins.Measure.ORACLE, 0).fitted(all, 3, grid);
    PolicyFit.Fitted model = PolicyFit.of(rows, queries, DifficultyBins.Measure.PREDICTED, 1,
        List.of(Confidence.Feature.MEAN_SCORE)).fitted(all, 3, grid);
    assertTrue(model.model.weights()[0] != 0, model.model.toString());
    assertEquals(Arrays.toString(raw.queryBin), Arrays.toString(model.queryBin));
  }

  @Test
  void predictedQueriesReadTheFirstProbesOfEachUnit() {
    UnitSamples.Sample a = new UnitSamples.Sample("\\frac{1}{2}", 0.8, true, 100);
    UnitSamples.Sample b = new UnitSamples.Sample("0.5", 0.6, true, 110);
    UnitSamples.Sample c = new UnitSamples.Sample(null, 0.1, false, 120);
    UnitSamples.Sample d = new UnitSamples.Sample("3", 0.3, false, 130);
    List<UnitSamples> units = List.of(new UnitSamples("p0", 0, 8, List.of(a, c, b, d, d, d)),
        new UnitSamples("p0", 1, 8, List.of(d, d)), new UnitSamples("p1", 0, 8, List.of()));
    List<PolicyFit.Query> q = PolicyFit.predictedQueries(units, 4, MathAnswers.equivalence());
    assertEquals(3, q.size());
    // p0: 2 correct of 8 samples over both seeds
    assertEquals(0.25, q.get(0).passAt1());
    assertEquals(0.25, q.get(1).passAt1());
    Confidence first = q.get(0).probes();
    assertEquals(Confidence.ofModalAnswer(java.util.Arrays.asList("\\frac{1}{2}", null, "0.5", "3"),
        new double[] {0.8, 0.1, 0.6, 0.3}, MathAnswers.equivalence()), first);
    assertEquals(0.5, first.voteShare(), "1/2 twice among 4 probes; the answerless one counts below");
    assertEquals(0.45, first.meanScore(), 1e-15);
    assertEquals(100 + 120 + 110 + 130, q.get(0).probeTokens());
    assertEquals(4, q.get(0).probePrmCalls());
    assertEquals(1.0, q.get(1).probes().voteShare(), "fewer samples: fewer probes");
    assertEquals(2, q.get(1).probePrmCalls());
    assertEquals(Confidence.NONE, q.get(2).probes());
    assertTrue(Double.isNaN(q.get(2).passAt1()));
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
    e = assertThrows(IllegalArgumentException.class,
        () -> PolicyFit.of(rows, queries, DifficultyBins.Measure.PREDICTED, 2, List.of()));
    assertTrue(e.getMessage().contains("features must be non-empty for predicted difficulty"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> PolicyFit.of(rows, queries, DifficultyBins.Measure.ORACLE, 0, PolicyFit.DEFAULT_FEATURES));
    assertTrue(e.getMessage().contains("features must be empty for oracle difficulty"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new PolicyFit.Query("p", 0, 1.5));
    assertTrue(e.getMessage().contains("passAt1 must be in [0, 1] or NaN, got 1.5"), e.getMessage());
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
