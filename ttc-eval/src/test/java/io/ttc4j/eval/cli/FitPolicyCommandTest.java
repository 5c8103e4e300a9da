package io.ttc4j.eval.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ttc4j.eval.cli.ReplayCommandTest.Run;
import io.ttc4j.eval.policy.Policy;
import io.ttc4j.eval.policy.PolicyFit;
import io.ttc4j.eval.stats.DifficultyBins;
import io.ttc4j.strategies.Confidence;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ttc fit-policy} on a small sweep: the policy file, the evaluation files and the errors. */
class FitPolicyCommandTest {

  @TempDir
  static Path tmp;

  static Path run;

  @BeforeAll
  static void sweep() {
    run = tmp.resolve("run");
    Run r = ReplayCommandTest.ttc("sweep", "--limit", "20", "--n", "1,4,16", "--seeds", "0,1", "--strategies",
        "first,weighted,majority,oracle,beam", "--quiet", "--no-charts", "--concurrency", "2", "--out", run.toString());
    assertEquals(0, r.code(), r.err());
  }

  @Test
  void predictedAndOraclePoliciesAreWrittenWithTheirEvaluation() throws IOException {
    for (String kind : List.of("predicted", "oracle")) {
      Path out = tmp.resolve("p-" + kind + ".json");
      Run r = ReplayCommandTest.ttc("fit-policy", run.toString(), "--difficulty", kind, "--bins", "2", "--resamples",
          "20", "--out", out.toString());
      assertEquals(0, r.code(), r.err());
      Policy p = Policy.read(out);
      assertEquals(kind, p.difficulty().label());
      assertEquals(kind.equals("oracle") ? 0 : 4, p.probes());
      assertEquals(2, p.bins().size());
      for (Policy.Bin b : p.bins()) {
        for (Policy.Entry e : b.entries()) assertTrue(!e.strategy().equals("oracle"), "the bound was chosen: " + e);
      }
      assertTrue(r.out().contains("20 problems, 40 queries, " + kind + " difficulty"), r.out());
      assertTrue(r.out().contains("weighted best-of-N @ 16: accuracy"), r.out());
      assertTrue(r.out().contains("(20 resamples, split and fit redone"), r.out());
      String md = Files.readString(tmp.resolve("p-" + kind + ".eval.md"));
      assertTrue(md.contains("Two-fold cross-validation over problems (seed 0: 10 + 10 problems)"), md);
      List<String> csv = Files.readAllLines(tmp.resolve("p-" + kind + ".eval.csv"));
      assertEquals("budget_tokens,co_accuracy,co_mean_tokens,co_mean_prm_calls,bon_accuracy_at_co_tokens", csv.get(0));
      assertTrue(csv.size() > 5, csv.toString());
    }
    Policy predicted = Policy.read(tmp.resolve("p-predicted.json"));
    assertEquals(DifficultyBins.Measure.PREDICTED, predicted.difficulty());
    assertEquals(PolicyFit.DEFAULT_FEATURES, predicted.difficultyModel().features());
    assertEquals(null, Policy.read(tmp.resolve("p-oracle.json")).difficultyModel());
  }

  @Test
  void theDifficultyModelIsPrintedAndItsFeaturesChosen() throws IOException {
    Path out = tmp.resolve("p-mean.json");
    Run r = ReplayCommandTest.ttc("fit-policy", run.toString(), "--bins", "2", "--resamples", "5",
        "--difficulty-features", "mean-score", "--out", out.toString());
    assertEquals(0, r.code(), r.err());
    Policy p = Policy.read(out);
    assertEquals(List.of(Confidence.Feature.MEAN_SCORE), p.difficultyModel().features());
    assertTrue(r.out().contains("difficulty model (fitted on every problem; predicts pass@1): sigma("), r.out());
    assertTrue(r.out().contains("*mean-score)"), r.out());
    assertTrue(Files.readString(tmp.resolve("p-mean.eval.md")).contains("difficulty model, bin edges and choices"));
    r = ReplayCommandTest.ttc("fit-policy", run.toString(), "--difficulty-features", "mean-score,agreement", "--out",
        tmp.resolve("x.json").toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--difficulty-features: confidence feature must be one of"), r.err());
    assertTrue(r.err().contains("got 'agreement'"), r.err());
  }

  @Test
  void badOptionsAreUsageErrorsNamingTheOption() {
    Run r = ReplayCommandTest.ttc("fit-policy", run.toString(), "--difficulty", "guess", "--out",
        tmp.resolve("x.json").toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--difficulty must be oracle or predicted, got 'guess'"), r.err());
    r = ReplayCommandTest.ttc("fit-policy", run.toString(), "--out", tmp.resolve("x.txt").toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--out must name a .json file"), r.err());
    r = ReplayCommandTest.ttc("fit-policy", run.toString(), "--probes", "0", "--out", tmp.resolve("x.json").toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("--probes must be >= 1, got 0"), r.err());
    r = ReplayCommandTest.ttc("fit-policy", tmp.resolve("nothing").toString(), "--out", tmp.resolve("x.json").toString());
    assertEquals(1, r.code());
    assertTrue(r.err().contains("is not a sweep run folder"), r.err());
  }
}
