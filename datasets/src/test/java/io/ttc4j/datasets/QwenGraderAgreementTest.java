package io.ttc4j.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ttc4j.core.AnswerEquivalence;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * {@link MathAnswers#equivalence()} against the grader of Qwen2.5-Math (its {@code math_equal}, the
 * verdicts recorded as {@code correct} in the bundled {@code qwen-math-cot-100} sample: 100 MATH
 * problems, 8 solutions each). Data nobody here wrote: every disagreement must be in the table
 * below, with the reason one side is wrong.
 */
class QwenGraderAgreementTest {

  private static final AnswerEquivalence EQ = MathAnswers.equivalence();

  /**
   * Every disagreement, as {@code id#candidate: 'graded answer' vs 'reference' (Qwen: verdict)},
   * with who is right and why. The same one shows on the recorded answers and on the answers
   * re-extracted from the texts.
   */
  static final Map<String, String> DISAGREEMENTS = Map.of(
      "qwen-math-cot-72#7: '10000' vs '10{,}000' (Qwen: wrong)",
      "We are right. 10000 is the reference; Qwen's grader misses it because its parse_digits removes the"
          + " comma of '10{,}000' but not the braces, so '10{}000' is not a number, and the symbolic"
          + " fallback cannot parse it either.");

  private static final int MINIMUM_AGREEMENT = 796; // 99.5% of 800

  @Test
  void agreesWithQwensGraderOnTheRecordedAnswers() {
    List<String> disagreements = new ArrayList<>();
    int agree = grade(false, disagreements);
    System.out.println("qwen-math-cot-100: grader agrees with Qwen's verdict on the recorded answer in " + agree
        + "/800; disagreements " + disagreements);
    assertTrue(agree >= MINIMUM_AGREEMENT, "agreement " + agree + "/800");
    assertEquals(new TreeMap<>(DISAGREEMENTS).keySet().stream().toList(), disagreements);
  }

  @Test
  void agreesWithQwensGraderOnAnswersReExtractedFromTheTexts() {
    List<String> disagreements = new ArrayList<>();
    int agree = grade(true, disagreements);
    System.out.println("qwen-math-cot-100: grader agrees with Qwen's verdict on the answer re-extracted from the"
        + " text in " + agree + "/800; disagreements " + disagreements);
    assertTrue(agree >= MINIMUM_AGREEMENT, "agreement " + agree + "/800");
    assertEquals(new TreeMap<>(DISAGREEMENTS).keySet().stream().toList(), disagreements);
  }

  /**
   * Cases where we agree with Qwen's verdict, noted because they are close calls:
   * <ul>
   *   <li>{@code qwen-math-cot-72}: {@code 9999.857142857143} and {@code 9999\frac{6}{7}} for 10000,
   *       wrong by both. With the reference parsed, math_equal's 1e-4 tolerance would have accepted the
   *       decimal (1.4e-5 off); we reject it because it claims 12 decimal places and is 0.14 off, and
   *       we compare the mixed number exactly.</li>
   *   <li>{@code qwen-math-cot-3}: {@code 4:30} (and our extraction {@code 4:30 \text{ p.m.}}) for
   *       the reference {@code 4:30p..}, wrong by both: that reference is MATH's {@code 4:30 p.m.}
   *       mangled by Qwen's answer cleaning (which strips the unit word "m"), so the model was in fact
   *       right; no grader can see it from this reference.</li>
   * </ul>
   */
  @Test
  void theCloseCallsGoTheDocumentedWay() {
    assertTrue(EQ.equivalent("10000", "10{,}000"));
    assertFalse(EQ.equivalent("9999.857142857143", "10{,}000"));
    assertFalse(EQ.equivalent("9999\\frac{6}{7}", "10{,}000"));
    assertFalse(EQ.equivalent("9998.571428571429", "10{,}000"));
    assertFalse(EQ.equivalent("4:30 \\text{ p.m.}", "4:30p.."));
    assertFalse(EQ.equivalent("\\sqrt{34} + 3\\sqrt{10}", "28"));
    assertTrue(EQ.equivalent("12 \\frac{3}{5}", "12\\frac{3}{5}"));
    assertTrue(EQ.equivalent("900000000", "900,000,000"));
  }

  /** Agreements with the recorded verdicts; disagreements are added to {@code out} in file order. */
  private static int grade(boolean fromText, List<String> out) {
    int agree = 0;
    int total = 0;
    for (CandidateSet s : CandidateSets.bundled(CandidateSets.QWEN_MATH_COT_100)) {
      for (int i = 0; i < s.size(); i++) {
        RecordedCandidate c = s.candidates().get(i);
        String answer = fromText ? MathAnswers.extractor().extract(c.text()).orElse(null) : c.answer();
        boolean ours = answer != null && EQ.equivalent(answer, s.reference());
        total++;
        if (ours == c.correct()) {
          agree++;
        } else {
          out.add(s.id() + "#" + i + ": '" + answer + "' vs '" + s.reference() + "' (Qwen: "
              + (c.correct() ? "right" : "wrong") + ")");
        }
      }
    }
    assertEquals(800, total);
    return agree;
  }
}
