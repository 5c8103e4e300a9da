package io.ttc4j.sim.internal;

import io.ttc4j.core.AnswerEquivalence;
import io.ttc4j.core.Problem;
import io.ttc4j.sim.SimulatorPreset;
import java.util.Objects;

/**
 * A bounded, direct-mapped cache of {@link ProblemModel}s: a sweep over thousands of problems
 * keeps at most {@link #SLOTS} models, and a miss only costs rebuilding one. Thread-safe without
 * locks: models are immutable and published through final fields, so a racy read sees either a
 * complete model or another (or no) entry, and then rebuilds.
 */
public final class ProblemModels {

  /** Number of cache slots. */
  public static final int SLOTS = 4096;

  private final SimulatorPreset preset;
  private final AnswerEquivalence check;
  private final ProblemModel[] slots = new ProblemModel[SLOTS];

  /**
   * Models of {@code preset}.
   *
   * @param check optional equivalence: wrong answers it finds equivalent to the reference are dropped
   */
  public ProblemModels(SimulatorPreset preset, AnswerEquivalence check) {
    this.preset = Objects.requireNonNull(preset, "preset");
    this.check = check;
  }

  /** The preset the models follow. */
  public SimulatorPreset preset() {
    return preset;
  }

  /** The model of {@code problem}. */
  public ProblemModel of(Problem problem) {
    Objects.requireNonNull(problem, "problem");
    int slot = (problem.id().hashCode() * 0x9E3779B9 >>> 20) & (SLOTS - 1);
    ProblemModel m = slots[slot];
    if (m != null && (m.problem == problem || m.problem.equals(problem))) {
      return m;
    }
    m = new ProblemModel(problem, preset, check);
    slots[slot] = m;
    return m;
  }
}
