package io.ttc4j.eval.policy;

import io.ttc4j.eval.stats.BootstrapInterval;
import io.ttc4j.eval.stats.ClusterBootstrap;
import io.ttc4j.eval.stats.LogisticFit;
import io.ttc4j.strategies.Calibration;
import io.ttc4j.strategies.Cascade;
import io.ttc4j.strategies.Confidence;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.commons.math3.random.Well19937c;

/**
 * Fits and evaluates {@link Cascade} plans (which tiers, in which order, escalating at which
 * thresholds) from every tier's outcome on every query, with two-fold cross-validation over
 * problems.
 *
 * <p><b>Exact replay.</b> Tiers are independent searches under the same seed, so what a cascade
 * does on a query follows from each tier's result alone: given every tier's outcome on every query
 * (its answer's {@link Confidence}, whether it was right, its dollars and estimated seconds), any
 * plan's accuracy, dollars and latency are computed exactly, without searching again
 * ({@link #evaluate}). A query pays, and waits for, every tier it tried.
 *
 * <p><b>Plans.</b> A plan is a subset of the tiers in price order (a cascade may skip a tier), one
 * threshold per tier of the subset but its last, and the signal escalation compares with them:
 * <ul>
 *   <li>{@link Signal#CALIBRATED} (the default): per tier, a logistic {@link Calibration} of the
 *       answer's confidence signals (score share, vote margin and top score when the candidates are
 *       scored, vote share and margin when not) to the probability that it is right, fitted on the
 *       training half. Calibrated, one threshold means the same on every tier;</li>
 *   <li>a raw signal: the score share, vote share, vote margin or top score itself.</li>
 * </ul>
 * With {@link Thresholds#SHARED} every tier of a plan escalates below one threshold (from a grid of
 * 101 quantiles of the signal on the training half); with {@link Thresholds#PER_TIER} each has its own
 * (11 quantiles each, every combination). Fewer free thresholds overfit less: shared thresholds on
 * calibrated probabilities are the default.
 *
 * <p><b>Targets.</b> A plan is chosen on the training half for a {@link Target}: the most accurate
 * plan within a dollar budget per query (ties on accuracy to the plan that spends more of the budget,
 * that is, escalates more: on the fitting half, accepting a cheaper tier's answer can only look free,
 * held out it risks accuracy), the most accurate plan within a latency budget (ties to the cheaper),
 * or the cheapest plan at least as accurate as a target (ties to the more accurate). A single tier's own cost or accuracy on the training half
 * is a target too; that is how the cascade is compared with every single tier: fitted on one half
 * of the problems, evaluated on the other, both ways, pooled per query, with paired
 * cluster-bootstrap intervals (problems resampled) on the accuracy difference.
 */
public final class CascadeEvaluation {

  /**
   * One tier's outcome on one query.
   *
   * @param confidence the confidence signals of its answer
   * @param correct    whether its answer is right
   * @param usd        what its search cost, dollars, finite and >= 0
   * @param seconds    its estimated latency, finite and >= 0
   */
  public record TierOutcome(Confidence confidence, boolean correct, double usd, double seconds) {
    /** Validates. */
    public TierOutcome {
      Objects.requireNonNull(confidence, "confidence");
      if (!(usd >= 0) || Double.isInfinite(usd)) throw new IllegalArgumentException("usd must be finite and >= 0, got " + usd);
      if (!(seconds >= 0) || Double.isInfinite(seconds)) {
        throw new IllegalArgumentException("seconds must be finite and >= 0, got " + seconds);
      }
    }
  }

  /** What escalation compares with the thresholds. */
  public enum Signal {
    /** Each tier's calibrated probability that its answer is right. */
    CALIBRATED(null),
    /** The raw {@link Confidence#scoreShare()} (vote share when unscored). */
    SCORE_SHARE(Confidence.Feature.SCORE_SHARE),
    /** The raw {@link Confidence#voteShare()}. */
    VOTE_SHARE(Confidence.Feature.VOTE_SHARE),
    /** The raw {@link Confidence#voteMargin()}. */
    VOTE_MARGIN(Confidence.Feature.VOTE_MARGIN),
    /** The raw {@link Confidence#topScore()}. */
    TOP_SCORE(Confidence.Feature.TOP_SCORE);

    private final Confidence.Feature feature;

    Signal(Confidence.Feature feature) {
      this.feature = feature;
    }

    /** The name as options and files spell it, e.g. {@code vote-margin}. */
    public String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * This signal of an answer's confidence: {@code calibration}'s probability for {@link #CALIBRATED}
     * (where it must not be null), else the raw feature; {@code NaN} when the feature is unknown.
     */
    public double value(Confidence c, Calibration calibration) {
      return switch (this) {
        case CALIBRATED -> Objects.requireNonNull(calibration, "calibration").probability(c);
        case SCORE_SHARE -> c.scoreOrVoteShare();
        default -> c.get(feature);
      };
    }

    /** The signal called {@code label} (case, '-' and '_' ignored). */
    public static Signal named(String label) {
      Objects.requireNonNull(label, "label");
      String key = label.trim().toUpperCase(Locale.ROOT).replace('-', '_');
      for (Signal s : values()) if (s.name().equals(key)) return s;
      throw new IllegalArgumentException("signal must be one of "
          + Arrays.stream(values()).map(Signal::label).toList() + ", got '" + label + "'");
    }
  }

  /** How many thresholds a plan has. */
  public enum Thresholds {
    /** One threshold for every tier of a plan. */
    SHARED,
    /** One threshold per tier. */
    PER_TIER;

    /** The name as options spell it. */
    public String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The mode called {@code label}. */
    public static Thresholds named(String label) {
      Objects.requireNonNull(label, "label");
      String key = label.trim().toUpperCase(Locale.ROOT).replace('-', '_');
      for (Thresholds s : values()) if (s.name().equals(key)) return s;
      throw new IllegalArgumentException("thresholds must be one of "
          + Arrays.stream(values()).map(Thresholds::label).toList() + ", got '" + label + "'");
    }
  }

  /**
   * How plans are built.
   *
   * @param signal     what escalation compares
   * @param thresholds one shared threshold or one per tier
   */
  public record Settings(Signal signal, Thresholds thresholds) {
    /** Validates. */
    public Settings {
      Objects.requireNonNull(signal, "signal");
      Objects.requireNonNull(thresholds, "thresholds");
    }

    /** Calibrated signal, shared thresholds. */
    public static Settings defaults() {
      return new Settings(Signal.CALIBRATED, Thresholds.SHARED);
    }
  }

  /**
   * A cascade plan: which tiers it runs and when it escalates.
   *
   * @param tiers        indices of the tiers it runs, ascending (cheapest first), at least one
   * @param thresholds   one per tier of the plan but its last; {@code -Infinity} never escalates
   * @param signal       what the thresholds are compared with
   * @param calibrations per tier of the plan, its calibration (for {@link Signal#CALIBRATED}), else null
   */
  public record Plan(List<Integer> tiers, double[] thresholds, Signal signal, List<Calibration> calibrations) {
    /** Validates and copies. */
    public Plan {
      tiers = List.copyOf(Objects.requireNonNull(tiers, "tiers"));
      thresholds = Objects.requireNonNull(thresholds, "thresholds").clone();
      Objects.requireNonNull(signal, "signal");
      calibrations = java.util.Collections.unmodifiableList(new ArrayList<>(Objects.requireNonNull(calibrations,
          "calibrations")));
      if (tiers.isEmpty()) throw new IllegalArgumentException("tiers must not be empty");
      for (int i = 1; i < tiers.size(); i++) {
        if (tiers.get(i) <= tiers.get(i - 1)) throw new IllegalArgumentException("tiers must ascend, got " + tiers);
      }
      if (thresholds.length != tiers.size() - 1) {
        throw new IllegalArgumentException("thresholds must be one per tier but the last (" + (tiers.size() - 1)
            + "), got " + thresholds.length);
      }
      for (double t : thresholds) {
        if (Double.isNaN(t)) throw new IllegalArgumentException("thresholds must not be NaN");
      }
      if (calibrations.size() != tiers.size()) {
        throw new IllegalArgumentException("calibrations must be one per tier (" + tiers.size() + "), got "
            + calibrations.size());
      }
      if (signal == Signal.CALIBRATED) {
        for (int i = 0; i < tiers.size() - 1; i++) {
          if (calibrations.get(i) == null) throw new IllegalArgumentException("calibrations[" + i + "] is missing");
        }
      }
    }

    @Override
    public double[] thresholds() {
      return thresholds.clone();
    }

    /** The escalation signal of the plan's {@code k}-th tier for {@code c}; -Infinity when unknown. */
    public double signal(int k, Confidence c) {
      double v = signal.value(c, calibrations.get(k));
      return Double.isNaN(v) ? Double.NEGATIVE_INFINITY : v;
    }

    @Override
    public String toString() {
      StringBuilder b = new StringBuilder("tiers " + tiers + " escalating below " + signal.label() + " ");
      for (int i = 0; i < thresholds.length; i++) {
        b.append(i == 0 ? "" : ", ").append(thresholds[i] == Double.NEGATIVE_INFINITY ? "never"
            : String.format(Locale.ROOT, "%.3f", thresholds[i]));
      }
      return b.toString();
    }
  }

  /**
   * Accuracy, mean dollars and mean estimated seconds per query of a way of answering.
   *
   * @param accuracy share of queries right
   * @param usd      mean dollars per query
   * @param seconds  mean estimated latency per query
   */
  public record Point(double accuracy, double usd, double seconds) {}

  /** What a plan is chosen for on the training half. */
  public sealed interface Target {
    /** The most accurate plan costing at most {@code usd} per query. */
    record MaxUsd(double usd) implements Target {
      /** Validates. */
      public MaxUsd {
        if (!(usd >= 0) || Double.isInfinite(usd)) throw new IllegalArgumentException("usd must be finite and >= 0, got " + usd);
      }
    }

    /** The most accurate plan whose mean estimated latency is at most {@code seconds} per query. */
    record MaxSeconds(double seconds) implements Target {
      /** Validates. */
      public MaxSeconds {
        if (!(seconds >= 0) || Double.isInfinite(seconds)) {
          throw new IllegalArgumentException("seconds must be finite and >= 0, got " + seconds);
        }
      }
    }

    /** The cheapest plan at least {@code accuracy} accurate (the most accurate one if none is). */
    record MinAccuracy(double accuracy) implements Target {
      /** Validates. */
      public MinAccuracy {
        if (!(accuracy >= 0 && accuracy <= 1)) throw new IllegalArgumentException("accuracy must be in [0, 1], got " + accuracy);
      }
    }

    /** The most accurate plan costing at most what tier {@code tier} alone costs on the same queries. */
    record TierCost(int tier) implements Target {}

    /** The cheapest plan at least as accurate as tier {@code tier} alone on the same queries. */
    record TierAccuracy(int tier) implements Target {}
  }

  /**
   * Held-out outcomes of a target, one entry per query (each query evaluated by the plan fitted on
   * the half it is not in).
   *
   * @param point   the pooled accuracy, dollars and seconds
   * @param correct per query, 1 when right
   * @param usd     per query, dollars paid
   * @param seconds per query, estimated seconds
   * @param plans   the plan fitted on each half (two per split)
   */
  public record HeldOut(Point point, double[] correct, double[] usd, double[] seconds, List<Plan> plans) {}

  /**
   * The comparison with one single tier, held out.
   *
   * @param tier          the tier's name
   * @param single        that tier alone
   * @param atCost        the cascade fitted for the best accuracy at no more than the tier's cost
   * @param gainAtCost    paired interval of {@code atCost} accuracy minus the tier's
   * @param atAccuracy    the cascade fitted for the lowest cost at no less than the tier's accuracy
   * @param gainAtAccuracy paired interval of {@code atAccuracy} accuracy minus the tier's
   */
  public record Comparison(String tier, Point single, Point atCost, BootstrapInterval gainAtCost, Point atAccuracy,
      BootstrapInterval gainAtAccuracy) {
    /** Whether the cascade fitted to the tier's cost is at least as accurate and at most as costly. */
    public boolean dominates() {
      return atCost.accuracy() >= single.accuracy() && atCost.usd() <= single.usd() * (1 + 1e-9);
    }
  }

  /** The most plans {@link #fit} builds (each is evaluated on every training query). */
  public static final long MAX_PLANS = 200_000;

  private final TierOutcome[][] outcomes;
  private final List<String> problemIds;
  private final int tiers;

  private CascadeEvaluation(TierOutcome[][] outcomes, List<String> problemIds) {
    this.outcomes = outcomes;
    this.problemIds = problemIds;
    this.tiers = outcomes.length == 0 ? 0 : outcomes[0].length;
  }

  /**
   * An evaluation over {@code outcomes[query][tier]}.
   *
   * @param problemIds per query its problem (halves and bootstrap clusters are problems)
   * @throws IllegalArgumentException for no query, ragged rows, or a missing outcome
   */
  public static CascadeEvaluation of(TierOutcome[][] outcomes, List<String> problemIds) {
    Objects.requireNonNull(outcomes, "outcomes");
    Objects.requireNonNull(problemIds, "problemIds");
    if (outcomes.length == 0) throw new IllegalArgumentException("outcomes must hold at least one query");
    if (problemIds.size() != outcomes.length) {
      throw new IllegalArgumentException("problemIds must be one per query (" + outcomes.length + "), got "
          + problemIds.size());
    }
    int k = outcomes[0].length;
    if (k == 0) throw new IllegalArgumentException("outcomes must hold at least one tier");
    if (k > 8) throw new IllegalArgumentException("at most 8 tiers, got " + k);
    for (int i = 0; i < outcomes.length; i++) {
      if (outcomes[i].length != k) throw new IllegalArgumentException("query " + i + " has " + outcomes[i].length
          + " tier outcomes, not " + k);
      for (int t = 0; t < k; t++) {
        if (outcomes[i][t] == null) throw new IllegalArgumentException("query " + i + " has no outcome of tier " + t);
      }
    }
    return new CascadeEvaluation(outcomes, List.copyOf(problemIds));
  }

  /** Queries evaluated. */
  public int queries() {
    return outcomes.length;
  }

  /** Every query, in order. */
  public int[] all() {
    int[] every = new int[outcomes.length];
    for (int i = 0; i < every.length; i++) every[i] = i;
    return every;
  }

  /** What {@code plan} does on {@code subset}: exactly what {@link Cascade#solve} would. */
  public Point evaluate(int[] subset, Plan plan) {
    int right = 0;
    double usd = 0;
    double seconds = 0;
    for (int i : subset) {
      int answered = walk(i, plan);
      for (int k = 0; k <= answered; k++) {
        TierOutcome t = outcomes[i][plan.tiers().get(k)];
        usd += t.usd();
        seconds += t.seconds();
      }
      if (outcomes[i][plan.tiers().get(answered)].correct()) right++;
    }
    return new Point((double) right / subset.length, usd / subset.length, seconds / subset.length);
  }

  /** Tier {@code t} alone on {@code subset}. */
  public Point single(int[] subset, int t) {
    return evaluate(subset, new Plan(List.of(t), new double[0], Signal.SCORE_SHARE, java.util.Collections.singletonList(null)));
  }

  /** The position in {@code plan} of the tier that answers query {@code i}. */
  private int walk(int i, Plan plan) {
    List<Integer> ts = plan.tiers();
    for (int k = 0; k < ts.size() - 1; k++) {
      if (plan.signal(k, outcomes[i][ts.get(k)].confidence()) >= plan.thresholds[k]) return k;
    }
    return ts.size() - 1;
  }

  /**
   * The calibration of tier {@code t} fitted on {@code train}: score share, vote margin and top
   * score when every training confidence of the tier is scored, else vote share and vote margin.
   */
  public Calibration calibrate(int[] train, int t) {
    boolean scored = true;
    List<Confidence> cs = new ArrayList<>(train.length);
    List<Boolean> right = new ArrayList<>(train.length);
    for (int i : train) {
      Confidence c = outcomes[i][t].confidence();
      scored &= !Double.isNaN(c.scoreShare()) && !Double.isNaN(c.topScore());
      cs.add(c);
      right.add(outcomes[i][t].correct());
    }
    List<Confidence.Feature> features = scored
        ? List.of(Confidence.Feature.SCORE_SHARE, Confidence.Feature.VOTE_MARGIN, Confidence.Feature.TOP_SCORE)
        : List.of(Confidence.Feature.VOTE_SHARE, Confidence.Feature.VOTE_MARGIN);
    return LogisticFit.calibrate(features, cs, right);
  }

  /** Every plan of {@code settings} built on {@code train}, and its point there. */
  public Fitted fit(int[] train, Settings settings) {
    Objects.requireNonNull(settings, "settings");
    Calibration[] calibrations = new Calibration[tiers];
    if (settings.signal() == Signal.CALIBRATED) {
      for (int t = 0; t < tiers; t++) calibrations[t] = calibrate(train, t);
    }
    long count = 0;
    for (int mask = 1; mask < (1 << tiers); mask++) {
      int k = Integer.bitCount(mask) - 1;
      count += k == 0 ? 1 : settings.thresholds() == Thresholds.SHARED ? 102 : (long) Math.pow(12, k);
    }
    if (count > MAX_PLANS) {
      throw new IllegalArgumentException("at most " + MAX_PLANS + " plans, but " + tiers + " tiers with "
          + settings.thresholds().label() + " thresholds make about " + count + "; use fewer tiers or shared thresholds");
    }
    List<Plan> plans = new ArrayList<>();
    for (int mask = 1; mask < (1 << tiers); mask++) {
      List<Integer> subset = new ArrayList<>();
      for (int t = 0; t < tiers; t++) if ((mask & (1 << t)) != 0) subset.add(t);
      List<Calibration> cals = new ArrayList<>();
      for (int t : subset) cals.add(calibrations[t]);
      Plan probe = new Plan(subset, fill(subset.size() - 1, 0), settings.signal(), cals);
      if (subset.size() == 1) {
        plans.add(probe);
        continue;
      }
      if (settings.thresholds() == Thresholds.SHARED) {
        double[] values = signals(train, probe, subset.size() - 1, -1);
        for (double q : grid(values, 101)) plans.add(new Plan(subset, fill(subset.size() - 1, q), settings.signal(), cals));
      } else {
        List<double[]> perTier = new ArrayList<>();
        for (int k = 0; k < subset.size() - 1; k++) perTier.add(grid(signals(train, probe, 1, k), 11));
        int[] idx = new int[perTier.size()];
        while (true) {
          double[] th = new double[idx.length];
          for (int k = 0; k < idx.length; k++) th[k] = perTier.get(k)[idx[k]];
          plans.add(new Plan(subset, th, settings.signal(), cals));
          int k = 0;
          while (k < idx.length && ++idx[k] == perTier.get(k).length) idx[k++] = 0;
          if (k == idx.length) break;
        }
      }
    }
    List<Point> points = new ArrayList<>(plans.size());
    for (Plan p : plans) points.add(evaluate(train, p));
    return new Fitted(this, train, plans, points);
  }

  /** The signals of the plan's first {@code count} tiers (or only tier {@code only}) on {@code train}. */
  private double[] signals(int[] train, Plan plan, int count, int only) {
    double[] v = new double[train.length * (only >= 0 ? 1 : count)];
    int j = 0;
    for (int i : train) {
      for (int k = 0; k < count; k++) {
        int pos = only >= 0 ? only : k;
        v[j++] = plan.signal(pos, outcomes[i][plan.tiers().get(pos)].confidence());
      }
    }
    return v;
  }

  /** Never escalating, and the thresholds just above each of {@code q} evenly spaced quantiles. */
  private static double[] grid(double[] values, int q) {
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    LinkedHashSet<Double> g = new LinkedHashSet<>();
    g.add(Double.NEGATIVE_INFINITY);
    for (int k = 0; k < q; k++) {
      double v = sorted[(int) Math.min(sorted.length - 1, Math.round((double) k / (q - 1) * (sorted.length - 1)))];
      if (v != Double.NEGATIVE_INFINITY) g.add(Math.nextUp(v));
    }
    return g.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static double[] fill(int n, double v) {
    double[] a = new double[n];
    Arrays.fill(a, v);
    return a;
  }

  /** Every plan built on a training set, with its training point: choose one for a target. */
  public static final class Fitted {
    private final CascadeEvaluation eval;
    private final int[] train;
    private final List<Plan> plans;
    private final List<Point> points;

    private Fitted(CascadeEvaluation eval, int[] train, List<Plan> plans, List<Point> points) {
      this.eval = eval;
      this.train = train;
      this.plans = plans;
      this.points = points;
    }

    /** How many plans were tried. */
    public int size() {
      return plans.size();
    }

    /** The plan for {@code target} on the training set. */
    public Plan choose(Target target) {
      Objects.requireNonNull(target, "target");
      // a budget on a cost axis (dollars or seconds) maximises accuracy; an accuracy target minimises dollars
      boolean budget;
      boolean bySeconds = false;
      double bound;
      if (target instanceof Target.MaxUsd m) {
        budget = true;
        bound = m.usd();
      } else if (target instanceof Target.MaxSeconds m) {
        budget = true;
        bySeconds = true;
        bound = m.seconds();
      } else if (target instanceof Target.MinAccuracy m) {
        budget = false;
        bound = m.accuracy();
      } else if (target instanceof Target.TierCost t) {
        budget = true;
        bound = eval.single(train, checkTier(t.tier())).usd();
      } else {
        budget = false;
        bound = eval.single(train, checkTier(((Target.TierAccuracy) target).tier())).accuracy();
      }
      boolean seconds = bySeconds;
      java.util.function.ToDoubleFunction<Point> cost = seconds ? Point::seconds : Point::usd;
      int best = -1;
      for (int p = 0; p < plans.size(); p++) {
        Point x = points.get(p);
        boolean feasible = budget ? cost.applyAsDouble(x) <= bound * (1 + 1e-12) + 1e-15 : x.accuracy() >= bound - 1e-12;
        if (!feasible) continue;
        if (best < 0) {
          best = p;
          continue;
        }
        Point y = points.get(best);
        // within a budget, equal accuracy on the fitting half goes to the plan that spends more of it (escalates
        // more): accepting a cheaper tier's answer can only look free on the fitting half, held out it risks accuracy
        // (a latency budget breaks ties on dollars instead, fewest first: waiting longer buys nothing there)
        boolean better = budget
            ? x.accuracy() > y.accuracy() || (x.accuracy() == y.accuracy() && (seconds
                ? x.usd() < y.usd() || (x.usd() == y.usd() && x.seconds() < y.seconds())
                : x.usd() > y.usd()))
            : x.usd() < y.usd() || (x.usd() == y.usd() && x.accuracy() > y.accuracy());
        if (better) best = p;
      }
      if (best < 0) {
        // nothing meets the target: the cheapest plan for a budget, the most accurate for an accuracy target
        for (int p = 0; p < plans.size(); p++) {
          Point x = points.get(p);
          Point y = best < 0 ? null : points.get(best);
          boolean better = y == null || (budget
              ? cost.applyAsDouble(x) < cost.applyAsDouble(y)
                  || (cost.applyAsDouble(x) == cost.applyAsDouble(y) && x.accuracy() > y.accuracy())
              : x.accuracy() > y.accuracy() || (x.accuracy() == y.accuracy() && x.usd() < y.usd()));
          if (better) best = p;
        }
      }
      return plans.get(best);
    }

    private int checkTier(int t) {
      if (t < 0 || t >= eval.tiers) throw new IllegalArgumentException("tier must be in [0, " + eval.tiers + "), got " + t);
      return t;
    }

  }

  /**
   * The two halves of the problems, seeded: {@code [0]} and {@code [1]} as query indices. Problems
   * are split as {@link CrossValidation} splits them (a seeded shuffle of the distinct problems in
   * first-seen order, the first half rounded up).
   */
  public int[][] halves(long seed) {
    List<String> distinct = new ArrayList<>(new LinkedHashSet<>(problemIds));
    if (distinct.size() < 2) throw new IllegalArgumentException("need at least two problems to split, got "
        + distinct.size());
    int[] one = new int[distinct.size()];
    Arrays.fill(one, 1);
    boolean[] inA = CrossValidation.split(one, new Well19937c(seed));
    Map<String, Boolean> half = new java.util.HashMap<>();
    for (int p = 0; p < distinct.size(); p++) half.put(distinct.get(p), inA[p]);
    List<Integer> a = new ArrayList<>();
    List<Integer> b = new ArrayList<>();
    for (int i = 0; i < outcomes.length; i++) (half.get(problemIds.get(i)) ? a : b).add(i);
    return new int[][] {a.stream().mapToInt(Integer::intValue).toArray(), b.stream().mapToInt(Integer::intValue).toArray()};
  }

  /**
   * Cross-validated outcomes of each of {@code targets}: plans fitted on one half (with
   * {@code settings}) and evaluated on the other, both ways.
   */
  public List<HeldOut> heldOut(List<Target> targets, Settings settings, long splitSeed) {
    return heldOut(targets, settings, splitSeed, 1);
  }

  /**
   * Repeated two-fold cross-validation: {@code splits} splits (seeds {@code splitSeed},
   * {@code splitSeed + 1}, …), each query's outcome averaged over the splits (each time from the
   * plan fitted on the half it was not in), so no single split's luck decides the figure.
   *
   * @param splits at least 1
   */
  public List<HeldOut> heldOut(List<Target> targets, Settings settings, long splitSeed, int splits) {
    Objects.requireNonNull(targets, "targets");
    if (splits < 1) throw new IllegalArgumentException("splits must be >= 1, got " + splits);
    int q = outcomes.length;
    double[][] correct = new double[targets.size()][q];
    double[][] usd = new double[targets.size()][q];
    double[][] seconds = new double[targets.size()][q];
    List<List<Plan>> plans = new ArrayList<>();
    for (int k = 0; k < targets.size(); k++) plans.add(new ArrayList<>());
    for (int s = 0; s < splits; s++) {
      int[][] h = halves(splitSeed + s);
      Fitted[] fits = {fit(h[0], settings), fit(h[1], settings)};
      for (int k = 0; k < targets.size(); k++) {
        for (int f = 0; f < 2; f++) {
          Plan plan = fits[f].choose(targets.get(k));
          plans.get(k).add(plan);
          for (int i : h[1 - f]) {
            Point p = evaluate(new int[] {i}, plan);
            correct[k][i] += p.accuracy() / splits;
            usd[k][i] += p.usd() / splits;
            seconds[k][i] += p.seconds() / splits;
          }
        }
      }
    }
    List<HeldOut> out = new ArrayList<>();
    for (int k = 0; k < targets.size(); k++) {
      out.add(new HeldOut(new Point(mean(correct[k]), mean(usd[k]), mean(seconds[k])), correct[k], usd[k], seconds[k],
          plans.get(k)));
    }
    return out;
  }

  /**
   * The held-out comparison with every single tier: the cascade fitted to the tier's cost and to its
   * accuracy, with paired intervals on the accuracy difference.
   */
  public List<Comparison> compare(List<String> tierNames, Settings settings, long splitSeed, ClusterBootstrap bootstrap) {
    return compare(tierNames, settings, splitSeed, 1, bootstrap);
  }

  /** {@link #compare} over {@code splits} repeated splits ({@link #heldOut(List, Settings, long, int)}). */
  public List<Comparison> compare(List<String> tierNames, Settings settings, long splitSeed, int splits,
      ClusterBootstrap bootstrap) {
    if (tierNames.size() != tiers) {
      throw new IllegalArgumentException("tierNames must be one per tier (" + tiers + "), got " + tierNames.size());
    }
    List<Target> targets = new ArrayList<>();
    for (int t = 0; t < tiers; t++) {
      targets.add(new Target.TierCost(t));
      targets.add(new Target.TierAccuracy(t));
    }
    List<HeldOut> held = heldOut(targets, settings, splitSeed, splits);
    List<Comparison> out = new ArrayList<>();
    int[] every = all();
    for (int t = 0; t < tiers; t++) {
      double[] alone = new double[outcomes.length];
      for (int i = 0; i < alone.length; i++) alone[i] = outcomes[i][t].correct() ? 1 : 0;
      HeldOut cost = held.get(2 * t);
      HeldOut acc = held.get(2 * t + 1);
      out.add(new Comparison(tierNames.get(t), single(every, t), cost.point(),
          bootstrap.pairedDifference(clusters(cost.correct()), clusters(alone)), acc.point(),
          bootstrap.pairedDifference(clusters(acc.correct()), clusters(alone))));
    }
    return out;
  }

  /** {@code values} grouped by problem, problems in first-seen order. */
  public List<double[]> clusters(double[] values) {
    Map<String, List<Double>> by = new LinkedHashMap<>();
    for (int i = 0; i < values.length; i++) by.computeIfAbsent(problemIds.get(i), k -> new ArrayList<>()).add(values[i]);
    List<double[]> out = new ArrayList<>(by.size());
    for (List<Double> v : by.values()) out.add(v.stream().mapToDouble(Double::doubleValue).toArray());
    return out;
  }

  /**
   * Dollar budgets that trace the frontier: 0, then {@code count} budgets evenly spaced in log scale
   * from the cheapest priced tier's mean cost to all tiers' costs together.
   */
  public List<Target> frontierTargets(int count) {
    double low = Double.POSITIVE_INFINITY;
    double high = 0;
    int[] every = all();
    for (int t = 0; t < tiers; t++) {
      double u = single(every, t).usd();
      if (u > 0) low = Math.min(low, u);
      high += u;
    }
    List<Target> out = new ArrayList<>();
    out.add(new Target.MaxUsd(0));
    if (high == 0) return out;
    low = Math.min(low, high) / 4;
    for (int k = 0; k < count; k++) {
      out.add(new Target.MaxUsd(low * Math.pow(high / low, count == 1 ? 1 : (double) k / (count - 1))));
    }
    return out;
  }

  /**
   * Latency budgets that trace the latency frontier: {@code count} budgets evenly spaced in log scale
   * from half the fastest tier's mean estimated seconds to all tiers' together.
   */
  public List<Target> latencyTargets(int count) {
    double low = Double.POSITIVE_INFINITY;
    double high = 0;
    int[] every = all();
    for (int t = 0; t < tiers; t++) {
      double x = single(every, t).seconds();
      if (x > 0) low = Math.min(low, x);
      high += x;
    }
    List<Target> out = new ArrayList<>();
    if (high == 0) {
      out.add(new Target.MaxSeconds(0));
      return out;
    }
    low = Math.min(low, high) / 2;
    for (int k = 0; k < count; k++) {
      out.add(new Target.MaxSeconds(low * Math.pow(high / low, count == 1 ? 1 : (double) k / (count - 1))));
    }
    return out;
  }

  /**
   * The accuracy of the best mix of single tiers at {@code usd} dollars per query: the upper concave
   * hull of the tiers' (dollars, accuracy) points on every query, interpolated (sending each query to
   * one of two tiers at random in the right proportion reaches it). {@code NaN} below the cheapest
   * tier; the most accurate tier's accuracy above the dearest.
   */
  public double mixAccuracy(double usd) {
    double[] v = mixPerQuery(usd);
    return v == null ? Double.NaN : mean(v);
  }

  /**
   * Per query, the expected correctness of the best mix of single tiers at {@code usd} dollars per
   * query ({@link #mixAccuracy}): {@code λ × right(a) + (1 − λ) × right(b)} for the two hull tiers
   * around {@code usd}; for paired intervals against a cascade. {@code null} below the cheapest tier.
   */
  public double[] mixPerQuery(double usd) {
    int[] every = all();
    List<Integer> order = new ArrayList<>();
    Point[] pts = new Point[tiers];
    for (int t = 0; t < tiers; t++) {
      pts[t] = single(every, t);
      order.add(t);
    }
    order.sort((x, y) -> pts[x].usd() != pts[y].usd() ? Double.compare(pts[x].usd(), pts[y].usd())
        : Double.compare(pts[y].accuracy(), pts[x].accuracy()));
    List<Integer> hull = new ArrayList<>();
    for (int t : order) {
      Point p = pts[t];
      if (!hull.isEmpty()) {
        Point last = pts[hull.get(hull.size() - 1)];
        if (p.usd() == last.usd() || p.accuracy() <= last.accuracy()) continue;
      }
      while (hull.size() >= 2) {
        Point a = pts[hull.get(hull.size() - 2)];
        Point b = pts[hull.get(hull.size() - 1)];
        double cross = (b.usd() - a.usd()) * (p.accuracy() - a.accuracy()) - (b.accuracy() - a.accuracy()) * (p.usd() - a.usd());
        if (cross >= 0) hull.remove(hull.size() - 1);
        else break;
      }
      hull.add(t);
    }
    if (usd < pts[hull.get(0)].usd()) return null;
    int a = hull.get(hull.size() - 1);
    int b = a;
    double lambda = 1;
    for (int k = 1; k < hull.size(); k++) {
      if (usd <= pts[hull.get(k)].usd()) {
        a = hull.get(k - 1);
        b = hull.get(k);
        lambda = (pts[b].usd() - usd) / (pts[b].usd() - pts[a].usd());
        break;
      }
    }
    double[] v = new double[outcomes.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = lambda * (outcomes[i][a].correct() ? 1 : 0) + (1 - lambda) * (outcomes[i][b].correct() ? 1 : 0);
    }
    return v;
  }

  private static double mean(double[] v) {
    double s = 0;
    for (double x : v) s += x;
    return s / v.length;
  }
}
