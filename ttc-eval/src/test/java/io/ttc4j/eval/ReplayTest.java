package io.ttc4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ttc4j.core.Aggregation;
import io.ttc4j.core.AnswerEquivalence;
import io.ttc4j.core.Selection;
import io.ttc4j.datasets.CandidateSet;
import io.ttc4j.datasets.CandidateSets;
import io.ttc4j.datasets.MathAnswers;
import io.ttc4j.datasets.RecordedCandidate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplayTest {

  private static final List<Selection> ALL = List.of(Selection.values());

  private static Map<String, Double> accuracies(Replay.Result r) {
    Map<String, Double> out = new HashMap<>();
    for (ReplayRow row : r.rows()) out.put(row.strategy().name().toLowerCase() + "@" + row.n(), row.accuracy());
    return out;
  }

  @Test
  void bundledQwenCandidatesReproduceTheFilesOwnFigures() {
    List<CandidateSet> sets = CandidateSets.bundled("qwen-math-cot-100");
    Replay.Result r = Replay.evaluate(sets, List.of(1, 2, 4, 8), ALL, Aggregation.LAST, MathAnswers.extractor(),
        AnswerEquivalence.EXACT, MathAnswers.equivalence());
    Map<String, Double> acc = accuracies(r);
    // the figures of the recorded run (shared/data/README.md): exact-string votes, ties to the earliest
    assertEquals(0.90, acc.get("first@8"), 0.0);
    assertEquals(0.93, acc.get("majority@8"), 0.0);
    assertEquals(0.94, acc.get("naive@8"), 0.0);
    assertEquals(0.96, acc.get("oracle@8"), 0.0);
    // the prefix rule at smaller N (computed independently from the upstream file)
    assertEquals(0.90, acc.get("first@1"), 0.0);
    assertEquals(0.90, acc.get("majority@2"), 0.0);
    assertEquals(0.93, acc.get("naive@2"), 0.0);
    assertEquals(0.94, acc.get("oracle@2"), 0.0);
    assertEquals(0.93, acc.get("majority@4"), 0.0);
    assertEquals(0.95, acc.get("oracle@4"), 0.0);
    assertEquals(0.94, acc.get("weighted@8"), 0.0);
    for (ReplayRow row : r.rows()) {
      assertEquals(100, row.problems());
      assertTrue(row.interval().contains(row.accuracy()));
    }
    assertEquals(4 * 5 * 100, r.choices().size());
  }

  @Test
  void oracleIsAnUpperBoundOfEveryRule() {
    List<CandidateSet> sets = CandidateSets.bundled("qwen-math-cot-100");
    Replay.Result r = Replay.evaluate(sets, List.of(1, 3, 8), ALL, Aggregation.LAST, MathAnswers.extractor(),
        MathAnswers.equivalence(), MathAnswers.equivalence());
    Map<String, Double> acc = accuracies(r);
    for (int n : List.of(1, 3, 8)) {
      for (Selection s : ALL) {
        assertTrue(acc.get(s.name().toLowerCase() + "@" + n) <= acc.get("oracle@" + n), s + "@" + n);
      }
    }
  }

  @Test
  void tooFewCandidatesIsAnErrorNamingTheProblem() {
    List<CandidateSet> sets = List.of(
        CandidateSet.of("a", "1", List.of(RecordedCandidate.ofAnswer("1", null), RecordedCandidate.ofAnswer("2", null))),
        CandidateSet.of("short-one", "1", List.of(RecordedCandidate.ofAnswer("1", null))));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Replay.evaluate(sets,
        List.of(1, 2), List.of(Selection.FIRST), Aggregation.LAST, MathAnswers.extractor(), AnswerEquivalence.EXACT,
        AnswerEquivalence.EXACT));
    assertTrue(e.getMessage().contains("'short-one'") && e.getMessage().contains("n=2"), e.getMessage());
    assertEquals(List.of(1), Replay.defaultNs(sets));
  }

  @Test
  void scoreRulesOnUnscoredCandidatesFailClearly() {
    List<CandidateSet> sets = List.of(CandidateSet.of("p7", "1",
        List.of(RecordedCandidate.ofAnswer("1", null), RecordedCandidate.ofAnswer("2", null))));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Replay.evaluate(sets,
        List.of(2), List.of(Selection.WEIGHTED), Aggregation.LAST, MathAnswers.extractor(), AnswerEquivalence.EXACT,
        AnswerEquivalence.EXACT));
    assertTrue(e.getMessage().contains("weighted") && e.getMessage().contains("'p7'")
        && e.getMessage().contains("score"), e.getMessage());
    // the score-free rules work on the same file
    Replay.Result r = Replay.evaluate(sets, List.of(2), List.of(Selection.FIRST, Selection.MAJORITY, Selection.ORACLE),
        Aggregation.LAST, MathAnswers.extractor(), AnswerEquivalence.EXACT, AnswerEquivalence.EXACT);
    assertEquals(List.of(1.0, 1.0, 1.0), r.rows().stream().map(ReplayRow::accuracy).toList());
  }

  @Test
  void votesFollowTheEquivalence() {
    // math normalisation merges "\dfrac{1}{2}" and "\frac{1}{2}" into 2 votes against 2 for "3"... earliest wins
    List<RecordedCandidate> cs = List.of(RecordedCandidate.ofAnswer("3", null),
        RecordedCandidate.ofAnswer("\\dfrac{1}{2}", null), RecordedCandidate.ofAnswer("\\frac{1}{2}", null),
        RecordedCandidate.ofAnswer("\\frac12", null), RecordedCandidate.ofAnswer("3", null));
    List<CandidateSet> sets = List.of(CandidateSet.of("q", "\\frac{1}{2}", cs));
    Replay.Result exact = Replay.evaluate(sets, List.of(5), List.of(Selection.MAJORITY), Aggregation.LAST,
        MathAnswers.extractor(), AnswerEquivalence.EXACT, MathAnswers.equivalence());
    Replay.Result math = Replay.evaluate(sets, List.of(5), List.of(Selection.MAJORITY), Aggregation.LAST,
        MathAnswers.extractor(), MathAnswers.equivalence(), MathAnswers.equivalence());
    assertEquals(0.0, exact.rows().get(0).accuracy());
    assertEquals("3", exact.choices().get(0).answer());
    assertEquals(1.0, math.rows().get(0).accuracy());
    assertEquals(1, math.choices().get(0).index());
  }

  @Test
  void csvLineMatchesTheHeader() {
    ReplayRow row = new ReplayRow(Selection.MAJORITY, 8, 100, 93, WilsonInterval.of(93, 100));
    assertEquals("strategy,n,problems,accuracy,ci_low,ci_high", ReplayRow.CSV_HEADER);
    assertEquals("majority,8,100,0.9300,0.8625,0.9657", row.csvLine());
  }
}
