package io.ttc4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ttc4j.core.Budget;
import io.ttc4j.core.Problem;
import io.ttc4j.core.Search;
import io.ttc4j.core.SearchResult;
import io.ttc4j.core.Selection;
import io.ttc4j.core.StopReason;
import io.ttc4j.datasets.Datasets;
import io.ttc4j.datasets.MathAnswers;
import io.ttc4j.sim.Simulator;
import io.ttc4j.sim.SimulatorPreset;
import io.ttc4j.strategies.BestOfN;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The README's embedding example, kept compiling and running. */
class EmbeddingExampleTest {

  @Test
  void readmeExample() {
    // --- README example starts here ---
    Simulator sim = Simulator.create(SimulatorPreset.named("math500"), 42);
    Search search = Search.builder()
        .generator(sim.generator())                       // any Generator: your LLM client, a local model
        .prm(sim.prm())                                   // any ProcessRewardModel
        .strategy(BestOfN.of(16, Selection.WEIGHTED))
        .budget(Budget.builder()
            .completionTokens(20_000)                     // hard limits, per query
            .deadline(Duration.ofSeconds(30))
            .build())
        .answerExtractor(MathAnswers.extractor())
        .equivalence(MathAnswers.equivalence())
        .build();

    Problem problem = Datasets.load("math500").get(0);
    SearchResult result = search.solve(problem).join();  // or compose the CompletableFuture
    System.out.println(result.answer() + " " + result.stopReason() + " " + result.usage());
    // --- README example ends here ---

    assertTrue(result.usage().completionTokens() <= 20_000);
    assertTrue(result.stopReason() == StopReason.COMPLETED || result.stopReason() == StopReason.BUDGET);
    assertEquals(result.candidates().size(), result.usage().prmCalls());
  }
}
