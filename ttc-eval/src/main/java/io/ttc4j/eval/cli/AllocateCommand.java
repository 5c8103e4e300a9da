package io.ttc4j.eval.cli;

import io.ttc4j.core.Problem;
import io.ttc4j.datasets.Datasets;
import io.ttc4j.datasets.MathAnswers;
import io.ttc4j.eval.policy.BatchAllocation;
import io.ttc4j.eval.policy.Policy;
import io.ttc4j.sim.Simulator;
import io.ttc4j.sim.SimulatorPreset;
import java.io.PrintWriter;
import java.nio.file.Path;
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
 * {@code ttc allocate}: spends one token budget over a batch of simulator queries with a
 * compute-optimal policy and the batch allocator, and the same budget split uniformly, and prints
 * both accuracies with a paired interval of their difference ({@link BatchAllocation}).
 */
@Command(
    name = "allocate",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Spends one token budget (--tokens-per-query times the queries) over a batch of simulator queries: the "
            + "batch allocator gives each query the policy entry where the budget buys the most expected accuracy, "
            + "against the same budget split uniformly; prints both accuracies, what was spent, and a 95%% "
            + "cluster-bootstrap interval of the difference (paired: same queries, same probes).",
        ""})
final class AllocateCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--policy", required = true, paramLabel = "FILE",
      description = "A policy written by 'ttc fit-policy --difficulty predicted'.")
  Path policyFile;

  @Option(names = "--tokens-per-query", required = true, paramLabel = "T",
      description = "The batch's budget in completion tokens per query on average.")
  long tokensPerQuery;

  @Option(names = "--preset", paramLabel = "NAME", defaultValue = "math500",
      description = "Simulator preset (default: ${DEFAULT-VALUE}).")
  String preset;

  @Option(names = "--limit", paramLabel = "K", description = "Only the first K problems of the preset's data set.")
  Integer limit;

  @Option(names = "--shard", paramLabel = "K/N",
      description = "Only the K-th of N disjoint slices of the problems (after --limit), as 'ttc sweep --shard' cuts "
          + "them: with a policy fitted on another shard's sweep, a held-out evaluation.")
  String shard;

  @Option(names = "--seeds", paramLabel = "LIST", converter = OptionValues.Seeds.class, defaultValue = "0",
      description = "Query seeds, as for sweeps (default: ${DEFAULT-VALUE}).")
  List<Long> seeds;

  @Option(names = "--simulator-seed", paramLabel = "S", defaultValue = "0",
      description = "The simulator's own seed (default: ${DEFAULT-VALUE}).")
  long simulatorSeed;

  @Option(names = "--max-tokens", paramLabel = "M", defaultValue = "2048",
      description = "Completion tokens per sample (default: ${DEFAULT-VALUE}).")
  int maxTokens;

  @Option(names = "--temperature", paramLabel = "T", defaultValue = "0.8",
      description = "Sampling temperature (default: ${DEFAULT-VALUE}).")
  double temperature;

  @Option(names = "--resamples", paramLabel = "R", defaultValue = "1000",
      description = "Bootstrap resamples of the paired interval (default: ${DEFAULT-VALUE}).")
  int resamples;

  @Override
  public Integer call() throws Exception {
    if (tokensPerQuery < 1) {
      throw new ParameterException(spec.commandLine(), "--tokens-per-query must be >= 1, got " + tokensPerQuery);
    }
    if (limit != null && limit < 1) throw new ParameterException(spec.commandLine(), "--limit must be >= 1, got " + limit);
    if (resamples < 1) throw new ParameterException(spec.commandLine(), "--resamples must be >= 1, got " + resamples);
    SimulatorPreset simPreset;
    try {
      simPreset = SimulatorPreset.named(preset);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--preset: " + e.getMessage());
    }
    Policy policy = Policy.read(policyFile);
    try {
      policy.router();
    } catch (IllegalStateException e) {
      throw new ParameterException(spec.commandLine(), "--policy " + policyFile + ": " + e.getMessage());
    }
    List<Problem> problems = Datasets.load(simPreset.dataset());
    if (limit != null) problems = problems.subList(0, Math.min(limit, problems.size()));
    if (shard != null) {
      io.ttc4j.eval.Shard slice;
      try {
        slice = io.ttc4j.eval.Shard.parse(shard);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--shard: " + e.getMessage());
      }
      problems = slice.select(problems);
      if (problems.isEmpty()) throw new ParameterException(spec.commandLine(), "--shard " + shard + " holds no problem");
    }
    List<Map.Entry<Problem, Long>> queries = new ArrayList<>();
    for (long s : OptionValues.distinct("--seeds", seeds)) {
      for (Problem p : problems) queries.add(new AbstractMap.SimpleImmutableEntry<>(p, s));
    }
    Simulator sim = Simulator.create(simPreset, simulatorSeed).withAnswerCheck(MathAnswers.equivalence());
    BatchAllocation.Result r = BatchAllocation.run(policy, queries, tokensPerQuery, sim.generator(), sim.prm(),
        MathAnswers.extractor(), MathAnswers.equivalence(), temperature, maxTokens);
    io.ttc4j.eval.stats.BootstrapInterval d = r.difference(resamples, 0);
    PrintWriter out = spec.commandLine().getOut();
    out.printf(Locale.ROOT, "%d queries (%d problems x %d seeds), total budget %d completion tokens (%d per query)%n",
        queries.size(), problems.size(), seeds.size(), r.total(), tokensPerQuery);
    print(out, "allocated", r.allocated(), r.total());
    print(out, "uniform", r.uniform(), r.total());
    out.printf(Locale.ROOT, "allocated - uniform: %+.4f, 95%% cluster-bootstrap interval [%+.4f, %+.4f] (%d resamples, "
        + "problems resampled, paired)%n", d.estimate(), d.low(), d.high(), resamples);
    out.flush();
    return 0;
  }

  private static void print(PrintWriter out, String name, BatchAllocation.Outcome o, long total) {
    out.printf(Locale.ROOT, "%-9s accuracy %.4f, spent %d tokens (%.1f%% of the total), %d searches stopped at their "
        + "budget%n", name, o.accuracy(), o.totalTokens(), 100.0 * o.totalTokens() / total, o.budgetStops());
  }
}
