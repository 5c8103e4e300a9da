package io.ttc4j.eval.internal;

import io.ttc4j.eval.SummaryRow;
import io.ttc4j.eval.SweepResult;
import io.ttc4j.eval.SweepSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/** The files a sweep leaves in its run folder besides {@code results.jsonl}: {@code summary.csv} and {@code report.md}. */
public final class SweepReport {

  /** The name of the per-row results file. */
  public static final String RESULTS = "results.jsonl";
  /** The name of the summary file. */
  public static final String SUMMARY = "summary.csv";
  /** The name of the Markdown report. */
  public static final String REPORT = "report.md";

  /**
   * What a run was about, for the report.
   *
   * @param preset      the simulator preset, or a description of the generator
   * @param dataset     the data set name or file
   * @param generator   the generator's name
   * @param prm         the reward model's name, or {@code null}
   * @param commandLine the command that started the run
   */
  public record RunDescription(String preset, String dataset, String generator, String prm, String commandLine) {
    /** Validates. */
    public RunDescription {
      Objects.requireNonNull(preset, "preset");
      Objects.requireNonNull(dataset, "dataset");
      Objects.requireNonNull(generator, "generator");
      Objects.requireNonNull(commandLine, "commandLine");
    }
  }

  private SweepReport() {}

  /** Writes {@code summary.csv} with {@link SummaryRow#CSV_HEADER}. */
  public static void writeSummary(Path file, List<SummaryRow> summary) throws IOException {
    StringBuilder sb = new StringBuilder(SummaryRow.CSV_HEADER).append('\n');
    for (SummaryRow r : summary) {
      sb.append(r.csvLine()).append('\n');
    }
    Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
  }

  /** The summary as a table (accuracy with its interval, and the mean compute per query). */
  public static TextTable table(List<SummaryRow> summary) {
    TextTable t = new TextTable(List.of("strategy", "n", "accuracy", "95% CI", "generations", "completion tokens",
        "prompt tokens", "PRM calls"));
    for (SummaryRow r : summary) {
      t.add(List.of(ResultsJsonl.name(r.strategy()), Integer.toString(r.n()), fmt("%.4f", r.accuracy()),
          fmt("[%.4f, %.4f]", r.interval().low(), r.interval().high()), fmt("%.2f", r.meanGenerations()),
          fmt("%.1f", r.meanCompletionTokens()), fmt("%.1f", r.meanPromptTokens()), fmt("%.2f", r.meanPrmCalls())));
    }
    return t;
  }

  /** Writes {@code report.md}: settings, the table, how candidates are reused and how to read the intervals. */
  public static void writeReport(Path file, SweepResult result, RunDescription run) throws IOException {
    Files.writeString(file, markdown(result, run), StandardCharsets.UTF_8);
  }

  /** The text of {@code report.md} of a sweep that just ran, without the analysis sections. */
  public static String markdown(SweepResult result, RunDescription run) {
    return markdown(result, run, "", null);
  }

  /**
   * The text of {@code report.md}.
   *
   * @param analysis    Markdown sections placed after the results table (compute axes, frontier,
   *                    at-k curves, charts), or empty
   * @param regenerated when not null, the report is rebuilt from run folders by {@code ttc report}:
   *                    this describes them, and the facts only the running sweep knew (wall time,
   *                    concurrency) are marked as not recorded
   */
  public static String markdown(SweepResult result, RunDescription run, String analysis, String regenerated) {
    SweepSettings s = result.settings();
    StringBuilder sb = new StringBuilder();
    sb.append("# Budget sweep: ").append(run.preset()).append(" on ").append(run.dataset()).append("\n\n");
    sb.append("## Settings\n\n");
    List<String[]> settings = new ArrayList<>();
    settings.add(new String[] {"command", "`" + run.commandLine() + "`"});
    settings.add(new String[] {"simulator preset / generator", run.preset() + " (" + run.generator() + ")"});
    settings.add(new String[] {"process reward model", run.prm() == null ? "none" : run.prm()});
    settings.add(new String[] {"data set", run.dataset() + ", " + result.problems() + " problems"});
    settings.add(new String[] {"strategies", s.strategies().stream().map(ResultsJsonl::name)
        .collect(Collectors.joining(", "))});
    settings.add(new String[] {"N", s.ns().stream().map(String::valueOf).collect(Collectors.joining(", "))});
    settings.add(new String[] {"seeds", s.seeds().stream().map(String::valueOf).collect(Collectors.joining(", "))});
    settings.add(new String[] {"per-query budget", s.budget().toString()});
    settings.add(new String[] {"aggregation", s.aggregation().name().toLowerCase(Locale.ROOT)});
    settings.add(new String[] {"temperature", Double.toString(s.temperature())});
    settings.add(new String[] {"max tokens per sample", Integer.toString(s.maxTokens())});
    if (regenerated == null) {
      settings.add(new String[] {"concurrency", s.concurrency() + " (results do not depend on it)"});
    }
    settings.add(new String[] {"searches", result.searches() + " (" + result.failedSearches() + " failed)"});
    if (regenerated == null) {
      settings.add(new String[] {"wall time", Progress.formatSeconds(result.elapsed().toNanos() / 1e9)});
    } else {
      settings.add(new String[] {"regenerated from", regenerated});
    }
    TextTable st = new TextTable(List.of("setting", "value"));
    for (String[] kv : settings) {
      st.add(List.of(kv[0], kv[1]));
    }
    sb.append(st.toMarkdown()).append('\n');
    if (result.firstFailure() != null) {
      sb.append("**").append(result.failedSearches()).append(" searches failed**; their rows count as wrong. First: ")
          .append(result.firstFailure()).append("\n\n");
    }
    sb.append("## Results\n\n");
    sb.append("Accuracy over all problem × seed rows with a 95% Wilson interval; compute is the mean per query ")
        .append("(one problem under one seed).\n\n");
    sb.append(table(result.summary()).toMarkdown()).append('\n');
    sb.append(analysis);
    sb.append("## How the candidates are reused\n\n");
    String rules = s.strategies().stream().filter(x -> x.isBestOfNRule()).map(ResultsJsonl::name)
        .collect(Collectors.joining(", "));
    String searches = s.searchedStrategies().stream().map(ResultsJsonl::name).collect(Collectors.joining(", "));
    if (!rules.isEmpty()) {
      sb.append("For each (problem, seed, N) the sweep runs one real best-of-N search through `Search`, metered against ")
          .append("the per-query budget, with `scoreAlways = true` so the process reward model scores every sample, ")
          .append("and the sweep seed as the search seed. Every selection rule (").append(rules)
          .append(") is applied to that one candidate set in generation order, so rules are compared on identical ")
          .append("candidates.\n\n");
    }
    if (!searches.isEmpty()) {
      sb.append("Each searched strategy (").append(searches).append(") runs its own search per (problem, seed, N) ")
          .append("with the same seed and budget, N being its number of beams (MCTS: simulations; self-consistency: ")
          .append("most samples); its row is the answer it chose and the usage its search metered, prompt tokens ")
          .append("of every step's call included. Its first expansion of the empty prefix uses the search seed, so ")
          .append("its first children are best-of-N's first samples.\n\n");
    }
    sb.append("Each N is its own search. The simulator's sample *i* depends only on (problem, seed, *i*), so ")
        .append("searches at different N under the same seed share their first samples (common random numbers): ")
        .append("every N's accuracy is an unbiased estimate, and differences between N are paired, hence less noisy ")
        .append("than with independent runs.\n\n");
    sb.append("Compute per row: `naive` and `weighted` are charged the metered usage of the search; `majority` and ")
        .append("`oracle` the same without reward-model calls (they need none); `first` the usage of the N = 1 search ")
        .append("of the same problem and seed without reward-model calls (its sample 0 is the same sample). ")
        .append("`oracle` picks a correct candidate when there is one (pass@N): an upper bound, not a strategy.\n\n");
    if (result.crnMismatches() > 0) {
      sb.append("**Warning:** in ").append(result.crnMismatches()).append(" (problem, seed, N) searches the first ")
          .append("sample differed from the N = 1 search's, so this generator does not keep common random numbers ")
          .append("(for example because a budget split sampling into several calls); `first` still reports sample 0 ")
          .append("of each N's candidates.\n\n");
    }
    sb.append("## Reading the intervals\n\n");
    sb.append("The Wilson intervals treat every problem × seed row as an independent trial. Rows of one problem under ")
        .append("different seeds are not independent (a hard problem stays hard), so with several seeds the ")
        .append("intervals are optimistic; the number of problems, not rows, bounds how precise an accuracy can be. ")
        .append("Differences between N or between rules on the same candidates are paired and are better judged ")
        .append("from per-problem differences in `results.jsonl` than from overlapping intervals.\n");
    return sb.toString().stripTrailing() + "\n";
  }

  private static String fmt(String format, Object... args) {
    return String.format(Locale.ROOT, format, args);
  }
}
