package io.ttc4j.strategies;

import io.ttc4j.core.AnswerEquivalence;
import io.ttc4j.core.Candidate;
import io.ttc4j.core.SearchResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What a set of finished candidates says about how sure an answer is: the signals a cascade
 * escalates on and a difficulty estimate is made of. Candidates are grouped by answer equivalence;
 * a candidate without an answer counts in every denominator and behind no answer.
 *
 * @param candidates  how many candidates there were
 * @param scoreShare  share of the candidates' aggregated reward-model score (negative scores count as
 *                    0) behind the answer; {@code NaN} when some candidate is unscored
 * @param voteShare   share of the candidates whose answer is equivalent to the answer
 * @param voteMargin  {@code voteShare} minus the share of the most common other answer, in [-1, 1]
 * @param topScore    the highest aggregated score among candidates with the answer; {@code NaN} when
 *                    unscored
 * @param meanScore   the mean aggregated score over all candidates; {@code NaN} when unscored
 */
public record Confidence(int candidates, double scoreShare, double voteShare, double voteMargin, double topScore,
    double meanScore) {

  /** No candidates, or no answer: every share 0, every score {@code NaN}. */
  public static final Confidence NONE = new Confidence(0, 0, 0, 0, Double.NaN, Double.NaN);

  /**
   * One of the signals, by name, so that reports and fitted calibrations can say which ones they use.
   */
  public enum Feature {
    /** {@link Confidence#scoreShare()}. */
    SCORE_SHARE,
    /** {@link Confidence#voteShare()}. */
    VOTE_SHARE,
    /** {@link Confidence#voteMargin()}. */
    VOTE_MARGIN,
    /** {@link Confidence#topScore()}. */
    TOP_SCORE,
    /** {@link Confidence#meanScore()}. */
    MEAN_SCORE;

    /** The name as options, specs and JSON spell it: lower case with hyphens, e.g. {@code vote-margin}. */
    public String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The feature called {@code label} (as {@link #label()} spells it; case and '_' or '-' ignored). */
    public static Feature named(String label) {
      Objects.requireNonNull(label, "label");
      String key = label.trim().toUpperCase(Locale.ROOT).replace('-', '_');
      for (Feature f : values()) {
        if (f.name().equals(key)) return f;
      }
      List<String> known = new ArrayList<>();
      for (Feature f : values()) known.add(f.label());
      throw new IllegalArgumentException("confidence feature must be one of " + known + ", got '" + label + "'");
    }
  }

  /** Validates; a negative zero becomes 0, so that equal signals are equal records and print alike. */
  public Confidence {
    scoreShare += 0.0;
    voteShare += 0.0;
    voteMargin += 0.0;
    topScore += 0.0;
    meanScore += 0.0;
    if (candidates < 0) throw new IllegalArgumentException("candidates must be >= 0, got " + candidates);
    checkShare("scoreShare", scoreShare, true);
    checkShare("voteShare", voteShare, false);
    if (!(voteMargin >= -1 && voteMargin <= 1)) {
      throw new IllegalArgumentException("voteMargin must be in [-1, 1], got " + voteMargin);
    }
    if (Double.isInfinite(topScore)) throw new IllegalArgumentException("topScore must be finite or NaN, got " + topScore);
    if (Double.isInfinite(meanScore)) {
      throw new IllegalArgumentException("meanScore must be finite or NaN, got " + meanScore);
    }
  }

  private static void checkShare(String name, double v, boolean nanAllowed) {
    if (nanAllowed && Double.isNaN(v)) return;
    if (!(v >= 0 && v <= 1)) throw new IllegalArgumentException(name + " must be in [0, 1], got " + v);
  }

  /** The value of {@code feature}. */
  public double get(Feature feature) {
    return switch (Objects.requireNonNull(feature, "feature")) {
      case SCORE_SHARE -> scoreShare;
      case VOTE_SHARE -> voteShare;
      case VOTE_MARGIN -> voteMargin;
      case TOP_SCORE -> topScore;
      case MEAN_SCORE -> meanScore;
    };
  }

  /**
   * The classic one-number confidence: the score share when the candidates are scored, else the vote
   * share (what {@link Cascade} escalates on without a calibration).
   */
  public double scoreOrVoteShare() {
    return Double.isNaN(scoreShare) ? voteShare : scoreShare;
  }

  /**
   * The confidence of a search result in its own answer, over its candidates in generation order
   * ({@link SearchResult#inGenerationOrder()}), so that the sums, and with them the last bits of the
   * signals, do not depend on how the result ranked its candidates.
   */
  public static Confidence of(SearchResult result, AnswerEquivalence equivalence) {
    Objects.requireNonNull(result, "result");
    return of(result.inGenerationOrder(), result.answer(), equivalence);
  }

  /**
   * The confidence of {@code candidates} in {@code answer}.
   *
   * @param answer the answer chosen, or {@code null} (then every share is 0)
   */
  public static Confidence of(List<Candidate> candidates, String answer, AnswerEquivalence equivalence) {
    Objects.requireNonNull(candidates, "candidates");
    List<String> answers = new ArrayList<>(candidates.size());
    double[] scores = new double[candidates.size()];
    for (int i = 0; i < scores.length; i++) {
      Candidate c = candidates.get(i);
      answers.add(c.answer());
      scores[i] = c.score();
    }
    return of(answers, scores, answer, equivalence);
  }

  /**
   * The confidence of {@code candidates} in their most common answer ({@link #modalAnswer}): its
   * {@link #voteShare()} is how much the candidates agree, whatever they agree on. This is what a
   * compute-optimal policy reads from its probes.
   */
  public static Confidence ofModalAnswer(List<Candidate> candidates, AnswerEquivalence equivalence) {
    Objects.requireNonNull(candidates, "candidates");
    List<String> answers = new ArrayList<>(candidates.size());
    for (Candidate c : candidates) answers.add(c.answer());
    return of(candidates, modalAnswer(answers, equivalence), equivalence);
  }

  /**
   * {@link #ofModalAnswer(List, AnswerEquivalence)} for candidates known only by answer and score
   * (recorded samples, for example): the same numbers from the same formula.
   *
   * @param answers per candidate its answer, {@code null} when it states none
   * @param scores  per candidate its aggregated score, {@code NaN} when unscored
   */
  public static Confidence ofModalAnswer(List<String> answers, double[] scores, AnswerEquivalence equivalence) {
    return of(answers, scores, modalAnswer(answers, equivalence), equivalence);
  }

  /**
   * The most common answer of {@code answers} under {@code equivalence}, ties to the one that appears
   * first (as {@link io.ttc4j.core.Selection#MAJORITY} chooses); {@code null} when none has an answer.
   *
   * @param answers answers in generation order, {@code null} for a candidate without one
   */
  public static String modalAnswer(List<String> answers, AnswerEquivalence equivalence) {
    Objects.requireNonNull(answers, "answers");
    Objects.requireNonNull(equivalence, "equivalence");
    List<String> groups = new ArrayList<>();
    List<int[]> counts = new ArrayList<>();
    group(answers, equivalence, groups, counts);
    String modal = null;
    int most = 0;
    for (int i = 0; i < groups.size(); i++) {
      if (counts.get(i)[0] > most) {
        most = counts.get(i)[0];
        modal = groups.get(i);
      }
    }
    return modal;
  }

  /**
   * The confidence of candidates known by answer and score in {@code answer}: what
   * {@link #of(List, String, AnswerEquivalence)} computes for candidates with these answers and scores.
   *
   * @param answers per candidate its answer, {@code null} when it states none
   * @param scores  per candidate its aggregated score ({@code NaN} when unscored), as many as answers
   * @param answer  the answer chosen, or {@code null} (then every share is 0)
   * @throws IllegalArgumentException when the lengths differ or a score is infinite
   */
  public static Confidence of(List<String> answers, double[] scores, String answer, AnswerEquivalence equivalence) {
    Objects.requireNonNull(answers, "answers");
    Objects.requireNonNull(scores, "scores");
    Objects.requireNonNull(equivalence, "equivalence");
    int n = answers.size();
    if (scores.length != n) {
      throw new IllegalArgumentException("scores must be one per answer (" + n + "), got " + scores.length);
    }
    if (n == 0) return NONE;
    boolean scored = true;
    double sum = 0;
    double positive = 0;
    for (int i = 0; i < n; i++) {
      double s = scores[i];
      if (Double.isInfinite(s)) throw new IllegalArgumentException("scores[" + i + "] must be finite or NaN, got " + s);
      boolean isScored = !Double.isNaN(s);
      scored &= isScored;
      if (isScored) {
        sum += s;
        positive += Math.max(0, s);
      }
    }
    double meanScore = scored ? sum / n : Double.NaN;
    List<String> groups = new ArrayList<>();
    List<int[]> counts = new ArrayList<>();
    group(answers, equivalence, groups, counts);
    if (answer == null) {
      int most = 0;
      for (int[] k : counts) most = Math.max(most, k[0]);
      return new Confidence(n, scored ? 0 : Double.NaN, 0, -(double) most / n, Double.NaN, meanScore);
    }
    int behind = 0;
    int other = 0;
    double behindScore = 0;
    double top = Double.NaN;
    for (int i = 0; i < groups.size(); i++) {
      if (equivalence.equivalent(groups.get(i), answer)) {
        behind += counts.get(i)[0];
      } else {
        other = Math.max(other, counts.get(i)[0]);
      }
    }
    // whether each distinct answer is equivalent to the chosen one, asked once per distinct answer
    Map<String, Boolean> backs = new HashMap<>();
    for (int i = 0; i < n; i++) {
      String a = answers.get(i);
      if (a != null && !Double.isNaN(scores[i]) && backs.computeIfAbsent(a, x -> equivalence.equivalent(x, answer))) {
        behindScore += Math.max(0, scores[i]);
        top = Double.isNaN(top) ? scores[i] : Math.max(top, scores[i]);
      }
    }
    double scoreShare = !scored ? Double.NaN : positive == 0 ? 0 : Math.min(1, behindScore / positive);
    return new Confidence(n, scoreShare, (double) behind / n, (double) (behind - other) / n, scored ? top : Double.NaN,
        meanScore);
  }

  /**
   * Groups answers: representatives in order of first appearance, and counts (equivalence may be
   * finer than keys, so no keys). Identical strings always join the same group (equivalence is
   * reflexive), so each distinct answer is compared with the representatives once: the comparisons
   * grow with the distinct answers, not with the candidates.
   */
  private static void group(List<String> answers, AnswerEquivalence equivalence, List<String> groups,
      List<int[]> counts) {
    Map<String, Integer> groupOf = new HashMap<>();
    for (String a : answers) {
      if (a == null) continue;
      Integer g = groupOf.get(a);
      if (g == null) {
        for (int i = 0; i < groups.size() && g == null; i++) {
          if (equivalence.equivalent(groups.get(i), a)) g = i;
        }
        if (g == null) {
          groups.add(a);
          counts.add(new int[1]);
          g = groups.size() - 1;
        }
        groupOf.put(a, g);
      }
      counts.get(g)[0]++;
    }
  }
}
