package io.ttc4j.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * How best-of-N chooses one candidate among N finished solutions, as in search-and-learn.
 *
 * <p>Votes group candidates by {@link AnswerEquivalence}. Ties go to the answer whose first
 * candidate came earliest ({@link Candidate#index()} order as given). Candidates without an
 * extracted answer never win a vote or a score comparison: a solution that states no answer cannot
 * be right (search-and-learn votes for the empty string instead; the difference only shows when
 * every candidate lacks an answer, and then the first candidate is chosen by every rule).
 */
public enum Selection {
  /** The first sample: the pass@1 baseline. */
  FIRST {
    @Override
    int choose(List<Candidate> c, AnswerEquivalence eq, Predicate<Candidate> correct) {
      return 0;
    }
  },
  /** The candidate with the highest aggregated reward-model score. */
  NAIVE {
    @Override
    int choose(List<Candidate> c, AnswerEquivalence eq, Predicate<Candidate> correct) {
      int best = -1;
      for (int i = 0; i < c.size(); i++) {
        Candidate x = c.get(i);
        if (!x.hasAnswer()) continue;
        requireScored(x, i);
        if (best < 0 || x.score() > c.get(best).score()) best = i;
      }
      return best < 0 ? 0 : best;
    }
  },
  /** The answer with the largest sum of aggregated scores over its equivalent candidates. */
  WEIGHTED {
    @Override
    int choose(List<Candidate> c, AnswerEquivalence eq, Predicate<Candidate> correct) {
      return bestGroup(groups(c, eq), true);
    }
  },
  /** The most frequent answer (self-consistency, majority voting). */
  MAJORITY {
    @Override
    int choose(List<Candidate> c, AnswerEquivalence eq, Predicate<Candidate> correct) {
      return bestGroup(groups(c, eq), false);
    }
  },
  /** A correct candidate if there is one (pass@N): an upper bound, not a usable strategy. */
  ORACLE {
    @Override
    int choose(List<Candidate> c, AnswerEquivalence eq, Predicate<Candidate> correct) {
      if (correct == null) {
        throw new IllegalArgumentException("oracle selection needs a correctness predicate, got null");
      }
      for (int i = 0; i < c.size(); i++) {
        if (correct.test(c.get(i))) return i;
      }
      return 0;
    }
  };

  /** Whether this rule needs reward-model scores. */
  public boolean needsScores() {
    return this == NAIVE || this == WEIGHTED;
  }

  /**
   * The position in {@code candidates} of the chosen candidate, or -1 when there is none.
   *
   * @param candidates  finished candidates in generation order
   * @param equivalence groups answers for votes
   * @param correct     correctness oracle, needed by {@link #ORACLE} only (may be null otherwise)
   * @throws IllegalArgumentException when a score-based rule meets an unscored candidate
   */
  public int select(List<Candidate> candidates, AnswerEquivalence equivalence, Predicate<Candidate> correct) {
    Objects.requireNonNull(candidates, "candidates");
    Objects.requireNonNull(equivalence, "equivalence");
    return candidates.isEmpty() ? -1 : choose(candidates, equivalence, correct);
  }

  abstract int choose(List<Candidate> c, AnswerEquivalence eq, Predicate<Candidate> correct);

  /** The rule named {@code name}, case-insensitive. */
  public static Selection parse(String name) {
    for (Selection s : values()) {
      if (s.name().equalsIgnoreCase(name.trim())) return s;
    }
    throw new IllegalArgumentException(
        "selection must be one of first, naive, weighted, majority, oracle; got '" + name + "'");
  }

  private static void requireScored(Candidate x, int position) {
    if (!x.isScored()) {
      throw new IllegalArgumentException("candidate at position " + position + " has no score; "
          + "naive and weighted selection need a reward model");
    }
  }

  /** Answer groups in order of first appearance; each holds positions, first one first. */
  private static List<Group> groups(List<Candidate> c, AnswerEquivalence eq) {
    List<Group> groups = new ArrayList<>();
    Map<String, Group> byKey = new HashMap<>();
    for (int i = 0; i < c.size(); i++) {
      Candidate x = c.get(i);
      if (!x.hasAnswer()) continue;
      String key = eq.key(x.answer());
      Group g = byKey.get(key);
      if (g == null) {
        for (Group other : groups) {
          if (eq.equivalent(other.answer, x.answer())) {
            g = other;
            break;
          }
        }
        if (g == null) {
          g = new Group(i, x.answer());
          groups.add(g);
        }
        byKey.put(key, g);
      }
      g.count++;
      if (!Double.isNaN(x.score())) {
        g.scoreSum += x.score();
      } else {
        g.unscoredPosition = i;
      }
    }
    return groups;
  }

  private static int bestGroup(List<Group> groups, boolean byScore) {
    Group best = null;
    for (Group g : groups) {
      if (byScore && g.unscoredPosition >= 0) {
        throw new IllegalArgumentException("candidate at position " + g.unscoredPosition
            + " has no score; naive and weighted selection need a reward model");
      }
      if (best == null || (byScore ? g.scoreSum > best.scoreSum : g.count > best.count)) {
        best = g;
      }
    }
    return best == null ? 0 : best.first;
  }

  private static final class Group {
    final int first;
    final String answer;
    int count;
    double scoreSum;
    int unscoredPosition = -1;

    Group(int first, String answer) {
      this.first = first;
      this.answer = answer;
    }
  }
}
