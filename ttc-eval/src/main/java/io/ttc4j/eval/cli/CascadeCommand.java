package io.ttc4j.eval.cli;

import io.ttc4j.core.Aggregation;
import io.ttc4j.core.Problem;
import io.ttc4j.core.Search;
import io.ttc4j.datasets.Datasets;
import io.ttc4j.datasets.MathAnswers;
import io.ttc4j.eval.ResultRow;
import io.ttc4j.eval.SweepStrategy;
import io.ttc4j.eval.compute.ModelTier;
import io.ttc4j.eval.internal.RunFolders;
import io.ttc4j.eval.internal.Charts;
import io.ttc4j.eval.policy.CascadeEvaluation;
import io.ttc4j.eval.policy.CascadeEvaluation.Comparison;
import io.ttc4j.eval.policy.CascadeEvaluation.HeldOut;
import io.ttc4j.eval.policy.CascadeEvaluation.Target;
import io.ttc4j.eval.policy.CascadeOutcomes;
import io.ttc4j.eval.policy.CascadePlan;
import io.ttc4j.eval.stats.BootstrapInterval;
import io.ttc4j.eval.stats.ClusterBootstrap;
import io.ttc4j.sim.Simulator;
import io.ttc4j.sim.SimulatorPreset;
import io.ttc4j.strategies.StrategySpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
 * {@code ttc cascade}: simulated model tiers of rising skill, price and size (the {@link ModelTier}
 * presets), each running the same search; fits cascade plans on half the problems and evaluates
 * them on the other half ({@link CascadeEvaluation}): against every single tier, along a frontier of
 * dollar budgets, and for a target in dollars or accuracy, whose plan (fitted on every problem) it
 * can write for {@link io.ttc4j.strategies.Cascade} to run.
 */
@Command(
    name = "cascade",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Model-tier cascade on the simulator. Tiers of rising skill and price (on-device $0, commodity, production, "
            + "premium) each run the same search once per query; cascade plans (which tiers, escalating below which "
            + "calibrated confidence) are fitted on half the problems and evaluated on the other half, both ways. "
            + "Prints every single tier against the cascade fitted to its cost and to its accuracy (paired 95%% "
            + "intervals), the held-out frontier of accuracy against dollars and estimated latency, and the plan "
            + "for --target-usd or --target-accuracy. With --run, tiers come from sweep run folders (simulated or served "
            + "models) instead.",
        ""})
final class CascadeCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--tiers", paramLabel = "LIST", defaultValue = "on-device,commodity,production,premium", split = ",",
      description = "Model tiers, cheapest first, from: on-device, commodity, production, premium (default: "
          + "${DEFAULT-VALUE}).")
  List<String> tierNames;

  @Option(names = "--skills", paramLabel = "LIST", split = ",",
      description = "Override the simulated generator skill (logits) of each tier, one per tier.")
  List<Double> skills;

  @Option(names = "--run", paramLabel = "TIER=DIR[,DIR...]", mapFallbackValue = "",
      description = "Take tier TIER's outcomes from a sweep's run folder (its shards, comma-separated) instead of "
          + "simulating it: the rows of --strategy at each --n, their recorded confidence, correctness and usage, priced "
          + "and timed as the preset TIER. Give one for every tier of --tiers, or none. A query is a (problem, seed) "
          + "every tier's run holds.")
  Map<String, String> runs = new LinkedHashMap<>();

  @Option(names = "--price", paramLabel = "TIER=IN/OUT",
      description = "Override a tier's prices: USD per million input and output tokens, e.g. premium=2.5/10 (the "
          + "reward model's tokens are priced as input).")
  Map<String, String> prices = new LinkedHashMap<>();

  @Option(names = "--hardware", paramLabel = "TIER=HW",
      description = "Override a tier's hardware for the latency estimate: edge-npu, datacentre-gpu, gpu-node.")
  Map<String, String> hardware = new LinkedHashMap<>();

  @Option(names = "--params", paramLabel = "TIER=P",
      description = "Override a tier's generator parameters (bf16) for the latency estimate, e.g. on-device=1.5e9.")
  Map<String, String> params = new LinkedHashMap<>();

  @Option(names = "--strategy", paramLabel = "SPEC", defaultValue = "weighted",
      description = "Every tier's search, as sweeps name strategies: weighted, majority, beam, dvts, rebase[t=0.5], ... "
          + "(default: ${DEFAULT-VALUE}).")
  String strategy;

  @Option(names = "--n", paramLabel = "LIST", defaultValue = "8", split = ",",
      description = "N of the tiers' searches (samples of best-of-N, beams of a step search). With several, every model "
          + "tier runs at each N and each (model, N) is a tier of its own, named like premium@16 (default: "
          + "${DEFAULT-VALUE}).")
  List<Integer> ns;

  @Option(names = "--signal", paramLabel = "NAME", defaultValue = "calibrated",
      description = "What escalation compares with the thresholds: calibrated (each tier's logistic calibration of its "
          + "answer's score share, vote margin and top score), score-share, vote-share, vote-margin, top-score "
          + "(default: ${DEFAULT-VALUE}).")
  String signal;

  @Option(names = "--thresholds", paramLabel = "MODE", defaultValue = "shared",
      description = "shared (one threshold for every tier of a plan) or per-tier (default: ${DEFAULT-VALUE}).")
  String thresholds;

  @Option(names = "--target-usd", paramLabel = "USD",
      description = "Also fit the most accurate plan costing at most USD dollars per query.")
  Double targetUsd;

  @Option(names = "--target-seconds", paramLabel = "S",
      description = "Also fit the most accurate plan whose mean estimated latency is at most S seconds per query.")
  Double targetSeconds;

  @Option(names = "--target-accuracy", paramLabel = "A",
      description = "Also fit the cheapest plan at least A accurate (a share in [0, 1]).")
  Double targetAccuracy;

  @Option(names = "--out", paramLabel = "DIR",
      description = "Write tiers.csv, comparison.csv, frontier.csv, the charts cascade-usd.png and cascade-latency.png, "
          + "and with a target plan.json (fitted on every problem) into DIR.")
  Path out;

  @Option(names = "--preset", paramLabel = "NAME", defaultValue = "math500",
      description = "Simulator preset (default: ${DEFAULT-VALUE}).")
  String preset;

  @Option(names = "--limit", paramLabel = "K", description = "Only the first K problems.")
  Integer limit;

  @Option(names = "--seeds", paramLabel = "LIST", converter = OptionValues.Seeds.class, defaultValue = "0",
      description = "Query seeds (default: ${DEFAULT-VALUE}).")
  List<Long> seeds;

  @Option(names = "--max-tokens", paramLabel = "M", defaultValue = "2048",
      description = "Completion tokens per sample or continuation (default: ${DEFAULT-VALUE}).")
  int maxTokens;

  @Option(names = "--split-seed", paramLabel = "S", defaultValue = "0",
      description = "Seed of the split of the problems into halves (default: ${DEFAULT-VALUE}).")
  long splitSeed;

  @Option(names = "--splits", paramLabel = "K", defaultValue = "5",
      description = "Repeat the two-fold split K times (split seeds S, S+1, ...) and average each query's held-out "
          + "outcome (default: ${DEFAULT-VALUE}).")
  int splits;

  @Option(names = "--resamples", paramLabel = "B", defaultValue = "1000",
      description = "Cluster-bootstrap resamples of the paired intervals (default: ${DEFAULT-VALUE}).")
  int resamples;

  @Option(names = "--frontier-points", paramLabel = "K", defaultValue = "24",
      description = "Dollar budgets on the held-out frontier (default: ${DEFAULT-VALUE}).")
  int frontierPoints;

  @Override
  public Integer call() throws IOException {
    List<ModelTier> models = tiers();
    for (int n : ns) if (n < 1) throw new ParameterException(spec.commandLine(), "--n must be >= 1, got " + n);
    if (ns.stream().distinct().count() != ns.size()) {
      throw new ParameterException(spec.commandLine(), "--n must be distinct, got " + ns);
    }
    if (models.size() * ns.size() > 8) {
      throw new ParameterException(spec.commandLine(), "at most 8 tiers (models x N), got " + models.size() + " x "
          + ns.size());
    }
    if (limit != null && limit < 2) throw new ParameterException(spec.commandLine(), "--limit must be >= 2, got " + limit);
    if (splits < 1) throw new ParameterException(spec.commandLine(), "--splits must be >= 1, got " + splits);
    if (resamples < 1) throw new ParameterException(spec.commandLine(), "--resamples must be >= 1, got " + resamples);
    if (frontierPoints < 1) {
      throw new ParameterException(spec.commandLine(), "--frontier-points must be >= 1, got " + frontierPoints);
    }
    int targets = (targetUsd != null ? 1 : 0) + (targetSeconds != null ? 1 : 0) + (targetAccuracy != null ? 1 : 0);
    if (targets > 1) {
      throw new ParameterException(spec.commandLine(), "give one of --target-usd, --target-seconds, --target-accuracy");
    }
    Target target = null;
    try {
      if (targetUsd != null) target = new Target.MaxUsd(targetUsd);
      if (targetSeconds != null) target = new Target.MaxSeconds(targetSeconds);
      if (targetAccuracy != null) target = new Target.MinAccuracy(targetAccuracy);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), (targetUsd != null ? "--target-usd: " : targetSeconds != null
          ? "--target-seconds: " : "--target-accuracy: ") + e.getMessage());
    }
    CascadeEvaluation.Settings settings;
    StrategySpec strategySpec;
    SimulatorPreset simPreset;
    try {
      settings = new CascadeEvaluation.Settings(CascadeEvaluation.Signal.named(signal),
          CascadeEvaluation.Thresholds.named(thresholds));
      strategySpec = StrategySpec.parse(strategy);
      simPreset = SimulatorPreset.named(preset);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    if (strategySpec.isBound()) {
      throw new ParameterException(spec.commandLine(), "--strategy oracle is a bound, not a search a tier can run");
    }
    if (settings.thresholds() == CascadeEvaluation.Thresholds.PER_TIER && models.size() * ns.size() > 5) {
      throw new ParameterException(spec.commandLine(), "--thresholds per-tier takes at most 5 tiers (models x N), got "
          + models.size() * ns.size());
    }
    // every (model, N) is a tier; tiers run cheapest first (mean dollars per query over all queries)
    List<String> tierLabels = new ArrayList<>();
    List<ModelTier> tiers = new ArrayList<>();
    List<CascadeEvaluation.TierOutcome[][]> columns = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    String source;
    if (runs.isEmpty()) {
      Simulator sim = Simulator.create(simPreset, 0).withAnswerCheck(MathAnswers.equivalence());
      List<Problem> problems = Datasets.load(simPreset.dataset());
      if (limit != null) problems = problems.subList(0, Math.min(limit, problems.size()));
      List<Map.Entry<Problem, Long>> queries = new ArrayList<>();
      for (long s : OptionValues.distinct("--seeds", seeds)) {
        for (Problem p : problems) {
          queries.add(new AbstractMap.SimpleImmutableEntry<>(p, s));
          ids.add(p.id());
        }
      }
      for (ModelTier m : models) {
        for (int n : ns) {
          Search search = Search.builder().generator(sim.generator(m.skill())).prm(sim.prm())
              .strategy(strategySpec.create(n, Aggregation.LAST, 0.8, maxTokens))
              .answerExtractor(MathAnswers.extractor()).equivalence(MathAnswers.equivalence()).build();
          columns.add(CascadeOutcomes.run(List.of(search), List.of(m), n, queries, MathAnswers.equivalence()));
          tierLabels.add(ns.size() == 1 ? m.name() : m.name() + "@" + n);
          tiers.add(m);
        }
      }
      source = String.format(Locale.ROOT, "%d queries (%d problems x %d seeds), simulated", queries.size(),
          problems.size(), seeds.size());
    } else {
      source = fromRuns(models, strategySpec, tierLabels, tiers, columns, ids);
    }
    int queryCount = ids.size();
    Integer[] order = new Integer[columns.size()];
    double[] meanUsd = new double[columns.size()];
    for (int c = 0; c < columns.size(); c++) {
      order[c] = c;
      for (CascadeEvaluation.TierOutcome[] q : columns.get(c)) meanUsd[c] += q[0].usd() / queryCount;
    }
    java.util.Arrays.sort(order, (x, y) -> meanUsd[x] != meanUsd[y] ? Double.compare(meanUsd[x], meanUsd[y])
        : Integer.compare(x, y));
    CascadeEvaluation.TierOutcome[][] outcomes = new CascadeEvaluation.TierOutcome[queryCount][columns.size()];
    List<String> names = new ArrayList<>();
    List<ModelTier> sortedTiers = new ArrayList<>();
    for (int k = 0; k < order.length; k++) {
      for (int i = 0; i < queryCount; i++) outcomes[i][k] = columns.get(order[k])[i][0];
      names.add(tierLabels.get(order[k]));
      sortedTiers.add(tiers.get(order[k]));
    }
    tiers = sortedTiers;
    CascadeEvaluation eval = CascadeEvaluation.of(outcomes, ids);
    ClusterBootstrap bootstrap = ClusterBootstrap.of(resamples, 0.95, splitSeed);
    List<Comparison> cmp = eval.compare(names, settings, splitSeed, splits, bootstrap);
    List<Target> frontierTargets = eval.frontierTargets(frontierPoints);
    List<HeldOut> frontier = eval.heldOut(frontierTargets, settings, splitSeed, splits);
    List<Target> latencyTargets = eval.latencyTargets(frontierPoints);
    List<HeldOut> latencyFrontier = eval.heldOut(latencyTargets, settings, splitSeed, splits);

    PrintWriter w = spec.commandLine().getOut();
    w.printf(Locale.ROOT, "%s; every tier runs %s at N = %s; escalation on %s, %s "
        + "thresholds; plans fitted on one half of the problems and evaluated on the other, both ways, over %d splits "
        + "(seeds from %d), each query's held-out outcome averaged%n",
        source, strategySpec.name(), ns, settings.signal().label(),
        settings.thresholds().label(), splits, splitSeed);
    w.printf(Locale.ROOT, "%-14s %-32s | %-50s | %-50s%n", "tier", "alone: accuracy, $/query, est. s",
        "cascade at its cost: accuracy (gain, 95%), $, s", "cascade at its accuracy: accuracy (gain, 95%), $, s");
    int dominated = 0;
    for (Comparison c : cmp) {
      w.printf(Locale.ROOT, "%-14s %-32s | %-50s | %-50s%s%n", c.tier(), point(c.single()),
          gain(c.atCost(), c.gainAtCost()), gain(c.atAccuracy(), c.gainAtAccuracy()), c.dominates() ? "  dominates" : "");
      if (c.dominates()) dominated++;
    }
    w.printf(Locale.ROOT, "the cascade fitted to a tier's cost dominates %d of %d single tiers held out (as accurate or "
        + "more, at no more dollars)%n", dominated, cmp.size());
    w.println("held-out frontier, plans fitted for a dollar budget (budget: accuracy, $/query, est. s/query; the best "
        + "random mix of single tiers at the same dollars):");
    for (int k = 0; k < frontier.size(); k++) {
      CascadeEvaluation.Point p = frontier.get(k).point();
      double[] mix = eval.mixPerQuery(p.usd());
      String vs = "-";
      if (mix != null) {
        BootstrapInterval g = bootstrap.pairedDifference(eval.clusters(frontier.get(k).correct()), eval.clusters(mix));
        vs = String.format(Locale.ROOT, "%.4f, cascade %+.3f [%+.3f, %+.3f]", eval.mixAccuracy(p.usd()), g.estimate(),
            g.low(), g.high());
      }
      w.printf(Locale.ROOT, "  <= %-10s %-34s mix %s%n", Charts.dollars(((Target.MaxUsd) frontierTargets.get(k)).usd()),
          point(p), vs);
    }
    w.println("held-out frontier, plans fitted for a latency budget (budget: accuracy, $/query, est. s/query):");
    for (int k = 0; k < latencyFrontier.size(); k++) {
      w.printf(Locale.ROOT, "  <= %-12s %s%n", Charts.seconds(((Target.MaxSeconds) latencyTargets.get(k)).seconds()),
          point(latencyFrontier.get(k).point()));
    }
    CascadePlan plan = null;
    if (target != null) {
      HeldOut held = eval.heldOut(List.of(target), settings, splitSeed, splits).get(0);
      CascadeEvaluation.Plan fitted = eval.fit(eval.all(), settings).choose(target);
      plan = CascadePlan.of(fitted, names, target, strategySpec.name() + "@" + ns, eval.evaluate(eval.all(), fitted));
      w.printf(Locale.ROOT, "target %s: held out %s; fitted on every problem: %s%n", describe(target),
          point(held.point()), plan.describe());
    }
    w.flush();
    if (out != null) write(eval, cmp, frontierTargets, frontier, latencyTargets, latencyFrontier, plan, tiers);
    return 0;
  }

  /**
   * Fills the columns from run folders: one per (model, N), rows matched by (problem, seed) across
   * every column; returns the line describing the source.
   */
  private String fromRuns(List<ModelTier> models, StrategySpec strategySpec, List<String> tierLabels,
      List<ModelTier> tiers, List<CascadeEvaluation.TierOutcome[][]> columns, List<String> ids) throws IOException {
    for (String name : runs.keySet()) {
      if (models.stream().noneMatch(m -> m.name().equals(name))) {
        throw new ParameterException(spec.commandLine(), "--run names tier '" + name + "', which --tiers does not list "
            + "(" + tierNames + ")");
      }
    }
    if (skills != null) throw new ParameterException(spec.commandLine(), "--skills concerns simulated tiers, not --run");
    SweepStrategy wanted = SweepStrategy.of(strategySpec);
    List<Map<String, ResultRow>> byQuery = new ArrayList<>();
    List<String> order = new ArrayList<>();
    Map<String, String> problemOf = new LinkedHashMap<>();
    for (ModelTier m : models) {
      String value = runs.get(m.name());
      if (value == null || value.isBlank()) {
        throw new ParameterException(spec.commandLine(), "--run is given, so every tier needs one; tier '" + m.name()
            + "' has none");
      }
    }
    for (ModelTier m : models) {
      String value = runs.get(m.name());
      List<Path> dirs = new ArrayList<>();
      for (String d : value.split(",")) dirs.add(Path.of(d.trim()));
      RunFolders.Merged merged;
      try {
        merged = RunFolders.read(dirs, ReportCommand::problems);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--run " + m.name() + ": " + e.getMessage(), e);
      }
      for (int n : ns) {
        Map<String, ResultRow> rows = new LinkedHashMap<>();
        for (ResultRow r : merged.rows()) {
          if (!r.strategy().equals(wanted) || r.n() != n) continue;
          if (r.confidence() == null) {
            throw new IllegalArgumentException("--run " + m.name() + ": " + dirs + " has rows without confidence "
                + "signals (written before ttc4j recorded them); sweep again to fit a cascade on it");
          }
          String key = r.problemId() + "\u0000" + r.seed();
          rows.put(key, r);
          if (!problemOf.containsKey(key)) {
            problemOf.put(key, r.problemId());
            order.add(key);
          }
        }
        if (rows.isEmpty()) {
          throw new IllegalArgumentException("--run " + m.name() + ": " + dirs + " has no rows of " + wanted.name()
              + " at N = " + n + " (its sweep ran " + merged.manifest().strategies() + " at N = "
              + merged.manifest().ns() + ")");
        }
        byQuery.add(rows);
        tierLabels.add(ns.size() == 1 ? m.name() : m.name() + "@" + n);
        tiers.add(m);
      }
    }
    List<String> common = new ArrayList<>();
    for (String key : order) {
      boolean everywhere = true;
      for (Map<String, ResultRow> rows : byQuery) everywhere &= rows.containsKey(key);
      if (everywhere) common.add(key);
    }
    if (common.size() < 2) {
      throw new IllegalArgumentException("the runs share " + common.size() + " (problem, seed) queries; a cascade "
          + "needs at least two problems in every tier's run");
    }
    for (int c = 0; c < byQuery.size(); c++) {
      CascadeEvaluation.TierOutcome[][] col = new CascadeEvaluation.TierOutcome[common.size()][1];
      for (int i = 0; i < common.size(); i++) {
        ResultRow r = byQuery.get(c).get(common.get(i));
        col[i][0] = CascadeOutcomes.of(r.confidence(), r.correct(), r.usage(), tiers.get(c), r.n());
      }
      columns.add(col);
    }
    for (String key : common) ids.add(problemOf.get(key));
    int left = order.size() - common.size();
    return String.format(Locale.ROOT, "%d queries (%d problems) from the runs%s", common.size(),
        new java.util.HashSet<>(ids).size(), left == 0 ? "" : " (" + left + " queries not in every run left out)");
  }

  private List<ModelTier> tiers() {
    List<ModelTier> tiers = new ArrayList<>();
    try {
      for (String name : tierNames) tiers.add(ModelTier.named(name));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--tiers: " + e.getMessage());
    }
    if (tiers.isEmpty()) throw new ParameterException(spec.commandLine(), "--tiers must name at least one tier");
    if (tiers.stream().map(ModelTier::name).distinct().count() != tiers.size()) {
      throw new ParameterException(spec.commandLine(), "--tiers must be distinct, got " + tierNames);
    }
    if (skills != null) {
      if (skills.size() != tiers.size()) {
        throw new ParameterException(spec.commandLine(), "--skills must give one skill per tier (" + tiers.size()
            + "), got " + skills);
      }
      for (int t = 0; t < tiers.size(); t++) {
        if (!Double.isFinite(skills.get(t))) {
          throw new ParameterException(spec.commandLine(), "--skills must be finite, got " + skills.get(t));
        }
        tiers.set(t, tiers.get(t).withSkill(skills.get(t)));
      }
    }
    for (String option : List.of("--price", "--hardware", "--params")) {
      Map<String, String> given = option.equals("--price") ? prices : option.equals("--hardware") ? hardware : params;
      for (Map.Entry<String, String> e : given.entrySet()) {
        int t = -1;
        for (int k = 0; k < tiers.size(); k++) if (tiers.get(k).name().equals(e.getKey())) t = k;
        if (t < 0) {
          throw new ParameterException(spec.commandLine(), option + " names tier '" + e.getKey() + "', which --tiers "
              + "does not list (" + tierNames + ")");
        }
        ModelTier m = tiers.get(t);
        try {
          tiers.set(t, switch (option) {
            case "--price" -> {
              String[] inOut = e.getValue().split("/");
              if (inOut.length != 2) throw new IllegalArgumentException("expected IN/OUT, got '" + e.getValue() + "'");
              var price = new io.ttc4j.eval.compute.PriceTier(m.name(), io.ttc4j.core.PriceModel.of(
                  Double.parseDouble(inOut[0].trim()), Double.parseDouble(inOut[1].trim())),
                  m.name() + ", $" + inOut[0].trim() + " in / $" + inOut[1].trim() + " out per M tokens");
              yield new ModelTier(m.name(), m.skill(), m.generator(), m.prm(), price, m.hardware());
            }
            case "--hardware" -> new ModelTier(m.name(), m.skill(), m.generator(), m.prm(), m.price(),
                io.ttc4j.eval.compute.HardwareTier.named(e.getValue()));
            default -> new ModelTier(m.name(), m.skill(), io.ttc4j.eval.compute.ModelSize.of(m.name() + " generator",
                Double.parseDouble(e.getValue().trim())), m.prm(), m.price(), m.hardware());
          });
        } catch (IllegalArgumentException ex) {
          throw new ParameterException(spec.commandLine(), option + " " + e.getKey() + "=" + e.getValue() + ": "
              + ex.getMessage());
        }
      }
    }
    return tiers;
  }

  private static String point(CascadeEvaluation.Point p) {
    return String.format(Locale.ROOT, "%.4f  %-10s %s", p.accuracy(), Charts.dollars(p.usd()), Charts.seconds(p.seconds()));
  }

  private static String gain(CascadeEvaluation.Point p, BootstrapInterval g) {
    return String.format(Locale.ROOT, "%.4f (%+.3f [%+.3f, %+.3f])  %-10s %s", p.accuracy(), g.estimate(), g.low(),
        g.high(), Charts.dollars(p.usd()), Charts.seconds(p.seconds()));
  }

  private static String describe(Target t) {
    if (t instanceof Target.MaxUsd m) return "at most " + Charts.dollars(m.usd()) + " per query";
    if (t instanceof Target.MaxSeconds m) return "at most " + Charts.seconds(m.seconds()) + " per query";
    return String.format(Locale.ROOT, "accuracy at least %.4f", ((Target.MinAccuracy) t).accuracy());
  }

  private void write(CascadeEvaluation eval, List<Comparison> cmp, List<Target> targets, List<HeldOut> frontier,
      List<Target> latencyTargets, List<HeldOut> latencyFrontier, CascadePlan plan, List<ModelTier> tiers)
      throws IOException {
    Files.createDirectories(out);
    StringBuilder t = new StringBuilder("tier,skill,generator,price,hardware,accuracy,usd_per_query,seconds_per_query\n");
    for (int k = 0; k < tiers.size(); k++) {
      ModelTier m = tiers.get(k);
      CascadeEvaluation.Point p = cmp.get(k).single();
      t.append(String.format(Locale.ROOT, "%s,%s,%s,%s,%s,%.6f,%.9g,%.6g%n", cmp.get(k).tier(), m.skill(), csv(m.generator().name()),
          m.price().name(), m.hardware().name(), p.accuracy(), p.usd(), p.seconds()));
    }
    Files.writeString(out.resolve("tiers.csv"), t, StandardCharsets.UTF_8);
    StringBuilder c = new StringBuilder("tier,fitted_to,accuracy,usd_per_query,seconds_per_query,gain,gain_low,gain_high,"
        + "tier_accuracy,tier_usd_per_query\n");
    for (Comparison x : cmp) {
      c.append(row(x.tier(), "cost", x.atCost(), x.gainAtCost(), x.single()));
      c.append(row(x.tier(), "accuracy", x.atAccuracy(), x.gainAtAccuracy(), x.single()));
    }
    Files.writeString(out.resolve("comparison.csv"), c, StandardCharsets.UTF_8);
    StringBuilder f = new StringBuilder("fitted_for,budget,accuracy,usd_per_query,seconds_per_query,mix_accuracy\n");
    List<double[]> usdLine = new ArrayList<>();
    List<double[]> latencyLine = new ArrayList<>();
    for (int k = 0; k < frontier.size(); k++) {
      CascadeEvaluation.Point p = frontier.get(k).point();
      double mix = eval.mixAccuracy(p.usd());
      f.append(String.format(Locale.ROOT, "usd,%.9g,%.6f,%.9g,%.6g,%s%n", ((Target.MaxUsd) targets.get(k)).usd(),
          p.accuracy(), p.usd(), p.seconds(), Double.isNaN(mix) ? "" : String.format(Locale.ROOT, "%.6f", mix)));
      usdLine.add(new double[] {p.usd(), p.accuracy()});
    }
    for (int k = 0; k < latencyFrontier.size(); k++) {
      CascadeEvaluation.Point p = latencyFrontier.get(k).point();
      f.append(String.format(Locale.ROOT, "seconds,%.6g,%.6f,%.9g,%.6g,%n",
          ((Target.MaxSeconds) latencyTargets.get(k)).seconds(), p.accuracy(), p.usd(), p.seconds()));
      latencyLine.add(new double[] {p.seconds(), p.accuracy()});
    }
    Files.writeString(out.resolve("frontier.csv"), f, StandardCharsets.UTF_8);
    usdLine.sort((a, b) -> Double.compare(a[0], b[0]));
    latencyLine.sort((a, b) -> Double.compare(a[0], b[0]));
    Map<String, double[]> byUsd = new LinkedHashMap<>();
    Map<String, double[]> bySeconds = new LinkedHashMap<>();
    for (Comparison x : cmp) {
      byUsd.put(x.tier(), new double[] {x.single().usd(), x.single().accuracy()});
      bySeconds.put(x.tier(), new double[] {x.single().seconds(), x.single().accuracy()});
    }
    Charts.frontier(usdLine, byUsd, "Cascade vs single tiers: accuracy for dollars (held out)",
        "dollars per query (log\u2082 scale)", Charts::dollars, out.resolve("cascade-usd.png"));
    Charts.frontier(latencyLine, bySeconds, "Cascade vs single tiers: accuracy for estimated latency (held out)",
        "estimated seconds per query (log\u2082 scale)", Charts::seconds, out.resolve("cascade-latency.png"));
    if (plan != null) plan.write(out.resolve("plan.json"));
  }

  private static String row(String tier, String fittedTo, CascadeEvaluation.Point p, BootstrapInterval g,
      CascadeEvaluation.Point single) {
    return String.format(Locale.ROOT, "%s,%s,%.6f,%.9g,%.6g,%.6f,%.6f,%.6f,%.6f,%.9g%n", tier, fittedTo, p.accuracy(),
        p.usd(), p.seconds(), g.estimate(), g.low(), g.high(), single.accuracy(), single.usd());
  }

  private static String csv(String s) {
    return SweepStrategy.csvField(s);
  }
}
