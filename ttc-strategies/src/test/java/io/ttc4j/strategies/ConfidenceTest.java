package io.ttc4j.strategies;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ttc4j.core.AnswerEquivalence;
import io.ttc4j.core.Candidate;
import io.ttc4j.core.SearchResult;
import io.ttc4j.core.Selection;
import io.ttc4j.core.StopReason;
import io.ttc4j.core.Trajectory;
import io.ttc4j.core.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ConfidenceTest {

  private static final AnswerEquivalence EXACT = AnswerEquivalence.EXACT;

  private static Candidate c(int index, String answer, double score) {
    return new Candidate(index, Trajectory.empty(), answer, Double.isNaN(score) ? null : new double[] {score}, score);
  }

  /** a (0.9), a (0.6), b (0.3), c (0.2), no answer (0.0). */
  private static List<Candidate> fiveScored() {
    return List.of(c(0, "a", 0.9), c(1, "a", 0.6), c(2, "b", 0.3), c(3, "c", 0.2), c(4, null, 0.0));
  }

  @Test
  void sharesMarginAndScoresOfTheChosenAnswer() {
    Confidence a = Confidence.of(fiveScored(), "a", EXACT);
    assertEquals(5, a.candidates());
    assertEquals(0.4, a.voteShare(), 1e-15, "2 of 5 candidates say a; the answerless one counts in the denominator");
    assertEquals(0.2, a.voteMargin(), 1e-15, "a (2) against the most common other answer (b or c, 1)");
    assertEquals(1.5 / 2.0, a.scoreShare(), 1e-15);
    assertEquals(0.9, a.topScore(), 0);
    assertEquals(2.0 / 5, a.meanScore(), 1e-15);
    assertEquals(a.scoreShare(), a.scoreOrVoteShare(), 0);

    Confidence b = Confidence.of(fiveScored(), "b", EXACT);
    assertEquals(0.2, b.voteShare(), 1e-15);
    assertEquals(-0.2, b.voteMargin(), 1e-15, "b (1) behind a (2)");
    assertEquals(0.3 / 2.0, b.scoreShare(), 1e-15);
    assertEquals(0.3, b.topScore(), 0);
    assertEquals(a.meanScore(), b.meanScore(), 0, "the mean is over every candidate, whatever the answer");
  }

  @Test
  void aSearchResultIsConfidentInItsOwnAnswer() {
    List<Candidate> cs = fiveScored();
    SearchResult r = SearchResult.of(cs.get(2), cs, Usage.ZERO, StopReason.COMPLETED, null);
    assertEquals("b", r.answer());
    assertEquals(Confidence.of(cs, "b", EXACT), Confidence.of(r, EXACT));
    SearchResult none = SearchResult.of(null, List.of(), Usage.ZERO, StopReason.COMPLETED, null);
    assertEquals(Confidence.NONE, Confidence.of(none, EXACT));
  }

  @Test
  void negativeScoresCountAsZeroInTheScoreShare() {
    List<Candidate> cs = List.of(c(0, "a", -0.5), c(1, "b", 0.5), c(2, "b", -2));
    Confidence a = Confidence.of(cs, "a", EXACT);
    assertEquals(0.0, a.scoreShare(), 0);
    assertEquals(-0.5, a.topScore(), 0, "the top score itself is not clipped");
    assertEquals(-2.0 / 3, a.meanScore(), 1e-15);
    assertEquals(1.0, Confidence.of(cs, "b", EXACT).scoreShare(), 0);
    // nothing positive at all: share 0, not 0/0
    assertEquals(0.0, Confidence.of(List.of(c(0, "a", -1), c(1, "a", 0)), "a", EXACT).scoreShare(), 0);
  }

  @Test
  void unscoredCandidatesMakeTheScoreSignalsNaNButNotTheVotes() {
    List<Candidate> cs = List.of(c(0, "a", 0.9), c(1, "a", Double.NaN), c(2, "b", 0.4));
    Confidence a = Confidence.of(cs, "a", EXACT);
    assertTrue(Double.isNaN(a.scoreShare()), "scoreShare " + a.scoreShare());
    assertTrue(Double.isNaN(a.topScore()), "topScore " + a.topScore());
    assertTrue(Double.isNaN(a.meanScore()), "meanScore " + a.meanScore());
    assertEquals(2.0 / 3, a.voteShare(), 1e-15);
    assertEquals(1.0 / 3, a.voteMargin(), 1e-15);
    assertEquals(a.voteShare(), a.scoreOrVoteShare(), 0, "falls back to the vote share");
    // NaN components compare equal in the record, so rows holding them round-trip
    assertEquals(a, Confidence.of(cs, "a", EXACT));
  }

  @Test
  void aNullAnswerHasNoShareAndTrailsTheMostCommonAnswer() {
    Confidence none = Confidence.of(fiveScored(), null, EXACT);
    assertEquals(5, none.candidates());
    assertEquals(0.0, none.voteShare(), 0);
    assertEquals(0.0, none.scoreShare(), 0);
    assertEquals(-0.4, none.voteMargin(), 1e-15, "behind a's two votes of five");
    assertTrue(Double.isNaN(none.topScore()));
    assertEquals(2.0 / 5, none.meanScore(), 1e-15);
    // unscored: the score share is unknown rather than 0
    assertTrue(Double.isNaN(Confidence.of(List.of(c(0, "a", Double.NaN)), null, EXACT).scoreShare()));
    // no candidate states an answer: margin exactly +0.0 (a -0.0 would print as "-0.0" in results.jsonl)
    Confidence blank = Confidence.of(List.of(c(0, null, 0.5), c(1, null, 0.1)), null, EXACT);
    assertEquals(0.0, blank.voteMargin());
    assertEquals(new Confidence(2, 0, 0, 0, Double.NaN, 0.3), blank);
  }

  @Test
  void anAnswerNoCandidateStatesHasNoSupport() {
    Confidence z = Confidence.of(fiveScored(), "z", EXACT);
    assertEquals(0.0, z.voteShare(), 0);
    assertEquals(0.0, z.scoreShare(), 0);
    assertEquals(-0.4, z.voteMargin(), 1e-15);
    assertTrue(Double.isNaN(z.topScore()), "no candidate with the answer has a score");
  }

  @Test
  void noCandidatesIsNone() {
    assertEquals(Confidence.NONE, Confidence.of(List.of(), "a", EXACT));
    assertEquals(Confidence.NONE, Confidence.of(List.of(), null, EXACT));
    assertEquals(0, Confidence.NONE.candidates());
  }

  /**
   * Votes go by {@link AnswerEquivalence#equivalent}, never by keys: an equivalence that proves
   * more than its key ({@code 1/2} is {@code 0.5}) groups answers the keys keep apart. Here the key
   * throws, so a grouping that used it would fail.
   */
  @Test
  void votesGroupByEquivalenceNotByKeys() {
    AnswerEquivalence numeric = new AnswerEquivalence() {
      @Override
      public String key(String answer) {
        throw new UnsupportedOperationException("key must not be needed");
      }

      @Override
      public boolean equivalent(String a, String b) {
        return Math.abs(value(a) - value(b)) < 1e-9;
      }
    };
    List<Candidate> cs = List.of(c(0, "1/2", 0.5), c(1, "0.5", 0.25), c(2, "3", 0.25), c(3, ".50", 0.5),
        c(4, "1/2", 0.5));
    Confidence half = Confidence.of(cs, "2/4", numeric);
    assertEquals(4.0 / 5, half.voteShare(), 1e-15);
    assertEquals(3.0 / 5, half.voteMargin(), 1e-15);
    assertEquals(1.75 / 2.0, half.scoreShare(), 1e-15);
    assertEquals(0.5, half.topScore(), 0);
    // the same under exact strings: "1/2" alone
    Confidence exact = Confidence.of(cs, "1/2", EXACT);
    assertEquals(2.0 / 5, exact.voteShare(), 1e-15);
    assertEquals(1.0 / 5, exact.voteMargin(), 1e-15);
  }

  private static double value(String s) {
    int slash = s.indexOf('/');
    return slash < 0 ? Double.parseDouble(s)
        : Double.parseDouble(s.substring(0, slash)) / Double.parseDouble(s.substring(slash + 1));
  }

  /** On random candidate sets the signals agree with what majority and weighted voting choose. */
  @Test
  void theVotingRulesChooseTheAnswersWithTheLargestShares() {
    Random rnd = new Random(20240611);
    for (int trial = 0; trial < 500; trial++) {
      int n = 1 + rnd.nextInt(40);
      List<Candidate> cs = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        String answer = rnd.nextInt(10) == 0 ? null : "x" + rnd.nextInt(1 + rnd.nextInt(6));
        cs.add(c(i, answer, rnd.nextDouble()));
      }
      int m = Selection.MAJORITY.select(cs, EXACT, null);
      Confidence majority = Confidence.of(cs, cs.get(m).answer(), EXACT);
      int w = Selection.WEIGHTED.select(cs, EXACT, null);
      Confidence weighted = Confidence.of(cs, cs.get(w).answer(), EXACT);
      for (Candidate x : cs) {
        Confidence other = Confidence.of(cs, x.answer(), EXACT);
        assertTrue(majority.voteShare() >= other.voteShare(), "trial " + trial);
        assertTrue(weighted.scoreShare() >= other.scoreShare() - 1e-12, "trial " + trial);
      }
      if (cs.get(m).answer() != null) assertTrue(majority.voteMargin() >= 0, "trial " + trial);
      assertEquals(n, majority.candidates());
      assertTrue(majority.meanScore() >= 0 && majority.meanScore() <= 1);
    }
  }

  @Test
  void invalidSignalsAreRejectedByName() {
    assertMessage("candidates must be >= 0, got -1", () -> new Confidence(-1, 0, 0, 0, 0, 0));
    assertMessage("scoreShare must be in [0, 1], got 1.5", () -> new Confidence(1, 1.5, 0, 0, 0, 0));
    assertMessage("voteShare must be in [0, 1], got NaN", () -> new Confidence(1, 0, Double.NaN, 0, 0, 0));
    assertMessage("voteMargin must be in [-1, 1], got -1.5", () -> new Confidence(1, 0, 0, -1.5, 0, 0));
    assertMessage("topScore must be finite or NaN, got Infinity",
        () -> new Confidence(1, 0, 0, 0, Double.POSITIVE_INFINITY, 0));
    assertMessage("meanScore must be finite or NaN, got -Infinity",
        () -> new Confidence(1, 0, 0, 0, 0, Double.NEGATIVE_INFINITY));
    assertThrows(NullPointerException.class, () -> Confidence.of(null, "a", EXACT));
    assertThrows(NullPointerException.class, () -> Confidence.of(fiveScored(), "a", null));
  }

  @Test
  void featuresAreNamedAndRead() {
    Confidence c = new Confidence(4, 0.1, 0.2, 0.3, 0.4, 0.5);
    assertEquals(List.of(0.1, 0.2, 0.3, 0.4, 0.5),
        List.of(Confidence.Feature.values()).stream().map(c::get).toList());
    assertEquals("vote-margin", Confidence.Feature.VOTE_MARGIN.label());
    assertEquals(Confidence.Feature.TOP_SCORE, Confidence.Feature.named(" Top_Score "));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Confidence.Feature.named("votes"));
    assertTrue(e.getMessage().contains("'votes'") && e.getMessage().contains("vote-share"), e.getMessage());
  }

  private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable e) {
    assertEquals(expected, assertThrows(IllegalArgumentException.class, e).getMessage());
  }
}
