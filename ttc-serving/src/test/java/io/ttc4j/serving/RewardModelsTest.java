package io.ttc4j.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ttc4j.core.Continuation;
import io.ttc4j.core.Generator;
import io.ttc4j.core.Problem;
import io.ttc4j.core.ProcessRewardModel;
import io.ttc4j.core.RewardScores;
import io.ttc4j.core.SamplingSpec;
import io.ttc4j.core.Trajectory;
import io.ttc4j.core.Usage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RewardModelsTest {

  private final List<Problem> problems = Fixtures.problems(6);
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

  /** Whole solutions and half-way prefixes from the in-process simulator, registered with the fake. */
  private List<Trajectory> trajectories(Problem p) {
    Generator local = Fixtures.sim().generator();
    List<Trajectory> out = new ArrayList<>();
    for (Continuation c : local.generate(p, Trajectory.empty(), SamplingSpec.toEnd(8, 0.8, 2048, 9)).join()
        .continuations()) {
      Trajectory t = Trajectory.empty().appendAll(c.steps());
      out.add(t);
      if (t.depth() > 2) {
        out.add(Trajectory.empty().appendAll(c.steps().subList(0, t.depth() / 2)));
      }
      server.remember(p, t);
    }
    out.add(Trajectory.empty());
    return out;
  }

  private static void assertScores(RewardScores expected, RewardScores actual, double tolerance) {
    assertEquals(expected.stepScores().size(), actual.stepScores().size());
    for (int i = 0; i < expected.stepScores().size(); i++) {
      assertArrayEquals(expected.stepScores().get(i), actual.stepScores().get(i), tolerance, "trajectory " + i);
    }
  }

  @Test
  void poolingScoresEqualTheSimulatorPrmAndBatchInChunks() {
    VllmPoolingRewardModel prm = VllmPoolingRewardModel.builder().endpoint(endpoint).model(FakeServer.POOLING_PRM)
        .maxBatchSize(5).build();
    ProcessRewardModel local = Fixtures.sim().prm();
    int requests = 0;
    for (Problem p : problems) {
      List<Trajectory> ts = trajectories(p);
      long before = server.prmPromptTokens.get();
      RewardScores served = prm.score(p, ts).join();
      assertScores(local.score(p, ts).join(), served, 0);
      long localTokens = 0;
      for (Trajectory t : ts) {
        if (!t.isEmpty()) localTokens += local.score(p, List.of(t)).join().usage().prmTokens();
      }
      assertEquals(server.prmPromptTokens.get() - before, localTokens, "the fake reports the simulator's token count");
      assertEquals(Usage.ofPrm(ts.size() - 1, localTokens), served.usage(),
          "the empty trajectory is not scored; tokens are the server's usage summed over the chunks");
      requests += (ts.size() - 1 + 4) / 5;
    }
    assertEquals(requests, server.requests.get());
    for (FakeServer.Received r : server.received()) {
      assertEquals("/pooling", r.path());
      assertTrue(r.body().get("input").size() <= 5);
      assertTrue(!r.body().has("task"), "no task unless configured");
    }
    String first = server.received().get(0).body().get("input").get(0).asText();
    assertTrue(first.startsWith("<|im_start|>system\n" + PromptTemplate.QWEN25_MATH_SYSTEM_PROMPT
        + "<|im_end|>\n<|im_start|>user\n" + problems.get(0).prompt() + "<|im_end|>\n<|im_start|>assistant\n"), first);
    assertTrue(first.endsWith("<extra_0><|im_end|>\n"), first);
  }

  @Test
  void plusMinusScoresEqualTheSimulatorPrmWithPromptsBatched() {
    LogprobRewardModel prm = LogprobRewardModel.builder().endpoint(endpoint).model(FakeServer.LOGPROB_PRM)
        .maxPromptsPerRequest(16).build();
    ProcessRewardModel local = Fixtures.sim().prm();
    int steps = 0;
    int requests = 0;
    for (Problem p : problems.subList(0, 3)) {
      List<Trajectory> ts = trajectories(p);
      long before = server.prmPromptTokens.get();
      RewardScores served = prm.score(p, ts).join();
      assertScores(local.score(p, ts).join(), served, 1e-12);
      int d = ts.stream().mapToInt(Trajectory::depth).sum();
      steps += d;
      requests += (d + 15) / 16;
      long reported = server.prmPromptTokens.get() - before;
      assertTrue(reported > 0);
      assertEquals(Usage.ofPrm(ts.size() - 1, reported), served.usage(), "tokens summed over the requests' usage");
    }
    assertEquals(requests, server.requests.get());
    int prompts = 0;
    for (FakeServer.Received r : server.received()) {
      assertEquals("/v1/completions", r.path());
      assertEquals(1, r.body().get("max_tokens").asInt());
      assertEquals(20, r.body().get("logprobs").asInt());
      assertTrue(r.body().get("prompt").size() <= 16);
      prompts += r.body().get("prompt").size();
    }
    assertEquals(steps, prompts, "one prompt per step");
    String first = server.received().get(0).body().get("prompt").get(0).asText();
    assertTrue(first.startsWith("<|start_header_id|>user<|end_header_id|>\n\n" + problems.get(0).prompt().strip()
        + " [#"), first);
    assertTrue(first.endsWith("<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n"), first);
  }

  @Test
  void aMissingJudgementTokenIsBoundedAndNoJudgementIsAnError() {
    LogprobRewardModel prm = LogprobRewardModel.builder().endpoint(endpoint).model(FakeServer.LOGPROB_PRM).build();
    Problem p = problems.get(0);
    List<Trajectory> ts = trajectories(p).subList(0, 1);
    double exact = Fixtures.sim().prm().score(p, ts).join().stepScores().get(0)[0];
    server.prmOmitMinus = true;
    double bounded = prm.score(p, ts).join().stepScores().get(0)[0];
    assertEquals(1 / (1 + Math.exp(-11.25 - Math.log(exact))), bounded, 1e-12, "'-' taken at the lowest listed");
    server.prmOmitMinus = false;
    server.prmNoJudgement = true;
    CompletionException e = assertThrows(CompletionException.class, () -> prm.score(p, ts).join());
    ServingException x = assertInstanceOf(ServingException.class, e.getCause());
    assertTrue(x.getMessage().contains("neither '+' nor '-'"), x.getMessage());
  }

  @Test
  void poolingEveryTokenInsteadOfTheStepTagsIsExplained() {
    server.poolingEveryToken = true;
    VllmPoolingRewardModel prm = VllmPoolingRewardModel.builder().endpoint(endpoint).model(FakeServer.POOLING_PRM)
        .poolingTask("token_classify").build();
    Problem p = problems.get(0);
    CompletionException e = assertThrows(CompletionException.class, () -> prm.score(p, trajectories(p)).join());
    ServingException x = assertInstanceOf(ServingException.class, e.getCause());
    assertTrue(x.getMessage().contains("rows for a trajectory of") && x.getMessage().contains("<extra_0>"),
        x.getMessage());
    assertEquals("token_classify", server.received().get(0).body().get("task").asText());
  }
}
