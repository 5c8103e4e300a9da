package io.ttc4j.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ttc4j.core.AnswerEquivalence;
import io.ttc4j.core.Generator;
import io.ttc4j.core.Problem;
import io.ttc4j.core.Trajectory;
import io.ttc4j.datasets.Datasets;
import io.ttc4j.datasets.MathAnswers;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AnswersTest {

  @Test
  void wrongAnswersAreNeverEquivalentToTheReferenceNorToEachOther() {
    AnswerEquivalence eq = MathAnswers.equivalence();
    for (String name : SimulatorPreset.names()) {
      Simulator sim = Simulator.create(SimulatorPreset.named(name), 0);
      for (String set : Datasets.names()) {
        for (Problem p : Datasets.load(set)) {
          List<String> wrong = sim.wrongAnswers(p);
          assertFalse(wrong.isEmpty(), p.id());
          Set<String> keys = new HashSet<>();
          keys.add(eq.key(p.reference()));
          for (String w : wrong) {
            assertFalse(eq.equivalent(w, p.reference()), set + " " + p.id() + ": '" + w + "' ~ '" + p.reference() + "'");
            assertTrue(keys.add(eq.key(w)), set + " " + p.id() + ": wrong answers repeat '" + w + "'");
          }
        }
      }
    }
  }

  @Test
  void wrongAnswersLookLikeTheReference() {
    Simulator sim = Fixtures.math500Sim(0);
    List<Problem> ps = Fixtures.math500();
    Problem integer = ps.stream().filter(p -> p.reference().equals("420")).findFirst().orElse(null);
    if (integer != null) {
      for (String w : sim.wrongAnswers(integer)) {
        assertTrue(w.matches("-?\\d+"), w);
      }
    }
    Problem fraction = ps.stream().filter(p -> p.reference().startsWith("\\frac{")).findFirst().orElseThrow();
    assertTrue(sim.wrongAnswers(fraction).get(0).startsWith("\\frac{"), sim.wrongAnswers(fraction).toString());
    Problem choice = ps.stream().filter(p -> p.reference().equals("\\text{(C)}")).findFirst().orElseThrow();
    assertEquals(4, sim.wrongAnswers(choice).size());
    assertTrue(sim.wrongAnswers(choice).contains("\\text{(A)}"));
  }

  @Test
  void extractionRecoversTheIntendedAnswer() {
    Simulator sim = Fixtures.math500Sim(8);
    Generator g = sim.generator();
    int wrongSeen = 0;
    for (Problem p : Fixtures.math500()) {
      for (int r = 0; r < 3; r++) {
        Trajectory t = Fixtures.solve(g, p, r);
        TrajectoryTruth truth = sim.truth(p, t);
        assertEquals(truth.intendedAnswer(), MathAnswers.extractor().extract(t.text()).orElse(null), p.id());
        if (truth.correct()) {
          assertEquals(p.reference().strip(), truth.intendedAnswer());
        } else {
          assertEquals(sim.wrongAnswers(p).get(truth.wrongAnswerRank()), truth.intendedAnswer());
          wrongSeen++;
        }
      }
    }
    assertTrue(wrongSeen > 500, "wrong solutions seen: " + wrongSeen);
  }

  @Test
  void anAnswerCheckFiltersWhatItFindsEquivalent() {
    Problem p = Problem.of("p1", "What is 6 * 7?", "42");
    // a check that equates every answer with the same last digit
    AnswerEquivalence lastDigit = a -> a.isEmpty() ? "" : a.substring(a.length() - 1);
    Simulator sim = Fixtures.math500Sim(0).withAnswerCheck(lastDigit);
    Set<String> digits = new HashSet<>();
    for (String w : sim.wrongAnswers(p)) {
      assertFalse(w.endsWith("2"), w);
      assertTrue(digits.add(lastDigit.key(w)), w);
    }
    // a problem without reference still gets a correct answer and wrong ones
    Problem open = Problem.of("open-1", "Find the number.");
    Trajectory t = Fixtures.solve(Fixtures.math500Sim(0).generator(), open, 1);
    assertTrue(MathAnswers.extractor().extract(t.text()).isPresent());
  }
}
