package io.ttc4j.langchain4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ttc4j.core.Budget;
import io.ttc4j.core.Candidate;
import io.ttc4j.core.Generator;
import io.ttc4j.core.Problem;
import io.ttc4j.core.ProcessRewardModel;
import io.ttc4j.core.RewardScores;
import io.ttc4j.core.Search;
import io.ttc4j.core.SearchResult;
import io.ttc4j.core.Selection;
import io.ttc4j.core.StopReason;
import io.ttc4j.core.Trajectory;
import io.ttc4j.datasets.MathAnswers;
import io.ttc4j.sim.Simulator;
import io.ttc4j.strategies.BestOfN;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Best-of-N through {@link Search} over a LangChain4j {@code ChatModel} that answers from the
 * simulator gives exactly the in-process simulator's answers and samples on 20 MATH-500 problems,
 * with N chat requests where the simulator makes one call.
 */
class BestOfNEndToEndTest {

  private static final int N = 8;
  private static final int CONCURRENCY = 4;
  private final List<Problem> problems = Fixtures.problems(20);
  private final Simulator sim = Fixtures.sim();

  private static Search search(Generator g, ProcessRewardModel prm, Selection selection) {
    Search.Builder b = Search.builder().generator(g).strategy(BestOfN.of(N, selection))
        .answerExtractor(MathAnswers.extractor()).equivalence(MathAnswers.equivalence());
    if (prm != null) {
      b.prm(prm);
    }
    return b.build();
  }

  /** Every problem at once, as a service would, with seed 1000 + problem index. */
  private List<SearchResult> solveAll(Search s) {
    List<CompletableFuture<SearchResult>> fs = new ArrayList<>();
    for (int i = 0; i < problems.size(); i++) {
      fs.add(s.solve(problems.get(i), Budget.unlimited(), 1000 + i));
    }
    List<SearchResult> out = new ArrayList<>();
    fs.forEach(f -> out.add(f.join()));
    return out;
  }

  private SimChatModel model() {
    SimChatModel m = new SimChatModel(sim, problems);
    for (int i = 0; i < problems.size(); i++) {
      m.expectSeeds(1000 + i, N);
    }
    return m;
  }

  private static LangChain4jGenerator generator(SimChatModel m) {
    return LangChain4jGenerator.builder(m).sampleParameters(SeededParameters.BINDING)
        .maxConcurrentCalls(CONCURRENCY).name("e2e").build();
  }

  private int correct(List<SearchResult> rs) {
    int k = 0;
    for (int i = 0; i < rs.size(); i++) {
      String a = rs.get(i).answer();
      k += a != null && MathAnswers.equivalence().equivalent(a, problems.get(i).reference()) ? 1 : 0;
    }
    return k;
  }

  private void assertSameSearch(SearchResult local, SearchResult chat, String what) {
    assertEquals(StopReason.COMPLETED, chat.stopReason(), what);
    assertEquals(local.answer(), chat.answer(), what);
    List<Candidate> cl = local.inGenerationOrder();
    List<Candidate> cc = chat.inGenerationOrder();
    assertEquals(cl.size(), cc.size(), what);
    for (int c = 0; c < cl.size(); c++) {
      assertEquals(cl.get(c).answer(), cc.get(c).answer(), what + " candidate " + c);
      assertTrue(cl.get(c).trajectory().sameSteps(cc.get(c).trajectory()), what + " candidate " + c + " steps");
      assertEquals(cl.get(c).trajectory().tokens(), cc.get(c).trajectory().tokens(), what + " candidate " + c);
    }
    // one chat request per sample: N prompts where the simulator charges one per call
    assertEquals(local.usage().generations(), chat.usage().generations(), what);
    assertEquals(local.usage().completionTokens(), chat.usage().completionTokens(), what);
    assertEquals(N * local.usage().promptTokens(), chat.usage().promptTokens(), what);
    assertEquals(0, chat.usage().cachedPromptTokens(), what);
  }

  @Test
  void majorityVoteOverTheChatModelGivesTheSimulatorsAnswers() {
    SimChatModel m = model();
    try (LangChain4jGenerator g = generator(m)) {
      List<SearchResult> local = solveAll(search(sim.generator(), null, Selection.MAJORITY));
      List<SearchResult> chat = solveAll(search(g, null, Selection.MAJORITY));
      for (int i = 0; i < problems.size(); i++) {
        assertSameSearch(local.get(i), chat.get(i), "majority " + problems.get(i).id());
      }
      assertEquals(problems.size() * N, m.started.get(), "one chat request per sample");
      assertTrue(m.maxInFlight.get() <= CONCURRENCY, "in flight " + m.maxInFlight.get());
      int k = correct(chat);
      assertEquals(correct(local), k);
      System.out.printf("majority best-of-%d over the LangChain4j fake: %d of %d correct, as in-process; "
          + "%d chat requests, at most %d in flight%n", N, k, problems.size(), m.started.get(), m.maxInFlight.get());
    }
  }

  @Test
  void weightedSelectionWithTheSimulatorsPrmGivesTheSameAnswersAndScores() {
    SimChatModel m = model();
    ProcessRewardModel simPrm = sim.prm();
    // the simulator's PRM hashes step token counts, which a chat reply only apportions: score the
    // simulator's own steps behind each sampled text
    ProcessRewardModel prm = new ProcessRewardModel() {
      @Override
      public CompletableFuture<RewardScores> score(Problem problem, List<Trajectory> trajectories) {
        List<Trajectory> originals = new ArrayList<>();
        for (Trajectory t : trajectories) {
          originals.add(m.original(t));
        }
        return simPrm.score(problem, originals);
      }
    };
    try (LangChain4jGenerator g = generator(m)) {
      List<SearchResult> local = solveAll(search(sim.generator(), simPrm, Selection.WEIGHTED));
      List<SearchResult> chat = solveAll(search(g, prm, Selection.WEIGHTED));
      for (int i = 0; i < problems.size(); i++) {
        String what = "weighted " + problems.get(i).id();
        assertSameSearch(local.get(i), chat.get(i), what);
        List<Candidate> cl = local.get(i).inGenerationOrder();
        List<Candidate> cc = chat.get(i).inGenerationOrder();
        for (int c = 0; c < cl.size(); c++) {
          assertEquals(cl.get(c).score(), cc.get(c).score(), 0.0, what + " candidate " + c);
        }
      }
      System.out.printf("weighted best-of-%d over the LangChain4j fake: %d of %d correct, as in-process%n", N,
          correct(chat), problems.size());
    }
  }
}
