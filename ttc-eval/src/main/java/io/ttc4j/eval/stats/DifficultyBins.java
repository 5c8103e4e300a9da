package io.ttc4j.eval.stats;

import io.ttc4j.eval.UnitSamples;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Problems binned by difficulty as in Snell et al. (2024), "Scaling LLM Test-Time Compute
 * Optimally": the problems of a run ranked from easiest to hardest by one {@link Measure} and cut
 * into {@code k} quantile bins of (nearly) equal size, bin 1 the easiest, bin {@code k} the hardest.
 *
 * <h2>Measures</h2>
 * Both come from the recorded samples of a problem, pooled over every seed ({@link #measure}):
 * <ul>
 *   <li>{@link Measure#ORACLE}: pass@1, the fraction of the samples that are correct (Snell et al.
 *       use 2048 samples per problem; a sweep has N × seeds). It needs the ground truth;</li>
 *   <li>{@link Measure#PREDICTED}: the mean of the samples' final (aggregated) reward-model scores.
 *       It needs no ground truth, so a deployed policy can compute it. It is undefined when some
 *       sample of the problem was not scored.</li>
 * </ul>
 * A higher value is an easier problem under both.
 *
 * <h2>Assignment</h2>
 * The problems with a defined value are sorted by value, highest first; equal values keep the
 * order in which the problems were given (data-set order for a sweep's canonical samples), so the
 * assignment is deterministic. The problem of rank {@code r} (0-based) among {@code m} goes to bin
 * {@code ⌊k·(2r + 1) / (2m)⌋ + 1}: the bin of its mid-rank quantile {@code (r + ½)/m}. With
 * {@code m ≥ k} every bin is non-empty and bin sizes differ by at most one; with fewer problems
 * than bins the problems spread symmetrically (3 problems in 5 bins fill bins 1, 3 and 5) and the
 * other bins are empty. Equal values may straddle an edge: the ranking, not the value, decides.
 * Problems without a value (no samples; for the predicted measure, unscored samples) get no bin
 * and are listed by {@link #unbinned()}.
 *
 * <p>Instances are immutable. A later policy uses {@link #bin(String)} for the problems of the run
 * and {@link #binOf(double)} for a new problem whose value (for example its mean predicted score)
 * was just measured.
 */
public final class DifficultyBins {

  /** The number of bins Snell et al. use: 5. */
  public static final int DEFAULT_BINS = 5;

  /** What ranks the problems. Higher values are easier under both. */
  public enum Measure {
    /** pass@1 over the recorded samples: needs the ground truth. */
    ORACLE("oracle", "pass@1"),
    /** The mean final reward-model score of the recorded samples: needs no ground truth. */
    PREDICTED("predicted", "mean score");

    private final String label;
    private final String quantity;

    Measure(String label, String quantity) {
      this.label = label;
      this.quantity = quantity;
    }

    /** The name in files and reports: {@code oracle} or {@code predicted}. */
    public String label() {
      return label;
    }

    /** What the value is: {@code pass@1} or {@code mean score}. */
    public String quantity() {
      return quantity;
    }

    /** The value of {@code d} under this measure, or {@code NaN} when undefined. */
    public double of(ProblemDifficulty d) {
      return this == ORACLE ? d.passAt1() : d.meanScore();
    }
  }

  /**
   * What the recorded samples of one problem say about its difficulty.
   *
   * @param problemId the problem
   * @param samples   recorded samples, over every seed
   * @param correct   correct samples among them
   * @param scored    samples with a reward-model score
   * @param meanScore the mean score of the samples when every one is scored (and there is at least
   *                  one), otherwise {@code NaN}
   */
  public record ProblemDifficulty(String problemId, int samples, int correct, int scored, double meanScore) {

    /** Validates. */
    public ProblemDifficulty {
      Objects.requireNonNull(problemId, "problemId");
      if (samples < 0) {
        throw new IllegalArgumentException("samples must be >= 0, got " + samples + " for problem '" + problemId + "'");
      }
      if (correct < 0 || correct > samples) {
        throw new IllegalArgumentException("correct must be in [0, samples=" + samples + "], got " + correct
            + " for problem '" + problemId + "'");
      }
      if (scored < 0 || scored > samples) {
        throw new IllegalArgumentException("scored must be in [0, samples=" + samples + "], got " + scored
            + " for problem '" + problemId + "'");
      }
      boolean defined = samples > 0 && scored == samples;
      if (defined ? !Double.isFinite(meanScore) : !Double.isNaN(meanScore)) {
        throw new IllegalArgumentException("meanScore must be finite when every one of at least one sample is scored "
            + "and NaN otherwise, got " + meanScore + " with samples=" + samples + ", scored=" + scored
            + " for problem '" + problemId + "'");
      }
    }

    /** pass@1: correct / samples, or {@code NaN} without samples. */
    public double passAt1() {
      return samples == 0 ? Double.NaN : (double) correct / samples;
    }

    /** Whether the predicted difficulty (the mean score) is defined. */
    public boolean hasMeanScore() {
      return !Double.isNaN(meanScore);
    }
  }

  /**
   * One bin.
   *
   * @param index      1 (easiest) to {@code k} (hardest)
   * @param problemIds its problems, easiest first
   * @param high       the highest value in the bin (its easy edge), {@code NaN} when empty
   * @param low        the lowest value in the bin (its hard edge), {@code NaN} when empty
   */
  public record Bin(int index, List<String> problemIds, double high, double low) {
    /** Validates and copies. */
    public Bin {
      if (index < 1) throw new IllegalArgumentException("index must be >= 1, got " + index);
      problemIds = List.copyOf(problemIds);
      if (problemIds.isEmpty() ? !(Double.isNaN(high) && Double.isNaN(low)) : !(low <= high)) {
        throw new IllegalArgumentException("bin " + index + " needs low <= high (NaN when empty), got low=" + low
            + ", high=" + high + " with " + problemIds.size() + " problems");
      }
    }

    /** Whether no problem fell into this bin (only with fewer problems than bins). */
    public boolean isEmpty() {
      return problemIds.isEmpty();
    }
  }

  private final Measure measure;
  private final List<ProblemDifficulty> problems;
  private final List<Bin> bins;
  private final Map<String, Integer> binByProblem;
  private final Map<String, ProblemDifficulty> byProblem;
  private final List<ProblemDifficulty> unbinned;

  private DifficultyBins(Measure measure, List<ProblemDifficulty> problems, int k) {
    this.measure = measure;
    this.problems = List.copyOf(problems);
    Map<String, ProblemDifficulty> index = new LinkedHashMap<>();
    List<ProblemDifficulty> ranked = new ArrayList<>();
    List<ProblemDifficulty> without = new ArrayList<>();
    for (ProblemDifficulty d : this.problems) {
      if (index.put(d.problemId(), d) != null) {
        throw new IllegalArgumentException("problems must have distinct ids, got '" + d.problemId() + "' twice");
      }
      if (Double.isNaN(measure.of(d))) without.add(d); else ranked.add(d);
    }
    // List.sort is stable: equal values keep the given (data-set) order
    ranked.sort((a, b) -> Double.compare(measure.of(b), measure.of(a)));
    List<List<String>> ids = new ArrayList<>(k);
    for (int b = 0; b < k; b++) ids.add(new ArrayList<>());
    long m = ranked.size();
    Map<String, Integer> binOf = new HashMap<>();
    double[] high = new double[k];
    double[] low = new double[k];
    java.util.Arrays.fill(high, Double.NaN);
    java.util.Arrays.fill(low, Double.NaN);
    for (int r = 0; r < ranked.size(); r++) {
      int b = (int) ((2L * r + 1) * k / (2 * m));
      ProblemDifficulty d = ranked.get(r);
      double v = measure.of(d);
      if (ids.get(b).isEmpty()) high[b] = v;
      low[b] = v;
      ids.get(b).add(d.problemId());
      binOf.put(d.problemId(), b + 1);
    }
    List<Bin> out = new ArrayList<>(k);
    for (int b = 0; b < k; b++) out.add(new Bin(b + 1, ids.get(b), high[b], low[b]));
    this.bins = List.copyOf(out);
    this.binByProblem = Collections.unmodifiableMap(binOf);
    this.byProblem = Collections.unmodifiableMap(index);
    this.unbinned = List.copyOf(without);
  }

  /**
   * Each problem's difficulty from its recorded samples, pooled over every unit (seed) of the
   * problem, problems in order of first appearance in {@code units}. A unit without samples (a
   * budget stopped it before any finished) adds nothing; a problem whose units all lack samples is
   * kept with {@code samples = 0} (no pass@1, no bin).
   *
   * @param units the recorded samples per (problem, seed) unit, for example a run's {@code samples.jsonl}
   */
  public static List<ProblemDifficulty> measure(List<UnitSamples> units) {
    Objects.requireNonNull(units, "units");
    Map<String, long[]> counts = new LinkedHashMap<>(); // samples, correct, scored
    Map<String, Double> sums = new HashMap<>();
    for (UnitSamples u : units) {
      Objects.requireNonNull(u, "units holds null");
      long[] c = counts.computeIfAbsent(u.problemId(), p -> new long[3]);
      double sum = sums.getOrDefault(u.problemId(), 0.0);
      for (UnitSamples.Sample s : u.samples()) {
        c[0]++;
        if (s.correct()) c[1]++;
        if (!Double.isNaN(s.score())) {
          c[2]++;
          sum += s.score();
        }
      }
      sums.put(u.problemId(), sum);
    }
    List<ProblemDifficulty> out = new ArrayList<>(counts.size());
    counts.forEach((id, c) -> {
      boolean defined = c[0] > 0 && c[2] == c[0];
      out.add(new ProblemDifficulty(id, Math.toIntExact(c[0]), Math.toIntExact(c[1]), Math.toIntExact(c[2]),
          defined ? sums.get(id) / c[0] : Double.NaN));
    });
    return out;
  }

  /**
   * Bins {@code problems} by {@code measure} into {@code bins} quantile bins.
   *
   * @param problems the problems, in the order that breaks ties (data-set order); ids distinct
   * @param measure  what ranks them
   * @param bins     the number of bins, at least 1
   * @throws IllegalArgumentException when {@code bins < 1} or an id appears twice
   */
  public static DifficultyBins of(List<ProblemDifficulty> problems, Measure measure, int bins) {
    Objects.requireNonNull(problems, "problems");
    Objects.requireNonNull(measure, "measure");
    if (bins < 1) {
      throw new IllegalArgumentException("bins must be >= 1, got " + bins);
    }
    return new DifficultyBins(measure, problems, bins);
  }

  /** Oracle bins (pass@1) of the problems of {@code units}: {@code of(measure(units), ORACLE, bins)}. */
  public static DifficultyBins oracle(List<UnitSamples> units, int bins) {
    return of(measure(units), Measure.ORACLE, bins);
  }

  /** Predicted bins (mean score) of the problems of {@code units}: {@code of(measure(units), PREDICTED, bins)}. */
  public static DifficultyBins predicted(List<UnitSamples> units, int bins) {
    return of(measure(units), Measure.PREDICTED, bins);
  }

  /** The measure that ranks the problems. */
  public Measure measure() {
    return measure;
  }

  /** The number of bins, k. */
  public int binCount() {
    return bins.size();
  }

  /** Every bin, 1 (easiest) to k (hardest); empty bins included. */
  public List<Bin> bins() {
    return bins;
  }

  /** Bin {@code index}, 1 to k. */
  public Bin get(int index) {
    if (index < 1 || index > bins.size()) {
      throw new IllegalArgumentException("index must be in [1, " + bins.size() + "], got " + index);
    }
    return bins.get(index - 1);
  }

  /** Every problem given, in the given order, binned or not. */
  public List<ProblemDifficulty> problems() {
    return problems;
  }

  /** The problems without a value under the measure, hence without a bin, in the given order. */
  public List<ProblemDifficulty> unbinned() {
    return unbinned;
  }

  /** The number of problems with a bin. */
  public int binnedCount() {
    return binByProblem.size();
  }

  /** The bin (1 to k) of a problem of the run, or empty when it has none or is unknown. */
  public OptionalInt bin(String problemId) {
    Integer b = binByProblem.get(Objects.requireNonNull(problemId, "problemId"));
    return b == null ? OptionalInt.empty() : OptionalInt.of(b);
  }

  /** The difficulty of a problem of the run, or empty when unknown. */
  public Optional<ProblemDifficulty> difficulty(String problemId) {
    return Optional.ofNullable(byProblem.get(Objects.requireNonNull(problemId, "problemId")));
  }

  /**
   * The bin of a new problem whose value under the measure is {@code value}: the easiest non-empty
   * bin whose low edge is at most {@code value}, else the hardest non-empty bin. A value between
   * two bins' edges goes to the harder; a value equal to an edge shared by two bins, to the easier.
   *
   * @throws IllegalArgumentException when {@code value} is NaN
   * @throws IllegalStateException    when no problem has a bin
   */
  public int binOf(double value) {
    if (Double.isNaN(value)) {
      throw new IllegalArgumentException("value must not be NaN");
    }
    int last = 0;
    for (Bin b : bins) {
      if (b.isEmpty()) continue;
      if (b.low() <= value) return b.index();
      last = b.index();
    }
    if (last == 0) {
      throw new IllegalStateException("no problem has a " + measure.label() + " bin: every " + measure.quantity()
          + " is undefined");
    }
    return last;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("DifficultyBins[").append(measure.label());
    for (Bin b : bins) {
      sb.append(", ").append(b.index()).append(": ").append(b.problemIds().size());
      if (!b.isEmpty()) sb.append(" in [").append(b.low()).append(", ").append(b.high()).append(']');
    }
    return sb.append(", unbinned ").append(unbinned.size()).append(']').toString();
  }
}
