package io.ttc4j.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import dev.langchain4j.model.output.FinishReason;
import io.ttc4j.core.Continuation;
import io.ttc4j.core.GenerationMode;
import io.ttc4j.core.Problem;
import io.ttc4j.core.SamplingSpec;
import io.ttc4j.core.Step;
import io.ttc4j.core.StepEnd;
import io.ttc4j.core.Trajectory;
import io.ttc4j.langchain4j.internal.LargestRemainder;
import io.ttc4j.langchain4j.internal.ReplyDecoder;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/** Properties of token apportioning, reply splitting, seeds and the concurrency limit. */
class PropertiesTest {

  /** Characters that matter for splitting and byte counts: line breaks, a 2-byte and a 4-byte character. */
  private static final String[] ALPHABET = {"a", "b", " ", "\n", "\n", "é", "\uD835\uDC65", "\\boxed{1}"};

  private static final Gen<String> TEXTS = lists().of(integers().between(0, ALPHABET.length - 1))
      .ofSizeBetween(0, 60).map(ix -> {
        StringBuilder b = new StringBuilder();
        ix.forEach(i -> b.append(ALPHABET[i]));
        return b.toString();
      });

  private static final FinishReason[] FINISH = {FinishReason.STOP, FinishReason.LENGTH, null,
      FinishReason.CONTENT_FILTER};

  @Test
  void sharesSumExactlyToTheTotalAndStayWithinOneOfTheirQuota() {
    qt().withExamples(500).forAll(longs().between(0, 10_000_000),
            lists().of(longs().between(0, 10_000)).ofSizeBetween(1, 30))
        .checkAssert(PropertiesTest::checkShares);
    // large numbers take the exact path where total * weight overflows a long
    qt().withExamples(200).forAll(longs().between(0, Long.MAX_VALUE / 4),
            lists().of(longs().between(0, 1L << 40)).ofSizeBetween(1, 8))
        .checkAssert(PropertiesTest::checkShares);
  }

  private static void checkShares(long total, List<Long> weights) {
    long[] w = weights.stream().mapToLong(Long::longValue).toArray();
    long[] s = LargestRemainder.split(total, w);
    long sum = 0;
    BigInteger all = BigInteger.ZERO;
    for (long x : w) {
      all = all.add(BigInteger.valueOf(x));
    }
    for (int i = 0; i < w.length; i++) {
      sum += s[i];
      BigInteger floor = all.signum() == 0 ? BigInteger.valueOf(total / w.length)
          : BigInteger.valueOf(total).multiply(BigInteger.valueOf(w[i])).divide(all);
      long d = s[i] - floor.longValueExact();
      assertTrue(d == 0 || d == 1, "share " + i + " is " + s[i] + " for a quota floor of " + floor);
    }
    assertEquals(total, sum);
  }

  @Test
  void wholeSolutionRepliesBecomeTheirNonEmptyPiecesWithExactTokenSums() {
    qt().withExamples(1000).forAll(TEXTS, integers().between(0, 5000), integers().between(0, FINISH.length - 1))
        .checkAssert((text, tokens, f) -> {
          SamplingSpec spec = SamplingSpec.toEnd(1, 0.8, 4096, 1);
          FinishReason finish = FINISH[f];
          if (text.isBlank()) {
            assertThrows(ChatReplyException.class,
                () -> ReplyDecoder.decode(text, finish, tokens, spec, LangChain4jGenerator.STATES_BOXED_ANSWER, 0));
            return;
          }
          Continuation c = ReplyDecoder.decode(text, finish, tokens, spec, LangChain4jGenerator.STATES_BOXED_ANSWER, 0);
          List<String> pieces = new ArrayList<>();
          for (String p : text.split(Trajectory.STEP_SEPARATOR, -1)) {
            if (!p.isEmpty()) {
              pieces.add(p);
            }
          }
          assertEquals(pieces, c.steps().stream().map(Step::text).toList());
          assertEquals((long) tokens, c.tokens(), "step tokens sum exactly to the reported output tokens");
          boolean cut = finish == null ? tokens >= spec.maxTokens() : finish != FinishReason.STOP;
          for (int s = 0; s < c.steps().size(); s++) {
            StepEnd expected = s < c.steps().size() - 1 ? StepEnd.STEP_BOUNDARY
                : cut ? StepEnd.LENGTH : StepEnd.END_OF_SOLUTION;
            assertEquals(expected, c.steps().get(s).end(), "step " + s);
          }
        });
  }

  @Test
  void oneStepRepliesAreOneStepChargedEveryToken() {
    qt().withExamples(1000).forAll(TEXTS, integers().between(0, 300), integers().between(0, FINISH.length - 1))
        .checkAssert((text, tokens, f) -> {
          SamplingSpec spec = SamplingSpec.oneStep(1, 0.8, 256, 1);
          String step = text.replaceFirst("^[\\r\\n]+", "");
          int at = step.indexOf(Trajectory.STEP_SEPARATOR);
          String expectedText = at >= 0 ? step.substring(0, at) : step;
          if (expectedText.isBlank()) {
            assertThrows(ChatReplyException.class,
                () -> ReplyDecoder.decode(text, FINISH[f], tokens, spec, LangChain4jGenerator.STATES_BOXED_ANSWER, 3));
            return;
          }
          Continuation c = ReplyDecoder.decode(text, FINISH[f], tokens, spec, LangChain4jGenerator.STATES_BOXED_ANSWER,
              3);
          assertEquals(1, c.steps().size());
          Step s = c.steps().get(0);
          assertEquals(expectedText, s.text());
          assertEquals((int) tokens, s.tokens());
          boolean cut = FINISH[f] == null ? tokens >= spec.maxTokens() : FINISH[f] != FinishReason.STOP;
          StepEnd expected = at >= 0 ? StepEnd.STEP_BOUNDARY : cut ? StepEnd.LENGTH
              : expectedText.contains("\\boxed") ? StepEnd.END_OF_SOLUTION : StepEnd.STEP_BOUNDARY;
          assertEquals(expected, s.end());
        });
  }

  @Test
  void sampleISharesItsContinuationWithEveryNAboveIt() {
    List<Problem> problems = Fixtures.problems(5);
    SimChatModel m = new SimChatModel(Fixtures.sim(), problems);
    try (LangChain4jGenerator g = LangChain4jGenerator.builder(m).sampleParameters(SeededParameters.BINDING)
        .maxConcurrentCalls(4).build()) {
      qt().withExamples(40).forAll(longs().all(), integers().between(1, 6), integers().between(1, 6),
              integers().between(0, problems.size() - 1))
          .checkAssert((seed, n1, n2, p) -> {
            List<Continuation> a = g.generate(problems.get(p), Trajectory.empty(),
                SamplingSpec.toEnd(n1, 0.8, 2048, seed)).join().continuations();
            List<Continuation> b = g.generate(problems.get(p), Trajectory.empty(),
                SamplingSpec.toEnd(n2, 0.8, 2048, seed)).join().continuations();
            for (int i = 0; i < Math.min(n1, n2); i++) {
              assertEquals(a.get(i), b.get(i), "sample " + i + " of n=" + n1 + " and n=" + n2);
            }
          });
    }
  }

  @Test
  void theConcurrencyLimitHoldsForEveryLimitAndN() {
    Problem p = Fixtures.problems(1).get(0);
    qt().withExamples(25).forAll(integers().between(1, 6), integers().between(1, 24))
        .checkAssert((k, n) -> {
          SimChatModel m = new SimChatModel(Fixtures.sim(), List.of(p));
          m.latencyMillis = 1;
          try (LangChain4jGenerator g = LangChain4jGenerator.builder(m).maxConcurrentCalls(k).build()) {
            List<Continuation> cs = g.generate(p, Trajectory.empty(),
                new SamplingSpec(n, 0.8, 1.0, 2048, List.of(), 1, GenerationMode.TO_END, false)).join().continuations();
            assertEquals(n, cs.size());
            assertEquals(n, m.started.get());
            assertTrue(m.maxInFlight.get() <= k, m.maxInFlight.get() + " in flight for a limit of " + k);
          }
        });
  }
}
