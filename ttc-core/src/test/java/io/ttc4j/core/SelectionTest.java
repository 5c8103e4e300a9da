package io.ttc4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

class SelectionTest {

  private static Candidate c(int index, String answer, double score) {
    Trajectory t = Trajectory.empty().append(Step.of("\\boxed{" + answer + "}", 1, StepEnd.END_OF_SOLUTION));
    return new Candidate(index, t, answer, new double[] {score}, score);
  }

  private static String chosen(Selection s, List<Candidate> cs) {
    int i = s.select(cs, AnswerEquivalence.EXACT, x -> "right".equals(x.answer()));
    return i < 0 ? null : cs.get(i).answer();
  }

  @Test
  void theThreeRulesOfSearchAndLearn() {
    // answers: a (0.9), b (0.5), b (0.5), c (0.2), b (0.1)  -> naive a, weighted b (1.1), majority b
    List<Candidate> cs = List.of(c(0, "a", 0.9), c(1, "b", 0.5), c(2, "b", 0.5), c(3, "c", 0.2), c(4, "b", 0.1));
    assertEquals("a", chosen(Selection.NAIVE, cs));
    assertEquals("b", chosen(Selection.WEIGHTED, cs));
    assertEquals("b", chosen(Selection.MAJORITY, cs));
    assertEquals("a", chosen(Selection.FIRST, cs));
    // weighted differs from majority when one confident answer outweighs a frequent one
    List<Candidate> ws = List.of(c(0, "x", 0.1), c(1, "x", 0.1), c(2, "y", 0.95));
    assertEquals("y", chosen(Selection.WEIGHTED, ws));
    assertEquals("x", chosen(Selection.MAJORITY, ws));
  }

  @Test
  void tiesGoToTheAnswerSeenFirst() {
    List<Candidate> cs = List.of(c(0, "p", 0.5), c(1, "q", 0.5), c(2, "q", 0.5), c(3, "p", 0.5));
    assertEquals("p", chosen(Selection.MAJORITY, cs));
    assertEquals("p", chosen(Selection.WEIGHTED, cs));
    assertEquals("p", chosen(Selection.NAIVE, cs));
  }

  @Test
  void oracleFindsAnyCorrectCandidate() {
    List<Candidate> cs = List.of(c(0, "a", 0.9), c(1, "right", 0.1));
    assertEquals("right", chosen(Selection.ORACLE, cs));
    assertThrows(IllegalArgumentException.class, () -> Selection.ORACLE.select(cs, AnswerEquivalence.EXACT, null));
  }

  @Test
  void candidatesWithoutAnswerNeverWin() {
    Trajectory t = Trajectory.empty().append(Step.of("no answer", 1, StepEnd.LENGTH));
    List<Candidate> cs = List.of(new Candidate(0, t, null, new double[] {1}, 0.99), c(1, "a", 0.1));
    assertEquals("a", chosen(Selection.NAIVE, cs));
    assertEquals("a", chosen(Selection.MAJORITY, cs));
    assertEquals(-1, Selection.MAJORITY.select(List.of(), AnswerEquivalence.EXACT, null));
  }

  @Test
  void scoreRulesRefuseUnscoredCandidates() {
    Trajectory t = Trajectory.empty().append(Step.of("\\boxed{1}", 1, StepEnd.END_OF_SOLUTION));
    List<Candidate> cs = List.of(new Candidate(0, t, "1", null, Double.NaN));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Selection.WEIGHTED.select(cs, AnswerEquivalence.EXACT, null));
    assertTrue(e.getMessage().contains("position 0"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Selection.NAIVE.select(cs, AnswerEquivalence.EXACT, null));
    assertEquals(0, Selection.MAJORITY.select(cs, AnswerEquivalence.EXACT, null));
  }

  @Test
  void votesGroupEquivalentAnswers() {
    AnswerEquivalence caseless = a -> a.toLowerCase(java.util.Locale.ROOT);
    List<Candidate> cs = List.of(c(0, "A", 0.1), c(1, "b", 0.3), c(2, "a", 0.1), c(3, "b", 0.0), c(4, "A", 0.2),
        c(5, "b", 0.1), c(6, "a", 0.1));
    assertEquals(0, Selection.MAJORITY.select(cs, caseless, null), "A/a four times");
    assertEquals(1, Selection.MAJORITY.select(cs, AnswerEquivalence.EXACT, null), "b three times, A and a twice");
  }

  private static List<Candidate> random(Random rnd, int n, int answers) {
    List<Candidate> cs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      cs.add(c(i, "ans" + rnd.nextInt(answers), rnd.nextInt(1000) / 1000.0));
    }
    return cs;
  }

  @Test
  void naiveAndWeightedAgreeAtNEqualsOne() {
    qt().forAll(longs().all()).checkAssert(seed -> {
      List<Candidate> cs = random(new Random(seed), 1, 5);
      assertEquals(chosen(Selection.NAIVE, cs), chosen(Selection.WEIGHTED, cs));
      assertEquals(chosen(Selection.MAJORITY, cs), chosen(Selection.FIRST, cs));
    });
  }

  @Test
  void majorityIsInvariantUnderReorderingWithoutTies() {
    qt().forAll(longs().all(), integers().between(1, 64), integers().between(1, 6)).checkAssert((seed, n, k) -> {
      Random rnd = new Random(seed);
      List<Candidate> cs = random(rnd, n, k);
      Map<String, Integer> counts = new HashMap<>();
      cs.forEach(x -> counts.merge(x.answer(), 1, Integer::sum));
      int top = Collections.max(counts.values());
      if (counts.values().stream().filter(v -> v == top).count() > 1) {
        return; // a tie: order decides by design
      }
      String before = chosen(Selection.MAJORITY, cs);
      List<Candidate> shuffled = new ArrayList<>(cs);
      Collections.shuffle(shuffled, rnd);
      List<Candidate> reindexed = new ArrayList<>();
      for (int i = 0; i < shuffled.size(); i++) {
        Candidate x = shuffled.get(i);
        reindexed.add(new Candidate(i, x.trajectory(), x.answer(), x.stepScores(), x.score()));
      }
      assertEquals(before, chosen(Selection.MAJORITY, reindexed));
    });
  }

  @Test
  void oracleIsNeverWorseThanAnyRule() {
    qt().forAll(longs().all(), integers().between(1, 32)).checkAssert((seed, n) -> {
      List<Candidate> cs = random(new Random(seed), n, 4);
      Predicate<Candidate> right = x -> "ans0".equals(x.answer());
      boolean oracle = right.test(cs.get(Selection.ORACLE.select(cs, AnswerEquivalence.EXACT, right)));
      for (Selection s : Selection.values()) {
        boolean r = right.test(cs.get(s.select(cs, AnswerEquivalence.EXACT, right)));
        assertTrue(oracle || !r, s + " right while oracle wrong");
      }
    });
  }

  @Test
  void parsesNamesAndRejectsUnknownOnes() {
    assertEquals(Selection.WEIGHTED, Selection.parse(" Weighted "));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Selection.parse("best"));
    assertTrue(e.getMessage().contains("'best'"));
    assertEquals(Aggregation.MIN, Aggregation.parse("min"));
  }

  @Test
  void aggregations() {
    double[] s = {0.9, 0.5, 0.8};
    assertEquals(0.8, Aggregation.LAST.aggregate(s), 1e-12);
    assertEquals(0.5, Aggregation.MIN.aggregate(s), 1e-12);
    assertEquals(0.36, Aggregation.PRODUCT.aggregate(s), 1e-12);
    assertEquals(2.2 / 3, Aggregation.MEAN.aggregate(s), 1e-12);
    assertTrue(Double.isNaN(Aggregation.MEAN.aggregate(new double[0])));
  }
}
