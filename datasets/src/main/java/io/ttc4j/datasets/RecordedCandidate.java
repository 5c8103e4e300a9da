package io.ttc4j.datasets;

import io.ttc4j.core.AnswerExtractor;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * One finished solution as a real run recorded it: one element of the {@code candidates} array of a
 * {@link CandidateSet} line. Every field is optional except that a candidate has a text or an
 * answer.
 *
 * @param text             the solution text, or {@code null} when not recorded
 * @param answer           the final answer as recorded, or {@code null} to extract it from
 *                         {@code text}; a blank recorded answer means "stated no answer"
 * @param stepScores       reward-model scores per step, or {@code null} when not recorded; never
 *                         empty, every score finite; copied in and out
 * @param score            one reward-model score for the whole solution (any scale, for example a
 *                         raw reward such as {@code 3.5}), or {@code NaN} when not recorded
 * @param correct          whether the answer is right as the recording's grader decided, or
 *                         {@code null} to compare the answer with the reference instead
 * @param completionTokens completion tokens the solution cost, or {@code null} when not recorded
 */
public record RecordedCandidate(String text, String answer, double[] stepScores, double score,
    Boolean correct, Integer completionTokens) {

  /** Validates and copies. */
  public RecordedCandidate {
    if (text == null && answer == null) {
      throw new IllegalArgumentException("text and answer must not both be null, got text=null, answer=null");
    }
    if (stepScores != null) {
      if (stepScores.length == 0) {
        throw new IllegalArgumentException("stepScores must be null or non-empty, got []");
      }
      stepScores = stepScores.clone();
      for (int i = 0; i < stepScores.length; i++) {
        if (!Double.isFinite(stepScores[i])) {
          throw new IllegalArgumentException("stepScores[" + i + "] must be finite, got " + stepScores[i]);
        }
      }
    }
    if (Double.isInfinite(score)) {
      throw new IllegalArgumentException("score must be finite or NaN, got " + score);
    }
    if (completionTokens != null && completionTokens < 0) {
      throw new IllegalArgumentException("completionTokens must be >= 0 or null, got " + completionTokens);
    }
  }

  /** A candidate with a text only: its answer is extracted, nothing else is known. */
  public static RecordedCandidate ofText(String text) {
    return new RecordedCandidate(Objects.requireNonNull(text, "text"), null, null, Double.NaN, null, null);
  }

  /** A candidate with an answer and a correctness label only. */
  public static RecordedCandidate ofAnswer(String answer, Boolean correct) {
    return new RecordedCandidate(null, Objects.requireNonNull(answer, "answer"), null, Double.NaN, correct, null);
  }

  /** The step scores (a copy), or {@code null} when not recorded. */
  @Override
  public double[] stepScores() {
    return stepScores == null ? null : stepScores.clone();
  }

  /** Whether a whole-solution {@link #score()} was recorded. */
  public boolean hasScore() {
    return !Double.isNaN(score);
  }

  /**
   * The final answer: the recorded {@link #answer()} when there is one (empty when it is blank),
   * otherwise what {@code extractor} finds in the {@link #text()}.
   */
  public Optional<String> finalAnswer(AnswerExtractor extractor) {
    Objects.requireNonNull(extractor, "extractor");
    if (answer != null) {
      return answer.isBlank() ? Optional.empty() : Optional.of(answer);
    }
    return extractor.extract(text);
  }

  /** Equal when every field is equal, step scores compared element by element. */
  @Override
  public boolean equals(Object o) {
    return o instanceof RecordedCandidate r
        && Objects.equals(text, r.text) && Objects.equals(answer, r.answer)
        && Arrays.equals(stepScores, r.stepScores) && Double.compare(score, r.score) == 0
        && Objects.equals(correct, r.correct) && Objects.equals(completionTokens, r.completionTokens);
  }

  @Override
  public int hashCode() {
    return Objects.hash(text, answer, Arrays.hashCode(stepScores), score, correct, completionTokens);
  }

  @Override
  public String toString() {
    String shortText = text == null ? null
        : (text.length() <= 40 ? text : text.substring(0, 37) + "...").replace('\n', ' ');
    return "RecordedCandidate[text=" + shortText + ", answer=" + answer
        + ", stepScores=" + Arrays.toString(stepScores) + ", score=" + score
        + ", correct=" + correct + ", completionTokens=" + completionTokens + "]";
  }
}
