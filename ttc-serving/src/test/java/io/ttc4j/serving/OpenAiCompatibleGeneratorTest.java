package io.ttc4j.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.ttc4j.core.Continuation;
import io.ttc4j.core.GenerationMode;
import io.ttc4j.core.GenerationResult;
import io.ttc4j.core.Generator;
import io.ttc4j.core.Problem;
import io.ttc4j.core.SamplingSpec;
import io.ttc4j.core.Step;
import io.ttc4j.core.StepEnd;
import io.ttc4j.core.Trajectory;
import io.ttc4j.core.Usage;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OpenAiCompatibleGeneratorTest {

  private final List<Problem> problems = Fixtures.problems(12);
  private FakeServer server;
  private ServerEndpoint endpoint;

  @BeforeEach
  void start() throws Exception {
    server = new FakeServer(Fixtures.sim(), problems, Fixtures.TEMPLATE, null);
    endpoint = Fixtures.endpoint(server, Fixtures.fastConfig(3, Duration.ofSeconds(10)));
  }

  @AfterEach
  void stop() {
    endpoint.close();
    server.close();
  }

  private static void assertSameSteps(List<Step> expected, List<Step> actual, boolean tokensToo) {
    assertEquals(expected.size(), actual.size(), "steps");
    for (int j = 0; j < expected.size(); j++) {
      Step e = expected.get(j);
      Step a = actual.get(j);
      assertEquals(e.text(), a.text(), "text of step " + j);
      assertEquals(e.end(), a.end(), "end of step " + j);
      if (tokensToo) {
        assertEquals(e.tokens(), a.tokens(), "tokens of step " + j);
        assertEquals(e.logProbability(), a.logProbability(), 1e-9 * Math.max(1, -e.logProbability()),
            "log-probability of step " + j);
      }
    }
  }

  @Test
  void sendsEverySamplingFieldExplicitly() {
    Generator g = Fixtures.generator(endpoint, false);
    Problem p = problems.get(0);
    g.generate(p, Trajectory.empty(), SamplingSpec.oneStep(3, 0.7, 256, 99)).join();
    g.generate(p, Trajectory.empty(), SamplingSpec.toEnd(2, 0.8, 1024, 5)).join();
    List<FakeServer.Received> got = server.received();
    JsonNode one = got.get(0).body();
    assertEquals("/v1/completions", got.get(0).path());
    assertEquals(FakeServer.POLICY, one.get("model").asText());
    assertEquals(Fixtures.TEMPLATE.render(p), one.get("prompt").asText());
    assertEquals(3, one.get("n").asInt());
    assertEquals(256, one.get("max_tokens").asInt(), "max_tokens always sent (vLLM defaults to 16)");
    assertEquals(0.7, one.get("temperature").asDouble());
    assertEquals(1.0, one.get("top_p").asDouble());
    assertEquals(99, one.get("seed").asLong());
    assertEquals("\n\n", one.get("stop").get(0).asText());
    assertFalse(one.has("logprobs"), "no log-probabilities unless asked");
    JsonNode all = got.get(1).body();
    assertEquals("/v1/chat/completions", got.get(1).path());
    assertEquals("system", all.get("messages").get(0).get("role").asText());
    assertEquals(PromptTemplate.QWEN25_MATH_SYSTEM_PROMPT, all.get("messages").get(0).get("content").asText());
    assertEquals(p.prompt(), all.get("messages").get(1).get("content").asText());
    assertEquals(1024, all.get("max_tokens").asInt());
    assertEquals(2, all.get("n").asInt());
    assertEquals(5, all.get("seed").asLong());
    assertFalse(all.has("stop"));
  }

  @Test
  void toEndMatchesTheInProcessSimulatorWithExactUsage() {
    Generator served = Fixtures.generator(endpoint, false);
    Generator local = Fixtures.sim().generator();
    for (Problem p : problems) {
      SamplingSpec spec = SamplingSpec.toEnd(6, 0.8, 2048, p.id().hashCode());
      GenerationResult a = served.generate(p, Trajectory.empty(), spec).join();
      GenerationResult e = local.generate(p, Trajectory.empty(), spec).join();
      assertEquals(e.usage(), a.usage(), "usage read from the response");
      long sum = 0;
      for (int i = 0; i < 6; i++) {
        assertSameSteps(e.continuations().get(i).steps(), a.continuations().get(i).steps(), false);
        sum += a.continuations().get(i).tokens();
      }
      assertEquals(a.usage().completionTokens(), sum, "apportioned tokens sum to the reported total");
    }
  }

  @Test
  void exactTokenCountsReproduceTheSimulatorStepByStep() {
    Generator served = Fixtures.generator(endpoint, true);
    Generator local = Fixtures.sim().generator();
    for (Problem p : problems) {
      SamplingSpec spec = SamplingSpec.toEnd(4, 0.8, 700, 3);
      GenerationResult a = served.generate(p, Trajectory.empty(), spec).join();
      GenerationResult e = local.generate(p, Trajectory.empty(), spec).join();
      for (int i = 0; i < 4; i++) {
        assertSameSteps(e.continuations().get(i).steps(), a.continuations().get(i).steps(), true);
      }
      assertEquals(e.usage(), a.usage());
    }
  }

  @Test
  void oneStepRoundTripsFollowTheSameTrajectoryAsTheSimulator() {
    Generator served = Fixtures.generator(endpoint, false);
    Generator local = Fixtures.sim().generator();
    for (Problem p : problems.subList(0, 6)) {
      Trajectory a = Trajectory.empty();
      Trajectory e = Trajectory.empty();
      int calls = 0;
      while (!e.isFinished()) {
        SamplingSpec spec = SamplingSpec.oneStep(3, 0.8, 512, 17 + calls);
        GenerationResult ra = served.generate(p, a, spec).join();
        GenerationResult re = local.generate(p, e, spec).join();
        assertEquals(re.usage(), ra.usage(), "usage of call " + calls);
        for (int i = 0; i < 3; i++) {
          assertSameSteps(re.continuations().get(i).steps(), ra.continuations().get(i).steps(), false);
        }
        // follow continuation 1, as a beam would
        a = a.append(ra.continuations().get(1).steps().get(0));
        e = e.append(re.continuations().get(1).steps().get(0));
        calls++;
        assertTrue(calls < 64);
      }
      assertTrue(a.sameSteps(e));
      assertEquals(e.lastStep().end(), a.lastStep().end());
      // the continued prompts carried the prefix and the separator
      String last = server.received().get(server.received().size() - 1).body().get("prompt").asText();
      assertTrue(calls == 1 || last.endsWith("\n\n"));
    }
  }

  @Test
  void oneStepWithOneChoiceHasExactTokensAndToEndEqualsTheChainOfSteps() {
    Generator served = Fixtures.generator(endpoint, false);
    Problem p = problems.get(3);
    SamplingSpec toEnd = SamplingSpec.toEnd(1, 0.8, 4096, 11);
    Continuation whole = served.generate(p, Trajectory.empty(), toEnd).join().continuations().get(0);
    Trajectory chain = Trajectory.empty();
    long tokens = 0;
    while (!chain.isFinished()) {
      GenerationResult r = served.generate(p, chain, SamplingSpec.oneStep(1, 0.8, 4096, 11)).join();
      Step s = r.continuations().get(0).steps().get(0);
      assertEquals(r.usage().completionTokens(), s.tokens(), "one choice, one step: all tokens");
      tokens += s.tokens();
      chain = chain.append(s);
    }
    assertTrue(Trajectory.empty().appendAll(whole.steps()).sameSteps(chain));
    assertEquals(whole.tokens(), tokens);
  }

  @Test
  void readsCachedPromptTokens() {
    server.reportCachedTokens = true;
    Generator served = Fixtures.generator(endpoint, false);
    Usage u = served.generate(problems.get(0), Trajectory.empty(), SamplingSpec.toEnd(2, 0.8, 512, 1)).join().usage();
    assertTrue(u.promptTokens() > 0);
    assertEquals(u.promptTokens() / 2, u.cachedPromptTokens());
  }

  @Test
  void stepEndsWithoutStopReasonFallBackToTheBoxedAnswerHeuristic() {
    server.omitStopReason = true;
    Generator served = Fixtures.generator(endpoint, false);
    Generator local = Fixtures.sim().generator();
    Problem p = problems.get(1);
    Trajectory a = Trajectory.empty();
    Trajectory e = Trajectory.empty();
    while (!e.isFinished()) {
      SamplingSpec spec = SamplingSpec.oneStep(1, 0.8, 4096, 5);
      Step sa = served.generate(p, a, spec).join().continuations().get(0).steps().get(0);
      Step se = local.generate(p, e, spec).join().continuations().get(0).steps().get(0);
      assertEquals(se.end(), sa.end(), "the simulator's last step states a boxed answer");
      a = a.append(sa);
      e = e.append(se);
    }
  }

  @Test
  void logprobsAreReturnedWhenTheSpecAsks() {
    Generator served = Fixtures.generator(endpoint, false);
    SamplingSpec spec = SamplingSpec.oneStep(2, 0.8, 512, 1).withLogprobs(true);
    GenerationResult r = served.generate(problems.get(0), Trajectory.empty(), spec).join();
    assertEquals(1, server.received().get(0).body().get("logprobs").asInt());
    for (Continuation c : r.continuations()) {
      assertTrue(c.steps().get(0).hasLogProbability());
      assertTrue(c.steps().get(0).logProbability() < 0);
    }
  }

  @Test
  void chatOrCompletionsIsConfigurablePerMode() {
    Generator g = OpenAiCompatibleGenerator.builder().endpoint(endpoint).model(FakeServer.POLICY)
        .promptTemplate(Fixtures.TEMPLATE).api(GenerationMode.TO_END, OpenAiCompatibleGenerator.Api.COMPLETIONS)
        .build();
    g.generate(problems.get(0), Trajectory.empty(), SamplingSpec.toEnd(1, 0.8, 256, 1)).join();
    assertEquals("/v1/completions", server.received().get(0).path());
  }

  @Test
  void promptTokenBoundIsBytesPlusMarginAndCoversTheServersCount() {
    OpenAiCompatibleGenerator g = Fixtures.generator(endpoint, false);
    for (Problem p : problems) {
      long bound = g.promptTokensUpperBound(p, Trajectory.empty());
      assertEquals(Fixtures.TEMPLATE.render(p).getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 128, bound);
      GenerationResult r = g.generate(p, Trajectory.empty(), SamplingSpec.toEnd(1, 0.8, 64, 1)).join();
      assertTrue(r.usage().promptTokens() <= bound);
    }
  }

  @Test
  void finishedPrefixIsRejectedAndBuilderValidates() {
    Generator g = Fixtures.generator(endpoint, false);
    Trajectory done = Trajectory.of(List.of(Step.of("x", 1, StepEnd.END_OF_SOLUTION)));
    assertThrows(IllegalArgumentException.class,
        () -> g.generate(problems.get(0), done, SamplingSpec.oneStep(1, 0.8, 16, 1)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> OpenAiCompatibleGenerator.builder().endpoint(endpoint).build());
    assertTrue(e.getMessage().contains("model"));
    assertThrows(IllegalArgumentException.class, () -> ServerEndpoint.builder("ftp://x"));
    IllegalArgumentException u = assertThrows(IllegalArgumentException.class,
        () -> ServerEndpoint.builder("http://user:hunter2@127.0.0.1:1"));
    assertFalse(u.getMessage().contains("hunter2"));
    assertNotNull(ServerEndpoint.builder("http://127.0.0.1:8000/v1/").build().baseUrl());
    assertEquals("http://127.0.0.1:8000", ServerEndpoint.builder("http://127.0.0.1:8000/v1/").build().baseUrl());
  }

  /** llama.cpp's server refuses n > 1: without a split the call fails clearly, with one it works. */
  @Test
  void aServerWithOneChoicePerRequestIsServedBySplittingTheCall() {
    server.oneChoiceOnly = true;
    Problem p = problems.get(0);
    SamplingSpec spec = SamplingSpec.toEnd(4, 0.8, 512, 7);
    OpenAiCompatibleGenerator whole = OpenAiCompatibleGenerator.builder().endpoint(endpoint)
        .model(FakeServer.POLICY).promptTemplate(Fixtures.TEMPLATE).build();
    java.util.concurrent.CompletionException e = org.junit.jupiter.api.Assertions.assertThrows(
        java.util.concurrent.CompletionException.class, () -> whole.generate(p, Trajectory.empty(), spec).join());
    assertTrue(e.getCause().getMessage().contains("Only one completion choice is allowed"), e.getCause().getMessage());

    OpenAiCompatibleGenerator split = OpenAiCompatibleGenerator.builder().endpoint(endpoint)
        .model(FakeServer.POLICY).promptTemplate(Fixtures.TEMPLATE).maxChoicesPerRequest(1).build();
    int before = server.requests.get();
    GenerationResult r = split.generate(p, Trajectory.empty(), spec).join();
    assertEquals(4, server.requests.get() - before, "one request per sample");
    assertEquals(4, r.continuations().size());
    assertEquals(4, r.usage().generations());
    GenerationResult one = split.generate(p, Trajectory.empty(), spec.withN(1)).join();
    assertEquals(4 * one.usage().promptTokens(), r.usage().promptTokens(), "each request is charged its prompt");
    assertEquals(one.continuations().get(0), r.continuations().get(0), "sample 0 keeps the call's seed");
    assertEquals(4 * split.promptTokensUpperBound(p, Trajectory.empty()),
        split.promptTokensUpperBound(p, Trajectory.empty(), spec), "the bound counts every request");
    assertTrue(r.usage().promptTokens() <= split.promptTokensUpperBound(p, Trajectory.empty(), spec));
    assertEquals(r.continuations(), split.generate(p, Trajectory.empty(), spec).join().continuations(),
        "same seed, same samples");
  }
}
