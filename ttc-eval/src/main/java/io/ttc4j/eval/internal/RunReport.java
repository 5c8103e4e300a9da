package io.ttc4j.eval.internal;

import io.ttc4j.core.AnswerEquivalence;
import io.ttc4j.eval.ComputeFrontier;
import io.ttc4j.eval.ComputeRow;
import io.ttc4j.eval.SweepResult;
import io.ttc4j.eval.UnitSamples;
import io.ttc4j.eval.compute.ComputeModel;
import io.ttc4j.eval.compute.HardwareTier;
import io.ttc4j.eval.compute.PriceTier;
import io.ttc4j.eval.stats.AtKCurve;
import io.ttc4j.eval.stats.ClusterBootstrap;
import io.ttc4j.eval.stats.MonteCarlo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Everything a run folder holds besides its raw files, computed from the rows and samples alone:
 * {@code summary.csv}, {@code compute.csv}, {@code at-k.csv}, {@code report.md} and the PNG charts.
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
   */
  public record Analysis(SweepResult result, List<ComputeRow> compute, List<AtKCurve.Point> atK, int samplesN,
      int sampleUnits) {}

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
    return new Analysis(result, compute, atK, samplesN, samples.size());
  }

  /**
   * Writes {@code summary.csv}, {@code compute.csv}, {@code at-k.csv} (with samples), the charts and
   * {@code report.md} into {@code dir}.
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

    if (!charts.isEmpty()) {
      sb.append("## Charts\n\n");
      sb.append("Shaded bands are 95% cluster-bootstrap intervals; x axes are log\u2082.\n\n");
      for (String c : charts) {
        sb.append("![").append(c.replace(".png", "").replace('-', ' ')).append("](").append(c).append(")\n\n");
      }
    }
    return sb.toString();
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
