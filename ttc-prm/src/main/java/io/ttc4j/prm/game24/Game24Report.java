package io.ttc4j.prm.game24;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The replay of the three Tree of Thoughts Game of 24 runs: IO sampling, CoT sampling and ToT BFS,
 * with the compute-matched comparison between them. Built by {@link Game24Replay#evaluate}.
 *
 * @param io  the IO-prompting log's replay
 * @param cot the chain-of-thought log's replay
 * @param tot the ToT breadth-first-search log's replay
 */
public record Game24Report(SamplingReplay io, SamplingReplay cot, BfsReplay tot) {

  /** The values of k the Markdown curve table shows (those up to n). */
  public static final List<Integer> CURVE_K = List.of(1, 2, 5, 10, 20, 50, 100);

  /** Validates. */
  public Game24Report {
    Objects.requireNonNull(io, "io");
    Objects.requireNonNull(cot, "cot");
    Objects.requireNonNull(tot, "tot");
  }

  /**
   * IO and CoT best-of-k at ToT's mean cost per puzzle, in dollars and in tokens: IO by dollars, IO
   * by tokens, CoT by dollars, CoT by tokens.
   */
  public List<ComputeMatch> computeMatched() {
    CostPoint budget = tot.costPerPuzzle();
    return List.of(
        ComputeMatch.of(io, ComputeMatch.Measure.USD, budget.usd()),
        ComputeMatch.of(io, ComputeMatch.Measure.TOKENS, budget.totalTokens()),
        ComputeMatch.of(cot, ComputeMatch.Measure.USD, budget.usd()),
        ComputeMatch.of(cot, ComputeMatch.Measure.TOKENS, budget.totalTokens()));
  }

  /**
   * The report as Markdown: the paper's Table 2 against the logs, the runs' costs, success and cost
   * curves for k = 1 … 100, and the compute-matched comparison. The "paper" column holds the figures
   * Yao et al. (2023) print in Table 2 for puzzles 900-999 (IO 7.3%, CoT 4.0%, CoT-SC with k = 100
   * 9.0%, IO best of 100 33%, CoT best of 100 49%, ToT b = 5 74%); every other figure is computed.
   */
  public String toMarkdown() {
    StringBuilder md = new StringBuilder();
    int n = io.samplesPerPuzzle();
    int m = cot.samplesPerPuzzle();
    int b = tot.finalStates();
    md.append("Success is the share of the ").append(io.puzzles())
        .append(" puzzles solved; correctness by ttc4j's checker (`Verifiers.game24()`), with the logs' own labels "
            + "beside it. Tokens and dollars are means per puzzle at GPT-4 prices of 2023 "
            + "($0.03 / 1K prompt, $0.06 / 1K completion tokens).\n\n");

    md.append("| method | paper (Table 2) | logs, ttc4j checker | logs, their labels | prompt + completion tokens "
        + "| $ per puzzle |\n");
    md.append("|---|---:|---:|---:|---:|---:|\n");
    row(md, "IO, one sample (mean of " + n + ")", "7.3%", io.meanPerSample(), io.loggedMeanPerSample(), io.costAt(1));
    row(md, "CoT, one sample (mean of " + m + ")", "4.0%", cot.meanPerSample(), cot.loggedMeanPerSample(), cot.costAt(1));
    row(md, "CoT-SC, majority of " + m, "9.0%", cot.majorityAt(m), cot.loggedMajorityAt(m), cot.costAt(m));
    row(md, "IO, best of " + n, "33%", io.passAt(n), io.loggedPassAt(n), io.costAt(n));
    row(md, "CoT, best of " + m, "49%", cot.passAt(m), cot.loggedPassAt(m), cot.costAt(m));
    row(md, "ToT BFS b = " + b + ", first of the final " + b, "", tot.firstOfFinal(), tot.loggedFirstOfFinal(),
        tot.costPerPuzzle());
    row(md, "ToT BFS b = " + b + ", any of the final " + b, "74%", tot.anyOfFinal(), tot.loggedAnyOfFinal(),
        tot.costPerPuzzle());
    md.append('\n');

    md.append("Agreement of ttc4j's checker with the logged labels: ");
    agreement(md, "IO", io.agreement());
    md.append(", ");
    agreement(md, "CoT", cot.agreement());
    md.append(", ");
    agreement(md, "ToT", tot.agreement());
    md.append(".\n\n");

    md.append("| run | puzzles | prompt tokens | completion tokens | $ (derived) | last `usage_so_far` $ | counter restarts |\n");
    md.append("|---|---:|---:|---:|---:|---:|---|\n");
    total(md, "IO", io.cost());
    total(md, "CoT", cot.cost());
    total(md, "ToT BFS", tot.cost());
    md.append('\n');

    md.append("| k | IO best-of-k | IO first k | IO tokens | IO $ | CoT best-of-k | CoT first k | CoT majority of first k "
        + "| CoT tokens | CoT $ |\n");
    md.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    for (int k : CURVE_K) {
      if (k > n || k > m) {
        continue;
      }
      md.append("| ").append(k)
          .append(" | ").append(f3(io.passAt(k))).append(" | ").append(f3(io.firstKAt(k)))
          .append(" | ").append(tokens(io.costAt(k).totalTokens())).append(" | ").append(usd(io.costAt(k).usd()))
          .append(" | ").append(f3(cot.passAt(k))).append(" | ").append(f3(cot.firstKAt(k)))
          .append(" | ").append(f3(cot.majorityAt(k)))
          .append(" | ").append(tokens(cot.costAt(k).totalTokens())).append(" | ").append(usd(cot.costAt(k).usd()))
          .append(" |\n");
    }
    md.append('\n');

    CostPoint budget = tot.costPerPuzzle();
    md.append("At ToT's cost per puzzle (").append(usd(budget.usd())).append(", ").append(tokens(budget.totalTokens()))
        .append(" tokens), ToT BFS reaches ").append(f3(tot.firstOfFinal())).append(" (first of ").append(b)
        .append(") and ").append(f3(tot.anyOfFinal())).append(" (any of ").append(b).append("):\n\n");
    md.append("| baseline | budget per puzzle | samples k it buys | best-of-k measured (≥: k > n, pass@n) "
        + "| trend estimate at k |\n");
    md.append("|---|---:|---:|---:|---:|\n");
    for (ComputeMatch c : computeMatched()) {
      md.append("| ").append(c.method() == ToTLog.Method.IO ? "IO" : "CoT").append(" best-of-k | ")
          .append(c.measure() == ComputeMatch.Measure.USD ? usd(c.budgetPerPuzzle()) : tokens(c.budgetPerPuzzle()) + " tokens")
          .append(" | ").append(c.samples())
          .append(" | ").append(c.measured() ? "" : "≥ ").append(f3(c.success()))
          .append(" | ").append(f3(c.trend())).append(" |\n");
    }
    return md.toString();
  }

  private static void row(StringBuilder md, String method, String paper, double ours, double logged, CostPoint cost) {
    md.append("| ").append(method).append(" | ").append(paper.isEmpty() ? "–" : paper)
        .append(" | ").append(f3(ours)).append(" | ").append(f3(logged))
        .append(" | ").append(tokens(cost.promptTokens())).append(" + ").append(tokens(cost.completionTokens()))
        .append(" | ").append(usd(cost.usd())).append(" |\n");
  }

  private static void agreement(StringBuilder md, String name, Agreement a) {
    md.append(name).append(' ').append(tokens(a.outputs() - a.disagreements())).append(" / ").append(tokens(a.outputs()));
  }

  private static void total(StringBuilder md, String name, LogCost c) {
    StringBuilder restarts = new StringBuilder();
    for (int idx : c.restartedAt()) {
      restarts.append(restarts.length() == 0 ? "before idx " : ", ").append(idx);
    }
    md.append("| ").append(name).append(" | ").append(c.perPuzzle().size())
        .append(" | ").append(tokens(c.total().promptTokens())).append(" | ").append(tokens(c.total().completionTokens()))
        .append(" | ").append(String.format(Locale.ROOT, "%.2f", c.total().costUsd()))
        .append(" | ").append(String.format(Locale.ROOT, "%.2f", c.lastLogged().costUsd()))
        .append(" | ").append(restarts.length() == 0 ? "none" : restarts).append(" |\n");
  }

  private static String f3(double v) {
    return String.format(Locale.ROOT, "%.3f", v);
  }

  private static String usd(double v) {
    return String.format(Locale.ROOT, v < 0.1 ? "$%.4f" : "$%.3f", v);
  }

  private static String tokens(double v) {
    return String.format(Locale.ROOT, "%,.0f", v);
  }
}
