package io.ttc4j.eval.cli;

import io.ttc4j.core.Budget;
import io.ttc4j.core.Generator;
import io.ttc4j.core.Problem;
import io.ttc4j.datasets.Datasets;
import io.ttc4j.datasets.MathAnswers;
import io.ttc4j.eval.ResultRow;
import io.ttc4j.eval.Shard;
import io.ttc4j.eval.SummaryRow;
import io.ttc4j.eval.SweepResult;
import io.ttc4j.eval.SweepSettings;
import io.ttc4j.eval.internal.RunFolders;
import io.ttc4j.eval.internal.RunReport;
import io.ttc4j.eval.internal.SweepManifest;
import io.ttc4j.eval.internal.SweepReport;
import io.ttc4j.eval.stats.ClusterBootstrap;
import io.ttc4j.eval.stats.MonteCarlo;
import io.ttc4j.sim.Simulator;
import io.ttc4j.sim.SimulatorPreset;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ttc report}: rebuilds {@code summary.csv}, {@code compute.csv}, {@code at-k.csv},
 * {@code difficulty.csv}, {@code report.md} and the charts from the {@code results.jsonl} (and {@code samples.jsonl}) of
 * one or more run folders of one sweep, for example its shards.
 */
@Command(
    name = "report",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Rebuilds summary.csv, compute.csv, at-k.csv, difficulty.csv, report.md and the PNG charts from the results.jsonl and "
            + "samples.jsonl of run folders. Several folders of one sweep (its shards) merge into one report, equal to "
            + "an unsharded run's; folders whose sweep.json differ are refused, naming the key.",
        ""})
final class ReportCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "RUN_DIR", description = "Run folders of one sweep.")
  List<Path> dirs;

  @Option(names = "--out", paramLabel = "DIR",
      description = "Where to write (default: the run folder when there is one; required for several).")
  Path out;

  @Option(names = "--no-charts", description = "Do not draw the PNG charts.")
  boolean noCharts;

  @Mixin
  ComputeOptions compute;

  @Override
  public Integer call() throws Exception {
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter stderr = spec.commandLine().getErr();
    Set<Path> distinct = new HashSet<>();
    for (Path d : dirs) {
      if (!distinct.add(d.toAbsolutePath().normalize())) {
        throw new IllegalArgumentException("run folder " + d + " given twice");
      }
    }
    if (out == null && dirs.size() > 1) {
      throw new IllegalArgumentException("several run folders merge into one report: say where with --out DIR");
    }
    Path target = out != null ? out : dirs.get(0);
    RunFolders.Merged merged = RunFolders.read(dirs, ReportCommand::problems);
    SweepManifest m = merged.manifest();
    if (merged.rows().isEmpty()) {
      throw new IllegalArgumentException("the run folders hold no complete (problem, seed) unit yet");
    }
    RunReport.Options options = new RunReport.Options(compute.model(m.preset()), compute.priceTier, compute.hardware,
        ClusterBootstrap.defaults(), MonteCarlo.defaults(), !noCharts);

    SweepSettings settings = SweepSettings.builder().strategies(m.strategies()).ns(m.ns()).seeds(m.seeds())
        .budget(m.budgetTokens() == null ? Budget.unlimited() : Budget.tokens(m.budgetTokens()))
        .aggregation(m.aggregation()).temperature(m.temperature()).maxTokens(m.maxTokens()).concurrency(1).build();
    List<ResultRow> rows = merged.rows();
    Set<String> problemIds = new HashSet<>();
    Set<String> units = new HashSet<>();
    String firstFailure = null;
    for (ResultRow r : rows) {
      problemIds.add(r.problemId());
      units.add(r.problemId() + '\u0000' + r.seed());
      if (firstFailure == null && r.error() != null && r.stopReason() == io.ttc4j.core.StopReason.FAILED) {
        firstFailure = "problem " + r.problemId() + ", seed " + r.seed() + ", n " + r.n() + ": " + r.error();
      }
    }
    SweepResult result = new SweepResult(settings, problemIds.size(), rows, SummaryRow.summarise(rows),
        (long) units.size() * settings.searchedNs().size(), RunFolders.failedSearches(rows), firstFailure, 0,
        Duration.ZERO);
    Simulator simulator = Simulator.create(SimulatorPreset.named(m.preset()), m.simulatorSeed());
    Generator generator = m.skill() == null ? simulator.generator() : simulator.generator(m.skill());
    String commandLine = "ttc " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
    SweepReport.RunDescription run = new SweepReport.RunDescription(m.preset(), m.dataset(),
        generator.name() + ", simulator seed " + m.simulatorSeed(), simulator.prm().name(),
        commandLine.strip());

    StringBuilder from = new StringBuilder("`results.jsonl` of ")
        .append(dirs.stream().map(Path::toString).collect(Collectors.joining(", ")));
    if (!merged.shards().isEmpty()) {
      int count = merged.shards().get(0).count();
      from.append(" (shards ").append(merged.shards().stream().map(Shard::toString).collect(Collectors.joining(", ")))
          .append(")");
      if (merged.shards().size() < count) {
        String warning = "only " + merged.shards().size() + " of " + count + " shards given: the report covers "
            + problemIds.size() + " problems, not the whole data set";
        stderr.println("ttc report: warning: " + warning);
        from.append("; **").append(warning).append("**");
      }
    }
    from.append(", by `ttc report`; wall time and concurrency are not recorded there");
    if (merged.incompleteUnits() > 0) {
      stderr.println("ttc report: warning: " + merged.incompleteUnits() + " (problem, seed) units are incomplete (a "
          + "killed run?) and left out; finish them with 'ttc sweep --resume DIR'");
      from.append("; ").append(merged.incompleteUnits()).append(" incomplete units left out");
    }
    if (merged.missingSamples() > 0) {
      stderr.println("ttc report: warning: " + merged.missingSamples() + " units have no line in samples.jsonl; the "
          + "unbiased at-k curves and the difficulty bins are left out");
    }
    RunReport.Analysis analysis = RunReport.analyse(result, merged.samples(), MathAnswers.equivalence(), options);
    for (String warning : RunReport.write(target, analysis, run, options, from.toString())) {
      stderr.println("ttc report: warning: " + warning);
    }
    stdout.printf("%s on %s: %d problems, %d rows from %d run folder%s%n", m.preset(), m.dataset(), problemIds.size(),
        rows.size(), dirs.size(), dirs.size() == 1 ? "" : "s");
    stdout.print(SweepReport.table(result.summary()).toText());
    stdout.println(target);
    stdout.flush();
    return 0;
  }

  /** The problems of the manifest's data set, in data-set order, after its limit. */
  static List<Problem> problems(SweepManifest m) {
    Path file = Path.of(m.dataset());
    List<Problem> all;
    if (Files.isRegularFile(file)) {
      all = Datasets.fromFile(file);
    } else if (Datasets.names().contains(m.dataset())) {
      all = Datasets.load(m.dataset());
    } else {
      throw new IllegalArgumentException("data set '" + m.dataset() + "' of " + SweepManifest.FILE
          + " is neither bundled nor an existing file");
    }
    return m.limit() == null ? all : all.subList(0, Math.min(m.limit(), all.size()));
  }
}
