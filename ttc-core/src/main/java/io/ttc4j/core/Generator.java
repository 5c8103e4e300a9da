package io.ttc4j.core;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * Anything that proposes reasoning steps: an LLM behind a server, a local model, a simulator.
 *
 * <p>Implementations are thread-safe and asynchronous: {@link #generate} returns at once and
 * completes the future when the continuations arrive; it never blocks the calling thread on I/O.
 * Cancelling the returned future should abort the request where the transport allows.
 */
public interface Generator {

  /**
   * Samples {@code spec.n()} continuations of {@code prefix} for {@code problem}.
   *
   * @return the continuations and the usage reported for the call; the future fails on transport
   *     or server errors
   */
  CompletableFuture<GenerationResult> generate(Problem problem, Trajectory prefix, SamplingSpec spec);

  /**
   * An upper bound of the prompt tokens one call for this prefix will be charged, used to reserve
   * budget before the call. The default is the UTF-8 byte length of the prompt and the prefix plus
   * 64 tokens of template, a bound for byte-level BPE tokenizers; implementations that know their
   * tokenizer or template should return a tighter bound. A call whose reported prompt tokens exceed
   * this bound is recorded truthfully by the meter and flagged as an overshoot.
   */
  default long promptTokensUpperBound(Problem problem, Trajectory prefix) {
    long bytes = problem.prompt().getBytes(StandardCharsets.UTF_8).length;
    if (!prefix.isEmpty()) {
      bytes += prefix.text().getBytes(StandardCharsets.UTF_8).length;
    }
    return bytes + 64;
  }

  /**
   * An upper bound of the prompt tokens one call with {@code spec} will be charged: what the meter
   * reserves before the call. The default is {@link #promptTokensUpperBound(Problem, Trajectory)},
   * right for servers that read the prompt once for all {@code spec.n()} samples of a request; a
   * generator that sends several requests for one call (n seeded calls to a chat API, or requests
   * split because the server returns one choice each) is charged the prompt once per request and
   * must bound that.
   */
  default long promptTokensUpperBound(Problem problem, Trajectory prefix, SamplingSpec spec) {
    return promptTokensUpperBound(problem, prefix);
  }

  /** A short name for reports, for example the model name. */
  default String name() {
    return getClass().getSimpleName();
  }
}
