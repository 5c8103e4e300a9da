package io.ttc4j.prm.internal;

import it.unimi.dsi.fastutil.ints.IntArrays;

/** Rank statistics without boxing. */
public final class Ranks {

  private Ranks() {}

  /**
   * The area under the ROC curve of {@code scores} for telling {@code positive} items from the
   * others, by the Mann–Whitney U statistic with mid-ranks for ties: the probability that a random
   * positive scores higher than a random negative, ties counting one half. {@code NaN} when either
   * class is empty. O(n log n).
   */
  public static double rocAuc(double[] scores, boolean[] positive) {
    int n = scores.length;
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    IntArrays.quickSort(order, (a, b) -> Double.compare(scores[a], scores[b]));
    long positives = 0;
    double rankSum = 0; // sum of 1-based mid-ranks of the positives
    int i = 0;
    while (i < n) {
      int j = i;
      int tiedPositives = 0;
      while (j < n && Double.compare(scores[order[j]], scores[order[i]]) == 0) {
        tiedPositives += positive[order[j]] ? 1 : 0;
        j++;
      }
      double midRank = (i + 1 + j) / 2.0; // mean of ranks i+1 .. j
      rankSum += tiedPositives * midRank;
      positives += tiedPositives;
      i = j;
    }
    long negatives = n - positives;
    if (positives == 0 || negatives == 0) {
      return Double.NaN;
    }
    double u = rankSum - positives * (positives + 1) / 2.0;
    return u / ((double) positives * negatives);
  }
}
