package io.ttc4j.eval;

import io.ttc4j.eval.compute.ComputeModel;
import io.ttc4j.eval.compute.HardwareTier;
import io.ttc4j.eval.compute.PriceTier;
import io.ttc4j.eval.stats.BootstrapInterval;
import io.ttc4j.eval.stats.ClusterBootstrap;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Accuracy of one selection rule at one N against every compute axis: one line of a run folder's
 * {@code compute.csv}. Means are per query (one problem under one seed); FLOPs, dollars and decode
 * seconds follow {@link ComputeModel}'s stated assumptions; dollars are given for every
 * {@linkplain PriceTier#presets() price-tier preset} and decode seconds for every
 * {@linkplain HardwareTier#presets() hardware preset}, so the file's columns never depend on options.
 *
 * @param strategy               the selection rule
 * @param n                      the N of best-of-N
 * @param problems               distinct problems
 * @param seeds                  distinct seeds
 * @param rows                   rows (problems × seeds)
 * @param accuracy               correct rows over rows
 * @param clusterInterval        95% cluster-bootstrap interval of the accuracy, resampling problems
 * @param meanGenerations        mean sampled continuations
 * @param meanCompletionTokens   mean generated tokens
 * @param meanPromptTokens       mean prompt tokens (cached included)
 * @param meanCachedPromptTokens mean prompt tokens served from a prefix cache
 * @param meanPrmCalls           mean trajectories scored
 * @param meanPrmTokens          mean estimated reward-model tokens
 * @param meanFlops              mean FLOPs
 * @param usdPerQuery            mean dollars per query by price-tier name, in preset order
 * @param decodeSecondsPerQuery  mean estimated decode seconds by hardware-tier name, in preset order
 */
public record ComputeRow(
    SweepStrategy strategy,
    int n,
    int problems,
    int seeds,
    long rows,
    double accuracy,
    BootstrapInterval clusterInterval,
    double meanGenerations,
    double meanCompletionTokens,
    double meanPromptTokens,
    double meanCachedPromptTokens,
    double meanPrmCalls,
    double meanPrmTokens,
    double meanFlops,
    Map<String, Double> usdPerQuery,
    Map<String, Double> decodeSecondsPerQuery) {

  /** Validates and copies. */
  public ComputeRow {
    Objects.requireNonNull(strategy, "strategy");
    Objects.requireNonNull(clusterInterval, "clusterInterval");
    usdPerQuery = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(usdPerQuery));
    decodeSecondsPerQuery = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(decodeSecondsPerQuery));
  }

  /** The header of {@code compute.csv}. */
  public static String csvHeader() {
    StringBuilder sb = new StringBuilder("strategy,n,problems,seeds,accuracy,cluster_ci_low,cluster_ci_high,"
        + "mean_generations,mean_completion_tokens,mean_prompt_tokens,mean_cached_prompt_tokens,mean_prm_calls,"
        + "mean_prm_tokens,mean_flops");
    for (PriceTier t : PriceTier.presets()) sb.append(",usd_").append(t.name().replace('-', '_'));
    for (HardwareTier h : HardwareTier.presets()) sb.append(",decode_s_").append(h.name().replace('-', '_'));
    return sb.toString();
  }

  /** Dollars per query under {@code tier} (a preset). */
  public double usd(PriceTier tier) {
    Double v = usdPerQuery.get(tier.name());
    if (v == null) throw new IllegalArgumentException("no dollars for price tier '" + tier.name() + "'");
    return v;
  }

  /** Estimated decode seconds per query on {@code hardware} (a preset). */
  public double decodeSeconds(HardwareTier hardware) {
    Double v = decodeSecondsPerQuery.get(hardware.name());
    if (v == null) throw new IllegalArgumentException("no decode time for hardware tier '" + hardware.name() + "'");
    return v;
  }

  /** This row as a line of {@code compute.csv} (no line break). */
  public String csvLine() {
    List<String> f = new ArrayList<>(List.of(strategy.csvName(), Integer.toString(n),
        Integer.toString(problems), Integer.toString(seeds), SummaryRow.fixed(accuracy, 4),
        SummaryRow.fixed(clusterInterval.low(), 4), SummaryRow.fixed(clusterInterval.high(), 4),
        SummaryRow.fixed(meanGenerations, 2), SummaryRow.fixed(meanCompletionTokens, 2),
        SummaryRow.fixed(meanPromptTokens, 2), SummaryRow.fixed(meanCachedPromptTokens, 2),
        SummaryRow.fixed(meanPrmCalls, 2), SummaryRow.fixed(meanPrmTokens, 2),
        String.format(Locale.ROOT, "%.4e", meanFlops)));
    for (double v : usdPerQuery.values()) f.add(String.format(Locale.ROOT, "%.8f", v));
    for (double v : decodeSecondsPerQuery.values()) f.add(String.format(Locale.ROOT, "%.4f", v));
    return String.join(",", f);
  }

  /**
   * One row per (strategy, N) present in {@code results}, ordered like
   * {@link SummaryRow#summarise}. The bootstrap resamples problems in the order they first appear
   * in {@code results}: sort the rows canonically first for results that do not depend on it.
   */
  public static List<ComputeRow> summarise(List<ResultRow> results, ComputeModel model, ClusterBootstrap bootstrap) {
    Objects.requireNonNull(results, "results");
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(bootstrap, "bootstrap");
    Map<SweepStrategy, TreeMap<Integer, List<ResultRow>>> groups = new LinkedHashMap<>();
    for (ResultRow r : results) {
      groups.computeIfAbsent(r.strategy(), s -> new TreeMap<>()).computeIfAbsent(r.n(), n -> new ArrayList<>()).add(r);
    }
    List<ComputeRow> out = new ArrayList<>();
    groups.forEach((strategy, byN) -> byN.forEach((n, rows) -> out.add(of(strategy, n, rows, results, model,
        bootstrap))));
    return out;
  }

  private static ComputeRow of(SweepStrategy strategy, int n, List<ResultRow> rows, List<ResultRow> all,
      ComputeModel model, ClusterBootstrap bootstrap) {
    Set<String> problems = new HashSet<>();
    Set<Long> seeds = new HashSet<>();
    long correct = 0;
    double generations = 0;
    double completion = 0;
    double prompt = 0;
    double cached = 0;
    double prmCalls = 0;
    double prmTokens = 0;
    double flops = 0;
    Map<String, Double> usd = new LinkedHashMap<>();
    Map<String, Double> seconds = new LinkedHashMap<>();
    for (PriceTier t : PriceTier.presets()) usd.put(t.name(), 0.0);
    for (HardwareTier h : HardwareTier.presets()) seconds.put(h.name(), 0.0);
    for (ResultRow r : rows) {
      problems.add(r.problemId());
      seeds.add(r.seed());
      if (r.correct()) correct++;
      var u = r.usage();
      generations += u.generations();
      completion += u.completionTokens();
      prompt += u.promptTokens();
      cached += u.cachedPromptTokens();
      prmCalls += u.prmCalls();
      prmTokens += model.prmTokens(u);
      flops += model.flops(u);
      for (PriceTier t : PriceTier.presets()) usd.merge(t.name(), model.usd(u, t), Double::sum);
      for (HardwareTier h : HardwareTier.presets()) seconds.merge(h.name(), model.decodeSeconds(u, h), Double::sum);
    }
    double count = rows.size();
    usd.replaceAll((k, v) -> v / count);
    seconds.replaceAll((k, v) -> v / count);
    return new ComputeRow(strategy, n, problems.size(), seeds.size(), rows.size(), correct / count,
        bootstrap.accuracy(all, strategy, n), generations / count, completion / count, prompt / count, cached / count,
        prmCalls / count, prmTokens / count, flops / count, usd, seconds);
  }
}
