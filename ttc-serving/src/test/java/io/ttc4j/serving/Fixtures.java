package io.ttc4j.serving;

import io.ttc4j.core.Problem;
import io.ttc4j.datasets.Datasets;
import io.ttc4j.sim.Simulator;
import io.ttc4j.sim.SimulatorPreset;
import java.time.Duration;
import java.util.List;

/** Shared test fixtures: MATH-500 problems, the simulator, fast retry settings. */
final class Fixtures {

  static final long SIM_SEED = 42;
  static final PromptTemplate TEMPLATE = PromptTemplate.qwen25Math();
  private static final List<Problem> MATH500 = Datasets.load("math500");

  private Fixtures() {}

  /** The first {@code k} MATH-500 problems. */
  static List<Problem> problems(int k) {
    return MATH500.subList(0, k);
  }

  static Simulator sim() {
    return Simulator.create(SimulatorPreset.named("math500"), SIM_SEED);
  }

  /** Millisecond backoff so that retry tests run fast. */
  static RetryPolicy fastRetries(int attempts) {
    return new RetryPolicy(attempts, Duration.ofMillis(1), Duration.ofMillis(5), 2.0, 0.5, Duration.ofSeconds(5), 7);
  }

  static EndpointConfig fastConfig(int attempts, Duration requestTimeout) {
    return new EndpointConfig(16, Duration.ofSeconds(2), requestTimeout, fastRetries(attempts));
  }

  static ServerEndpoint endpoint(FakeServer server, EndpointConfig config) {
    return ServerEndpoint.builder(server.baseUrl()).config(config).name("test").build();
  }

  static OpenAiCompatibleGenerator generator(ServerEndpoint e, boolean exactTokens) {
    return OpenAiCompatibleGenerator.builder().endpoint(e).model(FakeServer.POLICY).promptTemplate(TEMPLATE)
        .exactTokenCounts(exactTokens).build();
  }
}
