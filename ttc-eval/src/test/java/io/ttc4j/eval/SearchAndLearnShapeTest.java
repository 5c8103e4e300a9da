package io.ttc4j.eval;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ttc4j.core.Problem;
import io.ttc4j.datasets.Datasets;
import io.ttc4j.datasets.MathAnswers;
import io.ttc4j.sim.Simulator;
import io.ttc4j.sim.SimulatorPreset;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code math500} simulator preset reproduces the search-and-learn shape of step-level search
 * against best-of-N (Beeching, Tunstall, Rush et al., "Scaling test-time compute with open models",
 * Hugging Face, 2024; Snell et al., arXiv 2408.03314), as calibrated in {@code ttc-sim/CALIBRATION.md}:
 * beam search ahead of best-of-N at small N, best-of-N catching up at large N; beam search better on
 * hard problems, not on easy ones at large N; DVTS better than beam search at large N; weighted
 * best-of-N above majority voting; naive best-of-N over-optimising the PRM.
 *
 * <p>One sweep over all of MATH-500 with seeds 0 and 1 and N = 4, 16, 64 (the full calibration run
 * uses seeds 0 to 2 and more N). The margins were checked on seeds 0 to 5 one at a time: each
 * assertion holds on every single seed, so with two seeds averaged it is not a coin flip.
 */
class SearchAndLearnShapeTest {

  private static final List<Integer> NS = List.of(4, 16, 64);
  private static final List<SweepStrategy> STRATEGIES = List.of(SweepStrategy.WEIGHTED, SweepStrategy.MAJORITY,
      SweepStrategy.NAIVE, SweepStrategy.BEAM, SweepStrategy.DVTS);

  /** Accuracy by group ("all", "easy" = levels 1-2, "hard" = levels 4-5), strategy and N. */
  private static Map<String, double[]> tally;
  private static String report;

  @BeforeAll
  static void sweep() throws Exception {
    List<Problem> problems = Datasets.load("math500");
    Map<String, Integer> level = new HashMap<>();
    for (Problem p : problems) level.put(p.id(), p.level().orElse(0));
    Simulator sim = Simulator.create(SimulatorPreset.named("math500"), 0).withAnswerCheck(MathAnswers.equivalence());
    SweepSettings settings = SweepSettings.builder().strategies(STRATEGIES).ns(NS).seeds(List.of(0L, 1L))
        .concurrency(Math.max(2, Runtime.getRuntime().availableProcessors())).build();
    SweepResult result = Sweep.builder().problems(problems).generator(sim.generator()).prm(sim.prm())
        .answerExtractor(MathAnswers.extractor()).equivalence(MathAnswers.equivalence()).settings(settings).build()
        .run();
    tally = new HashMap<>();
    for (ResultRow row : result.rows()) {
      int l = level.get(row.problemId());
      String group = l <= 2 ? "easy" : l >= 4 ? "hard" : "medium";
      for (String g : new String[] {"all", group}) {
        double[] t = tally.computeIfAbsent(g + " " + row.strategy().name() + " " + row.n(), k -> new double[2]);
        t[0] += row.correct() ? 1 : 0;
        t[1]++;
      }
    }
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-6s %-9s", "group", "strategy"));
    for (int n : NS) b.append(String.format(Locale.ROOT, " %6d", n));
    b.append('\n');
    for (String g : new String[] {"all", "easy", "medium", "hard"}) {
      for (SweepStrategy s : STRATEGIES) {
        b.append(String.format(Locale.ROOT, "%-6s %-9s", g, s.name()));
        for (int n : NS) b.append(String.format(Locale.ROOT, " %6.3f", acc(g, s, n)));
        b.append('\n');
      }
    }
    report = b.toString();
    System.out.print(report);
  }

  private static double acc(String group, SweepStrategy s, int n) {
    double[] t = tally.get(group + " " + s.name() + " " + n);
    return t[0] / t[1];
  }

  private static double all(SweepStrategy s, int n) {
    return acc("all", s, n);
  }

  @Test
  void beamSearchLeadsBestOfNAtSmallNAndBestOfNCatchesUp() {
    // blog: beam search ahead of best-of-N at small budgets (beam at N = 4 about best-of-N at 16)
    assertTrue(all(SweepStrategy.BEAM, 4) > all(SweepStrategy.WEIGHTED, 4), report);
    assertTrue(Math.abs(all(SweepStrategy.BEAM, 4) - all(SweepStrategy.WEIGHTED, 16)) < 0.06, report);
    // Snell et al.: the gain of beam search over best-of-N shrinks as the budget grows
    double gap16 = all(SweepStrategy.BEAM, 16) - all(SweepStrategy.WEIGHTED, 16);
    double gap64 = all(SweepStrategy.BEAM, 64) - all(SweepStrategy.WEIGHTED, 64);
    assertTrue(gap64 < gap16 - 0.03, report);
  }

  @Test
  void beamSearchHelpsOnHardProblemsNotOnEasyOnesAtLargeN() {
    // blog and Snell et al.: beam search better on medium and hard problems, but not better than
    // best-of-N on easy problems at large budgets (it over-optimises the PRM there)
    assertTrue(acc("hard", SweepStrategy.BEAM, 16) > acc("hard", SweepStrategy.WEIGHTED, 16) + 0.08, report);
    assertTrue(acc("hard", SweepStrategy.BEAM, 64) > acc("hard", SweepStrategy.WEIGHTED, 64), report);
    assertTrue(acc("easy", SweepStrategy.BEAM, 64) < acc("easy", SweepStrategy.WEIGHTED, 64) + 0.01, report);
  }

  @Test
  void dvtsOvertakesBeamSearchAtLargeN() {
    // blog: DVTS better at large N; beam search better (here: not worse) at low N
    assertTrue(all(SweepStrategy.DVTS, 64) > all(SweepStrategy.BEAM, 64) + 0.03, report);
    assertTrue(all(SweepStrategy.BEAM, 16) > all(SweepStrategy.DVTS, 16) - 0.02, report);
  }

  @Test
  void weightedBeatsMajorityAndNaiveBestOfNOverOptimises() {
    // blog: weighted best-of-N above majority voting, and above vanilla best-of-N the more so the larger N
    assertTrue(all(SweepStrategy.WEIGHTED, 64) > all(SweepStrategy.MAJORITY, 64) + 0.04, report);
    double naivePeak = Math.max(all(SweepStrategy.NAIVE, 4), all(SweepStrategy.NAIVE, 16));
    assertTrue(all(SweepStrategy.NAIVE, 64) < naivePeak - 0.02, report);
    double gap4 = all(SweepStrategy.WEIGHTED, 4) - all(SweepStrategy.NAIVE, 4);
    double gap64 = all(SweepStrategy.WEIGHTED, 64) - all(SweepStrategy.NAIVE, 64);
    assertTrue(gap64 > gap4 + 0.05, report);
  }
}
