package io.ttc4j.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.ttc4j.core.AnswerEquivalence;
import io.ttc4j.core.Continuation;
import io.ttc4j.core.GenerationMode;
import io.ttc4j.core.GenerationResult;
import io.ttc4j.core.Generator;
import io.ttc4j.core.Problem;
import io.ttc4j.core.SamplingSpec;
import io.ttc4j.core.Step;
import io.ttc4j.core.StepEnd;
import io.ttc4j.core.Trajectory;
import io.ttc4j.datasets.MathAnswers;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GeneratorTest {

  private static final SimulatorPreset MATH500 = SimulatorPreset.named("math500");

  private static Problem problem(int index) {
    return Fixtures.math500().get(index);
  }

  private static GenerationResult call(Generator g, Problem p, Trajectory prefix, SamplingSpec spec) {
    return g.generate(p, prefix, spec).join();
  }

  private static SamplingSpec spec(GenerationMode mode, int n, double temperature, int maxTokens, long seed) {
    return mode == GenerationMode.TO_END ? SamplingSpec.toEnd(n, temperature, maxTokens, seed)
        : SamplingSpec.oneStep(n, temperature, maxTokens, seed);
  }

  /** A prefix of about {@code depth} steps (fewer when the solution ends first), never finished. */
  private static Trajectory prefix(Generator g, Problem p, int depth, long seed) {
    Trajectory t = Trajectory.empty();
    for (int d = 0; d < depth; d++) {
      Step s = call(g, p, t, SamplingSpec.oneStep(1, 0.8, 4096, seed + d)).continuations().get(0).steps().get(0);
      if (s.end().isTerminal()) {
        break;
      }
      t = t.append(s);
    }
    return t;
  }

  @Test
  void sameSeedsGiveTheSameContinuationsAndOtherSeedsOthers() {
    qt().withExamples(100).forAll(integers().between(0, 499), longs().all(), longs().all())
        .checkAssert((index, simSeed, callSeed) -> {
          Problem p = problem(index);
          SamplingSpec s = SamplingSpec.toEnd(4, 0.8, 4096, callSeed);
          GenerationResult a = call(Simulator.create(MATH500, simSeed).generator(), p, Trajectory.empty(), s);
          GenerationResult b = call(Simulator.create(MATH500, simSeed).generator(), p, Trajectory.empty(), s);
          assertEquals(a, b);
          GenerationResult otherSim = call(Simulator.create(MATH500, simSeed + 1).generator(), p, Trajectory.empty(), s);
          GenerationResult otherCall = call(Simulator.create(MATH500, simSeed).generator(), p, Trajectory.empty(),
              s.withSeed(callSeed + 1));
          assertNotEquals(a.continuations().get(0), otherSim.continuations().get(0));
          assertNotEquals(a.continuations().get(0), otherCall.continuations().get(0));
          assertNotEquals(a.continuations().get(0), a.continuations().get(1));
        });
  }

  @Test
  void continuationIDoesNotDependOnN() {
    qt().withExamples(100).forAll(integers().between(0, 499), longs().all(), integers().between(1, 8),
        integers().between(1, 56)).checkAssert((index, seed, n, extra) -> {
          Problem p = problem(index);
          Generator g = Fixtures.math500Sim(seed).generator();
          Trajectory prefix = prefix(g, p, index % 3, seed);
          for (GenerationMode mode : GenerationMode.values()) {
            List<Continuation> few = call(g, p, prefix, spec(mode, n, 0.8, 4096, seed)).continuations();
            List<Continuation> many = call(g, p, prefix, spec(mode, n + extra, 0.8, 4096, seed)).continuations();
            assertEquals(few, many.subList(0, n));
          }
        });
  }

  @Test
  void toEndIsExactlyTheChainOfOneStepCallsWithTheSameSeedAndIndex() {
    qt().withExamples(100).forAll(integers().between(0, 499), longs().all(), integers().between(0, 3), booleans().all())
        .checkAssert((index, seed, i, greedy) -> {
          Problem p = problem(index);
          Generator g = Fixtures.math500Sim(seed).generator();
          double temperature = greedy ? 0 : 0.8;
          Trajectory start = prefix(g, p, index % 4, ~seed);
          List<Step> whole = call(g, p, start, SamplingSpec.toEnd(i + 1, temperature, 4096, seed))
              .continuations().get(i).steps();
          Trajectory t = start;
          while (!t.isFinished()) {
            t = t.appendAll(call(g, p, t, SamplingSpec.oneStep(i + 1, temperature, 4096, seed))
                .continuations().get(i).steps());
          }
          assertEquals(whole, t.steps().subList(start.depth(), t.depth()));
        });
  }

  @Test
  void temperatureZeroIsGreedy() {
    qt().withExamples(50).forAll(integers().between(0, 499), longs().all(), longs().all()).checkAssert((index, s1, s2) -> {
      Problem p = problem(index);
      Generator g = Fixtures.math500Sim(7).generator();
      List<Continuation> a = call(g, p, Trajectory.empty(), SamplingSpec.toEnd(5, 0, 4096, s1)).continuations();
      List<Continuation> b = call(g, p, Trajectory.empty(), SamplingSpec.toEnd(2, 0, 4096, s2)).continuations();
      for (Continuation c : a) {
        assertEquals(a.get(0), c);
      }
      assertEquals(a.get(0), b.get(0));
      Generator other = Fixtures.math500Sim(s1).generator();
      assertEquals(a.get(0), call(other, p, Trajectory.empty(), SamplingSpec.toEnd(1, 0, 4096, s2)).continuations().get(0));
    });
  }

  @Test
  void oneStepChainedWithFreshSeedsHasTheAccuracyOfToEnd() {
    Simulator sim = Fixtures.math500Sim(11);
    Generator g = sim.generator();
    AnswerEquivalence eq = MathAnswers.equivalence();
    int runs = 4;
    int oneStepRight = 0;
    int toEndRight = 0;
    long oneStepTokens = 0;
    long toEndTokens = 0;
    int samples = 0;
    List<Problem> problems = Fixtures.math500();
    for (int k = 0; k < problems.size(); k++) {
      Problem p = problems.get(k);
      for (int r = 0; r < runs; r++) {
        Trajectory t = Trajectory.empty();
        while (!t.isFinished()) {
          long seed = 1_000_003L * k + 7919L * r + t.depth();
          t = t.appendAll(call(g, p, t, SamplingSpec.oneStep(1, 0.8, 4096, seed)).continuations().get(0).steps());
        }
        Trajectory whole = Fixtures.solve(g, p, -1 - (long) k * runs - r);
        oneStepRight += right(t, p, eq) ? 1 : 0;
        toEndRight += right(whole, p, eq) ? 1 : 0;
        oneStepTokens += t.tokens();
        toEndTokens += whole.tokens();
        samples++;
      }
    }
    double a = (double) oneStepRight / samples;
    double b = (double) toEndRight / samples;
    assertTrue(Math.abs(a - b) < 0.03, "one-step accuracy " + a + " vs to-end " + b);
    assertEquals(1.0, (double) oneStepTokens / toEndTokens, 0.03);
  }

  private static boolean right(Trajectory t, Problem p, AnswerEquivalence eq) {
    String answer = MathAnswers.extractor().extract(t.text()).orElse(null);
    return answer != null && eq.equivalent(answer, p.reference());
  }

  @Test
  void maxTokensIsHonouredAndUsageIsExact() {
    qt().withExamples(300).forAll(integers().between(0, 499), integers().between(1, 700), integers().between(1, 6),
        longs().all()).checkAssert((index, maxTokens, n, seed) -> {
          Problem p = problem(index);
          Generator g = Fixtures.math500Sim(seed).generator();
          Trajectory prefix = prefix(g, p, (int) Math.floorMod(seed, 4L), seed);
          for (GenerationMode mode : GenerationMode.values()) {
            GenerationResult res = call(g, p, prefix, spec(mode, n, 0.8, maxTokens, seed));
            assertEquals(n, res.continuations().size());
            long completion = 0;
            for (Continuation c : res.continuations()) {
              assertTrue(c.tokens() <= maxTokens, c.tokens() + " > " + maxTokens);
              completion += c.tokens();
              List<Step> steps = c.steps();
              if (mode == GenerationMode.ONE_STEP) {
                assertEquals(1, steps.size());
              }
              for (int j = 0; j < steps.size(); j++) {
                Step s = steps.get(j);
                assertTrue(s.tokens() >= 1);
                assertTrue(s.logProbability() < 0 && Double.isFinite(s.logProbability()), "" + s.logProbability());
                if (j < steps.size() - 1) {
                  assertEquals(StepEnd.STEP_BOUNDARY, s.end());
                } else if (mode == GenerationMode.TO_END) {
                  assertTrue(s.end().isTerminal());
                }
                if (s.end() == StepEnd.LENGTH) {
                  assertTrue(MathAnswers.extractor().extract(s.text()).isEmpty(), s.text());
                }
              }
              StepEnd last = steps.get(steps.size() - 1).end();
              if (last == StepEnd.LENGTH) {
                assertEquals((long) maxTokens, c.tokens(), "a cut continuation uses its whole limit");
              } else if (mode == GenerationMode.TO_END) {
                assertEquals(StepEnd.END_OF_SOLUTION, last);
              }
            }
            assertEquals((long) n, res.usage().generations());
            assertEquals(completion, res.usage().completionTokens());
            assertEquals(g.promptTokensUpperBound(p, prefix), res.usage().promptTokens());
            assertEquals(0, res.usage().cachedPromptTokens());
            assertEquals(0, res.usage().prmCalls());
          }
        });
  }

  @Test
  void promptTokensDependOnProblemAndPrefixOnly() {
    Problem p = problem(3);
    Generator a = Fixtures.math500Sim(1).generator();
    Generator b = Fixtures.math500Sim(2).generator();
    Trajectory prefix = prefix(a, p, 2, 5);
    assertEquals(a.promptTokensUpperBound(p, prefix), b.promptTokensUpperBound(p, prefix));
    assertEquals(a.promptTokensUpperBound(p, Trajectory.empty()) + prefix.tokens() + prefix.depth(),
        a.promptTokensUpperBound(p, prefix));
    assertTrue(a.promptTokensUpperBound(p, Trajectory.empty()) > MATH500.promptTemplateTokens());
  }

  @Test
  void solutionsHaveRealisticLengthsAndErrorsAreLessConfident() {
    for (String name : SimulatorPreset.names()) {
      Simulator sim = Simulator.create(SimulatorPreset.named(name), 3);
      Generator g = sim.generator();
      List<Problem> problems = name.equals("math500") ? Fixtures.math500() : Fixtures.qwen();
      long tokens = 0;
      long steps = 0;
      double rightLogProb = 0;
      long rightTokens = 0;
      double wrongLogProb = 0;
      long wrongTokens = 0;
      int solutions = 0;
      for (Problem p : problems) {
        for (int r = 0; r < 4; r++) {
          Trajectory t = Fixtures.solve(g, p, r);
          TrajectoryTruth truth = sim.truth(p, t);
          tokens += t.tokens();
          steps += t.depth();
          solutions++;
          List<Step> ss = t.steps();
          for (int j = 0; j < ss.size(); j++) {
            if (truth.isStepCorrect(j)) {
              rightLogProb += ss.get(j).logProbability();
              rightTokens += ss.get(j).tokens();
            } else {
              wrongLogProb += ss.get(j).logProbability();
              wrongTokens += ss.get(j).tokens();
            }
          }
        }
      }
      double meanTokens = (double) tokens / solutions;
      double meanSteps = (double) steps / solutions;
      assertTrue(meanTokens > 200 && meanTokens < 600, name + ": " + meanTokens + " tokens per solution");
      assertTrue(meanSteps > 4 && meanSteps < 10, name + ": " + meanSteps + " steps per solution");
      double right = rightLogProb / rightTokens;
      double wrong = wrongLogProb / wrongTokens;
      assertTrue(right < 0 && wrong < right - 0.1, name + ": per-token log-prob right " + right + ", wrong " + wrong);
    }
  }

  @Test
  void truthMatchesWhatTheSolutionSays() {
    Simulator sim = Fixtures.math500Sim(5);
    Generator g = sim.generator();
    AnswerEquivalence eq = MathAnswers.equivalence();
    for (Problem p : Fixtures.math500()) {
      Trajectory t = Fixtures.solve(g, p, 1);
      TrajectoryTruth truth = sim.truth(p, t);
      assertTrue(t.isComplete());
      assertEquals(t.depth(), truth.plannedSteps());
      assertEquals(truth.correct(), truth.firstErrorStep() < 0);
      assertEquals(truth.correct(), truth.wrongAnswerRank() < 0);
      assertEquals(truth.correct(), right(t, p, eq), p.id());
      assertTrue(truth.firstErrorStep() < t.depth());
      // a prefix up to the error is still correct, the prefix with it is not
      if (!truth.correct()) {
        Trajectory before = t;
        while (before.depth() > truth.firstErrorStep()) before = before.parent();
        assertTrue(sim.truth(p, before).correct());
        assertFalse(sim.truth(p, t).isStepCorrect(truth.firstErrorStep()));
      }
    }
    TrajectoryTruth empty = sim.truth(problem(0), Trajectory.empty());
    assertTrue(empty.correct());
    assertEquals(problem(0).reference().strip(), empty.intendedAnswer());
  }

  @Test
  void skillOrdersAccuracyAndSolveRateMatchesIt() {
    Simulator sim = Fixtures.math500Sim(9);
    AnswerEquivalence eq = MathAnswers.equivalence();
    double weak = 0;
    double base = 0;
    double strong = 0;
    double expected = 0;
    Generator gWeak = sim.generator(MATH500.skill() - 2);
    Generator gBase = sim.generator();
    Generator gStrong = sim.generator(MATH500.skill() + 2);
    int samples = 0;
    for (Problem p : Fixtures.math500()) {
      expected += 4 * sim.solveRate(p);
      for (int r = 0; r < 4; r++) {
        weak += right(Fixtures.solve(gWeak, p, r), p, eq) ? 1 : 0;
        base += right(Fixtures.solve(gBase, p, r), p, eq) ? 1 : 0;
        strong += right(Fixtures.solve(gStrong, p, r), p, eq) ? 1 : 0;
        samples++;
      }
    }
    assertTrue(weak < base - 0.05 * samples && base < strong - 0.05 * samples, weak + " " + base + " " + strong);
    assertEquals(expected / samples, base / samples, 0.03);
  }

  @Test
  void invalidPrefixesFailFast() {
    Generator g = Fixtures.math500Sim(1).generator();
    Problem p = problem(0);
    Trajectory finished = Fixtures.solve(g, p, 1);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> g.generate(p, finished, SamplingSpec.oneStep(1, 0.8, 100, 1)));
    assertTrue(e.getMessage().contains("prefix"), e.getMessage());
    Trajectory foreign = Trajectory.empty().append(Step.of("Let x be the number.", 5, StepEnd.STEP_BOUNDARY));
    e = assertThrows(IllegalArgumentException.class, () -> g.generate(p, foreign, SamplingSpec.oneStep(1, 0.8, 100, 1)));
    assertTrue(e.getMessage().contains("not produced"), e.getMessage());
    // a prefix of another problem does not decode either
    Trajectory other = prefix(g, problem(1), 1, 3);
    assertThrows(IllegalArgumentException.class, () -> g.generate(p, other, SamplingSpec.oneStep(1, 0.8, 100, 1)));
  }

  @Test
  void latencyDelaysDeliveryAndCancellationCancelsIt() throws Exception {
    ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1);
    scheduler.setRemoveOnCancelPolicy(true);
    try {
      Simulator plain = Fixtures.math500Sim(4);
      Simulator slow = plain.withLatency(scheduler, java.time.Duration.ofMillis(20), java.time.Duration.ofNanos(1000));
      Problem p = problem(2);
      SamplingSpec s = SamplingSpec.toEnd(3, 0.8, 4096, 1);
      CompletableFuture<GenerationResult> f = slow.generator().generate(p, Trajectory.empty(), s);
      assertEquals(call(plain.generator(), p, Trajectory.empty(), s), f.get(5, TimeUnit.SECONDS));
      assertTrue(plain.generator().generate(p, Trajectory.empty(), s).isDone());
      Simulator verySlow = plain.withLatency(scheduler, java.time.Duration.ofSeconds(30), java.time.Duration.ZERO);
      CompletableFuture<GenerationResult> pending = verySlow.generator().generate(p, Trajectory.empty(), s);
      assertFalse(pending.isDone());
      assertEquals(1, scheduler.getQueue().size());
      pending.cancel(true);
      assertTrue(pending.isCancelled());
      assertEquals(0, scheduler.getQueue().size());
      var scores = verySlow.withoutLatency().prm().score(p, List.of(Trajectory.empty()));
      assertTrue(scores.isDone());
    } finally {
      scheduler.shutdownNow();
    }
  }
}
