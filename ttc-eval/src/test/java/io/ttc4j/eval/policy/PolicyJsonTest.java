package io.ttc4j.eval.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ttc4j.eval.stats.DifficultyBins;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Policy}: the JSON file round trip and its validation messages. */
class PolicyJsonTest {

  @TempDir
  Path tmp;

  static Policy sample() {
    return new Policy(DifficultyBins.Measure.PREDICTED, 4, List.of(
        new Policy.Bin(1, 0.7, 0.93, List.of(new Policy.Entry(1336.15, "weighted", 4, 0.96, 958.5))),
        new Policy.Bin(2, 0.2, 0.69, List.of(new Policy.Entry(1336.15, "weighted", 4, 0.3, 1300),
            new Policy.Entry(2914.0, "rebase[t=0.5]", 4, 0.55, 2800.25)))));
  }

  @Test
  void roundTrip() throws IOException {
    Path file = tmp.resolve("sub/policy.json");
    sample().write(file);
    assertEquals(sample(), Policy.read(file));
    String text = Files.readString(file);
    assertTrue(text.contains("\"format\" : \"ttc4j-policy\""), text);
    assertTrue(text.contains("\"version\" : 1"), text);
    assertTrue(text.contains("\"strategy\" : \"rebase[t=0.5]\""), text);
  }

  private static void fails(String text, String... expected) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Policy.parse(text, "p.json"));
    assertTrue(e.getMessage().startsWith("p.json: "), e.getMessage());
    for (String s : expected) assertTrue(e.getMessage().contains(s), "'" + s + "' not in: " + e.getMessage());
  }

  @Test
  void everyFieldIsValidatedAndNamed() {
    String good = sample().toJson();
    fails(good.replace("\"version\" : 1", "\"version\" : 2"), "'version'", "got 2");
    fails(good.replace("ttc4j-policy", "other"), "'format'", "\"other\"");
    fails(good.replace("\"predicted\"", "\"guessed\""), "'difficulty'", "guessed");
    fails(good.replace("\"n\" : 4,\n      \"expected_accuracy\" : 0.55", "\"n\" : 0,\n      \"expected_accuracy\" : 0.55"),
        "bins[1].entries[1]", "n must be >= 1, got 0");
    fails(good.replace("rebase[t=0.5]", "rebas"), "bins[1].entries[1]", "'rebas'");
    fails(good.replace("rebase[t=0.5]", "rebase[t=0.2]"), "canonical", "'rebase'");
    fails(good.replace("0.96", "1.5"), "bins[0].entries[0]", "expected_accuracy", "1.5");
    fails(good.replace("958.5", "2000.0"), "bins[0].entries[0]", "mean_completion_tokens must be <= budget_tokens");
    fails(good.replace("\"probes\" : 4,", "\"probes\" : 4, \"extra\" : 1,"), "unknown field 'extra'");
    fails(good.replace("\"budget_tokens\" : 2914.0", "\"budget_tokens\" : 1200.0").replace("2800.25", "1000.0"),
        "bins[1]", "entries[1].budget_tokens must be > 1336.15", "1200.0");
    fails(good.replace("\"high\" : 0.69", "\"high\" : 0.8"), "bins[1].high must be <= bin 1's low 0.7", "0.8");
    fails(good.replace("\"bin\" : 2", "\"bin\" : 3"), "bins[1].bin must be 2, got 3");
    fails(good.replace("\"probes\" : 4", "\"probes\" : \"4\""), "'probes' must be an integer");
    fails(good.replace("\"budget_axis\" : \"mean_completion_tokens_per_query\",", ""), "'budget_axis' is missing");
    fails("[1]", "not a JSON object");
    fails("{", "not JSON");
  }

  @Test
  void chooseTakesTheLargestBudgetWithinAndTheFirstEntryBelowIt() {
    Policy p = sample();
    assertEquals("weighted", p.choose(2, 10).strategy());
    assertEquals("weighted", p.choose(2, 2913.9).strategy());
    assertEquals("rebase[t=0.5]", p.choose(2, 2914).strategy());
    assertEquals(1, p.binOf(0.7));
    assertEquals(2, p.binOf(0.699));
    assertEquals(2, p.binOf(-5));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.choose(3, 100));
    assertTrue(e.getMessage().contains("bin must be in [1, 2], got 3"), e.getMessage());
  }
}
