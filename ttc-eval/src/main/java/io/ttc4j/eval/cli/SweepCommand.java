package io.ttc4j.eval.cli;

import io.ttc4j.core.Aggregation;
import io.ttc4j.core.Budget;
import io.ttc4j.core.Generator;
import io.ttc4j.core.ProcessRewardModel;
import io.ttc4j.core.Problem;
import io.ttc4j.datasets.Datasets;
import io.ttc4j.datasets.MathAnswers;
import io.ttc4j.eval.ResultRow;
import io.ttc4j.eval.Shard;
import io.ttc4j.eval.Sweep;
import io.ttc4j.eval.SweepResult;
import io.ttc4j.eval.SweepSettings;
import io.ttc4j.eval.SweepStrategy;
import io.ttc4j.eval.UnitSamples;
import io.ttc4j.eval.internal.Progress;
import io.ttc4j.eval.internal.ResultsJsonl;
import io.ttc4j.eval.internal.RunFolders;
import io.ttc4j.eval.internal.RunReport;
import io.ttc4j.eval.internal.SamplesJsonl;
import io.ttc4j.eval.internal.SweepManifest;
import io.ttc4j.eval.internal.SweepReport;
import io.ttc4j.eval.stats.ClusterBootstrap;
import io.ttc4j.eval.stats.MonteCarlo;
import io.ttc4j.sim.Simulator;
import io.ttc4j.sim.SimulatorPreset;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ttc sweep}: a best-of-N budget sweep against the simulator, written to a run folder
 * ({@code results.jsonl}, {@code summary.csv}, {@code report.md}). See {@link Sweep} for the run
 * design (one search per problem × seed × N, every rule on its candidates, common random numbers
 * across N).
 */
@Command(
    name = "sweep",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Runs a best-of-N budget sweep against the simulator (or, with --base-url, an OpenAI-compatible server) and writes results.jsonl, samples.jsonl, summary.csv, "
            + "compute.csv, at-k.csv, report.md and PNG charts into a run folder, whose path is printed last.",
        "",
        "For each problem x seed x N one best-of-N search runs under the per-query budget, its reward model scores "
            + "every sample, and every strategy chooses from that one candidate set. Sample i depends only on "
            + "(problem, seed, i), so different N share their first samples (common random numbers).",
        "",
        "With --base-url the generator is the served model (and with --prm-url the reward model is served too); "
            + "--preset then supplies only the default data set, the run-folder name and the report's model sizes "
            + "(override them with --generator-params and --prm-params). The server settings are recorded in "
            + "sweep.json, never the API key, so that --resume reconnects to the same server.",
        ""})
final class SweepCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--preset", paramLabel = "NAME", defaultValue = "math500",
      description = "Simulator preset (default: ${DEFAULT-VALUE}); one of: ${COMPLETION-CANDIDATES}.",
      completionCandidates = PresetNames.class)
  String preset;

  @Option(names = "--dataset", paramLabel = "NAME|FILE",
      description = "Bundled data set name or a JSON-lines problem file (default: the preset's data set). "
          + "Bundled: ${COMPLETION-CANDIDATES}.",
      completionCandidates = DatasetNames.class)
  String dataset;

  @Option(names = "--strategies", paramLabel = "LIST", converter = OptionValues.Strategies.class,
      defaultValue = "first,naive,weighted,majority,oracle,beam,dvts,rebase",
      description = "Strategies, comma-separated: best-of-N rules (first, naive, weighted, majority, oracle) and "
          + "searches (beam, dvts, rebase, lookahead, mcts, sc), settings in brackets, e.g. beam[width=2] "
          + "(default: ${DEFAULT-VALUE}).")
  List<SweepStrategy> strategies;

  @Option(names = "--n", paramLabel = "LIST", converter = OptionValues.PositiveInts.class,
      defaultValue = "1,2,4,8,16,32,64",
      description = "Budgets N, comma-separated: samples of best-of-N, beams of beam search, DVTS and REBASE "
          + "(default: ${DEFAULT-VALUE}).")
  List<Integer> ns;

  @Option(names = "--seeds", paramLabel = "LIST", converter = OptionValues.Seeds.class, defaultValue = "0,1,2",
      description = "Seeds: integers and inclusive ranges a..b, comma-separated; '3' is the one seed 3, "
          + "'0..2' is 0,1,2 (default: ${DEFAULT-VALUE}).")
  List<Long> seeds;

  @Option(names = "--out", paramLabel = "DIR",
      description = "Run folder; must not hold a run yet (default: runs/<preset>-<yyyyMMdd-HHmmss>).")
  Path out;

  @Option(names = "--budget-tokens", paramLabel = "T",
      description = "Per-query limit of completion tokens, a hard limit enforced by the meter: a sample is only "
          + "started when its worst case (--max-tokens) still fits (default: unlimited).")
  Long budgetTokens;

  @Option(names = "--limit", paramLabel = "K", description = "Only the first K problems of the data set.")
  Integer limit;

  @Option(names = "--shard", paramLabel = "K/N",
      description = "Run only shard K of N: the problems at positions K-1, K-1+N, ... (after --limit), for job arrays "
          + "on several machines; 'ttc report' merges the N run folders into the report of an unsharded run.")
  String shard;

  @Option(names = "--concurrency", paramLabel = "C",
      description = "(problem, seed) units run in parallel; at most C searches in flight "
          + "(default: available processors). Results do not depend on it.")
  Integer concurrency;

  @Option(names = "--aggregation", paramLabel = "AGG", converter = OptionValues.Aggregations.class,
      defaultValue = "last", description = "Step-score aggregation: last, min, product, mean (default: ${DEFAULT-VALUE}).")
  Aggregation aggregation;

  @Option(names = "--max-tokens", paramLabel = "M", defaultValue = "2048",
      description = "Completion tokens allowed per sample (default: ${DEFAULT-VALUE}).")
  int maxTokens;

  @Option(names = "--temperature", paramLabel = "T", defaultValue = "0.8",
      description = "Sampling temperature (default: ${DEFAULT-VALUE}).")
  double temperature;

  @Option(names = "--simulator-seed", paramLabel = "S", defaultValue = "0",
      description = "Seed of the simulator, mixed into every sample with the sweep seed (default: ${DEFAULT-VALUE}). "
          + "The problems' difficulty, wrong answers and reward-model behaviour do not depend on it.")
  long simulatorSeed;

  @Option(names = "--resume", paramLabel = "DIR",
      description = "Continue the killed or interrupted sweep in run folder DIR: its settings come from DIR/sweep.json, "
          + "finished (problem, seed) units are kept and only the others run. Only --concurrency and --quiet may be "
          + "given with it.")
  Path resume;

  @Option(names = "--quiet", description = "No progress output on stderr.")
  boolean quiet;

  @Option(names = "--no-charts", description = "Do not draw the PNG charts.")
  boolean noCharts;

  @Mixin
  ComputeOptions compute;

  @Mixin
  ServerOptions server;

  @Override
  public Integer call() throws Exception {
    if (resume != null) {
      loadManifest(resume);
    }
    server.validate();
    if (server.served()) {
      if (spec.commandLine().getParseResult().hasMatchedOption("--simulator-seed")) {
        throw server.usage("--simulator-seed concerns the simulator only; leave it out with --base-url");
      }
      if (server.prmUrl == null) {
        for (SweepStrategy s : strategies) {
          if (s.needsScores()) {
            throw server.usage("--strategies " + s.name()
                + " needs a process reward model: give --prm-url and --prm-model (or leave it out of --strategies)");
          }
        }
      }
    }
    SimulatorPreset simPreset;
    try {
      simPreset = SimulatorPreset.named(preset);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--preset must be one of " + SimulatorPreset.names() + ", got '" + preset + "'", e);
    }
    String datasetName = dataset != null ? dataset : simPreset.dataset();
    if (Files.isRegularFile(Path.of(datasetName))) {
      datasetName = Path.of(datasetName).toAbsolutePath().normalize().toString();
    }
    List<Problem> problems = loadProblems(datasetName);
    if (limit != null) {
      if (limit < 1) {
        throw new IllegalArgumentException("--limit must be >= 1, got " + limit);
      }
      problems = problems.subList(0, Math.min(limit, problems.size()));
    }
    Shard slice = null;
    if (shard != null) {
      try {
        slice = Shard.parse(shard);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--shard " + e.getMessage(), e);
      }
      problems = slice.select(problems);
      if (problems.isEmpty()) {
        throw new IllegalArgumentException("--shard " + slice + " holds no problem: the data set has fewer than "
            + slice.index() + " problems");
      }
    }
    if (budgetTokens != null && budgetTokens < 0) {
      throw new IllegalArgumentException("--budget-tokens must be >= 0, got " + budgetTokens);
    }
    SweepSettings settings = SweepSettings.builder()
        .strategies(OptionValues.distinct("--strategies", strategies))
        .ns(OptionValues.distinct("--n", ns))
        .seeds(OptionValues.distinct("--seeds", seeds))
        .budget(budgetTokens == null ? Budget.unlimited() : Budget.tokens(budgetTokens))
        .aggregation(aggregation)
        .temperature(temperature)
        .maxTokens(maxTokens)
        .concurrency(concurrency == null ? Runtime.getRuntime().availableProcessors() : requirePositive(concurrency))
        .build();
    // fail on bad compute options before the run, not after it
    RunReport.Options reportOptions = new RunReport.Options(compute.model(preset), compute.priceTier, compute.hardware,
        ClusterBootstrap.defaults(), MonteCarlo.defaults(), !noCharts);
    if (!server.served()) {
      // wrong answers of the simulator must also be wrong under the grader's equivalence
      Simulator simulator = Simulator.create(simPreset, simulatorSeed).withAnswerCheck(MathAnswers.equivalence());
      return run(problems, settings, slice, datasetName, reportOptions, simulator.generator(), simulator.prm(),
          simulator.generator().name() + ", simulator seed " + simulatorSeed, simulator.prm().name(), null);
    }
    try (ServerOptions.Clients clients = server.open()) {
      return run(problems, settings, slice, datasetName, reportOptions, clients.generator, clients.prm,
          server.generatorDescription(), server.prmDescription(), clients);
    }
  }

  private int run(List<Problem> problems, SweepSettings settings, Shard slice, String datasetName,
      RunReport.Options reportOptions, Generator generator, ProcessRewardModel prm, String generatorName,
      String prmName, ServerOptions.Clients clients) throws Exception {
    PrintWriter stdout = spec.commandLine().getOut();
    Sweep.Builder builder = Sweep.builder()
        .problems(problems)
        .generator(generator)
        .answerExtractor(MathAnswers.extractor())
        .equivalence(MathAnswers.equivalence())
        .settings(settings);
    if (prm != null) {
      builder.prm(prm);
    }
    Sweep sweep = builder.build();
    Path dir = runFolder();
    Path results = dir.resolve(SweepReport.RESULTS);
    Path samplesFile = dir.resolve(SamplesJsonl.FILE);
    List<ResultRow> previous = List.of();
    List<UnitSamples> samples = new ArrayList<>();
    if (resume != null) {
      // keep the finished units; rewrite the file without a line cut by the kill or an unfinished unit
      previous = sweep.completeUnits(ResultsJsonl.readKilled(results));
      ResultsJsonl.rewrite(results, previous);
      samples.addAll(keptSamples(samplesFile, previous));
      SamplesJsonl.rewrite(samplesFile, samples);
    } else {
      new SweepManifest(preset, datasetName, limit, settings.strategies(), settings.ns(), settings.seeds(), budgetTokens,
          aggregation, maxTokens, temperature, simulatorSeed, slice).write(dir);
      if (server.served()) {
        server.record(dir);
      }
    }
    long searchesPerUnit = settings.searchedNs().size();
    long unitsToRun = sweep.units() - previous.size() / ((long) settings.ns().size() * settings.strategies().size());
    if (resume != null) {
      spec.commandLine().getErr().printf("ttc sweep: resuming %s: %d of %d (problem, seed) units done, %d to run%n",
          dir, sweep.units() - unitsToRun, sweep.units(), unitsToRun);
    }
    SweepResult result;
    try (ResultsJsonl sink = ResultsJsonl.append(results);
        SamplesJsonl sampleSink = SamplesJsonl.append(samplesFile);
        Progress progress = quiet ? Progress.silent() : Progress.start("sweep", "searches", searchesPerUnit * unitsToRun)) {
      result = sweep.run(previous, new Sweep.Listener() {
        @Override
        public void samplesRecorded(UnitSamples unit) {
          // before the unit's rows: a unit complete in results.jsonl always has its samples
          sampleSink.write(unit);
          samples.add(unit);
        }

        @Override
        public void unitFinished(List<ResultRow> rows, int done, int total) {
          sink.write(rows);
          progress.done((long) done * searchesPerUnit);
        }
      });
    }
    // canonical order, so that the files do not depend on which thread finished first
    ResultsJsonl.rewrite(results, result.rows());
    List<UnitSamples> orderedSamples = RunFolders.canonicalSamples(samples, sweep.problems(), settings.seeds());
    SamplesJsonl.rewrite(samplesFile, orderedSamples);
    String commandLine = "ttc " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
    SweepReport.RunDescription run = new SweepReport.RunDescription(preset, datasetName, generatorName, prmName,
        commandLine.strip());
    RunReport.Analysis analysis = RunReport.analyse(result, orderedSamples, MathAnswers.equivalence(), reportOptions);
    for (String warning : RunReport.write(dir, analysis, run, reportOptions, null)) {
      spec.commandLine().getErr().println("ttc sweep: warning: " + warning);
    }

    stdout.printf("%s on %s: %d problems x %d seeds, %d searches in %s%n", preset, datasetName, result.problems(),
        settings.seeds().size(), result.searches(), Progress.formatSeconds(result.elapsed().toNanos() / 1e9));
    stdout.print(SweepReport.table(result.summary()).toText());
    if (result.failedSearches() > 0) {
      String first = clients == null ? result.firstFailure() : clients.redact(result.firstFailure());
      spec.commandLine().getErr().println("ttc sweep: warning: " + result.failedSearches()
          + " searches failed and count as wrong; first: " + first);
    }
    stdout.println(dir);
    stdout.flush();
    return 0;
  }

  /** The recorded samples of the units that {@code kept} completes; a line cut by the kill is dropped. */
  private static List<UnitSamples> keptSamples(Path file, List<ResultRow> kept) throws IOException {
    if (!Files.isRegularFile(file)) return List.of();
    Set<String> complete = new HashSet<>();
    for (ResultRow r : kept) complete.add(r.problemId() + '\u0000' + r.seed());
    Set<String> seen = new HashSet<>();
    List<UnitSamples> out = new ArrayList<>();
    for (UnitSamples u : SamplesJsonl.read(file, true)) {
      String key = u.problemId() + '\u0000' + u.seed();
      if (complete.contains(key) && seen.add(key)) out.add(u);
    }
    return out;
  }

  private static int requirePositive(int concurrency) {
    if (concurrency < 1) {
      throw new IllegalArgumentException("--concurrency must be >= 1, got " + concurrency);
    }
    return concurrency;
  }

  private static List<Problem> loadProblems(String nameOrFile) {
    Path file = Path.of(nameOrFile);
    if (Files.isRegularFile(file)) {
      return Datasets.fromFile(file);
    }
    if (!Datasets.names().contains(nameOrFile)) {
      throw new IllegalArgumentException("--dataset must be a bundled data set " + Datasets.names()
          + " or an existing file, got '" + nameOrFile + "'");
    }
    return Datasets.load(nameOrFile);
  }

  /** Options not allowed with --resume (the run's settings come from its manifest). */
  private static final List<String> FIXED_BY_RUN = List.of("--preset", "--dataset", "--strategies", "--n", "--seeds",
      "--out", "--budget-tokens", "--limit", "--aggregation", "--max-tokens", "--temperature", "--simulator-seed",
      "--shard");

  private void loadManifest(Path dir) throws IOException {
    server.rejectOnResume(dir.resolve(SweepManifest.FILE));
    for (String option : FIXED_BY_RUN) {
      if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
        throw new IllegalArgumentException("--resume takes every setting from " + dir.resolve(SweepManifest.FILE)
            + "; leave out " + option);
      }
    }
    if (!Files.isRegularFile(dir.resolve(SweepManifest.FILE)) || !Files.isRegularFile(dir.resolve(SweepReport.RESULTS))) {
      throw new IllegalArgumentException("--resume " + dir + " is not a sweep run folder (it needs "
          + SweepManifest.FILE + " and " + SweepReport.RESULTS + ")");
    }
    SweepManifest m = SweepManifest.read(dir);
    preset = m.preset();
    dataset = m.dataset();
    limit = m.limit();
    strategies = m.strategies();
    ns = m.ns();
    seeds = m.seeds();
    budgetTokens = m.budgetTokens();
    aggregation = m.aggregation();
    maxTokens = m.maxTokens();
    temperature = m.temperature();
    simulatorSeed = m.simulatorSeed();
    shard = m.shard() == null ? null : m.shard().toString();
    server.load(dir);
    out = dir;
  }

  private Path runFolder() throws IOException {
    if (resume != null) {
      return resume;
    }
    Path dir = out;
    if (dir == null) {
      String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
      dir = Path.of("runs", preset + "-" + stamp);
      for (int i = 2; Files.exists(dir); i++) {
        dir = Path.of("runs", preset + "-" + stamp + "-" + i);
      }
    } else if (Files.exists(dir.resolve(SweepReport.RESULTS))) {
      throw new IllegalArgumentException("--out " + dir + " already holds a run (" + SweepReport.RESULTS
          + "); choose another folder");
    }
    Files.createDirectories(dir);
    return dir;
  }

  /** Preset names for the help text. */
  static final class PresetNames implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return SimulatorPreset.names().iterator();
    }
  }

  /** Bundled data set names for the help text. */
  static final class DatasetNames implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return Datasets.names().iterator();
    }
  }
}
