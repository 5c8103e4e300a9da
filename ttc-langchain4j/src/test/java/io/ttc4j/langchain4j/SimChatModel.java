package io.ttc4j.langchain4j;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import io.ttc4j.core.Continuation;
import io.ttc4j.core.GenerationMode;
import io.ttc4j.core.GenerationResult;
import io.ttc4j.core.Generator;
import io.ttc4j.core.Problem;
import io.ttc4j.core.SamplingSpec;
import io.ttc4j.core.Step;
import io.ttc4j.core.StepEnd;
import io.ttc4j.core.Trajectory;
import io.ttc4j.sim.Simulator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * A LangChain4j {@link ChatModel} that answers from the simulator, as a served model would: it sees
 * only what a provider sees (messages, temperature, topP, max output tokens, stop sequences and the
 * seed of {@link SeededParameters}), and replies with the simulator's text, the steps joined by
 * blank lines, with the simulator's token counts as {@link TokenUsage}.
 *
 * <p>A seed found in {@link #expectSeeds} maps back to the simulator's (call seed, sample index), so
 * that sample {@code i} of a call is exactly sample {@code i} of the in-process simulator; any other
 * seed is used as a call seed with index 0. A partial solution in the conversation (an assistant
 * message) is mapped back to the simulator's steps by their texts, which it remembers.
 *
 * <p>Counts calls and the most calls in flight; can be slowed down, held at a gate, made to throw,
 * to reply blank, or to report no usage.
 */
final class SimChatModel implements ChatModel {

  private final Generator sim;
  private final Map<String, Problem> byPrompt = new HashMap<>();
  private final Map<String, Step> stepsByText = new ConcurrentHashMap<>();
  private final Map<Long, long[]> seedTable = new ConcurrentHashMap<>();
  private final AtomicInteger unseeded = new AtomicInteger();

  final AtomicInteger started = new AtomicInteger();
  final AtomicInteger inFlight = new AtomicInteger();
  final AtomicInteger maxInFlight = new AtomicInteger();
  final AtomicInteger interrupted = new AtomicInteger();
  final Queue<ChatRequest> received = new ConcurrentLinkedQueue<>();

  volatile long latencyMillis;
  volatile CountDownLatch gate;
  /** Called with the number of the call (from 1); a non-null result is thrown. */
  volatile IntFunction<RuntimeException> failure = k -> null;
  volatile boolean blankReplies;
  volatile boolean withoutUsage;

  SimChatModel(Simulator simulator, List<Problem> problems) {
    this.sim = simulator.generator();
    for (Problem p : problems) {
      byPrompt.put(p.prompt(), p);
    }
  }

  /** Maps the sample seeds of calls with {@code callSeed} back to (callSeed, index) for indexes below {@code n}. */
  void expectSeeds(long callSeed, int n) {
    for (int i = 0; i < n; i++) {
      seedTable.put(LangChain4jGenerator.sampleSeed(callSeed, i), new long[] {callSeed, i});
    }
  }

  @Override
  public ChatRequestParameters defaultRequestParameters() {
    return SeededParameters.EMPTY;
  }

  @Override
  public ChatResponse doChat(ChatRequest request) {
    int k = started.incrementAndGet();
    int now = inFlight.incrementAndGet();
    maxInFlight.accumulateAndGet(now, Math::max);
    received.add(request);
    try {
      pause();
      RuntimeException e = failure.apply(k);
      if (e != null) {
        throw e;
      }
      return answer(request);
    } finally {
      inFlight.decrementAndGet();
    }
  }

  private void pause() {
    try {
      CountDownLatch g = gate;
      if (g != null) {
        g.await();
      }
      if (latencyMillis > 0) {
        Thread.sleep(latencyMillis);
      }
    } catch (InterruptedException e) {
      interrupted.incrementAndGet();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private ChatResponse answer(ChatRequest request) {
    Problem problem = null;
    Trajectory prefix = Trajectory.empty();
    for (ChatMessage m : request.messages()) {
      if (problem == null && m instanceof UserMessage u) {
        problem = byPrompt.get(u.singleText());
      }
      if (m instanceof AiMessage a) {
        List<Step> steps = new ArrayList<>();
        for (String t : a.text().split(Trajectory.STEP_SEPARATOR, -1)) {
          Step s = stepsByText.get(t);
          if (s == null) {
            throw new IllegalArgumentException("a prefix step this model never wrote: " + t);
          }
          steps.add(s);
        }
        prefix = Trajectory.of(steps);
      }
    }
    if (problem == null) {
      throw new IllegalArgumentException("no known problem in " + request.messages());
    }
    long seed;
    int index;
    Long sent = request.parameters() instanceof SeededParameters s ? s.seed() : null;
    if (sent == null) {
      seed = unseeded.incrementAndGet() * 0x9E3779B97F4A7C15L; // no seed: a new sample every time
      index = 0;
    } else {
      long[] known = seedTable.get(sent);
      seed = known != null ? known[0] : sent;
      index = known != null ? (int) known[1] : 0;
    }
    List<String> stop = request.stopSequences();
    GenerationMode mode = stop != null && stop.contains(Trajectory.STEP_SEPARATOR)
        ? GenerationMode.ONE_STEP : GenerationMode.TO_END;
    SamplingSpec spec = new SamplingSpec(index + 1, request.temperature(), request.topP(),
        request.maxOutputTokens(), List.of(), seed, mode, false);
    GenerationResult r = sim.generate(problem, prefix, spec).join();
    Continuation c = r.continuations().get(index);
    List<String> texts = new ArrayList<>();
    for (Step s : c.steps()) {
      stepsByText.put(s.text(), s);
      texts.add(s.text());
    }
    StepEnd last = c.steps().get(c.steps().size() - 1).end();
    String text = blankReplies ? " \n " : String.join(Trajectory.STEP_SEPARATOR, texts);
    ChatResponse.Builder b = ChatResponse.builder()
        .aiMessage(AiMessage.from(text))
        .finishReason(last == StepEnd.LENGTH ? FinishReason.LENGTH : FinishReason.STOP);
    if (!withoutUsage) {
      b.tokenUsage(new TokenUsage((int) r.usage().promptTokens(), (int) c.tokens()));
    }
    return b.build();
  }

  /** The simulator's own steps behind a trajectory this model wrote (with the simulator's token counts). */
  Trajectory original(Trajectory t) {
    List<Step> steps = new ArrayList<>();
    for (Step s : t.steps()) {
      Step o = stepsByText.get(s.text());
      if (o == null) {
        throw new IllegalArgumentException("a step this model never wrote: " + s.text());
      }
      steps.add(o);
    }
    return Trajectory.of(steps);
  }
}
