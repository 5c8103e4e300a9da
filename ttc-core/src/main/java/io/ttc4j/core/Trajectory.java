package io.ttc4j.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * An immutable sequence of steps from the root, shared structurally: a child points at its parent,
 * so a beam of 256 partial solutions that share prefixes costs 256 small nodes, not 256 copies.
 *
 * <p>Equality is identity: two trajectories built separately with equal steps are different nodes
 * of a search tree. Use {@link #sameSteps(Trajectory)} to compare contents.
 */
public final class Trajectory {

  /** The separator placed between step texts by {@link #text()}. */
  public static final String STEP_SEPARATOR = "\n\n";

  private static final Trajectory EMPTY = new Trajectory(null, null);

  private final Trajectory parent;
  private final Step step;
  private final int depth;
  private final long tokens;
  private final long contentHash;

  private Trajectory(Trajectory parent, Step step) {
    this.parent = parent;
    this.step = step;
    this.depth = parent == null ? 0 : parent.depth + 1;
    this.tokens = parent == null ? 0 : parent.tokens + step.tokens();
    this.contentHash = parent == null ? 0x2545F4914F6CDD1DL
        : mix(parent.contentHash ^ mix(step.text().hashCode() * 31L + step.end().ordinal()));
  }

  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** The empty trajectory, the root of every search tree. */
  public static Trajectory empty() {
    return EMPTY;
  }

  /** A trajectory of the given steps, in order. */
  public static Trajectory of(List<Step> steps) {
    Trajectory t = EMPTY;
    for (Step s : steps) {
      t = t.append(s);
    }
    return t;
  }

  /** A new trajectory with {@code next} after this one; this one is unchanged and shared. */
  public Trajectory append(Step next) {
    Objects.requireNonNull(next, "next");
    if (isFinished()) {
      throw new IllegalStateException("cannot append to a finished trajectory (depth " + depth + ")");
    }
    return new Trajectory(this, next);
  }

  /** A new trajectory with all {@code next} steps appended in order. */
  public Trajectory appendAll(List<Step> next) {
    Trajectory t = this;
    for (Step s : next) {
      t = t.append(s);
    }
    return t;
  }

  /** The prefix without the last step, or {@code null} for the empty trajectory. */
  public Trajectory parent() {
    return parent;
  }

  /** The last step, or {@code null} for the empty trajectory. */
  public Step lastStep() {
    return step;
  }

  /** Number of steps. */
  public int depth() {
    return depth;
  }

  /** Whether there are no steps. */
  public boolean isEmpty() {
    return depth == 0;
  }

  /** Completion tokens of all steps. */
  public long tokens() {
    return tokens;
  }

  /**
   * A 64-bit hash of the step texts and ends from the root, computed once per node in O(1) from the
   * parent's. Trajectories with the same steps have the same hash ({@link #sameSteps} decides
   * equality); use it to key caches and seed per-prefix randomness without walking the prefix.
   */
  public long contentHash() {
    return contentHash;
  }

  /** Whether the last step ended the solution (end of solution or length cut). */
  public boolean isFinished() {
    return step != null && step.end().isTerminal();
  }

  /** Whether the solution ended normally (not cut by the token limit). */
  public boolean isComplete() {
    return step != null && step.end() == StepEnd.END_OF_SOLUTION;
  }

  /** The steps from the root, in order (a new list; O(depth)). */
  public List<Step> steps() {
    if (depth == 0) {
      return List.of();
    }
    Step[] out = new Step[depth];
    Trajectory t = this;
    for (int i = depth - 1; i >= 0; i--) {
      out[i] = t.step;
      t = t.parent;
    }
    return Collections.unmodifiableList(java.util.Arrays.asList(out));
  }

  /** The step texts from the root joined by {@link #STEP_SEPARATOR}. */
  public String text() {
    List<Step> steps = steps();
    List<String> texts = new ArrayList<>(steps.size());
    for (Step s : steps) {
      texts.add(s.text());
    }
    return String.join(STEP_SEPARATOR, texts);
  }

  /** Whether {@code other} holds the same step texts and ends, in the same order. */
  public boolean sameSteps(Trajectory other) {
    if (other == this) {
      return true;
    }
    if (other == null || other.depth != depth) {
      return false;
    }
    Trajectory a = this;
    Trajectory b = other;
    while (a.depth > 0) {
      if (a == b) {
        return true;
      }
      if (!a.step.text().equals(b.step.text()) || a.step.end() != b.step.end()) {
        return false;
      }
      a = a.parent;
      b = b.parent;
    }
    return true;
  }

  @Override
  public String toString() {
    return "Trajectory[depth=" + depth + ", tokens=" + tokens + ", finished=" + isFinished() + "]";
  }
}
