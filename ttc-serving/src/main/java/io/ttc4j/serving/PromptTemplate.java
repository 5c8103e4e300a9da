package io.ttc4j.serving;

import io.ttc4j.core.Problem;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Turns a problem into what a model is sent: chat messages for {@code /v1/chat/completions}, and the
 * same conversation rendered as raw text, up to the start of the answer, for
 * {@code /v1/completions}. Pick the preset of the model family, or write your own.
 *
 * <pre>{@code
 * PromptTemplate.qwen25Math()                       // Qwen2.5-Math-Instruct, chain of thought
 * PromptTemplate.llama3("Solve step by step ...")   // Llama 3 instruct models
 * PromptTemplate.plain()                            // base models: the problem, then a blank line
 * PromptTemplate.of(ChatFormat.CHATML, null)        // ChatML without a system prompt
 * }</pre>
 *
 * <p>Implementations are immutable and thread-safe. For step-wise search the model should separate
 * steps with a blank line ({@code "\n\n"}, {@link io.ttc4j.core.Trajectory#STEP_SEPARATOR}); say so
 * in the system prompt when the model does not do it by itself.
 */
public interface PromptTemplate {

  /** The system prompt Qwen recommends for chain-of-thought with Qwen2.5-Math-Instruct. */
  String QWEN25_MATH_SYSTEM_PROMPT = "Please reason step by step, and put your final answer within \\boxed{}.";

  /** This project's default system prompt for Llama 3 instruct models on math problems. */
  String LLAMA3_MATH_SYSTEM_PROMPT = "Solve the math problem step by step. Write each step as one paragraph and "
      + "separate the steps with a blank line. End with the final answer in the form $\\boxed{answer}$.";

  /** The conversation for {@code problem}: an optional system message, then the user message. */
  List<ChatMessage> messages(Problem problem);

  /** How {@link #messages} becomes raw prompt text. */
  ChatFormat format();

  /** The raw prompt of {@code problem} for {@code /v1/completions}, ending where the answer begins. */
  default String render(Problem problem) {
    return format().render(messages(problem), true);
  }

  /** Qwen2.5-Math-Instruct: ChatML with Qwen's chain-of-thought system prompt. */
  static PromptTemplate qwen25Math() {
    return of(ChatFormat.CHATML, QWEN25_MATH_SYSTEM_PROMPT);
  }

  /** Llama 3 instruct with {@link #LLAMA3_MATH_SYSTEM_PROMPT}. */
  static PromptTemplate llama3() {
    return of(ChatFormat.LLAMA3, LLAMA3_MATH_SYSTEM_PROMPT);
  }

  /** Llama 3 instruct with {@code systemPrompt} (or none when {@code null}). */
  static PromptTemplate llama3(String systemPrompt) {
    return of(ChatFormat.LLAMA3, systemPrompt);
  }

  /** No markup: the problem followed by a blank line; the chat endpoint gets one user message. */
  static PromptTemplate plain() {
    return of(ChatFormat.PLAIN, null);
  }

  /**
   * {@code format} with an optional system prompt and the problem as the user message.
   *
   * @param systemPrompt the system message, or {@code null} for none
   */
  static PromptTemplate of(ChatFormat format, String systemPrompt) {
    Objects.requireNonNull(format, "format");
    return new PromptTemplate() {
      @Override
      public List<ChatMessage> messages(Problem problem) {
        List<ChatMessage> out = new ArrayList<>(2);
        if (systemPrompt != null) {
          out.add(ChatMessage.system(systemPrompt));
        }
        out.add(ChatMessage.user(problem.prompt()));
        return out;
      }

      @Override
      public ChatFormat format() {
        return format;
      }

      @Override
      public String toString() {
        return "PromptTemplate[" + format + (systemPrompt == null ? "" : ", with system prompt") + "]";
      }
    };
  }
}
