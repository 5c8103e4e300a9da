package io.ttc4j.eval.policy;

import io.ttc4j.core.AnswerEquivalence;
import io.ttc4j.eval.ResultRow;
import io.ttc4j.eval.SweepStrategy;
import io.ttc4j.eval.UnitSamples;
import io.ttc4j.eval.stats.DifficultyBins;
import io.ttc4j.eval.stats.LogisticFit;
import io.ttc4j.strategies.Calibration;
import io.ttc4j.strategies.Confidence;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Fits a compute-optimal {@link Policy} from the rows of a sweep, as Snell et al. (2024) define
 * it: in each difficulty bin and at each generation budget, the (strategy, N) of highest accuracy
 * among those whose mean completion tokens per query in that bin fit the budget (a tie goes to
 * the cheaper, then to the earlier in the sweep's order).
 *
 * <h2>Queries and their cost</h2>
 * A query is one (problem, seed) unit of the sweep. Its cost under a (strategy, N) is the
 * completion tokens of that row. With {@linkplain DifficultyBins.Measure#PREDICTED predicted}
 * difficulty the query first draws {@code k} best-of-N samples (the probes) and scores them; what
 * they say ({@link Confidence#ofModalAnswer}: their mean final score, their agreement) gives its
 * difficulty value through the difficulty model below. The probes are the first {@code k} samples
 * of the unit's best-of-N search (common random numbers: every best-of-N search of a unit shares its first
 * samples), so a best-of-N rule reuses them: it costs the longer of the two prefixes,
 * {@code max(row, probes)}. Any other strategy pays {@code row + probes}. Reward-model calls are
 * counted the same way. With oracle difficulty (pass@1 of the recorded samples) nothing is added:
 * the estimate is not counted.
 *
 * <h2>Difficulty model</h2>
 * With predicted difficulty a query's value is {@code σ(b0 + Σ b_i·feature_i)}, a logistic model of
 * its probes' {@link Confidence} features (by default {@link #DEFAULT_FEATURES}: mean final score and
 * agreement) fitted by {@link LogisticFit} on the <em>fitting</em> queries only, each with its
 * problem's pass@1 as target (the oracle measure, {@link DifficultyBins#measure}; a fractional
 * target; the probes are among the samples that pass@1 counts). So the value is a predicted pass@1,
 * and a held-out query is valued by a model fitted without it. A query with an undefined feature (no samples, an unscored probe) is left out of the
 * model's fit and has no value. With oracle difficulty the value is the problem's pass@1 itself.
 *
 * <h2>Bins</h2>
 * The bins are {@link DifficultyBins} quantile bins of the fitting queries' difficulty values
 * (with oracle difficulty a problem's queries share its pass@1, so this bins problems weighted by
 * their seeds); every query, fitted or held out, then gets the bin
 * {@link DifficultyBins#binOf(double)} gives its value, so held-out queries are binned by edges
 * fitted without them. A query without a value (no samples, or an unscored probe) goes to the
 * hardest bin. A bin that holds no fitting query under that rule (equal values straddling its
 * edge all go to the easier bin) is given the statistics of all fitting queries pooled.
 *
 * <p>Bound strategies ({@code oracle}, pass@N) are left out. Instances are immutable and hold the
 * sweep as dense (query × option) arrays, so {@link CrossValidation} can refit thousands of times.
 */
public final class PolicyFit {

  /**
   * The probe features of a predicted-difficulty model unless told otherwise: the probes' mean final
   * score and their agreement (the vote share of their most common answer).
   */
  public static final List<Confidence.Feature> DEFAULT_FEATURES =
      List.of(Confidence.Feature.MEAN_SCORE, Confidence.Feature.VOTE_SHARE);

  /**
   * A (strategy, N) the fit chooses from.
   *
   * @param strategy the sweep strategy
   * @param n        its N
   */
  public record Option(SweepStrategy strategy, int n) {
    /** Validates. */
    public Option {
      Objects.requireNonNull(strategy, "strategy");
      if (n < 1) throw new IllegalArgumentException("n must be >= 1, got " + n);
    }

    @Override
    public String toString() {
      return strategy.name() + "@" + n;
    }
  }

  /**
   * One query: a (problem, seed) unit of the sweep, what is known of its difficulty and the cost of
   * measuring it.
   *
   * @param problemId     the problem
   * @param seed          the sweep seed
   * @param passAt1       its problem's pass@1 over the recorded samples of every seed, in [0, 1], or
   *                      {@code NaN} when the problem has none: the oracle difficulty, and the target
   *                      a predicted-difficulty model is fitted to
   * @param probes        what its probes say ({@link Confidence#ofModalAnswer}); {@link Confidence#NONE}
   *                      for oracle difficulty
   * @param probeTokens   completion tokens of the probes (0 for oracle difficulty)
   * @param probePrmCalls reward-model calls of the probes (0 for oracle difficulty)
   */
  public record Query(String problemId, long seed, double passAt1, Confidence probes, long probeTokens,
      long probePrmCalls) {
    /** Validates. */
    public Query {
      Objects.requireNonNull(problemId, "problemId");
      Objects.requireNonNull(probes, "probes");
      if (!Double.isNaN(passAt1) && !(passAt1 >= 0 && passAt1 <= 1)) {
        throw new IllegalArgumentException("passAt1 must be in [0, 1] or NaN, got " + passAt1);
      }
      if (probeTokens < 0) throw new IllegalArgumentException("probeTokens must be >= 0, got " + probeTokens);
      if (probePrmCalls < 0) throw new IllegalArgumentException("probePrmCalls must be >= 0, got " + probePrmCalls);
    }

    /** An oracle query: pass@1 only, no probes. */
    public Query(String problemId, long seed, double passAt1) {
      this(problemId, seed, passAt1, Confidence.NONE, 0, 0);
    }
  }

  /**
   * Oracle queries: every unit of {@code units} with its problem's pass@1 pooled over the seeds
   * ({@link DifficultyBins#measure}); no probe cost.
   */
  public static List<Query> oracleQueries(List<UnitSamples> units) {
    Map<String, Double> pass = new HashMap<>();
    for (DifficultyBins.ProblemDifficulty d : DifficultyBins.measure(units)) pass.put(d.problemId(), d.passAt1());
    List<Query> out = new ArrayList<>(units.size());
    for (UnitSamples u : units) out.add(new Query(u.problemId(), u.seed(), pass.get(u.problemId())));
    return out;
  }

  /**
   * Predicted queries: every unit of {@code units} with its problem's pass@1 (as
   * {@link #oracleQueries}: the model's target), what its first {@code probes} samples in generation
   * order say ({@link Confidence#ofModalAnswer} of their answers and final scores under
   * {@code equivalence}, as {@link io.ttc4j.strategies.ComputeOptimal} computes it from its probes;
   * fewer samples when the search finished fewer; {@link Confidence#NONE} when there are none) and
   * their completion tokens and reward-model calls as the probe cost.
   *
   * @param equivalence groups the probes' answers for their agreement (the sweep's: math answers)
   * @throws IllegalArgumentException when {@code probes < 1}
   */
  public static List<Query> predictedQueries(List<UnitSamples> units, int probes, AnswerEquivalence equivalence) {
    if (probes < 1) throw new IllegalArgumentException("probes must be >= 1, got " + probes);
    Objects.requireNonNull(equivalence, "equivalence");
    List<Query> oracle = oracleQueries(units);
    List<Query> out = new ArrayList<>(units.size());
    for (int i = 0; i < units.size(); i++) {
      UnitSamples u = units.get(i);
      List<UnitSamples.Sample> first = u.samples().subList(0, Math.min(probes, u.samples().size()));
      long tokens = 0;
      List<String> answers = new ArrayList<>(first.size());
      double[] scores = new double[first.size()];
      for (int j = 0; j < scores.length; j++) {
        UnitSamples.Sample s = first.get(j);
        tokens += s.completionTokens();
        answers.add(s.answer());
        scores[j] = s.score();
      }
      out.add(new Query(u.problemId(), u.seed(), oracle.get(i).passAt1(),
          Confidence.ofModalAnswer(answers, scores, equivalence), tokens, first.size()));
    }
    return out;
  }

  private final DifficultyBins.Measure measure;
  private final int probes;
  private final List<Confidence.Feature> features;
  private final List<Option> options;
  private final List<String> problems;
  private final List<Query> queries;
  private final int[] queryProblem;
  private final double[] passAt1;
  private final double[][] featureValues;
  private final boolean[] correct;
  private final double[] tokens;
  private final double[] prmCalls;
  private final double[] rowTokens;

  private PolicyFit(DifficultyBins.Measure measure, int probes, List<Confidence.Feature> features,
      List<Option> options, List<String> problems, List<Query> queries, int[] queryProblem, boolean[] correct,
      double[] tokens, double[] prmCalls, double[] rowTokens) {
    this.measure = measure;
    this.probes = probes;
    this.features = List.copyOf(features);
    this.options = List.copyOf(options);
    this.problems = List.copyOf(problems);
    this.queries = List.copyOf(queries);
    this.queryProblem = queryProblem;
    this.passAt1 = new double[queries.size()];
    this.featureValues = new double[queries.size()][this.features.size()];
    for (int q = 0; q < passAt1.length; q++) {
      passAt1[q] = queries.get(q).passAt1();
      for (int f = 0; f < this.features.size(); f++) featureValues[q][f] = queries.get(q).probes().get(features.get(f));
    }
    this.correct = correct;
    this.tokens = tokens;
    this.prmCalls = prmCalls;
    this.rowTokens = rowTokens;
  }

  /**
   * {@link #of(List, List, DifficultyBins.Measure, int, List)} with no features for oracle
   * difficulty and {@link #DEFAULT_FEATURES} for predicted.
   */
  public static PolicyFit of(List<ResultRow> rows, List<Query> queries, DifficultyBins.Measure measure, int probes) {
    return of(rows, queries, measure, probes,
        measure == DifficultyBins.Measure.PREDICTED ? DEFAULT_FEATURES : List.of());
  }

  /**
   * The fit's data: every non-bound (strategy, N) of {@code rows} (in order of first appearance) on
   * every query.
   *
   * @param rows     a sweep's rows; each query needs exactly one row per option
   * @param queries  the queries, one per (problem, seed) of {@code rows}, in the order that breaks
   *                 ties between equal difficulty values (the sweep's canonical order)
   * @param measure  what the queries' difficulty values are
   * @param probes   for predicted difficulty, the probes behind the values (best-of-N rules with
   *                 {@code n >= probes} contain them); 0 for oracle
   * @param features for predicted difficulty, the probe features of the difficulty model, distinct,
   *                 at least one; none for oracle
   * @throws IllegalArgumentException naming the first query without a row for an option, a row
   *     without a query, a row given twice, or bad {@code probes} or {@code features}
   */
  public static PolicyFit of(List<ResultRow> rows, List<Query> queries, DifficultyBins.Measure measure, int probes,
      List<Confidence.Feature> features) {
    Objects.requireNonNull(rows, "rows");
    Objects.requireNonNull(queries, "queries");
    Objects.requireNonNull(measure, "measure");
    Objects.requireNonNull(features, "features");
    boolean oracle = measure == DifficultyBins.Measure.ORACLE;
    if (oracle ? probes != 0 : probes < 1) {
      throw new IllegalArgumentException("probes must be " + (oracle ? "0 for oracle"
          : ">= 1 for predicted") + " difficulty, got " + probes);
    }
    if (oracle ? !features.isEmpty() : features.isEmpty()) {
      throw new IllegalArgumentException("features must be " + (oracle ? "empty for oracle" : "non-empty for predicted")
          + " difficulty, got " + features);
    }
    if (features.stream().distinct().count() != features.size()) {
      throw new IllegalArgumentException("features must be distinct, got " + features);
    }
    Map<Option, Integer> optionIndex = new LinkedHashMap<>();
    for (ResultRow r : rows) {
      if (!r.strategy().isBound()) optionIndex.putIfAbsent(new Option(r.strategy(), r.n()), optionIndex.size());
    }
    if (optionIndex.isEmpty()) throw new IllegalArgumentException("rows hold no strategy to choose (only bounds?)");
    Map<String, Integer> queryIndex = new HashMap<>();
    Map<String, Integer> problemIndex = new LinkedHashMap<>();
    int[] queryProblem = new int[queries.size()];
    for (int q = 0; q < queries.size(); q++) {
      Query query = queries.get(q);
      if (queryIndex.put(unit(query.problemId(), query.seed()), q) != null) {
        throw new IllegalArgumentException("query for problem '" + query.problemId() + "', seed " + query.seed()
            + " given twice");
      }
      queryProblem[q] = problemIndex.computeIfAbsent(query.problemId(), p -> problemIndex.size());
    }
    int o = optionIndex.size();
    int cells = Math.multiplyExact(queries.size(), o);
    boolean[] correct = new boolean[cells];
    double[] tokens = new double[cells];
    double[] prm = new double[cells];
    double[] raw = new double[cells];
    boolean[] seen = new boolean[cells];
    for (ResultRow r : rows) {
      if (r.strategy().isBound()) continue;
      Integer q = queryIndex.get(unit(r.problemId(), r.seed()));
      if (q == null) {
        throw new IllegalArgumentException("row of problem '" + r.problemId() + "', seed " + r.seed()
            + " has no query (no samples.jsonl line?)");
      }
      Option option = new Option(r.strategy(), r.n());
      int cell = q * o + optionIndex.get(option);
      if (seen[cell]) {
        throw new IllegalArgumentException("two rows for " + option + " on problem '" + r.problemId() + "', seed "
            + r.seed());
      }
      seen[cell] = true;
      Query query = queries.get(q);
      long t = r.usage().completionTokens();
      long c = r.usage().prmCalls();
      correct[cell] = r.correct();
      raw[cell] = t;
      if (r.strategy().isBestOfNRule()) {
        // the probes are a prefix of the same best-of-N generation order: pay the longer prefix
        tokens[cell] = Math.max(t, query.probeTokens());
        prm[cell] = Math.max(c, query.probePrmCalls());
      } else {
        tokens[cell] = t + query.probeTokens();
        prm[cell] = c + query.probePrmCalls();
      }
    }
    List<Option> optionList = new ArrayList<>(optionIndex.keySet());
    for (int cell = 0; cell < cells; cell++) {
      if (!seen[cell]) {
        Query query = queries.get(cell / o);
        throw new IllegalArgumentException("problem '" + query.problemId() + "', seed " + query.seed()
            + " has no row for " + optionList.get(cell % o) + " (an incomplete run?)");
      }
    }
    return new PolicyFit(measure, probes, features, optionList, new ArrayList<>(problemIndex.keySet()), queries,
        queryProblem, correct, tokens, prm, raw);
  }

  /** What the difficulty values are. */
  public DifficultyBins.Measure measure() {
    return measure;
  }

  /** Probes per query for predicted difficulty, 0 for oracle. */
  public int probes() {
    return probes;
  }

  /** The probe features of the difficulty model: none for oracle difficulty. */
  public List<Confidence.Feature> features() {
    return features;
  }

  /** The (strategy, N) choices, in order of first appearance in the rows. */
  public List<Option> options() {
    return options;
  }

  /** The distinct problems of the queries, in order of first appearance. */
  public List<String> problems() {
    return problems;
  }

  /** The queries. */
  public List<Query> queries() {
    return queries;
  }

  /**
   * A log-spaced budget grid in mean completion tokens per query: {@code a·2^(j/perDoubling)} for
   * consecutive integers j, anchored at {@code a} = the mean tokens of {@code weighted} at N = 1
   * (so the grid passes near weighted best-of-N's N = 1, 2, 4, …) or, without such rows, at the
   * cheapest option; from the largest grid value at most the cheapest option's mean cost over all
   * queries to the smallest at least the dearest's. Values are rounded to 0.01 token.
   *
   * @throws IllegalArgumentException when {@code perDoubling < 1}
   */
  public double[] budgetGrid(int perDoubling) {
    if (perDoubling < 1) throw new IllegalArgumentException("perDoubling must be >= 1, got " + perDoubling);
    int o = options.size();
    double[] mean = new double[o];
    double[] meanRaw = new double[o];
    for (int q = 0; q < queries.size(); q++) {
      for (int i = 0; i < o; i++) {
        mean[i] += tokens[q * o + i];
        meanRaw[i] += rowTokens[q * o + i];
      }
    }
    double min = Double.POSITIVE_INFINITY;
    double max = 0;
    double anchor = Double.NaN;
    for (int i = 0; i < o; i++) {
      mean[i] /= queries.size();
      min = Math.min(min, mean[i]);
      max = Math.max(max, mean[i]);
      if (options.get(i).equals(new Option(SweepStrategy.WEIGHTED, 1))) anchor = meanRaw[i] / queries.size();
    }
    min = Math.max(min, 1);
    max = Math.max(max, min);
    if (!(anchor > 0)) anchor = min;
    int from = (int) Math.floor(perDoubling * log2(min / anchor) + 1e-9);
    int to = (int) Math.ceil(perDoubling * log2(max / anchor) - 1e-9);
    List<Double> grid = new ArrayList<>();
    for (int j = from; j <= to; j++) {
      double b = Math.round(anchor * Math.pow(2, (double) j / perDoubling) * 100) / 100.0;
      if (b > 0 && (grid.isEmpty() || b > grid.get(grid.size() - 1))) grid.add(b);
    }
    return grid.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /**
   * The policy fitted on every query, at the budgets of {@code grid}. In each bin an entry is
   * written at the first budget where some option fits and wherever the choice changes.
   *
   * @param bins number of difficulty bins, at least 1 and at most the number of queries with a value
   * @param grid budgets, ascending, in mean completion tokens per query
   */
  public Policy fit(int bins, double[] grid) {
    double[] all = new double[queries.size()];
    Arrays.fill(all, 1);
    return fitted(all, bins, grid).policy();
  }

  /**
   * A fit on the queries with weight {@code > 0} (a weight counts the query that many times: bootstrap
   * copies).
   */
  Fitted fitted(double[] weights, int bins, double[] grid) {
    if (bins < 1) throw new IllegalArgumentException("bins must be >= 1, got " + bins);
    checkGrid(grid);
    int n = queries.size();
    int o = options.size();
    Calibration model = measure == DifficultyBins.Measure.PREDICTED ? model(weights, bins) : null;
    double[] value = new double[n];
    for (int q = 0; q < n; q++) {
      value[q] = model == null ? passAt1[q] : Policy.predictedDifficulty(model, queries.get(q).probes());
    }
    List<DifficultyBins.ProblemDifficulty> items = new ArrayList<>();
    for (int q = 0; q < n; q++) {
      if (weights[q] <= 0 || Double.isNaN(value[q])) continue;
      for (int c = 0; c < (int) weights[q]; c++) {
        // DifficultyBins ranks by the mean score; handing it each query's value under either measure
        // makes its cut the quantile cut of those values
        items.add(new DifficultyBins.ProblemDifficulty("q" + q + "#" + c, 1, 0, 1, value[q]));
      }
    }
    DifficultyBins cut = DifficultyBins.of(items, DifficultyBins.Measure.PREDICTED, bins);
    if (cut.binnedCount() < bins) {
      throw new IllegalArgumentException("bins=" + bins + " needs at least that many fitting queries with a "
          + measure.label() + " difficulty, got " + cut.binnedCount());
    }
    int[] queryBin = new int[n];
    for (int q = 0; q < n; q++) queryBin[q] = Double.isNaN(value[q]) ? bins - 1 : cut.binOf(value[q]) - 1;
    double[] weight = new double[bins];
    double[][] right = new double[bins][o];
    double[][] spent = new double[bins][o];
    for (int q = 0; q < n; q++) {
      double w = weights[q];
      if (w <= 0) continue;
      int b = queryBin[q];
      weight[b] += w;
      for (int i = 0; i < o; i++) {
        if (correct[q * o + i]) right[b][i] += w;
        spent[b][i] += w * tokens[q * o + i];
      }
    }
    double[][] accuracy = new double[bins][o];
    double[][] meanTokens = new double[bins][o];
    int[][] choice = new int[bins][grid.length];
    int[] first = new int[bins];
    double total = 0;
    double[] allRight = new double[o];
    double[] allSpent = new double[o];
    for (int b = 0; b < bins; b++) {
      total += weight[b];
      for (int i = 0; i < o; i++) {
        allRight[i] += right[b][i];
        allSpent[i] += spent[b][i];
      }
    }
    for (int b = 0; b < bins; b++) {
      // a bin can hold no fitting query when equal values straddle its edge (binOf sends them all to
      // the easier bin); it then gets the choices of all fitting queries pooled
      boolean empty = weight[b] <= 0;
      for (int i = 0; i < o; i++) {
        accuracy[b][i] = empty ? allRight[i] / total : right[b][i] / weight[b];
        meanTokens[b][i] = empty ? allSpent[i] / total : spent[b][i] / weight[b];
      }
      first[b] = -1;
      for (int j = 0; j < grid.length; j++) {
        choice[b][j] = best(accuracy[b], meanTokens[b], grid[j]);
        if (first[b] < 0 && choice[b][j] >= 0) first[b] = j;
      }
      if (first[b] < 0) {
        throw new IllegalArgumentException("no option fits the largest budget " + grid[grid.length - 1] + " in bin "
            + (b + 1) + ": extend the grid");
      }
      for (int j = 0; j < first[b]; j++) choice[b][j] = choice[b][first[b]];
    }
    return new Fitted(model, cut, queryBin, choice, first, accuracy, meanTokens, grid);
  }

  /**
   * The difficulty model fitted on the queries with weight {@code > 0} (a weight counts the query
   * that many times) and every feature defined: their features against their problems' pass@1.
   */
  private Calibration model(double[] weights, int bins) {
    int rows = 0;
    for (int q = 0; q < weights.length; q++) if (weights[q] > 0 && complete(q)) rows += (int) weights[q];
    if (rows < bins) {
      throw new IllegalArgumentException("bins=" + bins + " needs at least that many fitting queries with a "
          + measure.label() + " difficulty, got " + rows);
    }
    double[][] x = new double[rows][];
    double[] y = new double[rows];
    int r = 0;
    for (int q = 0; q < weights.length; q++) {
      if (!(weights[q] > 0) || !complete(q)) continue;
      for (int c = 0; c < (int) weights[q]; c++) {
        x[r] = featureValues[q];
        y[r++] = passAt1[q];
      }
    }
    double[] b = LogisticFit.fit(x, y);
    return new Calibration(features, b[0], Arrays.copyOfRange(b, 1, b.length));
  }

  /** Whether query {@code q} has every feature and a target. */
  private boolean complete(int q) {
    if (Double.isNaN(passAt1[q])) return false;
    for (double v : featureValues[q]) if (Double.isNaN(v)) return false;
    return true;
  }

  /** The most accurate option with mean tokens within {@code budget}, ties to the cheaper; -1 when none fits. */
  static int best(double[] accuracy, double[] meanTokens, double budget) {
    int best = -1;
    for (int i = 0; i < accuracy.length; i++) {
      if (meanTokens[i] > budget) continue;
      if (best < 0 || accuracy[i] > accuracy[best]
          || (accuracy[i] == accuracy[best] && meanTokens[i] < meanTokens[best])) {
        best = i;
      }
    }
    return best;
  }

  /** A fit: the bins, every query's bin under them, and the choice per bin and budget. */
  final class Fitted {
    final Calibration model;
    final DifficultyBins cut;
    final int[] queryBin;
    final int[][] choice;
    final int[] first;
    final double[][] accuracy;
    final double[][] meanTokens;
    final double[] grid;

    Fitted(Calibration model, DifficultyBins cut, int[] queryBin, int[][] choice, int[] first, double[][] accuracy,
        double[][] meanTokens, double[] grid) {
      this.model = model;
      this.cut = cut;
      this.queryBin = queryBin;
      this.choice = choice;
      this.first = first;
      this.accuracy = accuracy;
      this.meanTokens = meanTokens;
      this.grid = grid;
    }

    /**
     * Adds, over the queries with weight {@code > 0}, weight × (correct, tokens, reward-model calls)
     * of this fit's choice at budget {@code grid[j]} into {@code sums} (plus the weight in
     * {@code sums[3]}).
     */
    void evaluate(double[] weights, int j, double[] sums) {
      int o = options.size();
      for (int q = 0; q < weights.length; q++) {
        double w = weights[q];
        if (w <= 0) continue;
        int cell = q * o + choice[queryBin[q]][j];
        if (correct[cell]) sums[0] += w;
        sums[1] += w * tokens[cell];
        sums[2] += w * prmCalls[cell];
        sums[3] += w;
      }
    }

    Policy policy() {
      List<Policy.Bin> out = new ArrayList<>();
      for (DifficultyBins.Bin bin : cut.bins()) {
        int b = bin.index() - 1;
        List<Policy.Entry> entries = new ArrayList<>();
        int previous = -1;
        for (int j = first[b]; j < grid.length; j++) {
          int i = choice[b][j];
          if (i == previous) continue;
          previous = i;
          Option option = options.get(i);
          entries.add(new Policy.Entry(grid[j], option.strategy().name(), option.n(), accuracy[b][i],
              meanTokens[b][i]));
        }
        out.add(new Policy.Bin(bin.index(), bin.low(), bin.high(), entries));
      }
      return new Policy(measure, probes, model, out);
    }
  }

  /** Correct, tokens without probes and weight, summed over weighted queries, for option {@code i}. */
  void sumRaw(double[] weights, int i, double[] sums) {
    int o = options.size();
    for (int q = 0; q < weights.length; q++) {
      double w = weights[q];
      if (w <= 0) continue;
      if (correct[q * o + i]) sums[0] += w;
      sums[1] += w * rowTokens[q * o + i];
      sums[2] += w;
    }
  }

  int problemOf(int query) {
    return queryProblem[query];
  }

  private static void checkGrid(double[] grid) {
    Objects.requireNonNull(grid, "grid");
    if (grid.length == 0) throw new IllegalArgumentException("grid must not be empty");
    for (int j = 0; j < grid.length; j++) {
      if (!(grid[j] > 0) || !Double.isFinite(grid[j]) || (j > 0 && !(grid[j] > grid[j - 1]))) {
        throw new IllegalArgumentException("grid must be finite, > 0 and strictly ascending, got grid[" + j + "]="
            + grid[j]);
      }
    }
  }

  private static double log2(double x) {
    return Math.log(x) / Math.log(2);
  }

  private static String unit(String problemId, long seed) {
    return problemId + '\u0000' + seed;
  }
}
