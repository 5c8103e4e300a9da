package io.ttc4j.eval.cli;

import io.ttc4j.datasets.MathAnswers;
import io.ttc4j.eval.internal.RunFolders;
import io.ttc4j.eval.internal.TextTable;
import io.ttc4j.eval.policy.CrossValidation;
import io.ttc4j.eval.policy.Policy;
import io.ttc4j.eval.policy.PolicyFit;
import io.ttc4j.eval.stats.DifficultyBins;
import io.ttc4j.strategies.Calibration;
import io.ttc4j.strategies.Confidence;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ttc fit-policy}: fits a compute-optimal {@link Policy} on every problem of a sweep and
 * writes it, then evaluates the fitting procedure by two-fold cross-validation over problems
 * ({@link CrossValidation}) and writes that evaluation next to the policy as
 * {@code NAME.eval.md} and {@code NAME.eval.csv} ({@code NAME} = the policy file name without
 * {@code .json}).
 */
@Command(
    name = "fit-policy",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Fits a compute-optimal policy (per difficulty bin and generation budget, the most accurate strategy and N "
            + "that fits the budget; Snell et al. 2024) from the results.jsonl and samples.jsonl of a sweep, writes it "
            + "as JSON, and prints its two-fold cross-validated accuracy against weighted best-of-N and the tokens it "
            + "needs to match weighted best-of-N at the largest N, with a 95%% cluster-bootstrap interval. The "
            + "evaluation is also written next to the policy as NAME.eval.md and NAME.eval.csv.",
        ""})
final class FitPolicyCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "RUN_DIR", description = "Run folders of one sweep (its shards).")
  List<Path> dirs;

  @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the policy JSON.")
  Path out;

  @Option(names = "--difficulty", paramLabel = "KIND", defaultValue = "predicted",
      description = "oracle (pass@1 of the recorded samples; not counted) or predicted (a logistic model of the "
          + "first --probes samples' --difficulty-features, fitted to pass@1 on the fitting problems; counted). "
          + "Default: ${DEFAULT-VALUE}.")
  String difficulty;

  @Option(names = "--difficulty-features", paramLabel = "LIST", split = ",", defaultValue = "mean-score,vote-share",
      description = "For predicted difficulty: the probes' signals the model uses (their confidence in their most "
          + "common answer): mean-score, vote-share (their agreement), vote-margin, score-share, top-score. "
          + "Default: ${DEFAULT-VALUE}.")
  List<String> features;

  @Option(names = "--probes", paramLabel = "K", defaultValue = "4",
      description = "Best-of-N samples that measure predicted difficulty. Default: ${DEFAULT-VALUE}.")
  int probes;

  @Option(names = "--bins", paramLabel = "K", defaultValue = "5",
      description = "Difficulty bins. Default: ${DEFAULT-VALUE}.")
  int bins;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
      description = "Seeds the two-fold split and the bootstrap. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--resamples", paramLabel = "R", defaultValue = "200",
      description = "Bootstrap resamples of the ratio's interval (each refits both folds). Default: ${DEFAULT-VALUE}.")
  int resamples;

  @Option(names = "--budgets-per-doubling", paramLabel = "G", defaultValue = "8",
      description = "Points of the log-spaced budget grid per doubling of tokens. Default: ${DEFAULT-VALUE}.")
  int perDoubling;

  @Override
  public Integer call() throws Exception {
    DifficultyBins.Measure measure = switch (difficulty.toLowerCase(Locale.ROOT)) {
      case "oracle" -> DifficultyBins.Measure.ORACLE;
      case "predicted" -> DifficultyBins.Measure.PREDICTED;
      default -> throw new ParameterException(spec.commandLine(),
          "--difficulty must be oracle or predicted, got '" + difficulty + "'");
    };
    if (probes < 1) throw new ParameterException(spec.commandLine(), "--probes must be >= 1, got " + probes);
    List<Confidence.Feature> featureList = new ArrayList<>();
    for (String f : features) {
      Confidence.Feature feature;
      try {
        feature = Confidence.Feature.named(f);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--difficulty-features: " + e.getMessage());
      }
      if (featureList.contains(feature)) {
        throw new ParameterException(spec.commandLine(), "--difficulty-features names " + feature.label() + " twice");
      }
      featureList.add(feature);
    }
    if (bins < 1) throw new ParameterException(spec.commandLine(), "--bins must be >= 1, got " + bins);
    if (resamples < 1) throw new ParameterException(spec.commandLine(), "--resamples must be >= 1, got " + resamples);
    if (perDoubling < 1) {
      throw new ParameterException(spec.commandLine(), "--budgets-per-doubling must be >= 1, got " + perDoubling);
    }
    String name = out.getFileName().toString();
    if (!name.endsWith(".json")) {
      throw new ParameterException(spec.commandLine(), "--out must name a .json file, got '" + out + "'");
    }
    String stem = name.substring(0, name.length() - ".json".length());
    Path md = out.resolveSibling(stem + ".eval.md");
    Path csv = out.resolveSibling(stem + ".eval.csv");

    RunFolders.Merged merged = RunFolders.read(dirs, ReportCommand::problems);
    if (merged.rows().isEmpty()) {
      throw new IllegalArgumentException("the run folders hold no complete (problem, seed) unit yet");
    }
    if (merged.samples().isEmpty()) {
      throw new IllegalArgumentException("the run folders have no samples.jsonl for every unit: difficulty needs the "
          + "recorded best-of-N samples (run the sweep with a best-of-N rule)");
    }
    int k = measure == DifficultyBins.Measure.ORACLE ? 0 : probes;
    boolean oracle = measure == DifficultyBins.Measure.ORACLE;
    List<PolicyFit.Query> queries = oracle ? PolicyFit.oracleQueries(merged.samples())
        : PolicyFit.predictedQueries(merged.samples(), probes, MathAnswers.equivalence());
    PolicyFit data = PolicyFit.of(merged.rows(), queries, measure, k, oracle ? List.of() : featureList);
    double[] grid = data.budgetGrid(perDoubling);
    Policy policy = data.fit(bins, grid);
    policy.write(out);
    CrossValidation.Result cv = CrossValidation.run(data, bins, grid, seed, resamples);

    String title = String.format(Locale.ROOT, "%s on %s: %d problems, %d queries, %s difficulty%s", 
        merged.manifest().preset(), merged.manifest().dataset(), data.problems().size(), queries.size(),
        measure.label(), k > 0 ? " (" + k + " probes counted)" : " (not counted)");
    Files.writeString(csv, csv(cv), StandardCharsets.UTF_8);
    Files.writeString(md, markdown(title, cv, policy, out, dirs), StandardCharsets.UTF_8);

    PrintWriter stdout = spec.commandLine().getOut();
    stdout.println(title);
    if (policy.difficultyModel() != null) stdout.println(modelLine(policy.difficultyModel()));
    stdout.println("Two-fold cross-validation over problems (seed " + seed + ": " + cv.problemsA() + " + "
        + cv.problemsB() + " problems), held-out queries pooled:");
    stdout.print(curveTable(cv).toText());
    stdout.println(ratioLine(cv));
    stdout.println(out);
    stdout.println(md);
    stdout.println(csv);
    stdout.flush();
    return 0;
  }

  /** The fitted difficulty model, in words and numbers. */
  static String modelLine(Calibration m) {
    StringBuilder sb = new StringBuilder(String.format(Locale.ROOT,
        "difficulty model (fitted on every problem; predicts pass@1): sigma(%.4f", m.intercept()));
    double[] w = m.weights();
    for (int i = 0; i < w.length; i++) {
      sb.append(String.format(Locale.ROOT, " %s %.4f*%s", w[i] < 0 ? "-" : "+", Math.abs(w[i]),
          m.features().get(i).label()));
    }
    return sb.append(')').toString();
  }

  private static TextTable curveTable(CrossValidation.Result cv) {
    TextTable t = new TextTable(List.of("budget tokens", "CO accuracy", "CO tokens", "CO PRM calls",
        "weighted BoN acc @ CO tokens", "CO - BoN"));
    for (CrossValidation.Point p : cv.curve()) {
      boolean in = !Double.isNaN(p.bestOfNAccuracyAtTokens());
      t.add(List.of(fixed(p.budgetTokens(), 0), fixed(p.accuracy(), 4), fixed(p.meanTokens(), 0),
          fixed(p.meanPrmCalls(), 1), in ? fixed(p.bestOfNAccuracyAtTokens(), 4) : "",
          in ? signed(p.accuracy() - p.bestOfNAccuracyAtTokens()) : ""));
    }
    return t;
  }

  private static TextTable bestOfNTable(CrossValidation.Result cv) {
    TextTable t = new TextTable(List.of("N", "weighted BoN accuracy", "tokens"));
    for (CrossValidation.BestOfN b : cv.bestOfN()) {
      t.add(List.of(Integer.toString(b.n()), fixed(b.accuracy(), 4), fixed(b.meanTokens(), 0)));
    }
    return t;
  }

  static String ratioLine(CrossValidation.Result cv) {
    CrossValidation.BestOfN target = cv.target();
    String head = String.format(Locale.ROOT, "weighted best-of-N @ %d: accuracy %.4f at %.0f tokens; ", target.n(),
        target.accuracy(), target.meanTokens());
    String interval = String.format(Locale.ROOT, "95%% cluster-bootstrap interval [%.2f, %.2f] (%d resamples, "
        + "split and fit redone; %d reached the target, the others count as 0)", cv.ratioLow(), cv.ratioHigh(),
        cv.resamples(), cv.reachedResamples());
    if (!cv.reached()) {
      return head + String.format(Locale.ROOT, "compute-optimal never reaches it: best accuracy %.4f, %.4f short; ",
          target.accuracy() - cv.accuracyGap(), cv.accuracyGap()) + interval;
    }
    CrossValidation.Point p = cv.curve().get(cv.reachedAt());
    return head + String.format(Locale.ROOT, "compute-optimal reaches %.4f at %.0f tokens (budget %.0f): "
        + "token ratio %.2fx, ", p.accuracy(), p.meanTokens(), p.budgetTokens(), cv.ratio()) + interval;
  }

  private static String csv(CrossValidation.Result cv) {
    StringBuilder sb = new StringBuilder("budget_tokens,co_accuracy,co_mean_tokens,co_mean_prm_calls,"
        + "bon_accuracy_at_co_tokens\n");
    for (CrossValidation.Point p : cv.curve()) {
      sb.append(fixed(p.budgetTokens(), 2)).append(',').append(fixed(p.accuracy(), 4)).append(',')
          .append(fixed(p.meanTokens(), 2)).append(',').append(fixed(p.meanPrmCalls(), 2)).append(',')
          .append(Double.isNaN(p.bestOfNAccuracyAtTokens()) ? "" : fixed(p.bestOfNAccuracyAtTokens(), 4))
          .append('\n');
    }
    return sb.toString();
  }

  private static String markdown(String title, CrossValidation.Result cv, Policy policy, Path out, List<Path> dirs) {
    StringBuilder sb = new StringBuilder("# Compute-optimal policy: cross-validated evaluation\n\n");
    sb.append(title).append(". Run folders: ");
    List<String> names = new ArrayList<>();
    for (Path d : dirs) names.add("`" + d + "`");
    sb.append(String.join(", ", names)).append(". Policy (fitted on every problem): `").append(out).append("`.\n\n");
    if (policy.difficultyModel() != null) {
      sb.append("Predicted difficulty: ").append(modelLine(policy.difficultyModel())).append(", features of the probes' "
          + "confidence in their most common answer; each fold refits it on its own half.\n\n");
    }
    sb.append("Two-fold cross-validation over problems (seed ").append(cv.seed()).append(": ").append(cv.problemsA())
        .append(" + ").append(cv.problemsB()).append(" problems): ")
        .append(policy.difficultyModel() != null ? "difficulty model, bin edges" : "bin edges")
        .append(" and choices fitted on one half, evaluated "
            + "on the other, both ways, held-out queries pooled. CO = compute-optimal; tokens are mean completion "
            + "tokens per query")
        .append(policy.probes() > 0 ? ", the " + policy.probes() + " probe samples included" : "")
        .append("; weighted best-of-N is interpolated linearly in log tokens between its N.\n\n");
    sb.append("**").append(ratioLine(cv)).append("**\n\n");
    sb.append(curveTable(cv).toMarkdown()).append('\n');
    sb.append("Weighted best-of-N on the same queries:\n\n").append(bestOfNTable(cv).toMarkdown()).append('\n');
    sb.append("Definitions: specs/ttc-eval.md, section `ttc fit-policy`.\n");
    return sb.toString();
  }

  private static String fixed(double v, int decimals) {
    return String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  private static String signed(double v) {
    return String.format(Locale.ROOT, "%+.4f", v);
  }
}
