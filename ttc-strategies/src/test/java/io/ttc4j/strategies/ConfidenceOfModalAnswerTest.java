package io.ttc4j.strategies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.ttc4j.core.AnswerEquivalence;
import io.ttc4j.core.Candidate;
import io.ttc4j.core.Trajectory;
import io.ttc4j.datasets.MathAnswers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The probe features of predicted difficulty: {@link Confidence#ofModalAnswer} (mean score and
 * agreement), and that its candidate-free form computes the same numbers as the candidate form.
 */
class ConfidenceOfModalAnswerTest {

  /** Case-insensitive answers: an equivalence coarser than string equality. */
  static final AnswerEquivalence IGNORE_CASE = a -> a.toLowerCase(Locale.ROOT);

  static Candidate candidate(int index, String answer, double score) {
    return new Candidate(index, Trajectory.empty(), answer, Double.isNaN(score) ? null : new double[] {score}, score);
  }

  @Test
  void agreementIsTheModalAnswersShareOfAllProbesAndAProbeWithoutAnswerOnlyCountsBelow() {
    List<String> answers = Arrays.asList("A", "b", null, "a", "B", "a");
    double[] scores = {0.9, 0.5, 0.1, 0.7, 0.3, 0.5};
    assertEquals("A", Confidence.modalAnswer(answers, IGNORE_CASE), "3 votes for a/A, 2 for b/B");
    Confidence c = Confidence.ofModalAnswer(answers, scores, IGNORE_CASE);
    assertEquals(6, c.candidates());
    assertEquals(3 / 6.0, c.voteShare(), "the answerless probe counts in the denominator");
    assertEquals((3 - 2) / 6.0, c.voteMargin(), 1e-15);
    assertEquals(3.0 / 6, c.meanScore(), 1e-15, "the mean over every probe, answered or not");
    assertEquals(0.9, c.topScore());
    assertEquals((0.9 + 0.7 + 0.5) / 3.0, c.scoreShare(), 1e-15);
  }

  @Test
  void tiesGoToTheAnswerSeenFirstAndNoAnswerMeansNoAgreement() {
    assertEquals("b", Confidence.modalAnswer(Arrays.asList(null, "b", "a", "a", "b"), AnswerEquivalence.EXACT));
    assertNull(Confidence.modalAnswer(Arrays.asList(null, null), AnswerEquivalence.EXACT));
    Confidence none = Confidence.ofModalAnswer(Arrays.asList(null, null), new double[] {0.2, 0.4},
        AnswerEquivalence.EXACT);
    assertEquals(0, none.voteShare());
    assertEquals(0.3, none.meanScore(), 1e-15);
    Confidence unscored = Confidence.ofModalAnswer(List.of("1", "1"), new double[] {0.2, Double.NaN},
        AnswerEquivalence.EXACT);
    assertTrue(Double.isNaN(unscored.meanScore()), "an unscored probe leaves the mean score undefined");
    assertEquals(1, unscored.voteShare());
    assertEquals(Confidence.NONE, Confidence.ofModalAnswer(List.of(), new double[0], AnswerEquivalence.EXACT));
  }

  @Test
  void mathAnswersGroupEquivalentSpellings() {
    List<String> answers = List.of("\\frac{1}{2}", "0.5", "3");
    Confidence c = Confidence.ofModalAnswer(answers, new double[] {0.6, 0.6, 0.9}, MathAnswers.equivalence());
    assertEquals(2 / 3.0, c.voteShare(), 1e-15, MathAnswers.equivalence() + " groups 1/2 and 0.5");
  }

  @Test
  void badInputsAreNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Confidence.of(List.of("a"), new double[] {0.1, 0.2}, "a", AnswerEquivalence.EXACT));
    assertTrue(e.getMessage().contains("scores must be one per answer (1), got 2"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> Confidence.of(List.of("a"), new double[] {Double.POSITIVE_INFINITY}, "a", AnswerEquivalence.EXACT));
    assertTrue(e.getMessage().contains("scores[0] must be finite or NaN, got Infinity"), e.getMessage());
  }

  /** The candidate-free form and the candidate form are one formula: equal on any candidates. */
  @Test
  void candidateFreeAndCandidateFormsAgree() {
    qt().withExamples(2000).forAll(integers().between(0, 9), longs().all()).checkAssert((n, seed) -> {
      SplittableRandom r = new SplittableRandom(seed);
      List<Candidate> candidates = new ArrayList<>();
      List<String> answers = new ArrayList<>();
      double[] scores = new double[n];
      boolean allScored = r.nextInt(4) != 0;
      for (int i = 0; i < n; i++) {
        String answer = r.nextInt(5) == 0 ? null : (r.nextBoolean() ? "x" : "X") + r.nextInt(3);
        double score = allScored || r.nextInt(3) != 0 ? r.nextDouble() * 2 - 0.5 : Double.NaN;
        candidates.add(candidate(i, answer, score));
        answers.add(answer);
        scores[i] = score;
      }
      Confidence viaCandidates = Confidence.ofModalAnswer(candidates, IGNORE_CASE);
      assertEquals(viaCandidates, Confidence.ofModalAnswer(answers, scores, IGNORE_CASE));
      String modal = Confidence.modalAnswer(answers, IGNORE_CASE);
      assertEquals(Confidence.of(candidates, modal, IGNORE_CASE), viaCandidates);
      // agreement is the largest group's share
      int most = 0;
      for (String a : answers) {
        int k = 0;
        for (String b : answers) if (a != null && b != null && IGNORE_CASE.equivalent(a, b)) k++;
        most = Math.max(most, k);
      }
      assertEquals(n == 0 ? 0 : (double) most / n, viaCandidates.voteShare(), 1e-15);
    });
  }
}
