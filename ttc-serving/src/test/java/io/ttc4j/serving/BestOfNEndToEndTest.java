package io.ttc4j.serving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ttc4j.core.Aggregation;
import io.ttc4j.core.Budget;
import io.ttc4j.core.Candidate;
import io.ttc4j.core.Generator;
import io.ttc4j.core.Problem;
import io.ttc4j.core.ProcessRewardModel;
import io.ttc4j.core.Search;
import io.ttc4j.core.SearchResult;
import io.ttc4j.core.Usage;
import io.ttc4j.core.Selection;
import io.ttc4j.core.Step;
import io.ttc4j.core.StopReason;
import io.ttc4j.datasets.MathAnswers;
import io.ttc4j.serving.FakeServer.Fault;
import io.ttc4j.serving.FakeServer.Kind;
import io.ttc4j.sim.Simulator;
import io.ttc4j.strategies.BestOfN;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Best-of-N through {@link Search} over the loopback fake gives exactly the in-process simulator's
 * answers, candidates, scores and usage; injected faults are retried and change nothing.
 */
class BestOfNEndToEndTest {

  private static final int N = 8;
  private final List<Problem> problems = Fixtures.problems(40);
  private final Simulator sim = Fixtures.sim();
  private FakeServer server;

  @BeforeEach
  void start() throws Exception {
    server = new FakeServer(Fixtures.sim(), problems, Fixtures.TEMPLATE, "sk-e2e");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static Search search(Generator g, ProcessRewardModel prm, Selection selection, Budget budget) {
    return search(g, prm, BestOfN.of(N, selection), budget);
  }

  private static Search search(Generator g, ProcessRewardModel prm, BestOfN strategy, Budget budget) {
    return Search.builder().generator(g).prm(prm).strategy(strategy).budget(budget)
        .answerExtractor(MathAnswers.extractor()).equivalence(MathAnswers.equivalence()).build();
  }

  /** Solves every problem concurrently (as a service would) with seed = problem index. */
  private List<SearchResult> solveAll(Search s, Budget budget) {
    List<CompletableFuture<SearchResult>> fs = new ArrayList<>();
    for (int i = 0; i < problems.size(); i++) {
      fs.add(s.solve(problems.get(i), budget, 1000 + i));
    }
    List<SearchResult> out = new ArrayList<>();
    fs.forEach(f -> out.add(f.join()));
    return out;
  }

  private static void assertSame(SearchResult e, SearchResult a, boolean stepTokens, String what) {
    assertEquals(e.stopReason(), a.stopReason(), what);
    assertEquals(e.answer(), a.answer(), what);
    assertEquals(e.usage(), a.usage(), what + ": usage");
    List<Candidate> ce = e.inGenerationOrder();
    List<Candidate> ca = a.inGenerationOrder();
    assertEquals(ce.size(), ca.size(), what);
    for (int i = 0; i < ce.size(); i++) {
      assertEquals(ce.get(i).answer(), ca.get(i).answer(), what + " candidate " + i);
      assertTrue(ce.get(i).trajectory().sameSteps(ca.get(i).trajectory()), what + " candidate " + i);
      assertEquals(ce.get(i).score(), ca.get(i).score(), 0.0, what + " candidate " + i);
      if (ce.get(i).stepScores() != null) {
        assertArrayEquals(ce.get(i).stepScores(), ca.get(i).stepScores(), 0.0, what + " candidate " + i);
      }
      if (stepTokens) {
        List<Step> se = ce.get(i).trajectory().steps();
        List<Step> sa = ca.get(i).trajectory().steps();
        for (int j = 0; j < se.size(); j++) {
          assertEquals(se.get(j).tokens(), sa.get(j).tokens(), what + " candidate " + i + " step " + j);
        }
      }
    }
  }

  private static int correct(List<Problem> problems, List<SearchResult> rs) {
    int k = 0;
    for (int i = 0; i < rs.size(); i++) {
      String a = rs.get(i).answer();
      if (a != null && MathAnswers.equivalence().equivalent(a, problems.get(i).reference())) {
        k++;
      }
    }
    return k;
  }

  private ServerEndpoint endpoint(EndpointConfig config) {
    return ServerEndpoint.builder(server.baseUrl()).apiKey("sk-e2e").config(config).name("e2e").build();
  }

  @Test
  void servedBestOfNEqualsInProcessForEverySelection() {
    try (ServerEndpoint e = endpoint(Fixtures.fastConfig(3, Duration.ofSeconds(10)))) {
      Generator g = Fixtures.generator(e, false);
      ProcessRewardModel prm = VllmPoolingRewardModel.builder().endpoint(e).model(FakeServer.POOLING_PRM).build();
      for (Selection sel : List.of(Selection.NAIVE, Selection.WEIGHTED, Selection.MAJORITY)) {
        List<SearchResult> local = solveAll(search(sim.generator(), sim.prm(), sel, Budget.unlimited()),
            Budget.unlimited());
        List<SearchResult> served = solveAll(search(g, prm, sel, Budget.unlimited()), Budget.unlimited());
        for (int i = 0; i < problems.size(); i++) {
          assertSame(local.get(i), served.get(i), false, sel + " " + problems.get(i).id());
          assertEquals(StopReason.COMPLETED, served.get(i).stopReason());
        }
        int k = correct(problems, served);
        assertEquals(correct(problems, local), k);
        System.out.printf("best-of-%d/%s over the fake: %d of %d correct, as in-process%n", N, sel, k,
            problems.size());
      }
    }
  }

  @Test
  void servedBestOfNWithThePlusMinusPrmEqualsInProcess() {
    try (ServerEndpoint e = endpoint(Fixtures.fastConfig(3, Duration.ofSeconds(10)))) {
      Generator g = Fixtures.generator(e, false);
      ProcessRewardModel prm = LogprobRewardModel.builder().endpoint(e).model(FakeServer.LOGPROB_PRM).build();
      List<SearchResult> local = solveAll(search(sim.generator(), sim.prm(), Selection.WEIGHTED, Budget.unlimited()),
          Budget.unlimited());
      long before = server.prmPromptTokens.get();
      List<SearchResult> served = solveAll(search(g, prm, Selection.WEIGHTED, Budget.unlimited()), Budget.unlimited());
      long servedPrmTokens = 0;
      for (int i = 0; i < problems.size(); i++) {
        SearchResult a = served.get(i);
        SearchResult x = local.get(i);
        assertEquals(x.answer(), a.answer(), problems.get(i).id());
        // the plus/minus model reads every step's prefix as its own prompt, so its token count is its own
        assertEquals(x.usage().minus(Usage.ofPrm(0, x.usage().prmTokens())),
            a.usage().minus(Usage.ofPrm(0, a.usage().prmTokens())), problems.get(i).id());
        servedPrmTokens += a.usage().prmTokens();
        List<Candidate> ca = a.inGenerationOrder();
        List<Candidate> cx = x.inGenerationOrder();
        for (int c = 0; c < cx.size(); c++) {
          // ln p and ln(1-p) on the wire, p/(p+q) back: equal up to rounding
          assertEquals(cx.get(c).score(), ca.get(c).score(), 1e-12, problems.get(i).id() + " candidate " + c);
        }
      }
      assertEquals(server.prmPromptTokens.get() - before, servedPrmTokens, "every token the server reported is charged");
    }
  }

  @Test
  void faultsAreRetriedAndNeverChangeAnAnswer() {
    List<Fault> kinds = List.of(Fault.status(503), Fault.status(502), Fault.status(500), Fault.status(429, "0"),
        Fault.of(Kind.GARBAGE), Fault.of(Kind.TRUNCATED), Fault.of(Kind.DISCONNECT), Fault.of(Kind.SLOW, 900),
        Fault.of(Kind.STALL_BODY, 900));
    server.randomFaults(0.3, 11, kinds);
    EndpointConfig config = Fixtures.fastConfig(12, Duration.ofMillis(450));
    try (ServerEndpoint e = endpoint(config)) {
      Generator g = Fixtures.generator(e, false);
      ProcessRewardModel prm = VllmPoolingRewardModel.builder().endpoint(e).model(FakeServer.POOLING_PRM).build();
      List<SearchResult> local = solveAll(search(sim.generator(), sim.prm(), Selection.WEIGHTED, Budget.unlimited()),
          Budget.unlimited());
      List<SearchResult> served = solveAll(search(g, prm, Selection.WEIGHTED, Budget.unlimited()), Budget.unlimited());
      for (int i = 0; i < problems.size(); i++) {
        assertSame(local.get(i), served.get(i), false, "with faults " + problems.get(i).id());
      }
      assertTrue(server.faultsInjected.get() >= 10, "faults injected: " + server.faultsInjected.get());
      System.out.printf("weighted best-of-%d with %d injected faults in %d requests: %d of %d correct, as in-process%n",
          N, server.faultsInjected.get(), server.requests.get(), correct(problems, served), problems.size());
    }
  }

  @Test
  void exactTokenCountsGiveIdenticalTrajectoriesScoredByTheInProcessPrm() {
    try (ServerEndpoint e = endpoint(Fixtures.fastConfig(3, Duration.ofSeconds(10)))) {
      Generator g = Fixtures.generator(e, true);
      List<SearchResult> local = solveAll(search(sim.generator(), sim.prm(), Selection.NAIVE, Budget.unlimited()),
          Budget.unlimited());
      // the simulator PRM hashes step token counts: equal scores need exactly equal steps
      List<SearchResult> served = solveAll(search(g, sim.prm(), Selection.NAIVE, Budget.unlimited()),
          Budget.unlimited());
      for (int i = 0; i < problems.size(); i++) {
        assertSame(local.get(i), served.get(i), true, "exact tokens " + problems.get(i).id());
      }
    }
  }

  @Test
  void aHardTokenBudgetStopsServedAndInProcessSearchesAlike() {
    Budget budget = Budget.tokens(1500);
    BestOfN strategy = BestOfN.of(new BestOfN.Config(N, Selection.WEIGHTED, Aggregation.LAST, 0.8, 400, false));
    try (ServerEndpoint e = endpoint(Fixtures.fastConfig(3, Duration.ofSeconds(10)))) {
      Generator g = Fixtures.generator(e, false);
      ProcessRewardModel prm = VllmPoolingRewardModel.builder().endpoint(e).model(FakeServer.POOLING_PRM).build();
      List<SearchResult> local = solveAll(search(sim.generator(), sim.prm(), strategy, budget), budget);
      List<SearchResult> served = solveAll(search(g, prm, strategy, budget), budget);
      int stoppedByBudget = 0;
      for (int i = 0; i < problems.size(); i++) {
        assertSame(local.get(i), served.get(i), false, "budget " + problems.get(i).id());
        assertTrue(served.get(i).usage().completionTokens() <= 1500);
        stoppedByBudget += served.get(i).stopReason() == StopReason.BUDGET ? 1 : 0;
      }
      assertTrue(stoppedByBudget > 0, "the budget bound some searches");
    }
  }
}
