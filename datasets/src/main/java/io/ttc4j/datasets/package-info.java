/**
 * Math problem sets, final-answer extraction and normalisation, and recorded candidate sets for
 * replay.
 *
 * <h2>Problems</h2>
 * {@link io.ttc4j.datasets.Datasets#load(String)} gives the bundled sets (MATH-500, GSM8K test,
 * AIME 2024 and 2025, AMC 2023, and the 100 problems of the Qwen sample below) as core
 * {@link io.ttc4j.core.Problem}s; {@link io.ttc4j.datasets.Datasets#fromFile(java.nio.file.Path)}
 * reads a user's JSON-lines file of problems. The bundled files are exact copies of public files;
 * their sources and licences are in {@code io/ttc4j/datasets/data/NOTICE.md}.
 *
 * <h2>Answers</h2>
 * {@link io.ttc4j.datasets.MathAnswers#extractor()} takes the last {@code \boxed{}} of a solution;
 * {@link io.ttc4j.datasets.MathAnswers#equivalence()} compares answers by a conservative
 * normalised key, for votes and for grading.
 *
 * <h2>The candidate-set format</h2>
 * A candidate set records the finished solutions a real run produced for one problem, so that
 * selection rules (first, majority, reward-model best, weighted, oracle) can be replayed without a
 * model. A file is JSON lines in UTF-8, one problem a line; blank lines are skipped:
 * <pre>{@code
 * {"id": "p1", "reference": "5", "candidates": [
 *   {"text": "... so the answer is \\boxed{5}.", "answer": "5", "step_scores": [0.9, 0.7],
 *    "score": 0.7, "correct": true, "completion_tokens": 123},
 *   {"text": "... \\boxed{6}"}]}
 * }</pre>
 * (one line in the file; broken here for reading). Top-level fields:
 * <ul>
 *   <li>{@code id}: string or integer, required, unique in the file;</li>
 *   <li>{@code reference}: the gold answer, string or number; required unless every candidate
 *       has {@code correct};</li>
 *   <li>{@code candidates}: array of at least one candidate, in generation order;</li>
 *   <li>{@code problem}: optional problem text;</li>
 *   <li>any other field with a string, number or boolean value (such as {@code level} or
 *       {@code subject}) is kept as metadata; {@code level} may be {@code 3} or {@code "Level 3"}
 *       and is kept as {@code "3"}; other fields whose value is an array or an object are ignored.</li>
 * </ul>
 * Candidate fields, each optional, but every candidate needs {@code answer} or {@code text}:
 * <ul>
 *   <li>{@code text}: the solution text;</li>
 *   <li>{@code answer}: the final answer as a string or number; when absent it is extracted from
 *       the last {@code \boxed{}} of {@code text} (no box: no answer); a blank string means the
 *       solution states no answer;</li>
 *   <li>{@code step_scores}: non-empty array of finite reward-model scores, one per step;</li>
 *   <li>{@code score}: one finite reward-model score for the whole solution, on any scale;</li>
 *   <li>{@code correct}: boolean verdict of the recording's grader; when absent the answer is
 *       compared with {@code reference};</li>
 *   <li>{@code completion_tokens}: integer from 0.</li>
 * </ul>
 * A field whose value is {@code null} counts as absent; unknown candidate fields are ignored.
 * JSON has no NaN or infinity, and numbers that overflow to infinity are rejected. A line that
 * breaks any rule (not JSON, duplicate keys, missing id, wrong types, non-finite numbers, empty
 * {@code candidates}, a candidate with neither answer nor text, no reference where one is needed,
 * an id seen before) is never skipped: reading stops with a
 * {@link io.ttc4j.core.MalformedDataException} naming the file, the line and the field.
 *
 * <p>{@link io.ttc4j.datasets.CandidateSets} reads and writes such files and opens the bundled
 * {@code qwen-math-cot-100} set; {@link io.ttc4j.datasets.CandidateSet#toCandidates} turns a set
 * into core {@link io.ttc4j.core.Candidate}s for {@link io.ttc4j.core.Selection}, with the score
 * being the {@link io.ttc4j.core.Aggregation} of {@code step_scores} when present, else
 * {@code score}, else NaN.
 */
package io.ttc4j.datasets;
