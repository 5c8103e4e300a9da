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
import io.ttc4j.eval.internal.RunFolderLock;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ttc sweep}: a budget sweep against the simulator or a server, written to a run folder
 * ({@code results.jsonl}, {@code summary.csv}, {@code report.md}). See {@link Sweep} for the run
 * design (one search per problem × seed × N, every rule on its candidates, common random numbers
 * across N).
 *
 * <p>The settings come from options, from a sweep spec ({@code --spec FILE}, see {@link SweepSpec};
 * options override it), or for {@code --resume DIR} from the run folder's {@code sweep.json}. A run
 * folder that already holds a sweep with the same settings is resumed, whichever way it was named;
 * one with other settings is an error listing every difference. A resumed sweep keeps the complete
 * (problem, seed) units of {@code results.jsonl} (dropping a line cut by a kill and the rows of
 * unfinished units), runs the others and ends with the files of an uninterrupted run. The folder is
 * locked ({@link RunFolderLock}) while a sweep runs in it.
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
            + "(override them with --generator-params and --prm-params), and --simulator-seed and --skill are not "
            + "allowed. The server settings are recorded in sweep.json, never the API key, so that a resumed sweep "
            + "reconnects to the same server; --trace is not: a resumed sweep is recorded with a new --trace FILE.",
        "",
        "--spec FILE reads the settings from a YAML or JSON sweep spec (keys: specs/ttc-eval.md); options given as "
            + "well override its values. Running a command again with the same run folder (--out, or runs/<name> of a "
            + "spec) resumes the run: finished (problem, seed) units are kept, a line cut by a kill is dropped, and "
            + "the files end as those of an uninterrupted run. A run folder holding a sweep with other settings is an "
            + "error listing each difference.",
        ""})
final class SweepCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Option(names = "--spec", paramLabel = "FILE",
      description = "Read the settings from a sweep spec, a .yaml, .yml or .json file (keys: specs/ttc-eval.md); "
          + "options given as well override the spec's values. The run folder defaults to runs/<name> (the spec's "
          + "name, else its file name), so the same command resumes the run.")
  Path specFile;

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
      description = "Run folder (default: runs/<name> with --spec, else runs/<preset>-<yyyyMMdd-HHmmss>). A folder "
          + "holding a sweep with the same settings is resumed; one with other settings is an error listing them.")
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
      description = "Model calls in flight at most (generator and reward model together, shared by all searches) "
          + "and (problem, seed) units run in parallel (default: available processors; against a server, the "
          + "requests it should serve at once). Results do not depend on it.")
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
          + "The problems' difficulty, wrong answers and reward-model behaviour do not depend on it. Simulator only.")
  long simulatorSeed;

  @Option(names = "--skill", paramLabel = "S",
      description = "Skill of the simulated generator in logits: a model of another skill on the same problems, with the "
          + "same wrong answers and the same reward model (default: the preset's, 0 for math500). Recorded in "
          + "sweep.json only when given. Simulator only.")
  Double skill;

  @Option(names = "--resume", paramLabel = "DIR",
      description = "Continue the killed or interrupted sweep in run folder DIR: its settings come from DIR/sweep.json, "
          + "finished (problem, seed) units are kept and only the others run. Only --concurrency, --quiet, "
          + "--no-charts, --dry-run and the compute options may be given with it. The same as running the sweep's "
          + "command again.")
  Path resume;

  @Option(names = "--dry-run",
      description = "Check the options (and the spec), print the settings sweep.json would hold, the work and the run "
          + "folder, and stop without writing anything.")
  boolean dryRun;

  @Option(names = "--quiet", description = "No progress output on stderr.")
  boolean quiet;

  @Option(names = "--no-charts", description = "Do not draw the PNG charts.")
  boolean noCharts;

  @Mixin
  ComputeOptions compute;

  @Mixin
  ServerOptions server;

  /** Where each option set from the spec came from, for messages: {@code --n} → {@code key 'n' of FILE}. */
  private final Map<String, String> fromSpec = new HashMap<>();

  @Override
  public Integer call() throws Exception {
    SweepSpec sweepSpec = null;
    if (resume != null) {
      loadManifest(resume);
    } else if (specFile != null) {
      try {
        sweepSpec = SweepSpec.read(specFile);
      } catch (IllegalArgumentException e) {
        throw new SpecError(spec.commandLine(), "--spec " + e.getMessage(), e);
      } catch (NoSuchFileException e) {
        throw new SpecError(spec.commandLine(), "--spec " + specFile + ": no such file", e);
      }
      apply(sweepSpec);
    }
    if (skill != null && !Double.isFinite(skill)) {
      throw new ParameterException(spec.commandLine(), "--skill must be finite (logits), got " + skill);
    }
    server.validate();
    if (server.served()) {
      for (String option : List.of("--simulator-seed", "--skill")) {
        if (given(option)) {
          throw server.usage(label(option) + " concerns the simulator only; leave it out with " + label("--base-url"));
        }
      }
      if (server.prmUrl == null) {
        for (SweepStrategy s : strategies) {
          if (s.needsScores()) {
            String what = server.matched("--strategies") || !fromSpec.containsKey("--strategies")
                ? "--strategies " + s.name() : "strategy " + s.name() + " (" + fromSpec.get("--strategies") + ")";
            throw server.usage(what + " needs a process reward model: give --prm-url and --prm-model (server.prm_url "
                + "and server.prm_model in a spec), or leave it out of the strategies");
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
        throw new IllegalArgumentException(label("--shard") + " " + slice + " holds no problem: the data set has fewer "
            + "than " + slice.index() + " problems");
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
    SweepManifest manifest = new SweepManifest(preset, datasetName, limit, settings.strategies(), settings.ns(),
        settings.seeds(), budgetTokens, aggregation, maxTokens, temperature, simulatorSeed, skill, slice);
    String manifestText = manifest.text(server.served() ? server.json() : null);
    Path dir = runFolder(sweepSpec);
    if (dryRun) {
      return dryRun(dir, manifestText, problems.size(), settings);
    }
    Files.createDirectories(dir);
    RunFolderLock lock = RunFolderLock.acquire(dir);
    try {
      boolean resuming = resume != null || holdsThisSweep(dir, manifestText);
      if (!resuming) {
        manifest.write(dir, server.served() ? server.json() : null);
      }
      if (!server.served()) {
        // wrong answers of the simulator must also be wrong under the grader's equivalence
        Simulator simulator = Simulator.create(simPreset, simulatorSeed).withAnswerCheck(MathAnswers.equivalence());
        Generator generator = skill == null ? simulator.generator() : simulator.generator(skill);
        return run(dir, resuming, problems, settings, datasetName, reportOptions, generator, simulator.prm(),
            generator.name() + ", simulator seed " + simulatorSeed, simulator.prm().name(), null);
      }
      try (ServerOptions.Clients clients = server.open()) {
        return run(dir, resuming, problems, settings, datasetName, reportOptions, clients.generator, clients.prm,
            server.generatorDescription(), server.prmDescription(), clients);
      }
    } finally {
      lock.close();
    }
  }

  private int run(Path dir, boolean resuming, List<Problem> problems, SweepSettings settings, String datasetName,
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
    Path results = dir.resolve(SweepReport.RESULTS);
    Path samplesFile = dir.resolve(SamplesJsonl.FILE);
    List<ResultRow> previous = List.of();
    List<UnitSamples> samples = new ArrayList<>();
    if (resuming) {
      // keep the finished units; rewrite the files without a line cut by the kill or an unfinished unit, so
      // that what is appended next starts on a line of its own and no unit is written twice
      previous = Files.isRegularFile(results) ? sweep.completeUnits(ResultsJsonl.readKilled(results)) : List.of();
      ResultsJsonl.rewrite(results, previous);
      samples.addAll(keptSamples(samplesFile, previous));
      SamplesJsonl.rewrite(samplesFile, samples);
    }
    long searchesPerUnit = settings.searchedNs().size()
        + (long) settings.searchedStrategies().size() * settings.ns().size();
    long unitsToRun = sweep.units() - previous.size() / ((long) settings.ns().size() * settings.strategies().size());
    if (resuming) {
      spec.commandLine().getErr().printf("ttc sweep: resuming %s: %d of %d (problem, seed) units done, %d to run%n",
          dir, sweep.units() - unitsToRun, sweep.units(), unitsToRun);
      spec.commandLine().getErr().flush();
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

    // a simulated model of another skill is named by its generator (sim-math500@3.0), the preset's by the preset
    stdout.printf("%s on %s: %d problems x %d seeds, %d searches in %s%n",
        skill == null || clients != null ? preset : generator.name(), datasetName, result.problems(),
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

  /** {@code --dry-run}: the settings, the work and the run folder; nothing is written. */
  private int dryRun(Path dir, String manifestText, int problems, SweepSettings settings) throws IOException {
    boolean resuming = resume != null || (Files.isDirectory(dir) && holdsThisSweep(dir, manifestText));
    long units = (long) problems * settings.seeds().size();
    long searches = units * (settings.searchedNs().size()
        + (long) settings.searchedStrategies().size() * settings.ns().size());
    PrintWriter stdout = spec.commandLine().getOut();
    stdout.print(manifestText);
    stdout.printf("%s: %d problems x %d seeds = %d (problem, seed) units, %d searches%n",
        resuming ? "would resume the run" : "would start a new run", problems, settings.seeds().size(), units, searches);
    stdout.println(dir);
    stdout.flush();
    return 0;
  }

  /**
   * Whether {@code dir} holds this very sweep, to be resumed: its {@code sweep.json} equals
   * {@code manifestText} in every setting.
   *
   * @throws IllegalArgumentException listing every differing setting when it holds another sweep, or
   *     when it holds results without a {@code sweep.json}
   */
  private boolean holdsThisSweep(Path dir, String manifestText) throws IOException {
    Path file = dir.resolve(SweepManifest.FILE);
    if (!Files.isRegularFile(file)) {
      if (Files.exists(dir.resolve(SweepReport.RESULTS))) {
        throw new IllegalArgumentException("run folder " + dir + " already holds a run (" + SweepReport.RESULTS
            + ") but no " + SweepManifest.FILE + "; choose another folder (--out)");
      }
      return false;
    }
    List<String> differences = SweepManifest.differences(file, Files.readString(file, StandardCharsets.UTF_8),
        manifestText);
    if (!differences.isEmpty()) {
      throw new IllegalArgumentException("run folder " + dir + " holds a sweep with other settings, so it cannot be "
          + "resumed with these; they differ in " + String.join("; ", differences) + ". Give the run's settings to "
          + "resume it, or another folder (--out) for a new run");
    }
    return true;
  }

  /** Sets the options the command line leaves out from the spec; options given override it. */
  private void apply(SweepSpec s) {
    preset = pick("--preset", "preset", preset, s.preset());
    dataset = pick("--dataset", "dataset", dataset, s.dataset());
    limit = pick("--limit", "limit", limit, s.limit());
    shard = pick("--shard", "shard", shard, s.shard());
    strategies = pick("--strategies", "strategies", strategies, s.strategies());
    ns = pick("--n", "n", ns, s.ns());
    seeds = pick("--seeds", "seeds", seeds, s.seeds());
    budgetTokens = pick("--budget-tokens", "budget.tokens", budgetTokens, s.budgetTokens());
    aggregation = pick("--aggregation", "aggregation", aggregation, s.aggregation());
    maxTokens = pick("--max-tokens", "max_tokens", maxTokens, s.maxTokens());
    temperature = pick("--temperature", "temperature", temperature, s.temperature());
    simulatorSeed = pick("--simulator-seed", "simulator_seed", simulatorSeed, s.simulatorSeed());
    skill = pick("--skill", "skill", skill, s.skill());
    concurrency = pick("--concurrency", "concurrency", concurrency, s.concurrency());
    out = pick("--out", "out", out, s.out());
    if (s.server() != null) {
      server.applySpec(s.server());
      if (!server.matched("--base-url")) fromSpec.put("--base-url", "key 'server' of " + specFile);
    }
  }

  private <T> T pick(String option, String key, T current, T fromFile) {
    if (fromFile == null || server.matched(option)) return current;
    fromSpec.put(option, "key '" + key + "' of " + specFile);
    return fromFile;
  }

  /** Whether an option was given, on the command line or in the spec. */
  private boolean given(String option) {
    return server.matched(option) || fromSpec.containsKey(option);
  }

  /** How messages name an option: itself, or the spec key it came from. */
  private String label(String option) {
    return server.matched(option) ? option : fromSpec.getOrDefault(option, option);
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
  private static final List<String> FIXED_BY_RUN = List.of("--spec", "--preset", "--dataset", "--strategies", "--n",
      "--seeds", "--out", "--budget-tokens", "--limit", "--aggregation", "--max-tokens", "--temperature",
      "--simulator-seed", "--skill", "--shard");

  private void loadManifest(Path dir) throws IOException {
    server.rejectOnResume(dir.resolve(SweepManifest.FILE));
    for (String option : FIXED_BY_RUN) {
      if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
        throw new IllegalArgumentException("--resume takes every setting from " + dir.resolve(SweepManifest.FILE)
            + "; leave out " + option);
      }
    }
    if (!Files.isRegularFile(dir.resolve(SweepManifest.FILE))) {
      throw new IllegalArgumentException("--resume " + dir + " is not a sweep run folder (it needs "
          + SweepManifest.FILE + ")");
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
    skill = m.skill();
    shard = m.shard() == null ? null : m.shard().toString();
    server.load(dir);
    out = dir;
  }

  /** The run folder: {@code --resume}, {@code --out} (or the spec's {@code out}), {@code runs/<name>} of a spec, else a new timestamped folder. */
  private Path runFolder(SweepSpec sweepSpec) {
    if (resume != null) {
      return resume;
    }
    if (out != null) {
      return out;
    }
    if (sweepSpec != null) {
      return Path.of("runs", sweepSpec.name());
    }
    String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    Path dir = Path.of("runs", preset + "-" + stamp);
    for (int i = 2; Files.exists(dir); i++) {
      dir = Path.of("runs", preset + "-" + stamp + "-" + i);
    }
    return dir;
  }

  /**
   * A usage error in a sweep spec (exit status 2): reported on one line, without the usage help
   * that picocli prints for a bad option, since the option itself was fine.
   */
  static final class SpecError extends ParameterException {
    private static final long serialVersionUID = 1L;

    SpecError(picocli.CommandLine commandLine, String message, Throwable cause) {
      super(commandLine, message, cause);
    }
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
