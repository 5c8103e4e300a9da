package io.ttc4j.eval.internal;

import io.ttc4j.core.AnswerEquivalence;
import io.ttc4j.eval.ComputeFrontier;
import io.ttc4j.eval.ComputeRow;
import io.ttc4j.eval.DifficultyRow;
import io.ttc4j.eval.ResultRow;
import io.ttc4j.eval.SweepResult;
import io.ttc4j.eval.UnitSamples;
import io.ttc4j.eval.compute.ComputeModel;
import io.ttc4j.eval.compute.HardwareTier;
import io.ttc4j.eval.compute.PriceTier;
import io.ttc4j.eval.stats.AtKCurve;
import io.ttc4j.eval.stats.ClusterBootstrap;
import io.ttc4j.eval.stats.DifficultyBins;
import io.ttc4j.eval.stats.MonteCarlo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Everything a run folder holds besides its raw files, computed from the rows and samples alone:
 * {@code summary.csv}, {@code compute.csv}, {@code at-k.csv}, {@code difficulty.csv}, {@code report.md}
 * and the PNG charts.
 * The sweep writes them when it ends and {@code ttc report} rebuilds them, through this one class,
 * so both give the same files.
 */
public final class RunReport {

  /** Per (strategy, N): accuracy with its cluster-bootstrap interval against every compute axis. */
  public static final String COMPUTE = "compute.csv";
  /** The unbiased at-k curves from the samples of the largest N. */
  public static final String AT_K = "at-k.csv";
  /** Chart: accuracy against N. */
  public static final String CHART_N = "accuracy-vs-n.png";
  /** Chart: accuracy against completion tokens. */
  public static final String CHART_TOKENS = "accuracy-vs-tokens.png";
  /** Chart: accuracy against FLOPs. */
  public static final String CHART_FLOPS = "accuracy-vs-flops.png";
  /** Chart: the unbiased at-k curves against the searched points. */
  public static final String CHART_AT_K = "accuracy-at-k.png";

  /** Per difficulty bin, strategy and N: accuracy over the problems of the bin. */
  public static final String DIFFICULTY = "difficulty.csv";

  /** The chart of accuracy against N over the problems of one oracle difficulty bin (1 to k). */
  public static String binChart(int bin) {
    return "accuracy-vs-n-bin-" + bin + ".png";
  }

  /** The chart of accuracy against dollars under a paid price tier. */
  public static String dollarChart(PriceTier tier) {
    return "accuracy-vs-usd-" + tier.name() + ".png";
  }

  /**
   * How to express compute and estimate curves.
   *
   * @param model      declared model sizes
   * @param priceTier  the price tier of the report's tables
   * @param hardware   the hardware tier of the report's tables
   * @param bootstrap  the cluster bootstrap of every interval
   * @param monteCarlo Monte Carlo settings of the at-k curves
   * @param charts     whether to draw the PNG charts
   */
  public record Options(ComputeModel model, PriceTier priceTier, HardwareTier hardware, ClusterBootstrap bootstrap,
      MonteCarlo monteCarlo, boolean charts) {
    /** Validates. */
    public Options {
      Objects.requireNonNull(model, "model");
      Objects.requireNonNull(priceTier, "priceTier");
      Objects.requireNonNull(hardware, "hardware");
      Objects.requireNonNull(bootstrap, "bootstrap");
      Objects.requireNonNull(monteCarlo, "monteCarlo");
    }
  }

  /**
   * What the report is made of.
   *
   * @param result    the sweep's rows and summary (rows in canonical order)
   * @param compute   one row per (strategy, N)
   * @param atK       the at-k curves, or empty without samples
   * @param samplesN  the N of the recorded samples, or 0 without samples
   * @param sampleUnits units with recorded samples
   * @param difficulty  the difficulty bins and the accuracy per bin, or {@code null} without samples
   */
  public record Analysis(SweepResult result, List<ComputeRow> compute, List<AtKCurve.Point> atK, int samplesN,
      int sampleUnits, Difficulty difficulty) {}

  /**
   * The problems of a run binned by difficulty (Snell et al.), and every strategy's accuracy per bin.
   *
   * @param oracle         bins by pass@1 over the recorded samples
   * @param predicted      bins by the mean reward-model score of the same samples
   * @param rows           the rows of {@code difficulty.csv}: oracle bins, then predicted bins
   *                       (none when no problem has a predicted difficulty)
   * @param withoutSamples problems with rows but no recorded sample: no bin under either measure
   */
  public record Difficulty(DifficultyBins oracle, DifficultyBins predicted, List<DifficultyRow> rows,
      List<String> withoutSamples) {
    /** Validates and copies. */
    public Difficulty {
      Objects.requireNonNull(oracle, "oracle");
      Objects.requireNonNull(predicted, "predicted");
      rows = List.copyOf(rows);
      withoutSamples = List.copyOf(withoutSamples);
    }

    /** The rows of one measure. */
    public List<DifficultyRow> rows(DifficultyBins.Measure measure) {
      return rows.stream().filter(r -> r.difficulty() == measure).toList();
    }
  }

  private RunReport() {}

  /**
   * Computes the analysis. {@code samples} may be empty (no at-k curves); units with recorded
   * samples but no rows are ignored.
   */
  public static Analysis analyse(SweepResult result, List<UnitSamples> samples, AnswerEquivalence votes, Options o) {
    List<ComputeRow> compute = ComputeRow.summarise(result.rows(), o.model(), o.bootstrap());
    List<AtKCurve.Point> atK = List.of();
    int samplesN = 0;
    if (!samples.isEmpty()) {
      for (UnitSamples u : samples) samplesN = Math.max(samplesN, u.n());
      TreeSet<Integer> ks = new TreeSet<>();
      for (int k = 1; k <= samplesN; k *= 2) ks.add(k);
      for (int n : result.settings().ns()) {
        if (n <= samplesN) ks.add(n);
      }
      List<io.ttc4j.core.Selection> rules = new ArrayList<>();
      for (io.ttc4j.eval.SweepStrategy st : result.settings().strategies()) {
        if (st.isBestOfNRule()) rules.add(st.selection());
      }
      atK = AtKCurve.estimate(samples, rules, List.copyOf(ks), votes, o.monteCarlo(),
          o.bootstrap());
    }
    return new Analysis(result, compute, atK, samplesN, samples.size(), difficulty(result.rows(), samples, o));
  }

  /**
   * The difficulty bins of the problems with recorded samples ({@link DifficultyBins#DEFAULT_BINS}
   * bins per measure) and the accuracy per bin, or {@code null} without samples. Samples of units
   * without rows are ignored.
   */
  static Difficulty difficulty(List<ResultRow> rows, List<UnitSamples> samples, Options o) {
    Set<String> units = new HashSet<>();
    Set<String> problems = new LinkedHashSet<>();
    for (ResultRow r : rows) {
      units.add(r.problemId() + '\u0000' + r.seed());
      problems.add(r.problemId());
    }
    List<UnitSamples> used = new ArrayList<>(samples.size());
    for (UnitSamples u : samples) {
      if (units.contains(u.problemId() + '\u0000' + u.seed())) used.add(u);
    }
    if (used.isEmpty()) return null;
    List<DifficultyBins.ProblemDifficulty> measured = DifficultyBins.measure(used);
    DifficultyBins oracle = DifficultyBins.of(measured, DifficultyBins.Measure.ORACLE, DifficultyBins.DEFAULT_BINS);
    DifficultyBins predicted = DifficultyBins.of(measured, DifficultyBins.Measure.PREDICTED,
        DifficultyBins.DEFAULT_BINS);
    List<DifficultyRow> out = new ArrayList<>(DifficultyRow.summarise(rows, oracle, o.bootstrap()));
    out.addAll(DifficultyRow.summarise(rows, predicted, o.bootstrap()));
    for (DifficultyBins.ProblemDifficulty d : measured) problems.remove(d.problemId());
    return new Difficulty(oracle, predicted, out, List.copyOf(problems));
  }

  /**
   * Writes {@code summary.csv}, {@code compute.csv}, {@code at-k.csv} and {@code difficulty.csv}
   * (with samples), the charts and {@code report.md} into {@code dir}.
   *
   * @param regenerated see {@link SweepReport#markdown(SweepResult, SweepReport.RunDescription, String, String)}
   * @return warnings (charts that could not be drawn), empty when all went well
   */
  public static List<String> write(Path dir, Analysis a, SweepReport.RunDescription run, Options o, String regenerated)
      throws IOException {
    Files.createDirectories(dir);
    SweepReport.writeSummary(dir.resolve(SweepReport.SUMMARY), a.result().summary());
    StringBuilder csv = new StringBuilder(ComputeRow.csvHeader()).append('\n');
    for (ComputeRow r : a.compute()) csv.append(r.csvLine()).append('\n');
    Files.writeString(dir.resolve(COMPUTE), csv.toString(), StandardCharsets.UTF_8);
    if (!a.atK().isEmpty()) {
      StringBuilder k = new StringBuilder(AtKCurve.Point.CSV_HEADER).append('\n');
      for (AtKCurve.Point p : a.atK()) k.append(p.csvLine()).append('\n');
      Files.writeString(dir.resolve(AT_K), k.toString(), StandardCharsets.UTF_8);
    } else {
      Files.deleteIfExists(dir.resolve(AT_K));
    }
    if (a.difficulty() != null && !a.difficulty().rows().isEmpty()) {
      StringBuilder d = new StringBuilder(DifficultyRow.CSV_HEADER).append('\n');
      for (DifficultyRow r : a.difficulty().rows()) d.append(r.csvLine()).append('\n');
      Files.writeString(dir.resolve(DIFFICULTY), d.toString(), StandardCharsets.UTF_8);
    } else {
      Files.deleteIfExists(dir.resolve(DIFFICULTY));
    }
    List<String> warnings = new ArrayList<>();
    List<String> charts = o.charts() ? drawCharts(dir, a, run, o, warnings) : List.of();
    String md = SweepReport.markdown(a.result(), run, analysisMarkdown(a, o, charts), regenerated);
    Files.writeString(dir.resolve(SweepReport.REPORT), md, StandardCharsets.UTF_8);
    return warnings;
  }

  private static List<String> drawCharts(Path dir, Analysis a, SweepReport.RunDescription run, Options o,
      List<String> warnings) {
    List<String> drawn = new ArrayList<>();
    String where = run.preset() + " on " + run.dataset();
    ComputeModel m = o.model();
    List<ChartJob> jobs = new ArrayList<>();
    jobs.add(new ChartJob(CHART_N, () -> Charts.accuracyVsN(a.compute(), "Accuracy against N: " + where,
        dir.resolve(CHART_N))));
    jobs.add(new ChartJob(CHART_TOKENS, () -> Charts.accuracyVsCost(a.compute(), ComputeRow::meanCompletionTokens,
        "Accuracy against generated tokens: " + where, "mean completion tokens per query (log\u2082 scale)",
        Charts::compact, dir.resolve(CHART_TOKENS))));
    jobs.add(new ChartJob(CHART_FLOPS, () -> Charts.accuracyVsCost(a.compute(), ComputeRow::meanFlops,
        "Accuracy against FLOPs: " + where, "FLOPs per query, generator " + params(m.generator().parameters())
            + (m.prm() == null ? "" : " + reward model " + params(m.prm().parameters())) + " (log\u2082 scale)",
        Charts::compact, dir.resolve(CHART_FLOPS))));
    for (PriceTier t : PriceTier.presets()) {
      if (t.isFree()) continue;
      String file = dollarChart(t);
      jobs.add(new ChartJob(file, () -> Charts.accuracyVsCost(a.compute(), r -> r.usd(t),
          "Accuracy against dollars, " + t.name() + " tier: " + where, "US dollars per query at " + t.description()
              .substring(t.description().indexOf(',') + 2) + " (log\u2082 scale)",
          Charts::dollars, dir.resolve(file))));
    }
    if (!a.atK().isEmpty()) {
      jobs.add(new ChartJob(CHART_AT_K, () -> Charts.atK(a.atK(), a.compute(), a.samplesN(),
          "rule@k from the N = " + a.samplesN() + " samples vs searched per N: " + where,
          dir.resolve(CHART_AT_K))));
    }
    Difficulty d = a.difficulty();
    Set<String> binCharts = new LinkedHashSet<>();
    if (d != null) {
      List<DifficultyRow> oracleRows = d.rows(DifficultyBins.Measure.ORACLE);
      int k = d.oracle().binCount();
      for (DifficultyBins.Bin bin : d.oracle().bins()) {
        List<DifficultyRow> rows = oracleRows.stream().filter(r -> r.bin() == bin.index()).toList();
        if (rows.isEmpty()) continue;
        String file = binChart(bin.index());
        binCharts.add(file);
        // short enough for one line at 1000 px; the data set is in report.md
        String title = "Oracle difficulty bin " + bin.index() + " of " + k + binName(bin.index(), k) + ": "
            + bin.problemIds().size() + " problems, pass@1 " + range(bin);
        jobs.add(new ChartJob(file, () -> Charts.accuracyVsNInBin(rows, title, dir.resolve(file))));
      }
    }
    for (int b = 1; b <= DifficultyBins.DEFAULT_BINS; b++) {
      // charts of bins this run does not have (an earlier report's) would mislead
      if (!binCharts.contains(binChart(b))) {
        try {
          Files.deleteIfExists(dir.resolve(binChart(b)));
        } catch (IOException e) {
          warnings.add("stale chart " + binChart(b) + " not deleted: " + e);
        }
      }
    }
    for (ChartJob job : jobs) {
      try {
        job.draw.run();
        drawn.add(job.file);
      } catch (IOException | RuntimeException | LinkageError | java.awt.AWTError e) {
        // a JVM without fonts or AWT libraries cannot draw; the tables are still right
        warnings.add("chart " + job.file + " not drawn: " + e);
      }
    }
    return drawn;
  }

  private record ChartJob(String file, Drawing draw) {}

  @FunctionalInterface
  private interface Drawing {
    void run() throws IOException;
  }

  /** The Markdown sections of the analysis. */
  static String analysisMarkdown(Analysis a, Options o, List<String> charts) {
    StringBuilder sb = new StringBuilder();
    ComputeModel m = o.model();
    PriceTier tier = o.priceTier();
    HardwareTier hw = o.hardware();
    sb.append("## Compute\n\n");
    sb.append("Accuracy with a 95% cluster-bootstrap interval (")
        .append(o.bootstrap().resamples()).append(" resamples of whole problems, seed ").append(o.bootstrap().seed())
        .append("), and the mean compute per query on every axis. Dollars under the **").append(tier.description())
        .append("** tier, decode time on a **").append(hw.description()).append("**; `compute.csv` has every price ")
        .append("and hardware tier.\n\n");
    TextTable t = new TextTable(List.of("strategy", "n", "accuracy", "cluster 95% CI", "completion tokens",
        "PRM tokens", "FLOPs", "$ per query", "decode s"));
    for (ComputeRow r : a.compute()) {
      t.add(List.of(ResultsJsonl.name(r.strategy()), Integer.toString(r.n()), fmt("%.4f", r.accuracy()),
          fmt("[%.4f, %.4f]", r.clusterInterval().low(), r.clusterInterval().high()),
          fmt("%.1f", r.meanCompletionTokens()), fmt("%.1f", r.meanPrmTokens()), fmt("%.3e", r.meanFlops()),
          fmt("%.6f", r.usd(tier)), fmt("%.3f", r.decodeSeconds(hw))));
    }
    sb.append(t.toMarkdown()).append('\n');
    sb.append("Assumptions: generator ").append(m.generator().name()).append(", ")
        .append(params(m.generator().parameters())).append(" parameters");
    if (m.prm() != null) {
      sb.append("; reward model ").append(m.prm().name()).append(", ").append(params(m.prm().parameters()))
          .append(" parameters");
    }
    sb.append("; weights at ").append(trim(m.generator().bytesPerParameter())).append(" bytes per parameter. ")
        .append("FLOPs are 2 × parameters per processed token (Snell et al.): completion and uncached prompt tokens ")
        .append("for the generator, and the tokens the reward model reads. Reward-model tokens are not metered, so ")
        .append("they are estimated as PRM calls × (prompt tokens + completion tokens per sample): each scored ")
        .append("solution is read with its prompt. Dollars charge prompt tokens at the input price, completion ")
        .append("tokens at the output price and reward-model tokens at the input price. Decode time is completion ")
        .append("tokens × model bytes / memory bandwidth: every sample decoded one after another on one device, ")
        .append("prefill and scoring left out (compute-bound, parallel over tokens); a server batching the N samples ")
        .append("of one query needs about 1/N of it.\n\n");

    pairedDifferences(sb, a, o);

    sb.append("## Compute-matched frontier\n\n");
    sb.append("For each budget on an axis, the most accurate strategy whose mean cost per query fits. The best ")
        .append("choice only changes where a strategy becomes affordable, so each table lists those steps: from a ")
        .append("step's budget up to the next step's, its strategy is the best. `oracle` is left out (it needs the ")
        .append("reference answer).\n\n");
    frontier(sb, a, "completion tokens per query", ComputeRow::meanCompletionTokens, v -> fmt("%.0f", v));
    frontier(sb, a, "FLOPs per query", ComputeRow::meanFlops, v -> fmt("%.3e", v));
    if (!tier.isFree()) {
      frontier(sb, a, "dollars per query, " + tier.description(), r -> r.usd(tier), v -> fmt("$%.6f", v));
    }
    frontier(sb, a, "decode seconds per query, " + hw.description(), r -> r.decodeSeconds(hw), v -> fmt("%.3f s", v));

    if (!a.atK().isEmpty()) {
      sb.append("## Unbiased rule@k from one run\n\n");
      sb.append("Each (problem, seed) unit recorded every sample of its N = ").append(a.samplesN())
          .append(" search (`samples.jsonl`). From those alone, each rule's accuracy with k samples is estimated for ")
          .append("every k ≤ N as the mean of the rule's correctness over all ordered k-tuples of distinct samples ")
          .append("(unbiased, and less variable than one search per k): exact for first, oracle (pass@k), naive and ")
          .append("majority; weighted enumerates every k-subset where there are at most ").append(o.monteCarlo().draws())
          .append(" and otherwise averages ").append(o.monteCarlo().draws()).append(" random k-subsets per unit (seed ")
          .append(o.monteCarlo().seed()).append("), whose Monte Carlo standard error is the `mc s.e.` column. The ")
          .append("searched column is the sweep's own search at N = k, for comparison; both intervals are cluster ")
          .append("bootstraps over problems.\n\n");
      Map<String, ComputeRow> searched = new HashMap<>();
      for (ComputeRow r : a.compute()) searched.put(r.strategy() + "@" + r.n(), r);
      TextTable k = new TextTable(List.of("strategy", "k", "from samples", "cluster 95% CI", "mc s.e.",
          "searched at N = k", "cluster 95% CI"));
      for (AtKCurve.Point p : a.atK()) {
        ComputeRow r = searched.get(p.strategy() + "@" + p.k());
        k.add(List.of(ResultsJsonl.name(p.strategy()), Integer.toString(p.k()), fmt("%.4f", p.accuracy()),
            fmt("[%.4f, %.4f]", p.interval().low(), p.interval().high()), fmt("%.5f", p.monteCarloError()),
            r == null ? "" : fmt("%.4f", r.accuracy()),
            r == null ? "" : fmt("[%.4f, %.4f]", r.clusterInterval().low(), r.clusterInterval().high())));
      }
      sb.append(k.toMarkdown()).append('\n');
    }

    difficultyMarkdown(sb, a);

    if (!charts.isEmpty()) {
      sb.append("## Charts\n\n");
      sb.append("Shaded bands are 95% cluster-bootstrap intervals; x axes are log\u2082.\n\n");
      for (String c : charts) {
        sb.append("![").append(c.replace(".png", "").replace('-', ' ')).append("](").append(c).append(")\n\n");
      }
    }
    return sb.toString();
  }

  private static void difficultyMarkdown(StringBuilder sb, Analysis a) {
    sb.append("## Difficulty bins\n\n");
    Difficulty d = a.difficulty();
    if (d == null) {
      sb.append("No difficulty bins: they are measured on the recorded best-of-N samples (`samples.jsonl`), and ")
          .append(a.result().settings().hasBestOfNRules()
              ? "this run has none for its units (a unit without its samples line drops them all)."
              : "this sweep ran no best-of-N rule, so it recorded none. Add one (for example `weighted`) to bin "
                  + "the problems; searched strategies are then binned by the same bins.")
          .append(" No `").append(DIFFICULTY).append("` and no bin charts are written.\n\n");
      return;
    }
    DifficultyBins oracle = d.oracle();
    DifficultyBins predicted = d.predicted();
    int k = oracle.binCount();
    long samples = 0;
    for (DifficultyBins.ProblemDifficulty p : oracle.problems()) samples += p.samples();
    int seeds = a.result().settings().seeds().size();
    sb.append("Problems are binned by difficulty as in Snell et al. (2024). **Oracle** difficulty is a problem's ")
        .append("pass@1, the fraction of its recorded samples that are correct, pooled over seeds (`samples.jsonl` ")
        .append("holds the N = ").append(a.samplesN()).append(" best-of-N samples of each of ").append(seeds)
        .append(seeds == 1 ? " seed" : " seeds").append(": ")
        .append(fmt("%.0f", (double) samples / Math.max(1, oracle.problems().size())))
        .append(" per problem on average; Snell et al. use 2048). **Predicted** difficulty is the mean final ")
        .append("reward-model score of the same samples: it needs no reference answer, so a deployed policy can ")
        .append("measure it. Problems are ranked from easiest (highest value) to hardest, ties in data-set order, ")
        .append("and cut into ").append(k).append(" quantile bins, bin 1 the easiest: the problem of rank *r* ")
        .append("(from 0) among *m* goes to bin ⌊").append(k).append("(2*r* + 1) / (2*m*)⌋ + 1, so the bins hold ")
        .append("equal shares of the problems (±1). Every strategy, searched ones included, is scored on the rows ")
        .append("of each bin's problems, with a 95% cluster-bootstrap interval resampling the bin's problems; `")
        .append(DIFFICULTY).append("` has every bin, strategy and N (`value_low`/`value_high` are the bin's ")
        .append("edges).\n\n");
    TextTable edges = new TextTable(List.of("bin", "oracle: problems", "pass@1", "predicted: problems",
        "mean score"));
    for (int b = 1; b <= k; b++) {
      DifficultyBins.Bin o = oracle.get(b);
      DifficultyBins.Bin p = predicted.get(b);
      edges.add(List.of(b + binName(b, k), Integer.toString(o.problemIds().size()), range(o),
          Integer.toString(p.problemIds().size()), range(p)));
    }
    sb.append(edges.toMarkdown()).append('\n');
    List<String> notes = new ArrayList<>();
    if (!d.withoutSamples().isEmpty()) {
      notes.add(d.withoutSamples().size() + " problems have rows but no recorded sample, hence no bin; their rows are "
          + "left out of the bins: " + firstIds(d.withoutSamples()) + ".");
    }
    int noScore = 0;
    for (DifficultyBins.ProblemDifficulty p : predicted.unbinned()) {
      if (p.samples() > 0) noScore++;
    }
    int noSample = oracle.unbinned().size();
    if (noSample > 0) {
      notes.add(noSample + " problems recorded no finished sample (a budget stopped them): no bin.");
    }
    if (predicted.binnedCount() == 0) {
      notes.add("No problem has a predicted difficulty (its samples carry no reward-model score), so there are no "
          + "predicted bins.");
    } else if (noScore > 0) {
      notes.add(noScore + " problems have a sample without a reward-model score: their predicted difficulty is "
          + "undefined and they have no predicted bin.");
    }
    for (DifficultyBins bins : List.of(oracle, predicted)) {
      int straddling = straddlingEdges(bins);
      if (straddling > 0) {
        notes.add("At " + straddling + (straddling == 1 ? " edge" : " edges") + " between " + bins.measure().label()
            + " bins, problems with equal " + bins.measure().quantity() + " fall on both sides: the data-set order "
            + "decided (quantile bins keep equal sizes).");
      }
    }
    if (predicted.binnedCount() > 0) {
      int same = 0;
      int near = 0;
      int both = 0;
      for (DifficultyBins.ProblemDifficulty p : oracle.problems()) {
        OptionalInt x = oracle.bin(p.problemId());
        OptionalInt y = predicted.bin(p.problemId());
        if (x.isEmpty() || y.isEmpty()) continue;
        both++;
        if (x.getAsInt() == y.getAsInt()) same++;
        if (Math.abs(x.getAsInt() - y.getAsInt()) <= 1) near++;
      }
      notes.add("The predicted bin equals the oracle bin for " + same + " of " + both + " problems ("
          + fmt("%.0f%%", 100.0 * same / Math.max(1, both)) + "), and is within one bin for " + near + " ("
          + fmt("%.0f%%", 100.0 * near / Math.max(1, both)) + "): how well the reward model predicts difficulty.");
    }
    for (String n : notes) sb.append("- ").append(n).append('\n');
    if (!notes.isEmpty()) sb.append('\n');
    if (oracle.binnedCount() == 0) return;

    sb.append("Each table gives the accuracy of every strategy per bin and N, and in the **best** line the most ")
        .append("accurate strategy at that N (oracle left out; on equal accuracy the one with fewer completion ")
        .append("tokens, `+t` counting the others tied): per bin and budget the best strategy, the seed of a ")
        .append("compute-optimal policy. N is the budget axis here (samples or beams), not cost: a searched strategy ")
        .append("spends more tokens per beam, see `mean_completion_tokens` in `").append(DIFFICULTY)
        .append("`. Differences within a bin are often inside the intervals.\n\n");
    binTable(sb, a, d, DifficultyBins.Measure.ORACLE);
    if (predicted.binnedCount() > 0) binTable(sb, a, d, DifficultyBins.Measure.PREDICTED);
    sb.append("Oracle bins are made from the same samples the best-of-N rules choose from, so a bin's accuracy is ")
        .append("partly selected (bin 1 holds the problems whose samples happened to be right): gaps between oracle ")
        .append("bins are wider than fresh samples would show; predicted bins use no ground truth. Intervals resample ")
        .append("the problems of a bin and leave out the uncertainty of which bin a problem belongs to; where every ")
        .append("row of a bin is right (or wrong) the percentile bootstrap collapses to [1, 1] ([0, 0]): with *p* ")
        .append("problems, read it as within about 3/*p* of the edge (rule of three).\n\n");
  }

  private static void binTable(StringBuilder sb, Analysis a, Difficulty d, DifficultyBins.Measure measure) {
    List<DifficultyRow> rows = d.rows(measure);
    List<Integer> ns = a.result().settings().ns();
    List<String> header = new ArrayList<>(List.of("bin (1 easiest)", "strategy"));
    for (int n : ns) header.add("N = " + n);
    TextTable t = new TextTable(header);
    Map<String, DifficultyRow> byKey = new HashMap<>();
    for (DifficultyRow r : rows) byKey.put(r.bin() + "|" + r.strategy().name() + "|" + r.n(), r);
    DifficultyBins bins = measure == DifficultyBins.Measure.ORACLE ? d.oracle() : d.predicted();
    for (DifficultyBins.Bin bin : bins.bins()) {
      if (bin.isEmpty()) continue;
      String label = Integer.toString(bin.index());
      for (io.ttc4j.eval.SweepStrategy s : a.result().settings().strategies()) {
        List<String> cells = new ArrayList<>(List.of(label, ResultsJsonl.name(s)));
        for (int n : ns) {
          DifficultyRow r = byKey.get(bin.index() + "|" + s.name() + "|" + n);
          cells.add(r == null ? "" : fmt("%.3f", r.accuracy()));
        }
        t.add(cells);
      }
      List<String> best = new ArrayList<>(List.of(label, "**best**"));
      for (int n : ns) {
        DifficultyRow top = null;
        int tied = 0;
        for (io.ttc4j.eval.SweepStrategy s : a.result().settings().strategies()) {
          DifficultyRow r = byKey.get(bin.index() + "|" + s.name() + "|" + n);
          if (r == null || s.isBound()) continue;
          if (top == null || r.accuracy() > top.accuracy() + 1e-12) {
            top = r;
            tied = 0;
          } else if (Math.abs(r.accuracy() - top.accuracy()) <= 1e-12) {
            tied++;
            if (r.meanCompletionTokens() < top.meanCompletionTokens()) top = r;
          }
        }
        best.add(top == null ? "" : "**" + ResultsJsonl.name(top.strategy()) + "**" + (tied > 0 ? " +" + tied : ""));
      }
      t.add(best);
    }
    sb.append("**Accuracy per ").append(measure.label()).append(" bin** (").append(measure.quantity())
        .append(")\n\n");
    sb.append(t.toMarkdown()).append('\n');
  }

  /** Edges between two non-empty neighbouring bins where equal values fall on both sides. */
  private static int straddlingEdges(DifficultyBins bins) {
    int count = 0;
    DifficultyBins.Bin previous = null;
    for (DifficultyBins.Bin b : bins.bins()) {
      if (b.isEmpty()) continue;
      if (previous != null && previous.low() == b.high()) count++;
      previous = b;
    }
    return count;
  }

  /** " (easiest)" for bin 1, " (hardest)" for bin k, else nothing. */
  static String binName(int bin, int k) {
    if (k == 1) return "";
    return bin == 1 ? " (easiest)" : bin == k ? " (hardest)" : "";
  }

  /** A bin's values from hard edge to easy edge, or a dash when empty. */
  static String range(DifficultyBins.Bin b) {
    if (b.isEmpty()) return "\u2014";
    return b.low() == b.high() ? fmt("%.3f", b.low()) : fmt("%.3f\u2013%.3f", b.low(), b.high());
  }

  private static String firstIds(List<String> ids) {
    return ids.size() <= 5 ? String.join(", ", ids) : String.join(", ", ids.subList(0, 5)) + ", \u2026";
  }

  /** Pairs compared on the same problems and seeds, where the sweep has both rules. */
  private static final List<List<io.ttc4j.eval.SweepStrategy>> PAIRS = List.of(
      List.of(io.ttc4j.eval.SweepStrategy.WEIGHTED, io.ttc4j.eval.SweepStrategy.MAJORITY),
      List.of(io.ttc4j.eval.SweepStrategy.NAIVE, io.ttc4j.eval.SweepStrategy.MAJORITY),
      List.of(io.ttc4j.eval.SweepStrategy.WEIGHTED, io.ttc4j.eval.SweepStrategy.NAIVE),
      List.of(io.ttc4j.eval.SweepStrategy.BEAM, io.ttc4j.eval.SweepStrategy.WEIGHTED),
      List.of(io.ttc4j.eval.SweepStrategy.DVTS, io.ttc4j.eval.SweepStrategy.WEIGHTED),
      List.of(io.ttc4j.eval.SweepStrategy.REBASE, io.ttc4j.eval.SweepStrategy.WEIGHTED));

  private static void pairedDifferences(StringBuilder sb, Analysis a, Options o) {
    var strategies = a.result().settings().strategies();
    TextTable t = new TextTable(List.of("difference", "n", "accuracy difference", "paired 95% CI"));
    boolean any = false;
    for (List<io.ttc4j.eval.SweepStrategy> pair : PAIRS) {
      if (!strategies.contains(pair.get(0)) || !strategies.contains(pair.get(1))) continue;
      for (int n : a.result().settings().ns()) {
        var d = o.bootstrap().difference(a.result().rows(), pair.get(0), n, pair.get(1), n);
        t.add(List.of(ResultsJsonl.name(pair.get(0)) + " \u2212 " + ResultsJsonl.name(pair.get(1)), Integer.toString(n),
            fmt("%+.4f", d.estimate()), fmt("[%+.4f, %+.4f]", d.low(), d.high())));
        any = true;
      }
    }
    if (!any) return;
    sb.append("## Paired differences\n\n");
    sb.append("The difference in accuracy between two rules on the same candidates (same problems, seeds and N), ")
        .append("with a paired cluster-bootstrap interval: problems are resampled with both rules' rows, so what the ")
        .append("rules share cancels. An interval that excludes 0 is a difference the problems support.\n\n");
    sb.append(t.toMarkdown()).append('\n');
  }

  private static void frontier(StringBuilder sb, Analysis a, String axis, ToDoubleFunction<ComputeRow> cost,
      Function<Double, String> format) {
    List<ComputeFrontier.Step> steps = ComputeFrontier.of(a.compute(), cost);
    sb.append("**").append(axis.substring(0, 1).toUpperCase(Locale.ROOT)).append(axis.substring(1)).append("**\n\n");
    TextTable t = new TextTable(List.of("budget from", "best strategy", "accuracy", "cluster 95% CI"));
    for (ComputeFrontier.Step s : steps) {
      ComputeRow r = s.best();
      t.add(List.of(format.apply(s.cost()), ResultsJsonl.name(r.strategy()) + "@" + r.n(), fmt("%.4f", r.accuracy()),
          fmt("[%.4f, %.4f]", r.clusterInterval().low(), r.clusterInterval().high())));
    }
    sb.append(t.toMarkdown()).append('\n');
  }

  /** A parameter count as 1.24 B. */
  static String params(double p) {
    return p >= 1e9 ? trim(p / 1e9) + " B" : trim(p / 1e6) + " M";
  }

  private static String trim(double v) {
    String s = String.format(Locale.ROOT, "%.2f", v);
    return s.replaceAll("0+$", "").replaceAll("\\.$", "");
  }

  private static String fmt(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
