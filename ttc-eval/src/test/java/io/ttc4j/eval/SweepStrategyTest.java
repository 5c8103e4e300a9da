package io.ttc4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
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

  @Test
  void namesAreCanonical() {
    assertEquals("beam", SweepStrategy.parse("beam[width=4]").name());
    assertEquals(SweepStrategy.BEAM, SweepStrategy.parse(" BEAM "));
    assertEquals("beam[width=2,iterations=20]", SweepStrategy.parse("beam[iterations=20, width=2]").name());
    assertEquals("rebase[t=0.5]", SweepStrategy.parse("rebase[t=.5]").name());
    assertEquals("sc[stop=window]", SweepStrategy.parse("sc[stop=WINDOW,threshold=0.95]").name());
    assertEquals(SweepStrategy.WEIGHTED, SweepStrategy.of(Selection.WEIGHTED));
    assertTrue(SweepStrategy.WEIGHTED.isBestOfNRule());
    assertFalse(SweepStrategy.BEAM.isBestOfNRule());
    assertTrue(SweepStrategy.ORACLE.isBound());
    assertFalse(SweepStrategy.MAJORITY.needsScores());
    assertTrue(SweepStrategy.BEAM.needsScores());
    assertFalse(SweepStrategy.parse("sc").needsScores());
    assertEquals(List.of(SweepStrategy.WEIGHTED, SweepStrategy.parse("rebase[t=0.5,iterations=20]"), SweepStrategy.DVTS),
        SweepStrategy.parseList("weighted, rebase[t=0.5,iterations=20],dvts"));
  }

  @Test
  void badNamesAndSettingsAreNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SweepStrategy.parse("bean"));
    assertTrue(e.getMessage().contains("unknown strategy 'bean'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> SweepStrategy.parse("beam[t=0.5]"));
    assertTrue(e.getMessage().contains("has no setting 't'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> SweepStrategy.parse("beam[width=0]"));
    assertTrue(e.getMessage().contains("'width'") && e.getMessage().contains("got 0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> SweepStrategy.parse("rebase[t=-1]"));
    assertTrue(e.getMessage().contains("'t'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> SweepStrategy.parse("beam[select=oracle]"));
    assertTrue(e.getMessage().contains("'select'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> SweepStrategy.parse("beam[width=2"));
    assertTrue(e.getMessage().contains("']'"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> SweepStrategy.parse("weighted[width=2]"));
    assertTrue(e.getMessage().contains("its settings: none"), e.getMessage());
    assertThrows(IllegalStateException.class, () -> SweepStrategy.WEIGHTED.create(4, io.ttc4j.core.Aggregation.LAST,
        0.8, 100));
  }

  @Test
  void widthShrinksToADivisorOfSmallN() {
    // N = 1 and 2 with the default width 4, N = 6 with width 4 (4 does not divide 6: 3 does)
    for (int n : List.of(1, 2, 6, 8)) {
      assertEquals(BeamSearch.class, SweepStrategy.BEAM.create(n, io.ttc4j.core.Aggregation.LAST, 0.8, 100).getClass());
      assertEquals(Dvts.class, SweepStrategy.DVTS.create(n, io.ttc4j.core.Aggregation.LAST, 0.8, 100).getClass());
    }
  }

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
