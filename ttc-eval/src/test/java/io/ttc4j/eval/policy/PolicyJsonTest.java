package io.ttc4j.eval.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ttc4j.eval.stats.DifficultyBins;
import io.ttc4j.strategies.Calibration;
import io.ttc4j.strategies.Confidence;
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

  /** The difficulty model of {@link #sample()}: pass@1 ≈ σ(-6 + 5·mean score + 4·agreement). */
  static final Calibration MODEL = new Calibration(List.of(Confidence.Feature.MEAN_SCORE,
      Confidence.Feature.VOTE_SHARE), -6, new double[] {5, 4});

  static List<Policy.Bin> bins() {
    return List.of(
        new Policy.Bin(1, 0.7, 0.93, List.of(new Policy.Entry(1336.15, "weighted", 4, 0.96, 958.5))),
        new Policy.Bin(2, 0.2, 0.69, List.of(new Policy.Entry(1336.15, "weighted", 4, 0.3, 1300),
            new Policy.Entry(2914.0, "rebase[t=0.5]", 4, 0.55, 2800.25))));
  }

  /** A version-2 predicted policy: its bins are cut on the model's predicted pass@1. */
  static Policy sample() {
    return new Policy(DifficultyBins.Measure.PREDICTED, 4, MODEL, bins());
  }

  /** The same bins cut on the probes' mean score itself: what version 1 could say. */
  static Policy meanScoreSample() {
    return new Policy(DifficultyBins.Measure.PREDICTED, 4, bins());
  }

  /** Probes with this mean score and agreement (vote share of their most common answer). */
  static Confidence probes(double meanScore, double agreement) {
    return new Confidence(4, Double.NaN, agreement, 0, Double.NaN, meanScore);
  }

  @Test
  void roundTrip() throws IOException {
    Path file = tmp.resolve("sub/policy.json");
    sample().write(file);
    assertEquals(sample(), Policy.read(file));
    String text = Files.readString(file);
    assertTrue(text.contains("\"format\" : \"ttc4j-policy\""), text);
    assertTrue(text.contains("\"version\" : 2"), text);
    assertTrue(text.contains("\"strategy\" : \"rebase[t=0.5]\""), text);
    assertTrue(text.contains("\"features\" : [ \"mean-score\", \"vote-share\" ]"), text);
    assertEquals(2, sample().version());
    Policy oracle = new Policy(DifficultyBins.Measure.ORACLE, 0, bins());
    assertEquals(oracle, Policy.parse(oracle.toJson(), "o.json"));
    assertTrue(oracle.toJson().contains("\"version\" : 2") && !oracle.toJson().contains("difficulty_model"));
  }

  /** A file written before difficulty models (version 1, mean score only), as ttc4j wrote it then. */
  static final String VERSION_1 = """
      {
        "format" : "ttc4j-policy",
        "version" : 1,
        "difficulty" : "predicted",
        "probes" : 4,
        "budget_axis" : "mean_completion_tokens_per_query",
        "bins" : [ {
          "bin" : 1,
          "low" : 0.7,
          "high" : 0.93,
          "entries" : [ {
            "budget_tokens" : 1336.15,
            "strategy" : "weighted",
            "n" : 4,
            "expected_accuracy" : 0.96,
            "mean_completion_tokens" : 958.5
          } ]
        }, {
          "bin" : 2,
          "low" : 0.2,
          "high" : 0.69,
          "entries" : [ {
            "budget_tokens" : 1336.15,
            "strategy" : "weighted",
            "n" : 4,
            "expected_accuracy" : 0.3,
            "mean_completion_tokens" : 1300.0
          }, {
            "budget_tokens" : 2914.0,
            "strategy" : "rebase[t=0.5]",
            "n" : 4,
            "expected_accuracy" : 0.55,
            "mean_completion_tokens" : 2800.25
          } ]
        } ]
      }
      """;

  @Test
  void aVersion1FileStillLoadsRoutesByMeanScoreAndIsWrittenBackAsVersion1() throws IOException {
    Path file = tmp.resolve("old.json");
    Files.writeString(file, VERSION_1);
    Policy old = Policy.read(file);
    assertEquals(meanScoreSample(), old);
    assertEquals(null, old.difficultyModel());
    assertEquals(1, old.version());
    // the value is the mean score itself, whatever the agreement
    assertEquals(0.72, old.predictedDifficulty(probes(0.72, 0.25)));
    assertEquals(1, old.binOf(probes(0.72, 0.25)));
    assertEquals(2, old.binOf(probes(0.65, 1.0)));
    assertEquals(2, old.binOf(probes(Double.NaN, 1.0)), "unscored probes: the hardest bin");
    assertEquals(VERSION_1, old.toJson(), "written back byte for byte");
  }

  @Test
  void theModelMapsMeanScoreAndAgreementToAPredictedPassAt1() {
    Policy p = sample();
    double z = -6 + 5 * 0.72 + 4 * 0.75;
    assertEquals(1 / (1 + Math.exp(-z)), p.predictedDifficulty(probes(0.72, 0.75)), 1e-15);
    assertTrue(Double.isNaN(p.predictedDifficulty(probes(Double.NaN, 0.75))));
    assertEquals(2, p.binOf(probes(Double.NaN, 0.75)), "undefined: the hardest bin");
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> new Policy(DifficultyBins.Measure.ORACLE, 0, bins()).predictedDifficulty(probes(0.5, 0.5)));
    assertTrue(e.getMessage().contains("pass@1 is not known at run time"), e.getMessage());
    IllegalArgumentException a = assertThrows(IllegalArgumentException.class,
        () -> new Policy(DifficultyBins.Measure.ORACLE, 0, MODEL, bins()));
    assertTrue(a.getMessage().contains("difficulty_model must be absent for oracle difficulty"), a.getMessage());
  }

  private static void fails(String text, String... expected) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Policy.parse(text, "p.json"));
    assertTrue(e.getMessage().startsWith("p.json: "), e.getMessage());
    for (String s : expected) assertTrue(e.getMessage().contains(s), "'" + s + "' not in: " + e.getMessage());
  }

  @Test
  void everyFieldIsValidatedAndNamed() {
    String good = sample().toJson();
    fails(good.replace("\"version\" : 2", "\"version\" : 3"), "'version'", "must be 1 or 2", "got 3");
    fails(good.replace("\"version\" : 2", "\"version\" : 1"), "unknown field 'difficulty_model'");
    fails(VERSION_1.replace("\"version\" : 1", "\"version\" : 2"), "'difficulty_model' is missing");
    fails(good.replace("\"vote-share\"", "\"agreement\""), "difficulty_model.features[1]", "'agreement'");
    fails(good.replace("\"vote-share\"", "\"VOTE_SHARE\""), "difficulty_model.features[1]",
        "must be spelled 'vote-share'");
    fails(good.replace("\"vote-share\"", "\"mean-score\""), "difficulty_model", "features must be distinct");
    fails(good.replace("\"vote-share\"", "2"), "difficulty_model.features[1]' must be a string");
    fails(good.replace("\"features\" : [ \"mean-score\", \"vote-share\" ]", "\"features\" : [ ]"),
        "difficulty_model.features' must not be empty");
    fails(good.replace("\"intercept\" : -6.0", "\"intercept\" : \"-6\""), "difficulty_model.intercept' must be a number");
    fails(good.replace("\"intercept\" : -6.0,", ""), "difficulty_model.intercept' is missing");
    fails(good.replace("[ 5.0, 4.0 ]", "[ 5.0 ]"), "difficulty_model.weights' must hold one weight per feature (2), got 1");
    fails(good.replace("[ 5.0, 4.0 ]", "[ 5.0, true ]"), "difficulty_model.weights[1]' must be a number");
    fails(good.replace("\"intercept\" : -6.0,", "\"intercept\" : -6.0, \"bias\" : 1,"),
        "unknown field 'difficulty_model.bias'");
    fails(good.replace("\"predicted\"", "\"oracle\"").replace("\"probes\" : 4", "\"probes\" : 0"),
        "'difficulty_model' must be absent for oracle difficulty");
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
