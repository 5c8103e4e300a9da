package io.ttc4j.serving;

import java.util.List;

/**
 * How a model family turns a conversation into the raw prompt text of {@code /v1/completions}: the
 * client-side equivalent of the chat template the server applies on {@code /v1/chat/completions}
 * ({@code apply_chat_template(..., tokenize=False)} in Hugging Face terms). Special tokens are
 * written as text; the server's tokenizer maps them to their ids.
 *
 * <p>None of the formats writes a beginning-of-sequence token: {@code /v1/completions} on vLLM adds
 * it ({@code add_special_tokens} defaults to true), and writing it too would double it.
 */
public enum ChatFormat {

  /**
   * ChatML, used by Qwen2 and Qwen2.5 (including Qwen2.5-Math and its reward models): each message
   * is {@code <|im_start|>role\ncontent<|im_end|>\n}; the generation prompt is
   * {@code <|im_start|>assistant\n}.
   */
  CHATML {
    @Override
    void append(StringBuilder b, ChatMessage m) {
      b.append("<|im_start|>").append(m.role()).append('\n').append(m.content()).append("<|im_end|>\n");
    }

    @Override
    String generationPrompt() {
      return "<|im_start|>assistant\n";
    }
  },

  /**
   * Llama 3 (3, 3.1, 3.2 instruct): each message is
   * {@code <|start_header_id|>role<|end_header_id|>\n\ncontent<|eot_id|>} with the content trimmed,
   * as Meta's template does; the generation prompt is the assistant header. No date header is
   * added: put one in the system prompt if the model expects it.
   */
  LLAMA3 {
    @Override
    void append(StringBuilder b, ChatMessage m) {
      b.append("<|start_header_id|>").append(m.role()).append("<|end_header_id|>\n\n").append(m.content().strip())
          .append("<|eot_id|>");
    }

    @Override
    String generationPrompt() {
      return "<|start_header_id|>assistant<|end_header_id|>\n\n";
    }
  },

  /**
   * No markup, for base models: the contents separated by a blank line, and a blank line before the
   * answer.
   */
  PLAIN {
    @Override
    void append(StringBuilder b, ChatMessage m) {
      b.append(m.content()).append("\n\n");
    }

    @Override
    String generationPrompt() {
      return "";
    }
  };

  abstract void append(StringBuilder b, ChatMessage m);

  abstract String generationPrompt();

  /**
   * The prompt text of {@code messages}.
   *
   * @param addGenerationPrompt whether to open an assistant turn at the end (for generation), or
   *                            to stop after the last message (for scoring a finished conversation)
   */
  public String render(List<ChatMessage> messages, boolean addGenerationPrompt) {
    StringBuilder b = new StringBuilder(64);
    for (ChatMessage m : messages) {
      append(b, m);
    }
    if (addGenerationPrompt) {
      b.append(generationPrompt());
    }
    return b.toString();
  }
}
