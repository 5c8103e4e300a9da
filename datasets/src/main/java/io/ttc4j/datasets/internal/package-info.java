/**
 * Implementation detail of {@code io.ttc4j.datasets}: the JSON-lines reader with located error
 * messages, the {@code \boxed{}} scanner, the candidate-set codec, and the math-answer grader, in
 * focused parts: the key normaliser ({@link io.ttc4j.datasets.internal.AnswerNormalizer}), the
 * number reader ({@code NumberLiteral}, exact {@code Rational}s), the structure reader for tuples,
 * intervals, sets, matrices and relations ({@code AnswerStructure}), the LaTeX expression parser and
 * evaluator ({@code LatexExpressions}, {@code ExpressionEvaluator}), and the comparison that ties
 * them together under a step budget ({@link io.ttc4j.datasets.internal.MathGrader}). Not an API;
 * anything here may change without notice.
 */
package io.ttc4j.datasets.internal;
