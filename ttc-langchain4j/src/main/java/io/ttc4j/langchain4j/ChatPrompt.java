package io.ttc4j.langchain4j;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import io.ttc4j.core.GenerationMode;
import io.ttc4j.core.Problem;
import io.ttc4j.core.Trajectory;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The conversation a chat model is sent: for a fresh solution, and for the continuation of a
 * partial one.
 *
 * <p><b>Fresh solutions</b> ({@link #messages}): by default the problem as the only user message,
 * after an optional system message. Supply your own when the model expects another layout (a
 * few-shot conversation, a different role for instructions).
 *
 * <p><b>Continuations.</b> Chat APIs answer in a new assistant turn; most of them cannot continue a
 * half-written assistant message (a few providers accept an assistant "prefill", but not portably).
 * So the default {@link #continuation} puts the partial solution in the conversation as an
 * assistant message, its steps separated by blank lines, followed by a user message asking for
 * what comes next: {@link #NEXT_STEP_INSTRUCTION} for one step (sent with the stop sequence
 * {@code "\n\n"}), {@link #REST_INSTRUCTION} for the rest of the solution. A model may still
 * restart, repeat a step or number it differently; step-level search over a chat model is
 * therefore an approximation of step-level search over a completion model, and costs the whole
 * conversation in prompt tokens at every step.
 *
 * <p>Implementations must be immutable and thread-safe, and return the same messages for the same
 * arguments (the prompt-token bound is computed from them).
 */
public interface ChatPrompt {

  /** The user instruction after a partial solution when one more step is wanted. */
  String NEXT_STEP_INSTRUCTION = "Continue the solution above from where it stops. Write only the next step, "
      + "as a single paragraph, and do not repeat earlier steps. If this step finishes the solution, state the "
      + "final answer as \\boxed{answer}.";

  /** The user instruction after a partial solution when the rest of the solution is wanted. */
  String REST_INSTRUCTION = "Continue the solution above from where it stops to its end, without repeating "
      + "earlier steps. Put a blank line between steps and state the final answer as \\boxed{answer}.";

  /**
   * A system prompt that asks for the layout ttc4j splits on: one paragraph per step, blank lines
   * between steps, the final answer boxed.
   */
  String STEPWISE_SYSTEM_PROMPT = "Solve the problem step by step. Write every step as one paragraph and put a "
      + "blank line between consecutive steps. Finish with the final answer as \\boxed{answer}.";

  /** The conversation that asks for a fresh solution of {@code problem}; not empty. */
  List<ChatMessage> messages(Problem problem);

  /**
   * The conversation that asks to continue {@code prefix} (not empty) with one step or to the end.
   * The default is {@link #messages}, then the prefix text as an assistant message, then
   * {@link #NEXT_STEP_INSTRUCTION} or {@link #REST_INSTRUCTION} as a user message.
   */
  default List<ChatMessage> continuation(Problem problem, Trajectory prefix, GenerationMode mode) {
    List<ChatMessage> out = new ArrayList<>(messages(problem));
    out.add(AiMessage.from(prefix.text()));
    out.add(UserMessage.from(mode == GenerationMode.ONE_STEP ? NEXT_STEP_INSTRUCTION : REST_INSTRUCTION));
    return out;
  }

  /** The problem as the only message, a user message. */
  static ChatPrompt plain() {
    return withSystemPrompt(null);
  }

  /**
   * A system message (none when {@code systemPrompt} is {@code null}), then the problem as a user
   * message.
   */
  static ChatPrompt withSystemPrompt(String systemPrompt) {
    if (systemPrompt != null && systemPrompt.isBlank()) {
      throw new IllegalArgumentException("systemPrompt must be null or not blank, got '" + systemPrompt + "'");
    }
    return new ChatPrompt() {
      @Override
      public List<ChatMessage> messages(Problem problem) {
        Objects.requireNonNull(problem, "problem");
        UserMessage user = UserMessage.from(problem.prompt());
        return systemPrompt == null ? List.of(user) : List.of(SystemMessage.from(systemPrompt), user);
      }

      @Override
      public String toString() {
        return systemPrompt == null ? "ChatPrompt[plain]" : "ChatPrompt[with system prompt]";
      }
    };
  }
}
