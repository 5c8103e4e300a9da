package io.ttc4j.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ttc4j.core.Problem;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatFormatTest {

  private final Problem p = Problem.of("p", "What is 1+1?");

  @Test
  void qwenChatMlRendering() {
    assertEquals("<|im_start|>system\nPlease reason step by step, and put your final answer within \\boxed{}."
        + "<|im_end|>\n<|im_start|>user\nWhat is 1+1?<|im_end|>\n<|im_start|>assistant\n",
        PromptTemplate.qwen25Math().render(p));
  }

  @Test
  void llama3Rendering() {
    assertEquals("<|start_header_id|>system<|end_header_id|>\n\nBe brief.<|eot_id|>"
        + "<|start_header_id|>user<|end_header_id|>\n\nWhat is 1+1?<|eot_id|>"
        + "<|start_header_id|>assistant<|end_header_id|>\n\n", PromptTemplate.llama3("Be brief.").render(p));
    assertEquals("<|start_header_id|>user<|end_header_id|>\n\na<|eot_id|>"
        + "<|start_header_id|>assistant<|end_header_id|>\n\n+<|eot_id|>",
        ChatFormat.LLAMA3.render(List.of(ChatMessage.user(" a "), ChatMessage.assistant("+")), false));
  }

  @Test
  void plainRendering() {
    assertEquals("What is 1+1?\n\n", PromptTemplate.plain().render(p));
    assertEquals(List.of(ChatMessage.user("What is 1+1?")), PromptTemplate.plain().messages(p));
  }
}
