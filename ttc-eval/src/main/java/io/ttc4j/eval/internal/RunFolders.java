package io.ttc4j.eval.internal;

import io.ttc4j.core.Problem;
import io.ttc4j.core.Selection;
import io.ttc4j.core.StopReason;
import io.ttc4j.eval.ResultRow;
import io.ttc4j.eval.Shard;
import io.ttc4j.eval.UnitSamples;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads one or more run folders of the same sweep (for example its shards) into one set of rows
 * and samples, in canonical order, for {@code ttc report}.
 */
public final class RunFolders {

  /**
   * The merged content of run folders.
   *
   * @param manifest        the first folder's manifest (the others equal it but for the shard)
   * @param rows            rows of complete (problem, seed) units, canonical order
   * @param samples         samples of those units, canonical order; empty when a unit lacks them
   * @param incompleteUnits units with some but not all rows (a killed run), left out
   * @param missingSamples  complete units without a samples line (then {@code samples} is empty)
   * @param shards          the shards present, ascending, or empty for unsharded folders
   */
  public record Merged(SweepManifest manifest, List<ResultRow> rows, List<UnitSamples> samples, int incompleteUnits,
      int missingSamples, List<Shard> shards) {}

  private RunFolders() {}

  /**
   * Reads and merges {@code dirs}.
   *
   * @param problems the data set's problems in data-set order (after the manifest's limit); gives
   *                 the canonical order
   * @throws IllegalArgumentException when a folder is not a run folder, when manifests differ
   *     (naming the first differing key), when two folders hold the same shard or the same row
   */
  public static Merged read(List<Path> dirs, java.util.function.Function<SweepManifest, List<Problem>> problems)
      throws IOException {
    if (dirs.isEmpty()) {
      throw new IllegalArgumentException("give at least one run folder");
    }
    List<SweepManifest> manifests = new ArrayList<>();
    for (Path dir : dirs) {
      if (!Files.isRegularFile(dir.resolve(SweepManifest.FILE)) || !Files.isRegularFile(dir.resolve(SweepReport.RESULTS))) {
        throw new IllegalArgumentException(dir + " is not a sweep run folder (it needs " + SweepManifest.FILE + " and "
            + SweepReport.RESULTS + ")");
      }
      manifests.add(SweepManifest.read(dir));
    }
    SweepManifest first = manifests.get(0);
    Map<String, Path> shardFolders = new HashMap<>();
    List<Shard> shards = new ArrayList<>();
    for (int i = 0; i < dirs.size(); i++) {
      SweepManifest m = manifests.get(i);
      String diff = first.firstDifference(m);
      if (diff != null) {
        throw new IllegalArgumentException("run folders " + dirs.get(0) + " and " + dirs.get(i) + " are not of one "
            + "sweep: their " + SweepManifest.FILE + " differ in " + diff);
      }
      if ((first.shard() == null) != (m.shard() == null)
          || (m.shard() != null && m.shard().count() != first.shard().count())) {
        throw new IllegalArgumentException("run folders " + dirs.get(0) + " and " + dirs.get(i) + " are sliced "
            + "differently: shard " + first.shard() + " vs " + m.shard());
      }
      String key = m.shard() == null ? "all" : m.shard().toString();
      Path before = shardFolders.put(key, dirs.get(i));
      if (before != null) {
        throw new IllegalArgumentException(m.shard() == null
            ? "run folders " + before + " and " + dirs.get(i) + " are two runs of the same sweep; give one"
            : "run folders " + before + " and " + dirs.get(i) + " both hold shard " + m.shard());
      }
      if (m.shard() != null) shards.add(m.shard());
    }
    shards.sort(Comparator.comparingInt(Shard::index));
    List<Problem> all = problems.apply(first);

    Map<String, ResultRow> byKey = new HashMap<>();
    Map<String, Path> rowFolder = new HashMap<>();
    List<ResultRow> rows = new ArrayList<>();
    List<UnitSamples> samples = new ArrayList<>();
    for (Path dir : dirs) {
      for (ResultRow r : ResultsJsonl.readKilled(dir.resolve(SweepReport.RESULTS))) {
        String key = unit(r.problemId(), r.seed()) + '\u0000' + r.n() + '\u0000' + r.strategy();
        if (byKey.put(key, r) != null) {
          throw new IllegalArgumentException("row for problem '" + r.problemId() + "', seed " + r.seed() + ", n "
              + r.n() + ", " + ResultsJsonl.name(r.strategy()) + " appears twice (in " + rowFolder.get(key) + " and "
              + dir + ")");
        }
        rowFolder.put(key, dir);
        rows.add(r);
      }
      Path s = dir.resolve(SamplesJsonl.FILE);
      if (Files.isRegularFile(s)) samples.addAll(SamplesJsonl.read(s, true));
    }
    // keep complete units only
    Set<String> strategies = new HashSet<>();
    for (io.ttc4j.eval.SweepStrategy st : first.strategies()) strategies.add(st.name());
    Map<String, Set<String>> perUnit = new LinkedHashMap<>();
    for (ResultRow r : rows) {
      if (!first.ns().contains(r.n()) || !strategies.contains(r.strategy().name())
          || !first.seeds().contains(r.seed())) {
        throw new IllegalArgumentException("row does not belong to the sweep of " + SweepManifest.FILE + " (n, seed or "
            + "strategy not in its settings): problem '" + r.problemId() + "', seed " + r.seed() + ", n " + r.n() + ", "
            + ResultsJsonl.name(r.strategy()));
      }
      perUnit.computeIfAbsent(unit(r.problemId(), r.seed()), k -> new HashSet<>()).add(r.strategy() + "@" + r.n());
    }
    int full = first.ns().size() * first.strategies().size();
    Set<String> complete = new HashSet<>();
    int incomplete = 0;
    for (Map.Entry<String, Set<String>> e : perUnit.entrySet()) {
      if (e.getValue().size() == full) complete.add(e.getKey()); else incomplete++;
    }
    List<ResultRow> kept = new ArrayList<>();
    for (ResultRow r : rows) {
      if (complete.contains(unit(r.problemId(), r.seed()))) kept.add(r);
    }
    kept.sort(rowOrder(all, first));
    Map<String, UnitSamples> sampleByUnit = new LinkedHashMap<>();
    for (UnitSamples u : samples) {
      if (complete.contains(unit(u.problemId(), u.seed()))) sampleByUnit.put(unit(u.problemId(), u.seed()), u);
    }
    int missing = complete.size() - sampleByUnit.size();
    List<UnitSamples> keptSamples = missing == 0
        ? canonicalSamples(new ArrayList<>(sampleByUnit.values()), all, first.seeds()) : List.of();
    return new Merged(first, kept, keptSamples, incomplete, missing, shards);
  }

  /** {@code samples} sorted by problem (data-set order) and seed (settings order). */
  public static List<UnitSamples> canonicalSamples(List<UnitSamples> samples, List<Problem> problems, List<Long> seeds) {
    Map<String, Integer> p = problemIndex(problems);
    List<UnitSamples> out = new ArrayList<>(samples);
    out.sort(Comparator.comparingInt((UnitSamples u) -> p.getOrDefault(u.problemId(), Integer.MAX_VALUE))
        .thenComparing(UnitSamples::problemId)
        .thenComparingInt(u -> seeds.indexOf(u.seed()) < 0 ? Integer.MAX_VALUE : seeds.indexOf(u.seed()))
        .thenComparingLong(UnitSamples::seed));
    return out;
  }

  /** The sweep's canonical row order: problem (data-set order), seed (settings order), N, strategy (settings order). */
  public static Comparator<ResultRow> rowOrder(List<Problem> problems, SweepManifest m) {
    Map<String, Integer> p = problemIndex(problems);
    return Comparator.comparingInt((ResultRow r) -> p.getOrDefault(r.problemId(), Integer.MAX_VALUE))
        .thenComparing(ResultRow::problemId)
        .thenComparingInt(r -> m.seeds().indexOf(r.seed()))
        .thenComparingInt(ResultRow::n)
        .thenComparingInt(r -> m.strategies().indexOf(r.strategy()));
  }

  /**
   * Failed searches behind rows: each (problem, seed, N) with a failed best-of-N row other than
   * {@code first} counts once (the rules share one search), each failed searched row once.
   */
  public static long failedSearches(List<ResultRow> rows) {
    Set<String> failed = new TreeSet<>();
    for (ResultRow r : rows) {
      if (r.stopReason() == StopReason.FAILED && !r.strategy().equals(io.ttc4j.eval.SweepStrategy.FIRST)) {
        String search = r.strategy().isBestOfNRule() ? "best-of-n" : r.strategy().name();
        failed.add(unit(r.problemId(), r.seed()) + '\u0000' + r.n() + '\u0000' + search);
      }
    }
    return failed.size();
  }

  private static Map<String, Integer> problemIndex(List<Problem> problems) {
    Map<String, Integer> p = new HashMap<>();
    for (int i = 0; i < problems.size(); i++) p.put(problems.get(i).id(), i);
    return p;
  }

  private static String unit(String problemId, long seed) {
    return problemId + '\u0000' + seed;
  }
}
