package io.ttc4j.langchain4j.internal;

import dev.langchain4j.model.output.FinishReason;
import io.ttc4j.core.Continuation;
import io.ttc4j.core.GenerationMode;
import io.ttc4j.core.SamplingSpec;
import io.ttc4j.core.Step;
import io.ttc4j.core.StepEnd;
import io.ttc4j.core.Trajectory;
import io.ttc4j.langchain4j.ChatReplyException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Turns the text of one chat reply into the steps of one continuation, with token counts that add
 * up exactly to the output tokens reported for the reply. The rules are those of the
 * OpenAI-compatible client in {@code ttc-serving} for a server that does not say which stop string
 * it met (LangChain4j's {@link FinishReason} does not):
 *
 * <ul>
 *   <li><b>One step</b> ({@link GenerationMode#ONE_STEP}): leading line breaks are dropped (a new
 *       assistant turn has nothing to attach them to); if the text still holds the separator
 *       {@code "\n\n"} (a model that ignored the stop sequence) it is cut there and the step ends at
 *       a step boundary; otherwise {@code STOP} ends the solution when the step states a final
 *       answer ({@code finalStep}, by default "contains {@code \boxed}") and a step boundary
 *       otherwise. The step is charged every output token.
 *   <li><b>To the end</b> ({@link GenerationMode#TO_END}): the text is split at every
 *       {@code "\n\n"}, empty pieces dropped; every step but the last ends at a step boundary, the
 *       last one ends the solution on {@code STOP}. The output tokens are split over the steps in
 *       proportion to each step's UTF-8 bytes plus the two bytes of the separator after it, by the
 *       largest-remainder method, so they sum exactly to what was reported.
 *   <li><b>Other finish reasons</b>: {@code LENGTH}, {@code CONTENT_FILTER}, {@code TOOL_EXECUTION}
 *       and {@code OTHER} cut the text: the last step ends with {@link StepEnd#LENGTH}. A missing
 *       finish reason (some integrations map unknown reasons to {@code null}) counts as
 *       {@code LENGTH} when the reply used its whole token limit and as {@code STOP} otherwise.
 *   <li>A reply with no text, or with nothing but whitespace where a step should be, is a
 *       {@link ChatReplyException} naming the sample; never an empty step.
 * </ul>
 */
public final class ReplyDecoder {

  private static final String SEP = Trajectory.STEP_SEPARATOR;

  private ReplyDecoder() {}

  /**
   * The continuation of one reply.
   *
   * @param text         the reply text, possibly {@code null}
   * @param finish       the finish reason, possibly {@code null}
   * @param outputTokens the output tokens of the reply, at least 0
   * @param spec         the spec of the call
   * @param finalStep    tells a final step from a step boundary after {@code STOP} in one-step mode
   * @param index        the index of the sample in its call, for messages
   */
  public static Continuation decode(String text, FinishReason finish, long outputTokens, SamplingSpec spec,
      Predicate<String> finalStep, int index) {
    if (outputTokens < 0 || outputTokens > Integer.MAX_VALUE) {
      throw new ChatReplyException(index, "sample " + index + " of " + spec.n() + ": output tokens must be in 0.."
          + Integer.MAX_VALUE + ", got " + outputTokens);
    }
    if (text == null || text.isBlank()) {
      throw new ChatReplyException(index, "sample " + index + " of " + spec.n() + ": the model replied with "
          + (text == null ? "no text" : "blank text") + " (finish reason " + finish + ", " + outputTokens
          + " output tokens); an empty answer is never a step");
    }
    boolean cut = isCut(finish, outputTokens, spec.maxTokens());
    return spec.mode() == GenerationMode.ONE_STEP
        ? oneStep(text, cut, (int) outputTokens, spec, finalStep, index)
        : toEnd(text, cut, outputTokens);
  }

  /** Whether the reply was cut rather than finished by the model (see the class comment). */
  static boolean isCut(FinishReason finish, long outputTokens, int maxTokens) {
    if (finish == null) {
      return outputTokens >= maxTokens;
    }
    return finish != FinishReason.STOP;
  }

  private static Continuation oneStep(String text, boolean cut, int tokens, SamplingSpec spec,
      Predicate<String> finalStep, int index) {
    int from = 0;
    while (from < text.length() && (text.charAt(from) == '\n' || text.charAt(from) == '\r')) {
      from++;
    }
    String step = text.substring(from);
    StepEnd end;
    int at = step.indexOf(SEP);
    if (at >= 0) {
      step = step.substring(0, at);
      end = StepEnd.STEP_BOUNDARY;
    } else if (cut) {
      end = StepEnd.LENGTH;
    } else {
      end = finalStep.test(step) ? StepEnd.END_OF_SOLUTION : StepEnd.STEP_BOUNDARY;
    }
    if (step.isBlank()) {
      throw new ChatReplyException(index, "sample " + index + " of " + spec.n()
          + ": the reply's first step is blank (the text before the first blank line holds only whitespace)");
    }
    return new Continuation(List.of(Step.of(step, tokens, end)));
  }

  private static Continuation toEnd(String text, boolean cut, long tokens) {
    List<String> pieces = new ArrayList<>();
    int from = 0;
    while (true) {
      int at = text.indexOf(SEP, from);
      int to = at < 0 ? text.length() : at;
      if (to > from) {
        pieces.add(text.substring(from, to));
      }
      if (at < 0) {
        break;
      }
      from = at + SEP.length();
    }
    int k = pieces.size(); // >= 1: the text is not blank, so some piece is not empty
    long[] weights = new long[k];
    for (int s = 0; s < k; s++) {
      weights[s] = Utf8.length(pieces.get(s)) + (s < k - 1 ? SEP.length() : 0);
    }
    long[] shares = LargestRemainder.split(tokens, weights);
    List<Step> steps = new ArrayList<>(k);
    for (int s = 0; s < k; s++) {
      StepEnd end = s < k - 1 ? StepEnd.STEP_BOUNDARY : cut ? StepEnd.LENGTH : StepEnd.END_OF_SOLUTION;
      steps.add(Step.of(pieces.get(s), (int) shares[s], end));
    }
    return new Continuation(steps);
  }
}
