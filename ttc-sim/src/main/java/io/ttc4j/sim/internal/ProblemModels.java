package io.ttc4j.sim.internal;

import io.ttc4j.core.AnswerEquivalence;
import io.ttc4j.core.Problem;
import io.ttc4j.sim.SimulatorPreset;
import java.util.Objects;

/**
 * A bounded cache of {@link ProblemModel}s: a sweep over thousands of problems keeps at most
 * {@link #SLOTS} models, and a miss only costs rebuilding one. Models are immutable; a full cache is
 * emptied and refilled (a sweep's working set is its problems, far fewer than the bound). A
 * direct-mapped table was used before and made about a tenth of MATH-500's problems evict each
 * other on every call.
 */
public final class ProblemModels {

  /** The most models kept. */
  public static final int SLOTS = 4096;

  private final SimulatorPreset preset;
  private final AnswerEquivalence check;
  // keyed by id (its hash is cached; a record's hash would walk the metadata on every call); a
  // different problem under the same id replaces the entry
  private final java.util.concurrent.ConcurrentHashMap<String, ProblemModel> models =
      new java.util.concurrent.ConcurrentHashMap<>();

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
    ProblemModel m = models.get(problem.id());
    if (m != null && (m.problem == problem || m.problem.equals(problem))) {
      return m;
    }
    if (models.size() >= SLOTS) {
      models.clear();
    }
    m = new ProblemModel(problem, preset, check);
    models.put(problem.id(), m);
    return m;
  }
}
