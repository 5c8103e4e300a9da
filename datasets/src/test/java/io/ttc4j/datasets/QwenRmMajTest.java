package io.ttc4j.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ttc4j.core.Aggregation;
import io.ttc4j.core.AnswerEquivalence;
import io.ttc4j.core.Candidate;
import io.ttc4j.core.Problem;
import io.ttc4j.core.Selection;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The bundled Qwen2.5-Math sample: conversion is reproducible, and its published figures come out exactly. */
class QwenRmMajTest {

  /** The upstream file, present in the project's workspace and absent from users' clones. */
  private static final Path UPSTREAM = Path.of("../../shared/data/qwen-rm-maj/math_cot_100.jsonl");
  private static final String BUNDLED = "data/qwen-math-cot-100.candidates.jsonl";

  private static List<CandidateSet> sets;

  @BeforeAll
  static void load() {
    sets = CandidateSets.bundled(CandidateSets.QWEN_MATH_COT_100);
  }

  @Test
  void convertingTheUpstreamFileAgainReproducesTheBundledResourceByteForByte() throws IOException {
    assumeTrue(Files.isRegularFile(UPSTREAM), "upstream file absent (a user's clone): " + UPSTREAM.toAbsolutePath());
    ByteArrayOutputStream converted = new ByteArrayOutputStream();
    CandidateSets.write(converted, QwenRmMajConverter.convert(UPSTREAM));
    byte[] bundled;
    try (InputStream in = Objects.requireNonNull(getClass().getResourceAsStream(BUNDLED))) {
      bundled = in.readAllBytes();
    }
    assertEquals(bundled.length, converted.size(), "size of the converted file");
    assertArrayEquals(bundled, converted.toByteArray());
  }

  @Test
  void mainWritesTheSameBytes() throws IOException {
    assumeTrue(Files.isRegularFile(UPSTREAM), "upstream file absent (a user's clone)");
    Path out = Files.createTempFile("qwen", ".candidates.jsonl");
    try {
      QwenRmMajConverter.main(new String[] {UPSTREAM.toString(), out.toString()});
      try (InputStream in = Objects.requireNonNull(getClass().getResourceAsStream(BUNDLED))) {
        assertArrayEquals(in.readAllBytes(), Files.readAllBytes(out));
      }
    } finally {
      Files.deleteIfExists(out);
    }
  }

  @Test
  void bundledSetsHaveTheDocumentedShape() {
    assertEquals(100, sets.size());
    CandidateSet first = sets.get(0);
    assertEquals("qwen-math-cot-0", first.id());
    assertEquals("420", first.reference());
    assertEquals("3", first.metadata().get("level"));
    assertTrue(first.problem().startsWith("What is $10.0000198"));
    for (CandidateSet s : sets) {
      assertEquals(8, s.size(), s.id());
      for (RecordedCandidate c : s.candidates()) {
        assertTrue(c.text() != null && c.answer() != null && c.hasScore() && c.correct() != null, s.id());
        assertEquals(null, c.completionTokens());
        assertEquals(null, c.stepScores());
      }
    }
    List<Problem> problems = Datasets.load("qwen-math-cot-100");
    assertEquals(100, problems.size());
    assertEquals(3, problems.get(0).level().getAsInt());
    assertEquals("420", problems.get(0).reference());
  }

  @Test
  void publishedFiguresComeOutExactly() {
    assertEquals(0.90, accuracy(Selection.FIRST, AnswerEquivalence.EXACT), 1e-12, "first sample");
    assertEquals(0.93, accuracy(Selection.MAJORITY, AnswerEquivalence.EXACT), 1e-12, "majority@8");
    assertEquals(0.94, accuracy(Selection.NAIVE, AnswerEquivalence.EXACT), 1e-12, "reward-model best@8");
    assertEquals(0.96, accuracy(Selection.ORACLE, AnswerEquivalence.EXACT), 1e-12, "pass@8");
    // votes by sum of rewards, not published upstream; measured here
    System.out.printf("qwen-math-cot-100: first %.2f, majority@8 %.2f, naive@8 %.2f, weighted@8 %.2f, pass@8 %.2f%n",
        accuracy(Selection.FIRST, AnswerEquivalence.EXACT), accuracy(Selection.MAJORITY, AnswerEquivalence.EXACT),
        accuracy(Selection.NAIVE, AnswerEquivalence.EXACT), accuracy(Selection.WEIGHTED, AnswerEquivalence.EXACT),
        accuracy(Selection.ORACLE, AnswerEquivalence.EXACT));
  }

  /**
   * Voting over normalised answers instead of exact strings. Qwen's predictions are already
   * stripped of spaces and units, so few votes change; where one does, it is because answers such as
   * {@code 12\frac{3}{5}} and {@code 12 \frac{3}{5}} would be split by exact-string voting.
   */
  @Test
  void majorityOverNormalisedAnswers() {
    double exact = accuracy(Selection.MAJORITY, AnswerEquivalence.EXACT);
    double normalised = accuracy(Selection.MAJORITY, MathAnswers.equivalence());
    List<String> changed = new ArrayList<>();
    for (CandidateSet s : sets) {
      CandidateSet s8 = s.limit(8);
      List<Candidate> cs = s8.toCandidates(Aggregation.LAST, MathAnswers.extractor());
      Predicate<Candidate> correct = s8.correctness(MathAnswers.extractor(), AnswerEquivalence.EXACT);
      Candidate a = cs.get(Selection.MAJORITY.select(cs, AnswerEquivalence.EXACT, correct));
      Candidate b = cs.get(Selection.MAJORITY.select(cs, MathAnswers.equivalence(), correct));
      if (!MathAnswers.equivalence().equivalent(a.answer(), b.answer())) {
        changed.add(s.id() + ": exact vote '" + a.answer() + "' (correct=" + correct.test(a) + ") -> normalised vote '"
            + b.answer() + "' (correct=" + correct.test(b) + ")");
      }
    }
    System.out.printf("qwen-math-cot-100 majority@8: exact-string %.2f, normalised %.2f; votes changed: %d%n",
        exact, normalised, changed.size());
    changed.forEach(c -> System.out.println("  " + c));
    assertEquals(MEASURED_NORMALISED_MAJORITY, normalised, 1e-12);
    assertEquals(MEASURED_CHANGED_VOTES, changed);
  }

  /**
   * Measured: no vote changes. Qwen's {@code pred} answers are already normalised by Qwen's own
   * extraction (spaces, units and {@code \left}/{@code \right} stripped), and within every problem
   * the 8 predictions that differ as strings also differ as keys.
   */
  private static final double MEASURED_NORMALISED_MAJORITY = 0.93;
  private static final List<String> MEASURED_CHANGED_VOTES = List.of();

  /**
   * Replaying from the texts alone ({@code answer} dropped, so it is extracted from the last box)
   * gives the same majority vote, by exact string and by normalised key: our extraction differs
   * from Qwen's in spacing only ({@code 12 \frac{3}{5}}) and units ({@code 4:30 \text{ p.m.}}),
   * identically across the 8 samples of a problem.
   */
  @Test
  void answersExtractedFromTextsGiveTheSameMajority() {
    for (AnswerEquivalence eq : List.of(AnswerEquivalence.EXACT, MathAnswers.equivalence())) {
      int right = 0;
      for (CandidateSet s : sets) {
        List<RecordedCandidate> textOnly = new ArrayList<>();
        for (RecordedCandidate c : s.candidates()) {
          textOnly.add(new RecordedCandidate(c.text(), null, null, c.score(), c.correct(), null));
        }
        CandidateSet t = new CandidateSet(s.id(), s.problem(), s.reference(), s.metadata(), textOnly);
        List<Candidate> cs = t.toCandidates(Aggregation.LAST, MathAnswers.extractor());
        Predicate<Candidate> correct = t.correctness(MathAnswers.extractor(), eq);
        right += correct.test(cs.get(Selection.MAJORITY.select(cs, eq, correct))) ? 1 : 0;
      }
      assertEquals(93, right, "majority@8 from texts with " + eq);
    }
  }

  /**
   * The normaliser against Qwen's grader on real model output: every answer the grader accepts has
   * the reference's key; the one answer with the reference's key that the grader rejects is
   * {@code 10000} for {@code 10{,}000}, a grader miss.
   */
  @Test
  void normalisedKeysAgreeWithQwensGrader() {
    int accepted = 0;
    int acceptedSameKey = 0;
    int exactSame = 0;
    List<String> rejectedSameKey = new ArrayList<>();
    int extractedSameKey = 0;
    int total = 0;
    for (CandidateSet s : sets) {
      for (RecordedCandidate c : s.candidates()) {
        total++;
        boolean sameKey = MathAnswers.equivalence().equivalent(c.answer(), s.reference());
        if (c.correct()) {
          accepted++;
          acceptedSameKey += sameKey ? 1 : 0;
          exactSame += c.answer().equals(s.reference()) ? 1 : 0;
        } else if (sameKey) {
          rejectedSameKey.add(s.id() + ": '" + c.answer() + "' vs reference '" + s.reference() + "'");
        }
        String ours = MathAnswers.extractor().extract(c.text()).orElse(null);
        if (ours != null && MathAnswers.equivalence().equivalent(ours, c.answer())) {
          extractedSameKey++;
        }
      }
    }
    System.out.println("qwen-math-cot-100: grader-accepted answers with the reference's key " + acceptedSameKey + "/"
        + accepted + " (exact string " + exactSame + "); grader-rejected with the reference's key " + rejectedSameKey
        + "; our extraction has the key of Qwen's pred in " + extractedSameKey + "/" + total);
    assertEquals(728, accepted);
    assertEquals(accepted, acceptedSameKey);
    assertEquals(List.of("qwen-math-cot-72: '10000' vs reference '10{,}000'"), rejectedSameKey);
    assertTrue(extractedSameKey >= 792, "extraction agreement fell to " + extractedSameKey);
  }

  /** Accuracy over the 100 problems of {@code selection} on the first 8 candidates, by recorded {@code correct}. */
  private static double accuracy(Selection selection, AnswerEquivalence equivalence) {
    int right = 0;
    for (CandidateSet s : sets) {
      CandidateSet s8 = s.limit(8);
      List<Candidate> cs = s8.toCandidates(Aggregation.LAST, MathAnswers.extractor());
      Predicate<Candidate> correct = s8.correctness(MathAnswers.extractor(), equivalence);
      int chosen = selection.select(cs, equivalence, correct);
      if (correct.test(cs.get(chosen))) {
        right++;
      }
    }
    return right / (double) sets.size();
  }
}
