package io.ttc4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ttc4j.core.AnswerEquivalence;
import io.ttc4j.core.Budget;
import io.ttc4j.core.Problem;
import io.ttc4j.core.StopReason;
import io.ttc4j.eval.internal.ResultsJsonl;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SweepTest {

  private static Sweep sweep(List<Problem> problems, SweepSettings settings) {
    return Sweep.builder().problems(problems).generator(FakeWorld.generator()).prm(FakeWorld.prm())
        .answerExtractor(FakeWorld.extractor()).equivalence(AnswerEquivalence.EXACT).settings(settings).build();
  }

  private static final List<SweepStrategy> BEST_OF_N_RULES = List.of(SweepStrategy.FIRST, SweepStrategy.NAIVE,
      SweepStrategy.WEIGHTED, SweepStrategy.MAJORITY, SweepStrategy.ORACLE);

  private static SweepSettings.Builder small() {
    return SweepSettings.builder().strategies(BEST_OF_N_RULES).ns(List.of(1, 4)).seeds(List.of(0L, 1L)).concurrency(2);
  }

  @Test
  void rowsCoverEveryProblemSeedNAndStrategy() throws Exception {
    SweepResult r = sweep(FakeWorld.problems(20), small().build()).run();
    assertEquals(20 * 2 * 2 * 5, r.rows().size());
    assertEquals(2 * 5, r.summary().size());
    for (SummaryRow s : r.summary()) {
      assertEquals(20, s.problems());
      assertEquals(2, s.seeds());
      assertEquals(40, s.rows());
    }
    assertEquals(20 * 2 * 2, r.searches());
    assertEquals(0, r.failedSearches());
    assertEquals(0, r.crnMismatches());
  }

  @Test
  void oracleIsNeverBelowAnyRuleOnTheSameCandidates() throws Exception {
    SweepResult r = sweep(FakeWorld.problems(20), small().build()).run();
    Map<String, Boolean> oracle = new HashMap<>();
    for (ResultRow row : r.rows()) {
      if (row.strategy().equals(SweepStrategy.ORACLE)) oracle.put(key(row), row.correct());
    }
    for (ResultRow row : r.rows()) {
      if (row.correct()) {
        assertTrue(oracle.get(key(row)), "oracle wrong where " + row.strategy() + " is right: " + row);
      }
    }
  }

  @Test
  void computeScalesWithNAndRulesAreChargedWhatTheyNeed() throws Exception {
    SweepResult r = sweep(FakeWorld.problems(20), small().build()).run();
    Map<String, SummaryRow> byKey = new HashMap<>();
    for (SummaryRow s : r.summary()) byKey.put(s.strategy() + "@" + s.n(), s);
    double one = byKey.get("naive@1").meanCompletionTokens();
    double four = byKey.get("naive@4").meanCompletionTokens();
    assertEquals(4.0, four / one, 0.4, "completion tokens at N=4 vs N=1: " + four + " / " + one);
    assertEquals(4.0, byKey.get("weighted@4").meanPrmCalls(), 1e-9);
    assertEquals(0.0, byKey.get("majority@4").meanPrmCalls(), 1e-9);
    assertEquals(0.0, byKey.get("oracle@4").meanPrmCalls(), 1e-9);
    // first costs one sample at every N
    assertEquals(1.0, byKey.get("first@4").meanGenerations(), 1e-9);
    assertEquals(byKey.get("first@1").meanCompletionTokens(), byKey.get("first@4").meanCompletionTokens(), 1e-9);
    assertEquals(byKey.get("first@1").accuracy(), byKey.get("first@4").accuracy(), 1e-12);
  }

  @Test
  void firstIsChargedTheOneSampleSearchEvenWhenNOneIsNotSwept() throws Exception {
    SweepResult r = sweep(FakeWorld.problems(5), small().ns(List.of(4)).build()).run();
    assertEquals(5 * 2 * 5, r.rows().size());
    assertEquals(5 * 2 * 2, r.searches());
    for (ResultRow row : r.rows()) {
      assertEquals(4, row.n());
      assertEquals(row.strategy().equals(SweepStrategy.FIRST) ? 1 : 4, row.usage().generations(), row.toString());
    }
  }

  @Test
  void sameSeedsGiveIdenticalRowsWhateverTheConcurrency() throws Exception {
    List<Problem> problems = FakeWorld.problems(15);
    SweepResult a = sweep(problems, small().concurrency(1).build()).run();
    SweepResult b = sweep(problems, small().concurrency(2).build()).run();
    SweepResult c = sweep(problems, small().concurrency(5).build()).run();
    assertEquals(lines(a), lines(b));
    assertEquals(lines(a), lines(c));
    assertEquals(a.summary(), b.summary());
    assertEquals(a.summary(), c.summary());
  }

  @Test
  void budgetIsNeverExceeded() throws Exception {
    long budget = 700;
    SweepResult r = sweep(FakeWorld.problems(12),
        small().ns(List.of(1, 2, 8)).maxTokens(300).budget(Budget.tokens(budget)).build()).run();
    boolean sawBudgetStop = false;
    for (ResultRow row : r.rows()) {
      assertTrue(row.usage().completionTokens() <= budget, row.toString());
      sawBudgetStop |= row.stopReason() == StopReason.BUDGET;
    }
    assertTrue(sawBudgetStop, "N=8 with 300 tokens per sample must hit a 700-token budget");
  }

  @Test
  void oneSeedOnOneThreadRunsEverySearchOnce() throws Exception {
    List<String> seen = new ArrayList<>();
    SweepResult r = sweep(FakeWorld.problems(3), small().seeds(List.of(7L)).concurrency(1).build())
        .run((rows, done, total) -> seen.add(done + "/" + total + ":" + rows.size()));
    assertEquals(List.of("1/3:10", "2/3:10", "3/3:10"), seen);
    assertEquals(30, r.rows().size());
  }

  @Test
  void resumingFromPartOfTheRowsGivesTheSameResult() throws Exception {
    List<Problem> problems = FakeWorld.problems(8);
    SweepResult full = sweep(problems, small().build()).run();
    // a killed run: the first 5 units complete, the 6th half written
    int perUnit = 2 * 5;
    List<ResultRow> previous = new ArrayList<>(full.rows().subList(0, 5 * perUnit + perUnit / 2));
    java.util.Collections.reverse(previous);
    Sweep again = sweep(problems, small().build());
    assertEquals(5 * perUnit, again.completeUnits(previous).size());
    List<Integer> ran = new ArrayList<>();
    SweepResult resumed = again.run(previous, (rows, done, total) -> ran.add(total));
    assertEquals(16 - 5, ran.size());
    assertEquals(lines(full), lines(resumed));
    assertEquals(full.summary(), resumed.summary());
    // rows of another sweep are refused
    ResultRow foreign = full.rows().get(0);
    List<ResultRow> bad = List.of(new ResultRow("other", foreign.strategy(), foreign.n(), foreign.seed(),
        foreign.candidates(), foreign.answer(), foreign.reference(), foreign.correct(), foreign.stopReason(),
        foreign.usage(), null));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> again.completeUnits(bad));
    assertTrue(e.getMessage().contains("other"), e.getMessage());
  }

  @Test
  void resultsFileRoundTrips(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
    SweepResult r = sweep(FakeWorld.problems(4), small().budget(Budget.tokens(500)).maxTokens(300).build()).run();
    java.nio.file.Path file = tmp.resolve("results.jsonl");
    ResultsJsonl.rewrite(file, r.rows());
    assertEquals(r.rows(), ResultsJsonl.read(file));
    // a line cut by a kill is dropped when resuming, and named otherwise
    String content = java.nio.file.Files.readString(file);
    java.nio.file.Files.writeString(file, content + "{\"problem_id\":\"p1\",\"str");
    assertEquals(r.rows(), ResultsJsonl.readKilled(file));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ResultsJsonl.read(file));
    assertTrue(e.getMessage().contains("results.jsonl:" + (r.rows().size() + 1) + ":"), e.getMessage());
  }

  /**
   * Every row carries the confidence of the candidates its answer was chosen from, consistent with
   * the row: the rules that vote choose the answers with the largest shares of the same candidates.
   */
  @Test
  void everyRowCarriesTheConfidenceOfItsAnswer() throws Exception {
    List<SweepStrategy> strategies = new ArrayList<>(BEST_OF_N_RULES);
    strategies.addAll(List.of(SweepStrategy.BEAM, SweepStrategy.DVTS));
    SweepResult r = sweep(FakeWorld.problems(12), small().strategies(strategies).ns(List.of(1, 4, 16)).build()).run();
    Map<String, Map<SweepStrategy, ResultRow>> byKey = new HashMap<>();
    for (ResultRow row : r.rows()) byKey.computeIfAbsent(key(row), k -> new HashMap<>()).put(row.strategy(), row);
    int majorityBehind = 0;
    for (ResultRow row : r.rows()) {
      io.ttc4j.strategies.Confidence c = row.confidence();
      assertTrue(c != null, "no confidence: " + row);
      if (row.strategy().equals(SweepStrategy.FIRST)) {
        assertEquals(1, c.candidates(), "first chose from its one sample: " + row);
        assertEquals(1.0, c.voteShare(), 0, row.toString());
        assertEquals(c.topScore(), c.meanScore(), 0, row.toString());
      } else {
        assertEquals(row.candidates(), c.candidates(), row.toString());
      }
      // the answer's own candidates back it
      assertEquals(row.answer() != null, c.voteShare() > 0, row.toString());
      assertEquals(row.answer() != null, c.scoreShare() > 0, row.toString());
      assertTrue(row.answer() == null || c.topScore() > 0, row.toString());
      if (!row.strategy().isBestOfNRule() || row.strategy().equals(SweepStrategy.FIRST)) continue;
      // the four rules over the same candidates
      Map<SweepStrategy, ResultRow> same = byKey.get(key(row));
      io.ttc4j.strategies.Confidence majority = same.get(SweepStrategy.MAJORITY).confidence();
      io.ttc4j.strategies.Confidence weighted = same.get(SweepStrategy.WEIGHTED).confidence();
      assertTrue(majority.voteShare() >= c.voteShare(), "majority below " + row);
      assertTrue(weighted.scoreShare() >= c.scoreShare() - 1e-12, "weighted below " + row);
      assertEquals(majority.meanScore(), c.meanScore(), 0, "one candidate set: " + row);
      if (row.strategy().equals(SweepStrategy.MAJORITY)) {
        assertTrue(c.voteMargin() >= 0, row.toString());
        if (c.voteShare() < 0.5) majorityBehind++;
      }
      if (row.strategy().equals(SweepStrategy.NAIVE)) {
        assertEquals(weighted.meanScore(), c.meanScore(), 0);
      }
    }
    assertTrue(majorityBehind > 0, "some majorities are pluralities: the test sees more than unanimous sets");
  }

  /** A failed search leaves no candidates: its rows record {@code Confidence.NONE}, not an unknown confidence. */
  @Test
  void rowsOfAFailedSearchRecordNoCandidates() throws Exception {
    io.ttc4j.core.Generator fake = FakeWorld.generator();
    io.ttc4j.core.Generator failsOnP1 = (problem, prefix, spec) -> problem.id().equals("p1")
        ? java.util.concurrent.CompletableFuture.failedFuture(new java.io.IOException("server gone"))
        : fake.generate(problem, prefix, spec);
    List<SweepStrategy> strategies = new ArrayList<>(BEST_OF_N_RULES);
    strategies.add(SweepStrategy.BEAM);
    SweepResult r = Sweep.builder().problems(FakeWorld.problems(3)).generator(failsOnP1).prm(FakeWorld.prm())
        .answerExtractor(FakeWorld.extractor()).equivalence(AnswerEquivalence.EXACT)
        .settings(small().strategies(strategies).build()).build().run();
    for (ResultRow row : r.rows()) {
      if (row.problemId().equals("p1")) {
        assertEquals(StopReason.FAILED, row.stopReason(), row.toString());
        assertEquals(io.ttc4j.strategies.Confidence.NONE, row.confidence(), row.toString());
      } else {
        assertTrue(row.confidence().candidates() > 0, row.toString());
      }
    }
  }

  @Test
  void resumingRowsWrittenWithoutConfidenceKeepsThemAndRecordsItForTheRest() throws Exception {
    List<Problem> problems = FakeWorld.problems(6);
    SweepResult full = sweep(problems, small().build()).run();
    // an older run folder's rows: the first 3 units, no confidence
    int perUnit = 2 * 5;
    List<ResultRow> previous = new ArrayList<>();
    for (ResultRow row : full.rows().subList(0, 3 * perUnit)) previous.add(row.withConfidence(null));
    SweepResult resumed = sweep(problems, small().build()).run(previous, (rows, done, total) -> { });
    assertEquals(full.rows().size(), resumed.rows().size());
    for (int i = 0; i < full.rows().size(); i++) {
      ResultRow expected = i < 3 * perUnit ? full.rows().get(i).withConfidence(null) : full.rows().get(i);
      assertEquals(expected, resumed.rows().get(i));
    }
    assertEquals(full.summary(), resumed.summary());
  }

  @Test
  void problemsWithoutReferenceAreRejectedByName() {
    List<Problem> problems = List.of(Problem.of("no-ref", "What?"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> sweep(problems, small().build()));
    assertTrue(e.getMessage().contains("no-ref"), e.getMessage());
  }

  @Test
  void scoreRulesNeedARewardModel() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sweep.builder()
        .problems(FakeWorld.problems(2)).generator(FakeWorld.generator()).answerExtractor(FakeWorld.extractor())
        .equivalence(AnswerEquivalence.EXACT).settings(small().build()).build());
    assertTrue(e.getMessage().contains("naive"), e.getMessage());
    // without score rules no reward model is needed
    Sweep ok = Sweep.builder().problems(FakeWorld.problems(2)).generator(FakeWorld.generator())
        .answerExtractor(FakeWorld.extractor()).equivalence(AnswerEquivalence.EXACT)
        .settings(small().strategies(List.of(SweepStrategy.FIRST, SweepStrategy.MAJORITY)).build()).build();
    assertEquals(4, ok.units());
  }

  @Test
  void settingsValidateWithNamedArguments() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SweepSettings.builder().ns(List.of(0, 2)).build());
    assertTrue(e.getMessage().contains("n") && e.getMessage().contains("0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> SweepSettings.builder().ns(List.of(2, 2)).build());
    assertTrue(e.getMessage().contains("distinct"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> SweepSettings.builder().concurrency(0).build());
    assertTrue(e.getMessage().contains("concurrency"), e.getMessage());
  }

  private static String key(ResultRow r) {
    return r.problemId() + "/" + r.seed() + "/" + r.n();
  }

  private static List<String> lines(SweepResult r) {
    List<String> out = new ArrayList<>();
    for (ResultRow row : r.rows()) out.add(ResultsJsonl.toJson(row));
    return out;
  }

  @Test
  void aVerifierIsTheCorrectnessOracleWhenGiven() throws Exception {
    SweepSettings settings = small().build();
    SweepResult byReference = sweep(FakeWorld.problems(10), settings).run();
    // a verifier that accepts every answer: every row with an answer is correct, whatever the reference
    SweepResult lenient = Sweep.builder().problems(FakeWorld.problems(10)).generator(FakeWorld.generator())
        .prm(FakeWorld.prm()).answerExtractor(FakeWorld.extractor()).equivalence(AnswerEquivalence.EXACT)
        .verifier((problem, answer) -> true).settings(settings).build().run();
    assertEquals(byReference.rows().size(), lenient.rows().size());
    long right = 0;
    for (int i = 0; i < lenient.rows().size(); i++) {
      ResultRow a = byReference.rows().get(i);
      ResultRow b = lenient.rows().get(i);
      if (!a.strategy().isBound()) {
        assertEquals(a.answer(), b.answer(), "the verifier changes grading, never the choices of real rules");
      }
      assertEquals(b.answer() != null, b.correct());
      if (a.correct()) right++;
    }
    assertTrue(right < lenient.rows().size(), "the reference grading was not already all-correct");
  }
}
