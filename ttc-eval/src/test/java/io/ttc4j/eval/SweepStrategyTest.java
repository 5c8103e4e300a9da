package io.ttc4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ttc4j.core.AnswerEquivalence;
import io.ttc4j.core.Budget;
import io.ttc4j.core.Problem;
import io.ttc4j.core.Search;
import io.ttc4j.core.SearchResult;
import io.ttc4j.core.Selection;
import io.ttc4j.datasets.Datasets;
import io.ttc4j.datasets.MathAnswers;
import io.ttc4j.sim.Simulator;
import io.ttc4j.sim.SimulatorPreset;
import io.ttc4j.strategies.BeamSearch;
import io.ttc4j.strategies.Dvts;
import io.ttc4j.strategies.Rebase;
import java.util.List;
import org.junit.jupiter.api.Test;

class SweepStrategyTest {

  /** A searched strategy's row is exactly what that strategy returns when run on its own. */
  @Test
  void searchedRowsEqualTheStrategyRunAlone() throws Exception {
    Simulator sim = Simulator.create(SimulatorPreset.named("math500"), 0);
    List<Problem> problems = Datasets.load("math500").subList(0, 6);
    SweepSettings settings = SweepSettings.builder()
        .strategies(List.of(SweepStrategy.WEIGHTED, SweepStrategy.BEAM, SweepStrategy.DVTS, SweepStrategy.REBASE))
        .ns(List.of(4, 8)).seeds(List.of(3L)).maxTokens(1024).budget(Budget.tokens(20_000)).concurrency(2).build();
    AnswerEquivalence eq = MathAnswers.equivalence();
    SweepResult r = Sweep.builder().problems(problems).generator(sim.generator()).prm(sim.prm())
        .answerExtractor(MathAnswers.extractor()).equivalence(eq).settings(settings).build().run();
    assertEquals(problems.size() * 2 * 4, r.rows().size());
    int checked = 0;
    for (ResultRow row : r.rows()) {
      if (row.strategy().isBestOfNRule()) continue;
      var strategy = switch (row.strategy().kind()) {
        case BEAM -> BeamSearch.of(new BeamSearch.Config(row.n(), 4, 40, settings.aggregation(), Selection.WEIGHTED,
            settings.temperature(), settings.maxTokens(), false));
        case DVTS -> Dvts.of(new Dvts.Config(row.n(), 4, 40, settings.aggregation(), Selection.WEIGHTED,
            settings.temperature(), settings.maxTokens()));
        case REBASE -> Rebase.of(new Rebase.Config(row.n(), 0.2, 40, settings.aggregation(), Selection.WEIGHTED,
            settings.temperature(), settings.maxTokens()));
        default -> throw new AssertionError(row);
      };
      Problem p = problems.stream().filter(x -> x.id().equals(row.problemId())).findFirst().orElseThrow();
      SearchResult alone = Search.builder().generator(sim.generator()).prm(sim.prm()).strategy(strategy)
          .answerExtractor(MathAnswers.extractor()).equivalence(eq).build()
          .solve(p, Budget.tokens(20_000), 3L).join();
      assertEquals(alone.answer(), row.answer(), row.toString());
      assertEquals(alone.usage(), row.usage(), row.toString());
      assertEquals(alone.stopReason(), row.stopReason(), row.toString());
      assertEquals(alone.candidates().size(), row.candidates(), row.toString());
      assertEquals(alone.answer() != null && eq.equivalent(alone.answer(), p.reference()), row.correct(),
          row.toString());
      checked++;
    }
    assertEquals(problems.size() * 2 * 3, checked);
    // a searched strategy is summarised like any other
    assertTrue(r.summary().stream().anyMatch(s -> s.strategy().equals(SweepStrategy.BEAM) && s.n() == 8));
  }
}
