package io.ttc4j.prm.game24;

import io.ttc4j.prm.PassAtK;

import io.ttc4j.core.PriceModel;
import java.util.Objects;

/**
 * The replay of an IO or CoT log (n independent samples per puzzle): success of best-of-k, of the
 * first k samples and of a majority vote, for k = 1 … n, with what each costs. Built by
 * {@link Game24Replay#sampling}; immutable.
 *
 * <h2>Success (mean over puzzles, correctness by ttc4j's checker)</h2>
 * <ul>
 *   <li>{@link #passAt pass@k}: best-of-k with a perfect checker, the unbiased estimate over all
 *       k-subsets of the n samples ({@link PassAtK}); pass@1 is the mean per-sample success;</li>
 *   <li>{@link #firstKAt first k}: whether one of the first k samples, in logged order, is correct (one
 *       realisation of best-of-k, the way a single run would see it);</li>
 *   <li>{@link #majorityAt majority of the first k} (self-consistency): the answer (the output's last
 *       line without {@code "Answer:"}, compared as exact strings) given most often among the first k
 *       samples that have one, ties to the answer given first; needs no checker.</li>
 * </ul>
 *
 * <h2>Cost of k samples (mean per puzzle)</h2>
 * The log holds only each puzzle's total ({@link LogCost}). The scripts ask for the n samples in
 * calls of at most {@value Game24Replay#SAMPLES_PER_CALL} completions, and every call pays the prompt
 * once: so a puzzle's prompt tokens are split evenly over its {@code ⌈n / 20⌉} calls, and k samples
 * pay {@code ⌈k / 20⌉} calls' prompts. Completion tokens per sample are not logged:
 * <ul>
 *   <li>for a random k-subset ({@link #costAt}) the expected completion tokens are k / n of the
 *       puzzle's, exactly;</li>
 *   <li>for the first k samples ({@link #firstKCostAt}) each sample is given a share of the puzzle's
 *       completion tokens proportional to its length in characters (largest remainder, so the shares
 *       add up to the logged total): an estimate.</li>
 * </ul>
 * {@link #costAt} extends linearly beyond n, for compute-matched comparisons; at k = n both equal the
 * logged mean per puzzle.
 */
public final class SamplingReplay {

  private final String source;
  private final ToTLog.Method method;
  private final int samples;
  private final int[] correct;
  private final int[] loggedCorrect;
  private final double[] passAtK;
  private final double[] firstK;
  private final double[] majority;
  private final double[] loggedMajority;
  private final double[] firstKCompletionTokens;
  private final double promptTokensPerCall;
  private final double completionTokensPerSample;
  private final Agreement agreement;
  private final LogCost cost;
  private final PriceModel prices;

  SamplingReplay(String source, ToTLog.Method method, int samples, int[] correct, int[] loggedCorrect, double[] firstK,
      double[] majority, double[] loggedMajority, double[] firstKCompletionTokens, Agreement agreement, LogCost cost,
      PriceModel prices) {
    this.source = Objects.requireNonNull(source, "source");
    this.method = Objects.requireNonNull(method, "method");
    this.samples = samples;
    this.correct = correct.clone();
    this.loggedCorrect = loggedCorrect.clone();
    this.firstK = firstK.clone();
    this.majority = majority.clone();
    this.loggedMajority = loggedMajority.clone();
    this.firstKCompletionTokens = firstKCompletionTokens.clone();
    this.agreement = Objects.requireNonNull(agreement, "agreement");
    this.cost = Objects.requireNonNull(cost, "cost");
    this.prices = Objects.requireNonNull(prices, "prices");
    this.passAtK = meanPassAtK(samples, this.correct);
    CostPoint mean = cost.meanPerPuzzle();
    this.promptTokensPerCall = mean.promptTokens() / calls(samples);
    this.completionTokensPerSample = mean.completionTokens() / samples;
  }

  private static double[] meanPassAtK(int n, int[] correct) {
    double[] out = new double[n];
    for (int c : correct) {
      double[] curve = PassAtK.curve(n, c);
      for (int k = 0; k < n; k++) {
        out[k] += curve[k];
      }
    }
    for (int k = 0; k < n; k++) {
      out[k] /= correct.length;
    }
    return out;
  }

  static int calls(long samples) {
    return (int) ((samples + Game24Replay.SAMPLES_PER_CALL - 1) / Game24Replay.SAMPLES_PER_CALL);
  }

  /** The log's source. */
  public String source() {
    return source;
  }

  /** {@link ToTLog.Method#IO} or {@link ToTLog.Method#COT}. */
  public ToTLog.Method method() {
    return method;
  }

  /** The number of puzzles. */
  public int puzzles() {
    return correct.length;
  }

  /** n, the samples per puzzle (the same for every puzzle). */
  public int samplesPerPuzzle() {
    return samples;
  }

  /** The number of correct samples of each puzzle by ttc4j's checker, in file order. */
  public int[] correctPerPuzzle() {
    return correct.clone();
  }

  /** The number of correct samples of each puzzle by the log's judgements, in file order. */
  public int[] loggedCorrectPerPuzzle() {
    return loggedCorrect.clone();
  }

  /** The mean per-sample success: pass@1, the share of all samples that are correct. */
  public double meanPerSample() {
    return passAtK[0];
  }

  /** The mean per-sample success by the log's judgements. */
  public double loggedMeanPerSample() {
    return loggedPassAt(1);
  }

  /** pass@k, mean over puzzles (see the class comment). */
  public double passAt(int k) {
    return passAtK[index(k)];
  }

  /** pass@k by the log's judgements. */
  public double loggedPassAt(int k) {
    int i = index(k);
    double sum = 0;
    for (int c : loggedCorrect) {
      sum += PassAtK.of(samples, c, i + 1);
    }
    return sum / loggedCorrect.length;
  }

  /** pass@k for k = 1 … n (element k − 1). */
  public double[] passAtK() {
    return passAtK.clone();
  }

  /** The share of puzzles with a correct sample among the first k logged ones. */
  public double firstKAt(int k) {
    return firstK[index(k)];
  }

  /** {@link #firstKAt} for k = 1 … n (element k − 1). */
  public double[] firstK() {
    return firstK.clone();
  }

  /** The share of puzzles whose majority answer over the first k samples is correct. */
  public double majorityAt(int k) {
    return majority[index(k)];
  }

  /** {@link #majorityAt} with the majority answer judged by the log (its first sample's judgement). */
  public double loggedMajorityAt(int k) {
    return loggedMajority[index(k)];
  }

  /** {@link #majorityAt} for k = 1 … n (element k − 1). */
  public double[] majority() {
    return majority.clone();
  }

  /**
   * Best-of-k for any k: pass@k itself up to n, and beyond n a trend extrapolation that keeps the
   * gain of the last logged doubling, {@code pass@n + (pass@n − pass@⌊n/2⌋) · log2(k / n)}, capped at
   * 1. A heuristic for compute-matched comparisons, not a measurement and not a bound: the gain per
   * doubling of k shrinks when most solvable puzzles are already solved, and grows while many
   * puzzles have a small but non-zero success rate (as in the bundled IO log).
   *
   * @throws IllegalArgumentException unless {@code k ≥ 1}
   */
  public double trendAt(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1, got " + k);
    }
    if (k <= samples) {
      return passAtK[k - 1];
    }
    double last = passAtK[samples - 1];
    double gainPerDoubling = samples >= 2 ? last - passAtK[samples / 2 - 1] : 0;
    return Math.min(1.0, last + gainPerDoubling * (Math.log((double) k / samples) / Math.log(2)));
  }

  /** How ttc4j's checker agrees with the log's judgements. */
  public Agreement agreement() {
    return agreement;
  }

  /** The run's cost, per puzzle and in total. */
  public LogCost cost() {
    return cost;
  }

  /** The prices the dollar figures use. */
  public PriceModel prices() {
    return prices;
  }

  /**
   * The expected cost per puzzle of k samples, {@code k ≥ 1}, also beyond n (see the class comment).
   */
  public CostPoint costAt(int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be >= 1, got " + k);
    }
    return point(promptTokensPerCall * calls(k), completionTokensPerSample * k);
  }

  /** The estimated cost per puzzle of the first k samples, {@code 1 ≤ k ≤ n} (see the class comment). */
  public CostPoint firstKCostAt(int k) {
    return point(promptTokensPerCall * calls(k), firstKCompletionTokens[index(k)]);
  }

  private CostPoint point(double prompt, double completion) {
    return new CostPoint(prompt, completion,
        (prompt * prices.inputUsdPerMillion() + completion * prices.outputUsdPerMillion()) / 1e6);
  }

  /**
   * The largest k whose {@link #costAt cost} is at most {@code usd} dollars per puzzle (0 when even
   * one sample costs more); may exceed n.
   */
  public int samplesWithinUsd(double usd) {
    return largestWithin(usd, true);
  }

  /**
   * The largest k whose {@link #costAt cost} is at most {@code tokens} prompt plus completion tokens
   * per puzzle (0 when even one sample costs more); may exceed n.
   */
  public int samplesWithinTokens(double tokens) {
    return largestWithin(tokens, false);
  }

  private int largestWithin(double budget, boolean usd) {
    if (!(budget >= 0) || Double.isInfinite(budget)) {
      throw new IllegalArgumentException("budget must be finite and >= 0, got " + budget);
    }
    if (measure(1, usd) > budget) {
      return 0;
    }
    if (measure(1 + Game24Replay.SAMPLES_PER_CALL, usd) <= measure(1, usd)) {
      throw new IllegalStateException("samples of " + source + " cost nothing: no budget limits k");
    }
    int lo = 1; // within budget
    int hi = 2;
    while (measure(hi, usd) <= budget) {
      lo = hi;
      if (hi > Integer.MAX_VALUE / 2) {
        return lo;
      }
      hi *= 2;
    }
    while (hi - lo > 1) { // measure(lo) <= budget < measure(hi)
      int mid = lo + (hi - lo) / 2;
      if (measure(mid, usd) <= budget) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  private double measure(int k, boolean usd) {
    CostPoint c = costAt(k);
    return usd ? c.usd() : c.totalTokens();
  }

  private int index(int k) {
    if (k < 1 || k > samples) {
      throw new IllegalArgumentException("k must be in [1, n=" + samples + "], got " + k);
    }
    return k - 1;
  }
}
