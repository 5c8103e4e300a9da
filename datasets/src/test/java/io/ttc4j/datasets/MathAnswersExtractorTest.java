package io.ttc4j.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ttc4j.core.AnswerExtractor;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MathAnswersExtractorTest {

  private static final AnswerExtractor X = MathAnswers.extractor();

  private static Optional<String> x(String text) {
    return X.extract(text);
  }

  @Test
  void takesTheContentOfTheLastBox() {
    assertEquals(Optional.of("5"), x("so $\\boxed{5}$."));
    assertEquals(Optional.of("7"), x("first \\boxed{5}, then on reflection \\boxed{7}"));
  }

  @Test
  void matchesNestedBraces() {
    assertEquals(Optional.of("\\frac{1}{2}"), x("\\boxed{\\frac{1}{2}}"));
    assertEquals(Optional.of("\\left( 3, \\frac{\\pi}{2} \\right)"),
        x("the polar coordinates are $\\boxed{\\left( 3, \\frac{\\pi}{2} \\right)}.$"));
    assertEquals(Optional.of("{a}{{b}}"), x("\\boxed{{a}{{b}}} trailing } brace"));
  }

  @Test
  void escapedBracesAreLiteral() {
    assertEquals(Optional.of("\\{1, 2\\}"), x("\\boxed{\\{1, 2\\}}"));
    assertEquals(Optional.of("\\}"), x("\\boxed{\\}}"));
  }

  @Test
  void acceptsFbox() {
    assertEquals(Optional.of("42"), x("\\fbox{42}"));
    assertEquals(Optional.of("9"), x("\\fbox{42} and later \\boxed{9}"));
    assertEquals(Optional.of("3"), x("\\boxed{9} and later \\fbox{3}"));
  }

  @Test
  void acceptsBoxWithoutBraces() {
    assertEquals(Optional.of("5"), x("the answer is $\\boxed 5$"));
    assertEquals(Optional.of("5"), x("the answer is \\boxed 5."));
    assertEquals(Optional.of("1,000"), x("\\boxed  1,000 apples"));
  }

  @Test
  void spaceBeforeTheBraceIsAllowed() {
    assertEquals(Optional.of("12"), x("\\boxed {12}"));
  }

  @Test
  void noBoxGivesNoAnswer() {
    assertEquals(Optional.empty(), x("the answer is 5"));
    assertEquals(Optional.empty(), x(""));
    assertEquals(Optional.empty(), x("\\boxed"));
  }

  @Test
  void anUnclosedLastBoxGivesNoAnswer() {
    // a solution cut by its length limit: the earlier box is an intermediate result, not the answer
    assertEquals(Optional.empty(), x("\\boxed{3} ... so the final answer is \\boxed{\\frac{1}{"));
  }

  @Test
  void aBlankBoxGivesNoAnswer() {
    assertEquals(Optional.empty(), x("put your answer in \\boxed{}"));
    assertEquals(Optional.empty(), x("\\boxed{  }"));
  }

  @Test
  void otherCommandsStartingWithBoxedAreNotBoxes() {
    assertEquals(Optional.of("1"), x("\\boxed{1} \\boxedtext{2}"));
    assertEquals(Optional.of("1"), x("\\fbox{1} \\fboxsep=2pt"));
  }

  @Test
  void contentIsTrimmedButOtherwiseAsWritten() {
    assertEquals(Optional.of("\\dfrac{1}{2} \\text{ cm}"), x("\\boxed{ \\dfrac{1}{2} \\text{ cm} }"));
  }

  @Test
  void nullTextIsRejected() {
    assertThrows(NullPointerException.class, () -> x(null));
  }
}
