package io.ttc4j.eval.cli;

import io.ttc4j.core.Budget;
import io.ttc4j.core.Problem;
import io.ttc4j.core.Search;
import io.ttc4j.core.Selection;
import io.ttc4j.datasets.Datasets;
import io.ttc4j.datasets.MathAnswers;
import io.ttc4j.eval.compute.PriceTier;
import io.ttc4j.eval.policy.CascadeEvaluation;
import io.ttc4j.sim.Simulator;
import io.ttc4j.sim.SimulatorPreset;
import io.ttc4j.strategies.BestOfN;
import io.ttc4j.strategies.Cascade;
import java.io.PrintWriter;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ttc cascade}: four simulated model tiers of rising skill and price (the price tiers
 * on-device, commodity, production, premium), each running weighted best-of-N; fits the cascade's
 * escalation thresholds on half the problems for each single tier's cost and compares on the other
 * half ({@link CascadeEvaluation}).
 */
@Command(
    name = "cascade",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Model-tier cascade on the simulator: tiers of rising skill priced as on-device ($0), commodity, production "
            + "and premium, each running weighted best-of-N. For every single tier, the escalation thresholds with the "
            + "best accuracy at no more than that tier's dollars per query are fitted on half the problems and "
            + "evaluated on the other half (both ways); prints each tier against its cascade.",
        ""})
final class CascadeCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--skills", paramLabel = "LIST", defaultValue = "0,1,2,3", split = ",",
      description = "Generator skill (logits) of the tiers, cheapest first; at most four, priced on-device, commodity, "
          + "production, premium in that order (default: ${DEFAULT-VALUE}).")
  List<Double> skills;

  @Option(names = "--n", paramLabel = "N", defaultValue = "8",
      description = "Samples of each tier's weighted best-of-N (default: ${DEFAULT-VALUE}).")
  int n;

  @Option(names = "--preset", paramLabel = "NAME", defaultValue = "math500",
      description = "Simulator preset (default: ${DEFAULT-VALUE}).")
  String preset;

  @Option(names = "--limit", paramLabel = "K", description = "Only the first K problems.")
  Integer limit;

  @Option(names = "--seeds", paramLabel = "LIST", converter = OptionValues.Seeds.class, defaultValue = "0",
      description = "Query seeds (default: ${DEFAULT-VALUE}).")
  List<Long> seeds;

  @Option(names = "--max-tokens", paramLabel = "M", defaultValue = "2048",
      description = "Completion tokens per sample (default: ${DEFAULT-VALUE}).")
  int maxTokens;

  @Option(names = "--split-seed", paramLabel = "S", defaultValue = "0",
      description = "Seed of the split of the problems into halves (default: ${DEFAULT-VALUE}).")
  long splitSeed;

  @Override
  public Integer call() {
    List<PriceTier> prices = PriceTier.presets();
    if (skills.isEmpty() || skills.size() > prices.size()) {
      throw new ParameterException(spec.commandLine(), "--skills must list 1 to " + prices.size() + " tiers, got "
          + skills);
    }
    if (n < 1) throw new ParameterException(spec.commandLine(), "--n must be >= 1, got " + n);
    if (limit != null && limit < 2) throw new ParameterException(spec.commandLine(), "--limit must be >= 2, got " + limit);
    SimulatorPreset simPreset;
    try {
      simPreset = SimulatorPreset.named(preset);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--preset: " + e.getMessage());
    }
    Simulator sim = Simulator.create(simPreset, 0).withAnswerCheck(MathAnswers.equivalence());
    List<Cascade.Tier> tiers = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int t = 0; t < skills.size(); t++) {
      Search s = Search.builder().generator(sim.generator(skills.get(t))).prm(sim.prm())
          .strategy(BestOfN.of(new BestOfN.Config(n, Selection.WEIGHTED, io.ttc4j.core.Aggregation.LAST, 0.8,
              maxTokens, false)))
          .answerExtractor(MathAnswers.extractor()).equivalence(MathAnswers.equivalence()).build();
      tiers.add(new Cascade.Tier(prices.get(t).name(), s, Budget.builder().priceModel(prices.get(t).prices()).build()));
      names.add(prices.get(t).name() + " (skill " + skills.get(t) + ")");
    }
    List<Problem> problems = Datasets.load(simPreset.dataset());
    if (limit != null) problems = problems.subList(0, Math.min(limit, problems.size()));
    List<Map.Entry<Problem, Long>> queries = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    for (long s : OptionValues.distinct("--seeds", seeds)) {
      for (Problem p : problems) {
        queries.add(new AbstractMap.SimpleImmutableEntry<>(p, s));
        ids.add(p.id());
      }
    }
    CascadeEvaluation.TierOutcome[][] o = CascadeEvaluation.outcomes(tiers, queries, MathAnswers.equivalence());
    List<CascadeEvaluation.Comparison> cmp = CascadeEvaluation.compare(o, ids, names, splitSeed);
    PrintWriter out = spec.commandLine().getOut();
    out.printf(Locale.ROOT, "%d queries (%d problems x %d seeds), weighted best-of-%d per tier; thresholds fitted on "
        + "one half of the problems for each tier's cost, evaluated on the other, both ways%n", queries.size(),
        problems.size(), seeds.size(), n);
    int dominated = 0;
    for (CascadeEvaluation.Comparison c : cmp) {
      out.printf(Locale.ROOT, "%-24s alone %.4f at $%.6f | cascade at its cost %.4f at $%.6f%s | at its accuracy "
          + "%.4f at $%.6f%n", c.tier(), c.single().accuracy(), c.single().usd(), c.cascade().accuracy(),
          c.cascade().usd(), c.dominates() ? " (dominates)" : "", c.cheapest().accuracy(), c.cheapest().usd());
      if (c.dominates()) dominated++;
    }
    out.printf(Locale.ROOT, "the cascade dominates %d of %d single tiers (as accurate or more, at no more cost)%n",
        dominated, cmp.size());
    out.flush();
    return 0;
  }
}
