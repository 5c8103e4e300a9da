package io.ttc4j.eval.stats;

import io.ttc4j.core.Selection;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * Unbiased estimators of a selection rule's accuracy with k samples, from one larger set of N
 * recorded samples of the same problem: rule@k for every k ≤ N from a single run.
 *
 * <h2>What is estimated</h2>
 * The accuracy of {@link Selection} rule R on k fresh samples is the expectation, over k samples
 * drawn independently from the model, of "R chooses a correct sample". N recorded samples are
 * exchangeable draws, so any k of them, taken in a uniformly random order, are distributed exactly
 * like k fresh samples in generation order. The estimators here are therefore the average of R's
 * correctness over <em>all</em> ordered k-tuples of distinct recorded samples: unbiased for every
 * k ≤ N, and of least variance among unbiased estimators built from the N samples (it is the
 * U-statistic of the rule; one independent run per k would have more). Averaging over the order as
 * well as the subset means that where R breaks a tie by generation order (a vote tie, equal scores,
 * no answer at all), the tie is broken as it would be among fresh samples:
 * <ul>
 *   <li>a vote tie between groups of equal count goes to each with equal probability;</li>
 *   <li>a weighted-vote tie (equal score sums) goes to a group in proportion to its count in the
 *       subset (the group whose first sample comes first wins);</li>
 *   <li>the chosen sample of a group is its first, so a uniformly random member of the group in
 *       the subset (this matters only when recorded correctness differs within a group);</li>
 *   <li>a subset without any answer yields its first sample, a uniformly random one.</li>
 * </ul>
 *
 * <h2>How each rule is computed</h2>
 * <ul>
 *   <li>{@code oracle} = pass@k (Chen et al. 2021): 1 − C(N−c, k) / C(N, k), computed as the
 *       product Π (1 − k / i) over i = N−c+1 … N, which neither overflows nor cancels;</li>
 *   <li>{@code first}: c / N for every k (the first of k fresh samples is one fresh sample);</li>
 *   <li>{@code naive} (highest score), exactly: sort the answered samples by score; sample j is
 *       chosen when it is in the subset and none of the a samples scored above it is, with
 *       probability Σ_t C(b−1, t) C(N−a−b, k−1−t) / C(N, k) / (t+1) where b is the number of
 *       samples with j's score (t of the others in the subset tie with it); O(N·k);</li>
 *   <li>{@code majority}, exactly, for N ≤ {@value #MAX_EXACT_N}: for each winning count x, a dynamic
 *       programme over the answer groups that can reach x counts the subsets in which one designated
 *       group has x samples, every other group at most x, t of them exactly x (the winner then being
 *       each of the t + 1 with probability 1 / (t + 1)), and the remaining samples come from the
 *       groups smaller than x and the samples without answer (a Vandermonde sum); the sum weights
 *       each winner by its share of correct samples. The work is about Σ_x G_x² · x · k, where G_x
 *       is the number of groups with at least x samples: milliseconds for N = 256. Larger N falls
 *       back to Monte Carlo;</li>
 *   <li>{@code weighted} (largest score sum): no closed form; exact enumeration of every k-subset
 *       when there are at most {@link MonteCarlo#draws()} of them, otherwise a seeded Monte Carlo
 *       average over that many random k-subsets, with its standard error (see {@link MonteCarlo}).
 *       Each subset contributes its order-averaged value exactly (the tie rules above), which
 *       leaves only the randomness of the subsets. Score sums tie only when exactly equal.</li>
 * </ul>
 *
 * <p>{@code naive} and {@code weighted} need a score for every sample with an answer.
 */
public final class UnbiasedAtK {

  /** The largest N for which {@link #majority} is exact; binomial coefficients stay below 1e300. */
  public static final int MAX_EXACT_N = 1000;

  private UnbiasedAtK() {}

  /**
   * pass@k: the probability that at least one of k samples drawn without replacement from N, of
   * which c are correct, is correct; 1 − C(N−c, k) / C(N, k).
   *
   * @throws IllegalArgumentException unless 0 ≤ c ≤ N and 1 ≤ k ≤ N
   */
  public static double passAtK(int n, int c, int k) {
    return io.ttc4j.prm.PassAtK.of(n, c, k);
  }


  /** The accuracy of {@code rule} with k samples from {@code set}; see the class documentation for the method. */
  public static Estimate estimate(Selection rule, SampleSet set, int k, MonteCarlo mc) {
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(set, "set");
    Objects.requireNonNull(mc, "mc");
    checkK(set.size(), k);
    switch (rule) {
      case FIRST:
        return Estimate.exact(first(set));
      case ORACLE:
        return Estimate.exact(passAtK(set.size(), set.correctCount(), k));
      case NAIVE:
        return Estimate.exact(naive(set, k));
      case MAJORITY:
        return set.size() <= MAX_EXACT_N ? Estimate.exact(majority(set, k)) : bySubsets(rule, set, k, mc);
      case WEIGHTED:
        return weighted(set, k, mc);
      default:
        throw new IllegalArgumentException("unknown selection rule " + rule);
    }
  }

  /** first@k: the share of correct samples, c / N, the same for every k. */
  public static double first(SampleSet set) {
    return (double) set.correctCount() / set.size();
  }

  /** naive@k (the sample with the highest score), exactly. */
  public static double naive(SampleSet set, int k) {
    int n = set.size();
    checkK(n, k);
    requireScored(set);
    LogBinomial lb = new LogBinomial(n);
    double total = noAnswerTerm(set, k, lb);
    Integer[] answered = answeredByScore(set);
    int above = 0;
    for (int start = 0; start < answered.length; ) {
      double s = set.score(answered[start]);
      int end = start;
      int correctInBlock = 0;
      while (end < answered.length && set.score(answered[end]) == s) {
        if (set.isCorrect(answered[end])) correctInBlock++;
        end++;
      }
      int b = end - start;
      if (correctInBlock > 0) {
        int rest = n - above - b;
        double p = 0;
        for (int t = 0; t <= Math.min(b - 1, k - 1); t++) {
          int fromRest = k - 1 - t;
          if (fromRest > rest) continue;
          p += Math.exp(lb.log(b - 1, t) + lb.log(rest, fromRest) - lb.log(n, k)) / (t + 1);
        }
        total += p * correctInBlock;
      }
      above += b;
      start = end;
    }
    return clamp(total);
  }

  /**
   * majority@k (the most frequent answer), exactly.
   *
   * @throws IllegalArgumentException when N > {@value #MAX_EXACT_N} (use {@link #estimate})
   */
  public static double majority(SampleSet set, int k) {
    int n = set.size();
    checkK(n, k);
    if (n > MAX_EXACT_N) {
      throw new IllegalArgumentException("exact majority@k needs N <= " + MAX_EXACT_N + ", got N=" + n + " for '"
          + set.id() + "'; estimate(...) falls back to Monte Carlo");
    }
    int groups = set.groupCount();
    int[] count = new int[groups];
    int[] correct = new int[groups];
    for (int i = 0; i < n; i++) {
      int g = set.group(i);
      if (g == SampleSet.NO_ANSWER) continue;
      count[g]++;
      if (set.isCorrect(i)) correct[g]++;
    }
    LogBinomial lb = new LogBinomial(n);
    double logAll = lb.log(n, k);
    double total = noAnswerTerm(set, k, lb);
    int largest = 0;
    for (int c : count) largest = Math.max(largest, c);
    double[][] binomialRows = new double[n + 1][];
    for (int x = 1; x <= Math.min(k, largest); x++) {
      // groups that can reach x take part in the programme; the others and the unanswered samples
      // are a free pool that can never reach x
      int reaching = 0;
      int pool = n;
      boolean anyCorrect = false;
      for (int g = 0; g < groups; g++) {
        if (count[g] >= x) {
          reaching++;
          pool -= count[g];
          anyCorrect |= correct[g] > 0;
        }
      }
      if (!anyCorrect || (long) reaching * x + pool < k) continue;
      int sMax = Math.min(k, reaching * x);
      int width = reaching + 1;
      // dp[flag][s * width + t]: flag = winner chosen; s samples from the groups so far; t of them tie with x
      double[] dp0 = new double[(sMax + 1) * width];
      double[] dp1 = new double[(sMax + 1) * width];
      double[] next0 = new double[dp0.length];
      double[] next1 = new double[dp1.length];
      dp0[0] = 1;
      int processed = 0;
      int reachable = 0;
      for (int g = 0; g < groups; g++) {
        int m = count[g];
        if (m < x) continue;
        double[] row = binomialRows[m];
        if (row == null) {
          row = binomialRows[m] = binomialRow(m, Math.min(m, k));
        }
        double winnerWeight = (double) correct[g] / m;
        Arrays.fill(next0, 0);
        Arrays.fill(next1, 0);
        for (int s = 0; s <= reachable; s++) {
          for (int t = 0; t <= processed; t++) {
            double a0 = dp0[s * width + t];
            double a1 = dp1[s * width + t];
            if (a0 == 0 && a1 == 0) continue;
            for (int j = 0; j < x && s + j <= sMax; j++) {
              double b = row[j];
              next0[(s + j) * width + t] += a0 * b;
              next1[(s + j) * width + t] += a1 * b;
            }
            if (s + x <= sMax) {
              double b = row[x];
              next0[(s + x) * width + t + 1] += a0 * b;
              next1[(s + x) * width + t + 1] += a1 * b;
              if (winnerWeight > 0) {
                next1[(s + x) * width + t] += a0 * b * winnerWeight;
              }
            }
          }
        }
        double[] swap = dp0;
        dp0 = next0;
        next0 = swap;
        swap = dp1;
        dp1 = next1;
        next1 = swap;
        processed++;
        reachable = Math.min(sMax, reachable + x);
      }
      for (int s = Math.max(0, k - pool); s <= sMax; s++) {
        double fill = Math.exp(lb.log(pool, k - s) - logAll);
        for (int t = 0; t < width; t++) {
          double v = dp1[s * width + t];
          if (v != 0) total += v * fill / (t + 1);
        }
      }
    }
    return clamp(total);
  }

  /**
   * weighted@k (the answer with the largest score sum): exact when there are at most
   * {@code mc.draws()} k-subsets, otherwise a Monte Carlo mean with its standard error.
   */
  public static Estimate weighted(SampleSet set, int k, MonteCarlo mc) {
    checkK(set.size(), k);
    requireScored(set);
    return bySubsets(Selection.WEIGHTED, set, k, mc);
  }

  /**
   * The order-averaged correctness of {@code rule} on the samples {@code subset[0..k)} of
   * {@code set}: the mean over every order of those samples of "the rule chooses a correct one".
   */
  static double subsetValue(Selection rule, SampleSet set, int[] subset, int k) {
    switch (rule) {
      case FIRST: {
        int c = 0;
        for (int i = 0; i < k; i++) if (set.isCorrect(subset[i])) c++;
        return (double) c / k;
      }
      case ORACLE: {
        for (int i = 0; i < k; i++) if (set.isCorrect(subset[i])) return 1;
        return 0;
      }
      case NAIVE: {
        double best = Double.NEGATIVE_INFINITY;
        int members = 0;
        int right = 0;
        for (int i = 0; i < k; i++) {
          int j = subset[i];
          if (!set.hasAnswer(j)) continue;
          double s = set.score(j);
          if (s > best) {
            best = s;
            members = 0;
            right = 0;
          }
          if (s == best) {
            members++;
            if (set.isCorrect(j)) right++;
          }
        }
        return members == 0 ? subsetValue(Selection.FIRST, set, subset, k) : (double) right / members;
      }
      case MAJORITY:
      case WEIGHTED: {
        boolean bySum = rule == Selection.WEIGHTED;
        int groups = set.groupCount();
        double[] weight = new double[groups];
        int[] members = new int[groups];
        int[] right = new int[groups];
        boolean any = false;
        for (int i = 0; i < k; i++) {
          int j = subset[i];
          int g = set.group(j);
          if (g == SampleSet.NO_ANSWER) continue;
          any = true;
          members[g]++;
          weight[g] += bySum ? set.score(j) : 1;
          if (set.isCorrect(j)) right[g]++;
        }
        if (!any) return subsetValue(Selection.FIRST, set, subset, k);
        double best = Double.NEGATIVE_INFINITY;
        for (int g = 0; g < groups; g++) {
          if (members[g] > 0 && weight[g] > best) best = weight[g];
        }
        // the tied groups' samples: the first of them in a random order decides, and is chosen
        int tiedMembers = 0;
        int tiedRight = 0;
        for (int g = 0; g < groups; g++) {
          if (members[g] > 0 && weight[g] == best) {
            tiedMembers += members[g];
            tiedRight += right[g];
          }
        }
        return (double) tiedRight / tiedMembers;
      }
      default:
        throw new IllegalArgumentException("unknown selection rule " + rule);
    }
  }

  /** Exact enumeration of the k-subsets when there are at most {@code mc.draws()}, else Monte Carlo. */
  static Estimate bySubsets(Selection rule, SampleSet set, int k, MonteCarlo mc) {
    int n = set.size();
    double logSubsets = new LogBinomial(n).log(n, k);
    if (logSubsets <= Math.log(mc.draws()) + 1e-9) {
      return Estimate.exact(clamp(enumerate(rule, set, k)));
    }
    RandomGenerator random = new Well19937c(mc.streamSeed(set.id(), k));
    int[] perm = new int[n];
    for (int i = 0; i < n; i++) perm[i] = i;
    double sum = 0;
    double sumSq = 0;
    for (int d = 0; d < mc.draws(); d++) {
      // a partial Fisher-Yates shuffle: perm[0..k) is a uniformly random k-subset
      for (int i = 0; i < k; i++) {
        int j = i + random.nextInt(n - i);
        int tmp = perm[i];
        perm[i] = perm[j];
        perm[j] = tmp;
      }
      double v = subsetValue(rule, set, perm, k);
      sum += v;
      sumSq += v * v;
    }
    int draws = mc.draws();
    double mean = sum / draws;
    double variance = draws < 2 ? 0 : Math.max(0, (sumSq - draws * mean * mean) / (draws - 1));
    return new Estimate(clamp(mean), Math.sqrt(variance / draws), draws);
  }

  private static double enumerate(Selection rule, SampleSet set, int k) {
    int n = set.size();
    int[] idx = new int[k];
    for (int i = 0; i < k; i++) idx[i] = i;
    double sum = 0;
    long subsets = 0;
    while (true) {
      sum += subsetValue(rule, set, idx, k);
      subsets++;
      int i = k - 1;
      while (i >= 0 && idx[i] == n - k + i) i--;
      if (i < 0) break;
      idx[i]++;
      for (int j = i + 1; j < k; j++) idx[j] = idx[j - 1] + 1;
    }
    return sum / subsets;
  }

  /** The contribution of subsets without any answer: then the first (a random) sample is chosen. */
  private static double noAnswerTerm(SampleSet set, int k, LogBinomial lb) {
    int n = set.size();
    int unanswered = 0;
    int unansweredCorrect = 0;
    for (int i = 0; i < n; i++) {
      if (!set.hasAnswer(i)) {
        unanswered++;
        if (set.isCorrect(i)) unansweredCorrect++;
      }
    }
    if (unansweredCorrect == 0 || unanswered < k) return 0;
    return Math.exp(lb.log(unanswered, k) - lb.log(n, k)) * unansweredCorrect / unanswered;
  }

  private static Integer[] answeredByScore(SampleSet set) {
    List<Integer> answered = new ArrayList<>();
    for (int i = 0; i < set.size(); i++) {
      if (set.hasAnswer(i)) answered.add(i);
    }
    Integer[] out = answered.toArray(new Integer[0]);
    Arrays.sort(out, (a, b) -> Double.compare(set.score(b), set.score(a)));
    return out;
  }

  private static void requireScored(SampleSet set) {
    for (int i = 0; i < set.size(); i++) {
      if (set.hasAnswer(i) && Double.isNaN(set.score(i))) {
        throw new IllegalArgumentException("sample " + i + " of '" + set.id() + "' has an answer but no score; "
            + "naive and weighted need reward-model scores");
      }
    }
  }

  private static void checkK(int n, int k) {
    if (k < 1 || k > n) {
      throw new IllegalArgumentException("k must be in [1, N=" + n + "], got " + k);
    }
  }

  private static double clamp(double p) {
    // sums of exact terms can overshoot [0, 1] by rounding
    return Math.max(0, Math.min(1, p));
  }

  /** C(m, 0..upTo) as doubles, by the multiplicative recurrence (exact up to rounding). */
  private static double[] binomialRow(int m, int upTo) {
    double[] row = new double[upTo + 1];
    row[0] = 1;
    for (int j = 1; j <= upTo; j++) {
      row[j] = row[j - 1] * (m - j + 1) / j;
    }
    return row;
  }

  /** log C(a, b) from a table of log-factorials. */
  private static final class LogBinomial {
    private final double[] logFactorial;

    LogBinomial(int n) {
      logFactorial = new double[n + 1];
      for (int i = 2; i <= n; i++) {
        logFactorial[i] = logFactorial[i - 1] + Math.log(i);
      }
    }

    double log(int a, int b) {
      if (b < 0 || b > a) return Double.NEGATIVE_INFINITY;
      return logFactorial[a] - logFactorial[b] - logFactorial[a - b];
    }
  }
}
