package io.ttc4j.prm.game24;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ttc4j.core.Usage;
import io.ttc4j.prm.Verifiers;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The replay's arithmetic on small hand-made logs, where every figure can be worked out by hand. */
class Game24ReplayTest {

  private static final List<String> PUZZLES = List.of("1 1 4 6", "4 5 6 10", "1 2 3 4");

  private static ToTLog log(String json, ToTLog.Method method) {
    return ToTLogs.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "test.json", method);
  }

  /** Two puzzles of three samples; the counters restart before the second (they go down). */
  private static final String SAMPLED = "["
      + "{\"idx\": 0, \"ys\": [\"Answer: 1 + 1 + 4 + 6 = 12\", \"Answer: 6 * 4 * 1 * 1 = 24\", \"Answer: 1 + 1 + 4 + 6 = 12\"],"
      + " \"accs\": [false, true, false],"
      + " \"usage_so_far\": {\"prompt_tokens\": 60, \"completion_tokens\": 30, \"cost\": 0.0036}},"
      + "{\"idx\": 2, \"ys\": [\"Steps: none\\nAnswer: \", \"Answer: 1 * 2 * 3 * 4\", \"Answer: (1 + 2 + 3) * 4 = 24\"],"
      + " \"accs\": [false, true, false],"
      + " \"usage_so_far\": {\"prompt_tokens\": 40, \"completion_tokens\": 21, \"cost\": 0.00246}}]";

  private static SamplingReplay sampled() {
    return Game24Replay.sampling(log(SAMPLED, ToTLog.Method.IO), PUZZLES, Verifiers.game24(), Verifiers.game24Answers(),
        ToTLogs.GPT4_2023);
  }

  @Test
  void successCurvesByHand() {
    SamplingReplay r = sampled();
    assertEquals(2, r.puzzles());
    assertEquals(3, r.samplesPerPuzzle());
    assertEquals(List.of(1, 2), List.of(r.correctPerPuzzle()[0], r.correctPerPuzzle()[1]));
    assertEquals(0.5, r.meanPerSample(), 1e-12);
    assertEquals((2.0 / 3 + 1) / 2, r.passAt(2), 1e-12, "1 - C(2,2)/C(3,2) = 2/3 and 1");
    assertEquals(1.0, r.passAt(3), 1e-12);
    assertEquals(1.0, r.loggedPassAt(3), 1e-12, "the log calls one sample of each puzzle right");
    assertEquals(1.0 / 3, r.loggedMeanPerSample(), 1e-12);
    // first correct sample is the second one in both puzzles
    assertEquals(0.0, r.firstKAt(1));
    assertEquals(1.0, r.firstKAt(2));
    // puzzle 0: the wrong answer leads (a 1-1 tie goes to the one given first); puzzle 2: no answer, then right
    assertEquals(0.0, r.majorityAt(1));
    assertEquals(0.5, r.majorityAt(2));
    assertEquals(0.5, r.majorityAt(3));
    // trend beyond n: pass@3 + (pass@3 - pass@1) * log2(k/3), capped at 1
    assertEquals(1.0, r.trendAt(12), 1e-12);
    assertEquals(r.passAt(2), r.trendAt(2), 0.0);
  }

  @Test
  void agreementCountsAndNamesTheDisagreements() {
    Agreement a = sampled().agreement();
    assertEquals(6, a.outputs());
    assertEquals(2, a.loggedCorrect());
    assertEquals(3, a.ourCorrect());
    assertEquals(1, a.disagreements());
    assertEquals(List.of("idx 2 #2: logged false, ours true: (1 + 2 + 3) * 4 = 24"), a.examples());
    assertEquals(5.0 / 6, a.rate(), 1e-12);
  }

  @Test
  void costsFromCumulativeCountersWithARestart() {
    SamplingReplay r = sampled();
    LogCost c = r.cost();
    assertEquals(List.of(2), c.restartedAt(), "the counters went down before idx 2");
    assertEquals(List.of(Usage.ofGeneration(3, 60, 0, 30).withCostNanoUsd(3_600_000),
        Usage.ofGeneration(3, 40, 0, 21).withCostNanoUsd(2_460_000)), c.perPuzzle());
    assertEquals(new LoggedUsage(40, 21, 0.00246), c.lastLogged());
    assertEquals(0.00606, c.total().costUsd(), 1e-12);
    assertEquals(0.00606, c.loggedCostUsd(), 1e-12);
    assertEquals(new CostPoint(50, 25.5, 0.00303), c.meanPerPuzzle());

    // one call (at most 20 samples) pays the prompt once; completions 25.5 / 3 = 8.5 per sample
    CostPoint one = r.costAt(1);
    assertEquals(50, one.promptTokens(), 1e-12);
    assertEquals(8.5, one.completionTokens(), 1e-12);
    assertEquals((50 * 30 + 8.5 * 60) / 1e6, one.usd(), 1e-15);
    assertEquals(100, r.costAt(21).promptTokens(), 1e-12, "21 samples take two calls");
    CostPoint all = r.costAt(3);
    assertEquals(c.meanPerPuzzle().promptTokens(), all.promptTokens(), 1e-9, "k = n is the logged mean");
    assertEquals(c.meanPerPuzzle().completionTokens(), all.completionTokens(), 1e-9);
    assertEquals(c.meanPerPuzzle().usd(), all.usd(), 1e-15);
    assertEquals(r.costAt(3).completionTokens(), r.firstKCostAt(3).completionTokens(), 1e-12);
    assertTrue(r.firstKCostAt(1).completionTokens() < r.firstKCostAt(2).completionTokens());

    assertEquals(0, r.samplesWithinUsd(0));
    assertEquals(1, r.samplesWithinUsd(one.usd()));
    assertEquals(40, r.samplesWithinUsd(r.costAt(40).usd()));
    assertEquals(40, r.samplesWithinUsd(r.costAt(41).usd() - 1e-9));
    assertEquals(1000, r.samplesWithinTokens(r.costAt(1000).totalTokens()));
    ComputeMatch m = ComputeMatch.of(r, ComputeMatch.Measure.USD, r.costAt(40).usd());
    assertEquals(40, m.samples());
    assertFalse(m.measured());
    assertEquals(1.0, m.success(), 0.0, "k beyond n: pass@n");
    assertTrue(ComputeMatch.of(r, ComputeMatch.Measure.TOKENS, 58.5).measured());
  }

  private static final String SEARCH = "[{\"steps\": [{\"step\": 0, \"x\": \"%s\", \"ys\": [\"\"], \"new_ys\": [\"a\", \"b\"],"
      + " \"values\": [20.0, 0.001], \"select_new_ys\": [\"a\", \"b\"]}], \"idx\": 1,"
      + " \"ys\": [\"4 * 5 = 20 (left: 6 10 20)\\nAnswer: (4 * 5) + (10 - 6) = 24\\n\", \"Answer: 4 + 5 + 6 + 10 = 25\\n\"],"
      + " \"infos\": [{\"r\": 1}, {\"r\": 0}],"
      + " \"usage_so_far\": {\"prompt_tokens\": 1000, \"completion_tokens\": 500, \"cost\": 0.06}}]";

  @Test
  void bfsSuccessAndCost() {
    BfsReplay r = Game24Replay.bfs(log(String.format(SEARCH, "4 5 6 10"), ToTLog.Method.BFS), PUZZLES, Verifiers.game24(),
        Verifiers.game24Answers(), ToTLogs.GPT4_2023);
    assertEquals(1, r.puzzles());
    assertEquals(2, r.finalStates());
    assertEquals(1.0, r.firstOfFinal());
    assertEquals(1.0, r.anyOfFinal());
    assertEquals(0.5, r.meanOfFinal());
    assertEquals(0, r.agreement().disagreements());
    assertEquals(new CostPoint(1000, 500, 0.06), r.costPerPuzzle());
    assertEquals(0, r.cost().perPuzzle().get(0).generations(), "a search's completions are not logged");
  }

  @Test
  void mismatchedInputsAreRejected() {
    ToTLog sampled = log(SAMPLED, ToTLog.Method.COT);
    ToTLog search = log(String.format(SEARCH, "4 5 6 10"), ToTLog.Method.BFS);
    var game24 = Verifiers.game24();
    var answers = Verifiers.game24Answers();
    assertEquals("log must be an IO or CoT log, got a BFS log: test.json", assertThrows(IllegalArgumentException.class,
        () -> Game24Replay.sampling(search, PUZZLES, game24, answers, ToTLogs.GPT4_2023)).getMessage());
    assertEquals("log must be a BFS log, got a COT log: test.json", assertThrows(IllegalArgumentException.class,
        () -> Game24Replay.bfs(sampled, PUZZLES, game24, answers, ToTLogs.GPT4_2023)).getMessage());
    assertEquals("test.json: puzzle idx 2 is beyond the 2 puzzles given", assertThrows(IllegalArgumentException.class,
        () -> Game24Replay.sampling(sampled, PUZZLES.subList(0, 2), game24, answers, ToTLogs.GPT4_2023)).getMessage());
    ToTLog otherNumbers = log(String.format(SEARCH, "1 2 3 4"), ToTLog.Method.BFS);
    assertEquals("test.json: puzzle idx 1 searched '1 2 3 4' (steps[0].x) but puzzle 1 is '4 5 6 10': the log and the "
        + "puzzle list do not match", assertThrows(IllegalArgumentException.class,
        () -> Game24Replay.bfs(otherNumbers, PUZZLES, game24, answers, ToTLogs.GPT4_2023)).getMessage());
    ToTLog uneven = log("[{\"idx\": 0, \"ys\": [\"a\", \"b\"], \"accs\": [false, false], \"usage_so_far\": {\"prompt_tokens\": 1,"
        + " \"completion_tokens\": 1, \"cost\": 0}}, {\"idx\": 1, \"ys\": [\"a\"], \"accs\": [false], \"usage_so_far\": "
        + "{\"prompt_tokens\": 2, \"completion_tokens\": 2, \"cost\": 0}}]", ToTLog.Method.IO);
    assertEquals("test.json: every puzzle must have the same number of samples for best-of-k; puzzle 0 has 2, puzzle 1 "
        + "has 1", assertThrows(IllegalArgumentException.class,
        () -> Game24Replay.sampling(uneven, PUZZLES, game24, answers, ToTLogs.GPT4_2023)).getMessage());
  }
}
