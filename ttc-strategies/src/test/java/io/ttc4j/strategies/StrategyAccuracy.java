package io.ttc4j.strategies;

import io.ttc4j.core.Aggregation;
import io.ttc4j.core.Budget;
import io.ttc4j.core.Problem;
import io.ttc4j.core.SearchResult;
import io.ttc4j.core.SearchStrategy;
import io.ttc4j.core.Selection;
import io.ttc4j.datasets.MathAnswers;
import io.ttc4j.sim.SimulatorPreset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Accuracy sanity on the simulator's math500 preset: accuracy and mean completion tokens per
 * problem of weighted best-of-N, beam search, DVTS and REBASE (and a few others) at several N, over
 * the first problems of MATH-500. A test-scope main, not a benchmark:
 * {@code java -cp <test classpath> io.ttc4j.strategies.StrategyAccuracy [problems] [seeds] [N...]}; with
 * {@code -Dhonest.prm=true} the preset's PRM has no systematic errors (no deceptive answers, no blind
 * spots), to separate what search gains from what it loses by exploiting the PRM's errors.
 */
public final class StrategyAccuracy {

  /** One row of the table. */
  record Row(String strategy, int n, double accuracy, double tokens, double prmCalls) {}

  /** The strategies compared at width {@code n}, by name. */
  static Map<String, IntFunction<SearchStrategy>> strategies(boolean all) {
    Map<String, IntFunction<SearchStrategy>> m = new LinkedHashMap<>();
    m.put("best-of-N weighted", n -> BestOfN.of(n, Selection.WEIGHTED));
    m.put("beam (M=4)", n -> BeamSearch.of(n, Math.min(4, n)));
    m.put("DVTS (M=4)", n -> Dvts.of(n, Math.min(4, n)));
    m.put("REBASE (T=0.2)", Rebase::of);
    if (all) {
      m.put("best-of-N majority", n -> BestOfN.of(new BestOfN.Config(n, Selection.MAJORITY, Aggregation.LAST, 0.8,
          2048, false)));
      m.put("lookahead (M=4, k=2)", n -> LookaheadSearch.of(n, Math.min(4, n), 2));
      m.put("MCTS (N sims, width 4)", n -> Mcts.of(n, 4));
      m.put("adaptive SC (max N)", n -> SelfConsistency.adaptive(n, 4));
      m.put("SC + DeepConf 50% (N)", n -> SelfConsistency.of(SelfConsistency.fixed(n).config().withKeepFraction(0.5)));
    }
    return m;
  }

  static List<Row> measure(List<Problem> problems, int seeds, int[] ns, boolean all) {
    return measure(SimFixture.MATH500, problems, seeds, ns, all);
  }

  static List<Row> measure(SimulatorPreset preset, List<Problem> problems, int seeds, int[] ns, boolean all) {
    List<Row> rows = new ArrayList<>();
    for (int n : ns) {
      for (Map.Entry<String, IntFunction<SearchStrategy>> e : strategies(all).entrySet()) {
        SearchStrategy s = e.getValue().apply(n);
        int right = 0;
        long tokens = 0;
        long prm = 0;
        for (int seed = 1; seed <= seeds; seed++) {
          for (Problem p : problems) {
            SearchResult r = SimFixture.run(s, p, Budget.unlimited(), preset, seed, seed);
            if (r.answer() != null && MathAnswers.equivalence().equivalent(r.answer(), p.reference())) right++;
            tokens += r.usage().completionTokens();
            prm += r.usage().prmCalls();
          }
        }
        double runs = (double) problems.size() * seeds;
        rows.add(new Row(e.getKey(), n, right / runs, tokens / runs, prm / runs));
      }
    }
    return rows;
  }

  static String table(List<Row> rows) {
    StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-24s %4s %9s %12s %10s%n", "strategy", "N",
        "accuracy", "tokens/prob", "PRM/prob"));
    for (Row r : rows) {
      b.append(String.format(Locale.ROOT, "%-24s %4d %9.3f %12.0f %10.1f%n", r.strategy(), r.n(), r.accuracy(),
          r.tokens(), r.prmCalls()));
    }
    return b.toString();
  }

  /** Prints the table. */
  public static void main(String[] args) {
    int problems = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    int seeds = args.length > 1 ? Integer.parseInt(args[1]) : 1;
    int[] ns = args.length > 2 ? java.util.Arrays.stream(args, 2, args.length).mapToInt(Integer::parseInt).toArray()
        : new int[] {4, 16, 64};
    SimulatorPreset preset = Boolean.getBoolean("honest.prm")
        ? SimFixture.MATH500.toBuilder().prmDeceptiveRate(0).prmMissRate(0).build() : SimFixture.MATH500;
    System.out.print(table(measure(preset, SimFixture.PROBLEMS.subList(0, problems), seeds, ns, true)));
  }
}
