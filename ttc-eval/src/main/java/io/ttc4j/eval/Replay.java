package io.ttc4j.eval;

import io.ttc4j.core.Aggregation;
import java.util.function.ToDoubleFunction;
import io.ttc4j.core.AnswerEquivalence;
import io.ttc4j.core.AnswerExtractor;
import io.ttc4j.core.Candidate;
import io.ttc4j.core.Selection;
import io.ttc4j.datasets.CandidateSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Replays best-of-N selection rules on recorded candidate sets: no model call, exact and
 * deterministic.
 *
 * <p>For each N, every rule chooses among the <em>first</em> N candidates of each problem, in file
 * (generation) order, the prefix rule search-and-learn uses to report best-of-N at several N from
 * one run. A problem with fewer than N candidates is an error, never silently evaluated on fewer.
 *
 * <p>Votes group answers by the vote equivalence (exact strings as Qwen's evaluation does, or the
 * project's math normalisation). A chosen candidate's correctness is the one its candidate set
 * defines: the recorded {@code correct} label when there is one, otherwise its answer against the
 * reference under the grading equivalence. A chosen candidate without answer is wrong.
 */
public final class Replay {

  /**
   * What one rule chose for one problem at one N.
   *
   * @param strategy  the rule
   * @param n         candidates considered
   * @param problemId the problem
   * @param index     the chosen candidate's position, or -1 when none
   * @param answer    its answer, or {@code null}
   * @param correct   whether it is correct
   */
  public record Choice(Selection strategy, int n, String problemId, int index, String answer, boolean correct) {}

  /**
   * The outcome of a replay.
   *
   * @param rows    one row per (rule, N): rules in the given order, N ascending
   * @param choices every choice, in the order (rule, N, problem in file order)
   */
  public record Result(List<ReplayRow> rows, List<Choice> choices) {
    /** Copies. */
    public Result {
      rows = List.copyOf(rows);
      choices = List.copyOf(choices);
    }
  }

  private Replay() {}

  /**
   * Evaluates every rule at every N.
   *
   * @param sets        the candidate sets, at least one
   * @param ns          the Ns, each at least 1 and at most every problem's candidate count
   * @param rules       the selection rules
   * @param aggregation reduces recorded step scores to a solution score
   * @param extractor   extracts answers from candidates that recorded only a text
   * @param votes       groups answers for {@code majority} and {@code weighted}
   * @param grading     compares answers with the reference where no {@code correct} label was recorded
   * @throws IllegalArgumentException naming the problem when it has fewer than N candidates, or
   *     when a score-based rule meets a candidate without score
   */
  public static Result evaluate(List<CandidateSet> sets, List<Integer> ns, List<Selection> rules,
      Aggregation aggregation, AnswerExtractor extractor, AnswerEquivalence votes, AnswerEquivalence grading) {
    Objects.requireNonNull(aggregation, "aggregation");
    return evaluate(sets, ns, rules, (ToDoubleFunction<double[]>) aggregation::aggregate, extractor, votes, grading);
  }

  /**
   * As {@link #evaluate(List, List, List, Aggregation, AnswerExtractor, AnswerEquivalence,
   * AnswerEquivalence)}, with any reduction of step scores to a solution score (for example
   * {@code io.ttc4j.prm.StepAggregation::aggregate}).
   */
  public static Result evaluate(List<CandidateSet> sets, List<Integer> ns, List<Selection> rules,
      ToDoubleFunction<double[]> aggregation, AnswerExtractor extractor, AnswerEquivalence votes,
      AnswerEquivalence grading) {
    Objects.requireNonNull(sets, "sets");
    Objects.requireNonNull(aggregation, "aggregation");
    Objects.requireNonNull(extractor, "extractor");
    Objects.requireNonNull(votes, "votes");
    Objects.requireNonNull(grading, "grading");
    if (sets.isEmpty()) {
      throw new IllegalArgumentException("sets must not be empty");
    }
    List<Integer> sortedNs = checkNs(ns);
    List<Selection> ruleList = checkRules(rules);
    int largest = sortedNs.get(sortedNs.size() - 1);
    List<List<Candidate>> candidates = new ArrayList<>(sets.size());
    List<Predicate<Candidate>> correctness = new ArrayList<>(sets.size());
    for (CandidateSet set : sets) {
      if (set.size() < largest) {
        throw new IllegalArgumentException("problem '" + set.id() + "' has " + set.size() + " candidates, fewer than n="
            + largest + "; ask only for n <= " + set.size() + " (replay never evaluates a problem on fewer candidates)");
      }
      List<Candidate> cs = set.toCandidates(aggregation, extractor);
      candidates.add(cs);
      correctness.add(set.correctness(extractor, grading));
      for (Selection rule : ruleList) {
        if (!rule.needsScores()) continue;
        for (int i = 0; i < largest; i++) {
          if (!cs.get(i).isScored()) {
            throw new IllegalArgumentException("strategy " + name(rule) + " needs reward-model scores, but candidate " + i
                + " of problem '" + set.id() + "' has neither 'score' nor 'step_scores'; leave out naive and weighted "
                + "(for example --strategies first,majority,oracle)");
          }
        }
      }
    }
    List<ReplayRow> rows = new ArrayList<>();
    List<Choice> choices = new ArrayList<>();
    for (Selection rule : ruleList) {
      for (int n : sortedNs) {
        int correct = 0;
        for (int p = 0; p < sets.size(); p++) {
          List<Candidate> first = candidates.get(p).subList(0, n);
          Predicate<Candidate> isCorrect = correctness.get(p);
          int pos = rule.select(first, votes, isCorrect);
          Candidate chosen = pos < 0 ? null : first.get(pos);
          boolean right = chosen != null && isCorrect.test(chosen);
          if (right) correct++;
          choices.add(new Choice(rule, n, sets.get(p).id(), pos, chosen == null ? null : chosen.answer(), right));
        }
        rows.add(new ReplayRow(rule, n, sets.size(), correct, WilsonInterval.of(correct, sets.size())));
      }
    }
    return new Result(rows, choices);
  }

  /**
   * The default Ns for candidate sets: 1, 2, 4, … up to the smallest candidate count of any
   * problem, and that count itself when it is not a power of two. Every problem has at least that
   * many candidates, so the default never fails; ask for more with explicit Ns.
   */
  public static List<Integer> defaultNs(List<CandidateSet> sets) {
    int smallest = Integer.MAX_VALUE;
    for (CandidateSet s : sets) {
      smallest = Math.min(smallest, s.size());
    }
    if (sets.isEmpty()) {
      throw new IllegalArgumentException("sets must not be empty");
    }
    List<Integer> out = new ArrayList<>();
    for (int n = 1; n <= smallest; n *= 2) {
      out.add(n);
      if (n > Integer.MAX_VALUE / 2) break;
    }
    if (out.get(out.size() - 1) != smallest) {
      out.add(smallest);
    }
    return out;
  }

  private static List<Integer> checkNs(List<Integer> ns) {
    Objects.requireNonNull(ns, "ns");
    if (ns.isEmpty()) {
      throw new IllegalArgumentException("ns must not be empty");
    }
    List<Integer> sorted = new ArrayList<>(ns);
    sorted.sort(null);
    for (int i = 0; i < sorted.size(); i++) {
      if (sorted.get(i) < 1) {
        throw new IllegalArgumentException("every n must be >= 1, got " + sorted.get(i) + " in " + ns);
      }
      if (i > 0 && sorted.get(i).equals(sorted.get(i - 1))) {
        throw new IllegalArgumentException("ns must be distinct, got " + ns);
      }
    }
    return sorted;
  }

  private static List<Selection> checkRules(List<Selection> rules) {
    Objects.requireNonNull(rules, "rules");
    if (rules.isEmpty()) {
      throw new IllegalArgumentException("rules must not be empty");
    }
    Set<Selection> seen = new HashSet<>();
    for (Selection r : rules) {
      if (!seen.add(Objects.requireNonNull(r, "rule"))) {
        throw new IllegalArgumentException("rules must be distinct, got " + rules);
      }
    }
    return List.copyOf(rules);
  }

  private static String name(Selection s) {
    return s.name().toLowerCase(Locale.ROOT);
  }
}
