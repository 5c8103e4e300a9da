package io.ttc4j.eval.stats;

import io.ttc4j.core.AnswerEquivalence;
import io.ttc4j.core.Candidate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * The N finished samples recorded for one problem (under one seed), reduced to what selection
 * rules look at: which answer group each sample belongs to, its aggregated reward-model score,
 * and whether it is correct. The input of {@link UnbiasedAtK}.
 *
 * <p>Answer groups are numbered 0, 1, … in order of first appearance; a sample without answer is
 * in no group ({@link #NO_ANSWER}). Samples are exchangeable draws of one sampling process: their
 * order carries no information, and estimators do not depend on it.
 */
public final class SampleSet {

  /** The group of a sample that states no answer. */
  public static final int NO_ANSWER = -1;

  private final String id;
  private final int[] group;
  private final double[] score;
  private final boolean[] correct;
  private final int groups;
  private final int correctCount;

  private SampleSet(String id, int[] group, double[] score, boolean[] correct, int groups) {
    this.id = id;
    this.group = group;
    this.score = score;
    this.correct = correct;
    this.groups = groups;
    int c = 0;
    for (boolean b : correct) {
      if (b) c++;
    }
    this.correctCount = c;
  }

  /**
   * A sample set from arrays of equal length, at least one.
   *
   * @param id      names the set in messages (for example {@code "p17 seed 2"})
   * @param group   answer group per sample, {@link #NO_ANSWER} or any integer {@code >= 0}; equal
   *                integers are equivalent answers (renumbered here in order of first appearance)
   * @param score   aggregated reward-model score per sample, finite or {@code NaN} when not scored
   * @param correct whether each sample is right
   * @throws IllegalArgumentException naming the argument and the position of a bad value
   */
  public static SampleSet of(String id, int[] group, double[] score, boolean[] correct) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(group, "group");
    Objects.requireNonNull(score, "score");
    Objects.requireNonNull(correct, "correct");
    if (group.length == 0) {
      throw new IllegalArgumentException("a sample set needs at least one sample, got none for '" + id + "'");
    }
    if (score.length != group.length || correct.length != group.length) {
      throw new IllegalArgumentException("group, score and correct must have equal lengths, got " + group.length + ", "
          + score.length + ", " + correct.length + " for '" + id + "'");
    }
    int[] renumbered = new int[group.length];
    Map<Integer, Integer> ids = new HashMap<>();
    for (int i = 0; i < group.length; i++) {
      if (group[i] < NO_ANSWER) {
        throw new IllegalArgumentException("group[" + i + "] must be >= -1, got " + group[i] + " for '" + id + "'");
      }
      if (Double.isInfinite(score[i])) {
        throw new IllegalArgumentException("score[" + i + "] must be finite or NaN, got " + score[i] + " for '" + id + "'");
      }
      renumbered[i] = group[i] == NO_ANSWER ? NO_ANSWER : ids.computeIfAbsent(group[i], g -> ids.size());
    }
    return new SampleSet(id, renumbered, score.clone(), correct.clone(), ids.size());
  }

  /**
   * A sample set from finished candidates, grouping answers as {@link io.ttc4j.core.Selection}
   * does: by {@link AnswerEquivalence#key}, then by {@link AnswerEquivalence#equivalent} against
   * the groups seen so far.
   *
   * @param id         names the set in messages
   * @param candidates the recorded samples, at least one
   * @param votes      groups answers
   * @param correct    whether a candidate is right
   */
  public static SampleSet of(String id, List<Candidate> candidates, AnswerEquivalence votes,
      Predicate<Candidate> correct) {
    Objects.requireNonNull(candidates, "candidates");
    Objects.requireNonNull(votes, "votes");
    Objects.requireNonNull(correct, "correct");
    int n = candidates.size();
    int[] group = new int[n];
    double[] score = new double[n];
    boolean[] right = new boolean[n];
    List<String> groupAnswers = new ArrayList<>();
    Map<String, Integer> byKey = new HashMap<>();
    for (int i = 0; i < n; i++) {
      Candidate c = candidates.get(i);
      score[i] = c.score();
      right[i] = correct.test(c);
      if (!c.hasAnswer()) {
        group[i] = NO_ANSWER;
        continue;
      }
      String key = votes.key(c.answer());
      Integer g = byKey.get(key);
      if (g == null) {
        for (int other = 0; other < groupAnswers.size(); other++) {
          if (votes.equivalent(groupAnswers.get(other), c.answer())) {
            g = other;
            break;
          }
        }
        if (g == null) {
          g = groupAnswers.size();
          groupAnswers.add(c.answer());
        }
        byKey.put(key, g);
      }
      group[i] = g;
    }
    return of(id, group, score, right);
  }

  /** What names this set in messages. */
  public String id() {
    return id;
  }

  /** The number of samples, N. */
  public int size() {
    return group.length;
  }

  /** The number of correct samples, c. */
  public int correctCount() {
    return correctCount;
  }

  /** The number of distinct answer groups. */
  public int groupCount() {
    return groups;
  }

  /** The answer group of sample {@code i}, in {@code [0, groupCount())}, or {@link #NO_ANSWER}. */
  public int group(int i) {
    return group[i];
  }

  /** The aggregated score of sample {@code i}, or {@code NaN} when it was not scored. */
  public double score(int i) {
    return score[i];
  }

  /** Whether sample {@code i} is right. */
  public boolean isCorrect(int i) {
    return correct[i];
  }

  /** Whether sample {@code i} states an answer. */
  public boolean hasAnswer(int i) {
    return group[i] != NO_ANSWER;
  }

  @Override
  public String toString() {
    return "SampleSet[" + id + ": " + size() + " samples, " + correctCount + " correct, " + groups + " answers]";
  }
}
