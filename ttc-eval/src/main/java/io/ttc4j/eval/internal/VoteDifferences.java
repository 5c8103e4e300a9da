package io.ttc4j.eval.internal;

import io.ttc4j.core.AnswerEquivalence;
import io.ttc4j.core.Candidate;
import io.ttc4j.eval.Replay;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Explains where two vote equivalences (the project's math normalisation and exact strings) make a
 * vote-based rule choose differently: which problem, what each chose, and which distinct strings the
 * coarser equivalence merged into one vote.
 */
public final class VoteDifferences {

  private VoteDifferences() {}

  /**
   * One line per (rule, N, problem) where {@code a} and {@code b} chose different candidates.
   *
   * @param a           choices under equivalence {@code eqA}
   * @param b           choices under equivalence {@code eqB}, in the same order as {@code a}
   * @param candidates  each problem's candidates in file order, by problem id
   * @param nameA       short name of {@code eqA} (for example "math")
   * @param nameB       short name of {@code eqB} (for example "exact")
   */
  public static List<String> explain(List<Replay.Choice> a, List<Replay.Choice> b, Map<String, List<Candidate>> candidates,
      AnswerEquivalence eqA, String nameA, AnswerEquivalence eqB, String nameB) {
    if (a.size() != b.size()) {
      throw new IllegalArgumentException("choice lists differ in length: " + a.size() + " vs " + b.size());
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < a.size(); i++) {
      Replay.Choice x = a.get(i);
      Replay.Choice y = b.get(i);
      if (x.strategy() != y.strategy() || x.n() != y.n() || !x.problemId().equals(y.problemId())) {
        throw new IllegalArgumentException("choice lists are not aligned at " + i + ": " + x + " vs " + y);
      }
      if (x.index() == y.index()) continue;
      List<Candidate> first = candidates.get(x.problemId()).subList(0, x.n());
      StringBuilder sb = new StringBuilder();
      sb.append(ResultsJsonl.name(x.strategy())).append('@').append(x.n()).append(" on ").append(x.problemId())
          .append(": ").append(nameA).append(" chooses ").append(quote(x.answer())).append(x.correct() ? " (right)" : " (wrong)")
          .append(", ").append(nameB).append(" chooses ").append(quote(y.answer()))
          .append(y.correct() ? " (right)" : " (wrong)");
      String mergedA = merged(first, eqA, eqB);
      String mergedB = merged(first, eqB, eqA);
      if (!mergedA.isEmpty()) sb.append("; ").append(nameA).append(" counts as one answer ").append(mergedA);
      if (!mergedB.isEmpty()) sb.append("; ").append(nameB).append(" counts as one answer ").append(mergedB);
      out.add(sb.toString());
    }
    return out;
  }

  /** Groups of {@code coarse} that hold answers {@code fine} keeps apart, as {@code {"a" x2, "b" x1}}. */
  private static String merged(List<Candidate> candidates, AnswerEquivalence coarse, AnswerEquivalence fine) {
    Map<String, Map<String, Integer>> groups = new LinkedHashMap<>();
    for (Candidate c : candidates) {
      if (!c.hasAnswer()) continue;
      groups.computeIfAbsent(coarse.key(c.answer()), k -> new LinkedHashMap<>())
          .merge(c.answer(), 1, Integer::sum);
    }
    List<String> parts = new ArrayList<>();
    for (Map<String, Integer> g : groups.values()) {
      Map<String, List<String>> byFineKey = new HashMap<>();
      for (String answer : g.keySet()) {
        byFineKey.computeIfAbsent(fine.key(answer), k -> new ArrayList<>()).add(answer);
      }
      if (byFineKey.size() < 2) continue;
      List<String> members = new ArrayList<>();
      g.forEach((answer, count) -> members.add(quote(answer) + " x" + count));
      parts.add("{" + String.join(", ", members) + "}");
    }
    return String.join(" and ", parts);
  }

  private static String quote(String answer) {
    return answer == null ? "no answer" : "\"" + Objects.toString(answer) + "\"";
  }
}
