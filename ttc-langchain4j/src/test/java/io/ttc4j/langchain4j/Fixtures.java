package io.ttc4j.langchain4j;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import io.ttc4j.core.Problem;
import io.ttc4j.datasets.Datasets;
import io.ttc4j.sim.Simulator;
import io.ttc4j.sim.SimulatorPreset;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/** MATH-500 problems, the simulator, scripted models and waiting helpers shared by the tests. */
final class Fixtures {

  static final long SIM_SEED = 42;
  private static final List<Problem> MATH500 = Datasets.load("math500");

  private Fixtures() {}

  /** The first {@code k} MATH-500 problems. */
  static List<Problem> problems(int k) {
    return MATH500.subList(0, k);
  }

  static Simulator sim() {
    return Simulator.create(SimulatorPreset.named("math500"), SIM_SEED);
  }

  /** A model that answers every request with {@code reply} and records the requests. */
  static final class Scripted implements ChatModel {
    final Queue<ChatRequest> received = new ConcurrentLinkedQueue<>();
    private final Function<ChatRequest, ChatResponse> reply;

    Scripted(Function<ChatRequest, ChatResponse> reply) {
      this.reply = reply;
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
      received.add(request);
      return reply.apply(request);
    }
  }

  /** A model that always replies {@code text} with {@code finish} and {@code usage} (either may be null). */
  static Scripted replying(String text, FinishReason finish, TokenUsage usage) {
    return replying(AiMessage.from(text), finish, usage);
  }

  /** A model that always replies {@code message} with {@code finish} and {@code usage} (either may be null). */
  static Scripted replying(AiMessage message, FinishReason finish, TokenUsage usage) {
    return new Scripted(r -> {
      ChatResponse.Builder b = ChatResponse.builder().aiMessage(message).finishReason(finish);
      if (usage != null) {
        b.tokenUsage(usage);
      }
      return b.build();
    });
  }

  /** Waits up to 10 s for {@code condition}; fails the test if it never holds. */
  static void await(BooleanSupplier condition, String what) {
    await(condition, () -> what);
  }

  /** Waits up to 10 s for {@code condition}; fails the test with {@code what} if it never holds. */
  static void await(BooleanSupplier condition, java.util.function.Supplier<String> what) {
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("timed out waiting for " + what.get());
      }
      try {
        Thread.sleep(2);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  /** Threads of owned pools with {@code name} that are alive. */
  static long liveWorkers(String name) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith("ttc4j-langchain4j-" + name + "-"))
        .count();
  }
}
