package io.ttc4j.datasets;

import io.ttc4j.core.Aggregation;
import io.ttc4j.core.AnswerEquivalence;
import io.ttc4j.core.AnswerExtractor;
import io.ttc4j.core.Candidate;
import io.ttc4j.core.Problem;
import io.ttc4j.core.Step;
import io.ttc4j.core.StepEnd;
import io.ttc4j.core.Trajectory;
import io.ttc4j.datasets.internal.Line;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The finished solutions a real run produced for one problem: one line of a candidate-set file
 * (see the {@linkplain io.ttc4j.datasets package documentation} for the format). Replaying
 * selection rules over candidate sets costs no model call.
 *
 * @param id         identifier of the problem, unique within its file
 * @param problem    the problem text, or {@code null} when not recorded
 * @param reference  the reference (gold) answer, or {@code null}; required unless every candidate
 *                   records {@link RecordedCandidate#correct() correct}
 * @param metadata   further top-level scalar fields such as {@code level} or {@code subject}, as
 *                   strings; copied and sorted by key, never null; a {@code level} holding one
 *                   number is kept as that number ({@code "Level 3"} becomes {@code "3"})
 * @param candidates the candidates in generation order; at least one; copied
 */
public record CandidateSet(String id, String problem, String reference, Map<String, String> metadata,
    List<RecordedCandidate> candidates) {

  /** Top-level field names of the format that are not metadata. */
  static final Set<String> RESERVED_FIELDS = Set.of("id", "problem", "reference", "candidates");

  /** Validates and copies. */
  public CandidateSet {
    Objects.requireNonNull(id, "id");
    if (id.isBlank()) {
      throw new IllegalArgumentException("id must not be blank, got '" + id + "'");
    }
    Objects.requireNonNull(candidates, "candidates");
    if (candidates.isEmpty()) {
      throw new IllegalArgumentException("candidates must not be empty, got [] for id '" + id + "'");
    }
    candidates = List.copyOf(candidates);
    TreeMap<String, String> sorted = new TreeMap<>();
    if (metadata != null) {
      for (Map.Entry<String, String> e : metadata.entrySet()) {
        String key = Objects.requireNonNull(e.getKey(), "metadata key");
        if (RESERVED_FIELDS.contains(key)) {
          throw new IllegalArgumentException("metadata key must not be one of " + RESERVED_FIELDS + ", got '" + key + "'");
        }
        String value = Objects.requireNonNull(e.getValue(), () -> "metadata value of '" + key + "'");
        sorted.put(key, key.equals(Problem.LEVEL) ? Line.canonicalLevel(value) : value);
      }
    }
    metadata = Collections.unmodifiableMap(sorted);
    if (reference == null) {
      for (int i = 0; i < candidates.size(); i++) {
        if (candidates.get(i).correct() == null) {
          throw new IllegalArgumentException("reference must not be null when a candidate has no correct label, "
              + "got null with candidates[" + i + "].correct == null for id '" + id + "'");
        }
      }
    }
  }

  /** A set without problem text or metadata. */
  public static CandidateSet of(String id, String reference, List<RecordedCandidate> candidates) {
    return new CandidateSet(id, null, reference, Map.of(), candidates);
  }

  /** The number of candidates. */
  public int size() {
    return candidates.size();
  }

  /** This set with only its first {@code n} candidates (all of them when there are fewer). */
  public CandidateSet limit(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("n must be >= 1, got " + n);
    }
    return n >= candidates.size() ? this
        : new CandidateSet(id, problem, reference, metadata, candidates.subList(0, n));
  }

  /**
   * The problem this set answers, when the problem text was recorded: id, text, reference and
   * metadata.
   */
  public Optional<Problem> toProblem() {
    return problem == null ? Optional.empty() : Optional.of(new Problem(id, problem, reference, metadata));
  }

  /**
   * The candidates as core {@link Candidate}s, in file order ({@link Candidate#index()} is the
   * position in the file). Each has:
   * <ul>
   *   <li>a one-step finished trajectory holding the text (empty when not recorded) and the
   *       completion tokens (0 when not recorded);</li>
   *   <li>the {@linkplain RecordedCandidate#finalAnswer final answer}, or {@code null};</li>
   *   <li>the step scores, and as score their {@code aggregation} when step scores were recorded,
   *       else the recorded whole-solution score, else {@code NaN}.</li>
   * </ul>
   *
   * @throws IllegalArgumentException when an aggregation overflows to an infinite score
   */
  public List<Candidate> toCandidates(Aggregation aggregation, AnswerExtractor extractor) {
    Objects.requireNonNull(aggregation, "aggregation");
    return toCandidates((java.util.function.ToDoubleFunction<double[]>) aggregation::aggregate, extractor);
  }

  /**
   * As {@link #toCandidates(Aggregation, AnswerExtractor)}, with any reduction of step scores to a
   * solution score (for example the extra aggregations of {@code ttc-prm}).
   */
  public List<Candidate> toCandidates(java.util.function.ToDoubleFunction<double[]> aggregation,
      AnswerExtractor extractor) {
    Objects.requireNonNull(aggregation, "aggregation");
    Objects.requireNonNull(extractor, "extractor");
    List<Candidate> out = new ArrayList<>(candidates.size());
    for (int i = 0; i < candidates.size(); i++) {
      RecordedCandidate c = candidates.get(i);
      Integer tokens = c.completionTokens();
      Step step = Step.of(c.text() == null ? "" : c.text(), tokens == null ? 0 : tokens, StepEnd.END_OF_SOLUTION);
      double[] steps = c.stepScores();
      double score = steps != null ? aggregation.applyAsDouble(steps) : c.score();
      out.add(new Candidate(i, Trajectory.of(List.of(step)), c.finalAnswer(extractor).orElse(null), steps, score));
    }
    return out;
  }

  /**
   * Whether candidate {@code index} is right: its recorded {@link RecordedCandidate#correct()}
   * when there is one, otherwise whether its final answer is equivalent to the reference ({@code
   * false} when it states no answer).
   */
  public boolean isCorrect(int index, AnswerExtractor extractor, AnswerEquivalence equivalence) {
    Objects.checkIndex(index, candidates.size());
    Objects.requireNonNull(extractor, "extractor");
    Objects.requireNonNull(equivalence, "equivalence");
    RecordedCandidate c = candidates.get(index);
    if (c.correct() != null) {
      return c.correct();
    }
    Optional<String> answer = c.finalAnswer(extractor);
    return answer.isPresent() && equivalence.equivalent(answer.get(), reference);
  }

  /**
   * {@link #isCorrect} of every candidate, as a predicate over the core candidates made by
   * {@link #toCandidates} from this set (it looks at {@link Candidate#index()} only); for
   * {@link io.ttc4j.core.Selection#ORACLE} and for scoring a selection.
   */
  public Predicate<Candidate> correctness(AnswerExtractor extractor, AnswerEquivalence equivalence) {
    boolean[] correct = new boolean[candidates.size()];
    for (int i = 0; i < correct.length; i++) {
      correct[i] = isCorrect(i, extractor, equivalence);
    }
    return c -> c.index() < correct.length && correct[c.index()];
  }
}
