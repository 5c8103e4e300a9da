package io.ttc4j.eval.cli;

import io.ttc4j.prm.StepAggregation;
import io.ttc4j.core.AnswerEquivalence;
import io.ttc4j.core.Candidate;
import io.ttc4j.core.Selection;
import io.ttc4j.datasets.CandidateSet;
import io.ttc4j.datasets.CandidateSets;
import io.ttc4j.datasets.MathAnswers;
import io.ttc4j.eval.Replay;
import io.ttc4j.eval.ReplayRow;
import io.ttc4j.eval.internal.ResultsJsonl;
import io.ttc4j.eval.internal.TextTable;
import io.ttc4j.eval.internal.VoteDifferences;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ttc replay}: evaluates best-of-N selection rules on a recorded candidate-set file (see
 * {@link Replay}), prints a table and optionally writes a CSV.
 *
 * <p>Votes group answers by {@code --equivalence}: {@code math} (default) uses the project's
 * normalisation ({@link MathAnswers#equivalence()}), {@code exact} compares strings as Qwen's
 * evaluation does. The table also shows, for the vote-based rules ({@code majority},
 * {@code weighted}), the figure under the other equivalence where it differs, and lists the
 * problems where they chose differently with the answers one merged and the other kept apart.
 * Correctness is the file's {@code correct} label, else the answer against the reference under the
 * math equivalence.
 */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Evaluates best-of-N selection rules on recorded candidates: for each N, every rule chooses among the "
            + "first N candidates of each problem (file order). Prints a table with 95%% Wilson intervals; "
            + "--out also writes it as CSV.",
        ""})
final class ReplayCommand implements Callable<Integer> {

  /** How votes group answers. */
  enum VoteEquivalence {
    /** The project's math normalisation. */
    MATH,
    /** Exact strings (Qwen's evaluation). */
    EXACT;

    AnswerEquivalence equivalence() {
      return this == MATH ? MathAnswers.equivalence() : AnswerEquivalence.EXACT;
    }

    VoteEquivalence other() {
      return this == MATH ? EXACT : MATH;
    }

    String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  @Spec
  CommandSpec spec;

  @Option(names = "--candidates", required = true, paramLabel = "FILE|NAME",
      description = "Candidate-set file (JSON lines), or a bundled set: ${COMPLETION-CANDIDATES}.",
      completionCandidates = BundledNames.class)
  String candidates;

  @Option(names = "--n", paramLabel = "LIST", converter = OptionValues.PositiveInts.class,
      description = "Ns, comma-separated (default: 1, 2, 4, ... up to the smallest candidate count of any problem, "
          + "and that count). An N above a problem's candidate count is an error naming the problem.")
  List<Integer> ns;

  @Option(names = "--strategies", paramLabel = "LIST", converter = OptionValues.SelectionRules.class,
      defaultValue = "first,naive,weighted,majority,oracle",
      description = "Selection rules, comma-separated (default: ${DEFAULT-VALUE}); naive and weighted need scores.")
  List<Selection> strategies;

  @Option(names = "--aggregation", paramLabel = "AGG", converter = OptionValues.StepAggregations.class,
      defaultValue = "last", description = "Step-score aggregation: last, min, product, mean, max, geometric-mean, "
          + "log-product, sum-logits (default: ${DEFAULT-VALUE}).")
  StepAggregation aggregation;

  @Option(names = "--equivalence", paramLabel = "EQ", defaultValue = "math",
      description = "How votes group answers: math (normalised answers) or exact (identical strings, as Qwen's "
          + "evaluation) (default: ${DEFAULT-VALUE}).")
  VoteEquivalence equivalence;

  @Option(names = "--out", paramLabel = "FILE.csv", description = "Also write the table as CSV: "
      + ReplayRow.CSV_HEADER + ".")
  Path out;

  /** At most this many lines explaining vote differences are printed. */
  private static final int MAX_EXPLANATIONS = 20;

  @Override
  public Integer call() throws IOException {
    PrintWriter stdout = spec.commandLine().getOut();
    List<CandidateSet> sets = read(candidates);
    if (sets.isEmpty()) {
      throw new IllegalArgumentException("--candidates " + candidates + " holds no candidate sets");
    }
    List<Integer> chosenNs = ns != null ? OptionValues.distinct("--n", ns) : Replay.defaultNs(sets);
    OptionValues.distinct("--strategies", strategies);
    AnswerEquivalence grading = MathAnswers.equivalence();
    Replay.Result main = Replay.evaluate(sets, chosenNs, strategies, scoreOf(), MathAnswers.extractor(),
        equivalence.equivalence(), grading);

    List<Selection> voteRules = new ArrayList<>();
    for (Selection s : strategies) {
      if (s == Selection.MAJORITY || s == Selection.WEIGHTED) voteRules.add(s);
    }
    Replay.Result other = voteRules.isEmpty() ? null : Replay.evaluate(sets, chosenNs, voteRules, scoreOf(),
        MathAnswers.extractor(), equivalence.other().equivalence(), grading);
    Map<String, ReplayRow> otherRows = new LinkedHashMap<>();
    if (other != null) {
      for (ReplayRow r : other.rows()) otherRows.put(r.strategy() + "@" + r.n(), r);
    }

    int smallest = Integer.MAX_VALUE;
    int largest = 0;
    for (CandidateSet s : sets) {
      smallest = Math.min(smallest, s.size());
      largest = Math.max(largest, s.size());
    }
    stdout.printf("%s: %d problem%s, %s candidates each; votes: %s equivalence%n", candidates, sets.size(),
        sets.size() == 1 ? "" : "s",
        smallest == largest ? Integer.toString(smallest) : smallest + " to " + largest, equivalence.label());
    String otherColumn = equivalence.other().label() + " vote";
    List<List<String>> cells = new ArrayList<>();
    boolean anyDifference = false;
    for (ReplayRow r : main.rows()) {
      ReplayRow o = otherRows.get(r.strategy() + "@" + r.n());
      String cell = "";
      if (o != null && o.correct() != r.correct()) {
        cell = String.format(Locale.ROOT, "%.4f", o.accuracy());
        anyDifference = true;
      }
      cells.add(List.of(ResultsJsonl.name(r.strategy()), Integer.toString(r.n()), Integer.toString(r.problems()),
          String.format(Locale.ROOT, "%.4f", r.accuracy()),
          String.format(Locale.ROOT, "[%.4f, %.4f]", r.interval().low(), r.interval().high()), cell));
    }
    // the other equivalence's column only when it shows something
    TextTable table = new TextTable(anyDifference
        ? List.of("strategy", "n", "problems", "accuracy", "95% CI", otherColumn)
        : List.of("strategy", "n", "problems", "accuracy", "95% CI"));
    for (List<String> row : cells) {
      table.add(anyDifference ? row : row.subList(0, 5));
    }
    stdout.print(table.toText());

    if (other != null) {
      List<Replay.Choice> mainVotes = new ArrayList<>();
      for (Replay.Choice c : main.choices()) {
        if (voteRules.contains(c.strategy())) mainVotes.add(c);
      }
      Map<String, List<Candidate>> byId = new LinkedHashMap<>();
      for (CandidateSet s : sets) byId.put(s.id(), s.toCandidates(scoreOf(), MathAnswers.extractor()));
      List<String> lines = VoteDifferences.explain(mainVotes, other.choices(), byId, equivalence.equivalence(),
          equivalence.label(), equivalence.other().equivalence(), equivalence.other().label());
      stdout.println();
      if (lines.isEmpty()) {
        stdout.println("Votes grouped by math normalisation and by exact strings choose the same candidate for every "
            + "problem, N and vote-based rule, so the figures above hold under both.");
      } else {
        String rules = voteRules.stream().map(ResultsJsonl::name).reduce((a, b) -> a + " and " + b).orElse("");
        String otherWay = equivalence.other() == VoteEquivalence.EXACT
            ? "identical strings (as Qwen's evaluation does)" : "the project's math normalisation";
        stdout.println((anyDifference
            ? "The '" + otherColumn + "' column is the " + rules + " accuracy when votes group answers by " + otherWay
                + ", where it differs."
            : "Grouping votes by " + otherWay + " changes some " + rules + " choices but no accuracy.")
            + " Math normalisation counts answers written differently (\\dfrac vs \\frac, spaces, units, "
            + "trailing zeros) as one vote; exact strings split them. Choices that differ:");
        for (int i = 0; i < Math.min(lines.size(), MAX_EXPLANATIONS); i++) {
          stdout.println("  " + lines.get(i));
        }
        if (lines.size() > MAX_EXPLANATIONS) {
          stdout.println("  ... and " + (lines.size() - MAX_EXPLANATIONS) + " more");
        }
      }
    }
    if (out != null) {
      writeCsv(out, main.rows());
      stdout.println("wrote " + out);
    }
    stdout.flush();
    return 0;
  }

  /** Writes the replay CSV with {@link ReplayRow#CSV_HEADER}. */
  static void writeCsv(Path file, List<ReplayRow> rows) throws IOException {
    StringBuilder sb = new StringBuilder(ReplayRow.CSV_HEADER).append('\n');
    for (ReplayRow r : rows) sb.append(r.csvLine()).append('\n');
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) Files.createDirectories(parent);
    Files.writeString(file, sb.toString(), StandardCharsets.UTF_8);
  }

  private static List<CandidateSet> read(String fileOrName) {
    Path file = Path.of(fileOrName);
    if (Files.isRegularFile(file)) {
      return CandidateSets.read(file);
    }
    if (CandidateSets.bundledNames().contains(fileOrName)) {
      return CandidateSets.bundled(fileOrName);
    }
    throw new IllegalArgumentException("--candidates must be an existing file or a bundled set "
        + CandidateSets.bundledNames() + ", got '" + fileOrName + "'");
  }

  /** Bundled candidate-set names for the help text. */
  static final class BundledNames implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return CandidateSets.bundledNames().iterator();
    }
  }

  private java.util.function.ToDoubleFunction<double[]> scoreOf() {
    return aggregation::aggregate;
  }
}
