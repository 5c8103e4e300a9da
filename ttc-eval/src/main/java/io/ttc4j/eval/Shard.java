package io.ttc4j.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One of {@code count} disjoint, deterministic slices of a data set's problems, for running a sweep
 * on several machines (a job array, each job pointed at its own inference server): shard K of N
 * holds the problems at positions K−1, K−1+N, K−1+2N, … of the data set (after {@code --limit}).
 * Taking every N-th problem rather than a block spreads the data set's order (levels, subjects)
 * evenly over the shards, so each takes about as long. The N shards together hold every problem
 * exactly once, and their run folders merge ({@code ttc report}) into the report of an unsharded run.
 *
 * @param index the shard, 1-based: 1 ≤ index ≤ count
 * @param count the number of shards, at least 1
 */
public record Shard(int index, int count) {

  /** Validates. */
  public Shard {
    if (count < 1) {
      throw new IllegalArgumentException("shard count must be >= 1, got " + count);
    }
    if (index < 1 || index > count) {
      throw new IllegalArgumentException("shard index must be in [1, " + count + "], got " + index);
    }
  }

  /**
   * Parses {@code K/N}, for example {@code 2/8}.
   *
   * @throws IllegalArgumentException naming the text when it is not K/N with 1 ≤ K ≤ N
   */
  public static Shard parse(String text) {
    Objects.requireNonNull(text, "text");
    String[] parts = text.trim().split("/", -1);
    if (parts.length != 2) {
      throw new IllegalArgumentException("expected K/N such as 2/8, got '" + text + "'");
    }
    try {
      return new Shard(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("expected K/N with integers K and N, got '" + text + "'", e);
    }
  }

  /** Whether the problem at {@code position} (0-based, in data-set order) belongs to this shard. */
  public boolean holds(int position) {
    return position % count == index - 1;
  }

  /** The problems of this shard, in data-set order. */
  public <T> List<T> select(List<T> problems) {
    List<T> out = new ArrayList<>();
    for (int i = 0; i < problems.size(); i++) {
      if (holds(i)) out.add(problems.get(i));
    }
    return out;
  }

  /** {@code K/N}. */
  @Override
  public String toString() {
    return index + "/" + count;
  }
}
