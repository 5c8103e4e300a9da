package io.ttc4j.prm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ttc4j.core.Problem;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class Game24Test {

  private static final Verifier GAME24 = Verifiers.game24();

  private static boolean check(String numbers, String answer) {
    return GAME24.verify(Problem.of("g", numbers), answer);
  }

  @Test
  void acceptsCorrectExpressions() {
    assertTrue(check("4 4 6 8", "(4 + 8) * (6 - 4)"));
    assertTrue(check("4 4 6 8", "4*(8-(6-4))"));
    assertTrue(check("4 5 6 10", "(4 * 5) + (10 - 6) = 24"), "a trailing '= 24' is allowed");
    assertTrue(check("4 4 6 8", "Answer: (4 + 8) * (6 - 4)"), "an 'Answer:' label is allowed");
    assertFalse(check("4 5 6 10", "(10 - 6) * (5 - 4) * 4 = 24"), "GPT-4's favourite: uses 4 twice");
    assertTrue(check("1,1,4,6", "6*4*(1*1)"), "numbers may be separated by commas");
    assertTrue(check("3 3 8 8", "8 / (3 - 8 / 3)"), "exact rational arithmetic");
    assertTrue(check("1 5 5 5", "5 * (5 - 1 / 5)"));
  }

  @Test
  void rejectsWrongExpressions() {
    assertFalse(check("4 4 6 8", "(8 - 4) * (4 + 2)"), "2 is not one of the numbers");
    assertFalse(check("4 4 6 8", "4 * 6"), "every number must be used");
    assertFalse(check("4 4 6 8", "4 * 6 * (8 - 4) / 4"), "no extra numbers");
    assertFalse(check("4 4 6 8", "(4 + 8) * (6 - 4) + 1 - 1"));
    assertFalse(check("4 4 6 8", "4 + 4 + 6 + 8"), "value 22");
    assertFalse(check("3 3 8 8", "8 / (3 - 8 / 3) + 0 * (8 - 8)"));
    assertFalse(check("1 2 3 4", "-1 + 2 + 3 * 4 + 11"), "no unary signs");
    assertFalse(check("1 1 4 6", "-(1 - 1 - 6 * 4)"), "no unary minus, even where the value is 24");
    assertFalse(check("1 2 3 4", "1.0 * 2 * 3 * 4"), "no decimals");
    assertFalse(check("2 3 4 12", "2 ^ 3 * 12 / 4"), "no powers");
    assertFalse(check("1 2 3 4", "1 × 2 × 3 × 4"), "ASCII operators only");
    assertFalse(check("1 2 3 4", "2 * 3 * 4 / (1 - 1)"));
    assertFalse(check("1 1 2 3", "(1 + 1) * 2 * 3 / (1 - 1)"), "division by zero");
    assertFalse(check("1 2 3 4", "1 2 * 3 * 4"), "two numbers in a row");
    assertFalse(check("1 2 3 4", "(1 * 2 * 3 * 4"), "unbalanced parentheses");
    assertFalse(check("1 2 3 4", "1 * 2 * 3 * 4)"));
    assertFalse(check("1 2 3 4", "1 * 2 * 3 * 4 * ()"));
    assertFalse(check("1 2 3 4", ""));
    assertFalse(check("1 2 3 4", "None"));
    assertFalse(check("1 2 3 4", "(".repeat(100) + "1 * 2 * 3 * 4" + ")".repeat(100)), "absurd nesting");
  }

  @Test
  void theClaimAfterTheEqualsSignIsNotChecked() {
    // as in Tree of Thoughts' own judgement (CoT log, puzzle 927, sample 10)
    assertTrue(check("6 9 12 13", "(13 - 9) * (12 - 6) = 48"));
  }

  @Test
  void aPromptThatIsNotFourNumbersIsAConfigurationError() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> GAME24.verify(Problem.of("g7", "Use 4 4 6 8 to make 24"), "1"));
    assertEquals("Game of 24 problem 'g7' must have a prompt of four integers such as \"4 4 6 8\", got "
        + "'Use 4 4 6 8 to make 24'", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> GAME24.verify(Problem.of("g", "1 2 3"), "1"));
  }

  @Test
  void extractsTheLastLineWithoutItsLabel() {
    var extract = Verifiers.game24Answers();
    assertEquals(Optional.of("(4 + 8) * (6 - 4) = 24"),
        extract.extract("Steps:\n4 + 8 = 12 (left: 4 6 12)\nAnswer: (4 + 8) * (6 - 4) = 24\n\n"));
    assertEquals(Optional.of("4 * 6"), extract.extract("answer:4 * 6"));
    assertEquals(Optional.empty(), extract.extract("Answer:  \n"));
  }
}
