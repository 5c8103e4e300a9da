package io.ttc4j.eval.cli;

import io.ttc4j.prm.BigBenchMistake;
import io.ttc4j.prm.LabelledSolution;
import io.ttc4j.prm.PrmEvaluation;
import io.ttc4j.prm.PrmMetrics;
import io.ttc4j.prm.ScoreFile;
import io.ttc4j.prm.ScoredSolution;
import io.ttc4j.prm.StepAggregation;
import io.ttc4j.prm.StepScorer;
import io.ttc4j.sim.Simulator;
import io.ttc4j.sim.SimulatorPreset;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ttc prm-eval}: process reward model quality from scored, labelled steps: step-level ROC AUC,
 * outcome AUC and ProcessBench-style first-error F1. Either a score file in the documented format
 * ({@link ScoreFile}), or a baseline scorer on the bundled BIG-Bench-Mistake traces.
 */
@Command(
    name = "prm-eval",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "PRM quality from scored, labelled steps: step AUC, outcome AUC and first-error F1 (ProcessBench style). "
            + "Give a score file (JSONL: id, steps, step_scores, first_error, optional correct), or run a baseline "
            + "scorer on the bundled BIG-Bench-Mistake traces to see the floor a PRM must beat.",
        ""})
final class PrmEvalCommand implements Callable<Integer> {

  @Spec
  CommandSpec spec;

  static final class Input {
    @Option(names = "--steps", paramLabel = "FILE", required = true, description = "A score file (JSONL).")
    Path steps;

    @Option(names = "--big-bench-mistake", paramLabel = "TASK", required = true,
        description = "A bundled BIG-Bench-Mistake task, or 'all' (tasks: dyck_languages, logical_deduction, "
            + "multistep_arithmetic, tracking_shuffled_objects, word_sorting).")
    String task;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Input input;

  @Option(names = "--scorer", paramLabel = "NAME", defaultValue = "position",
      description = "Scorer for --big-bench-mistake: simulator (the simulated PRM of --preset, scoring the real "
          + "labelled steps with its noise, detection lag and blind spots), position (step i scores 1/(i+2)) or "
          + "random (default: ${DEFAULT-VALUE}).")
  String scorer;

  @Option(names = "--preset", paramLabel = "NAME", defaultValue = "math500",
      description = "Simulator preset of --scorer simulator (default: ${DEFAULT-VALUE}).")
  String preset;

  @Option(names = "--seed", defaultValue = "0", description = "Seed of the random scorer (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--threshold", defaultValue = "0.5",
      description = "A step scoring below it is predicted to be the first error (default: ${DEFAULT-VALUE}).")
  double threshold;

  @Option(names = "--aggregation", paramLabel = "AGG", defaultValue = "min",
      description = "Step-score aggregation for the outcome AUC (default: ${DEFAULT-VALUE}).")
  String aggregation;

  @Override
  public Integer call() {
    if (!(threshold >= 0 && threshold <= 1)) {
      throw new IllegalArgumentException("--threshold must be in [0, 1], got " + threshold);
    }
    StepAggregation agg = StepAggregation.parse(aggregation);
    List<ScoredSolution> scored;
    String what;
    if (input.steps != null) {
      scored = ScoreFile.read(input.steps);
      what = input.steps.toString();
    } else {
      List<LabelledSolution> solutions = "all".equals(input.task)
          ? BigBenchMistake.loadAll() : BigBenchMistake.load(input.task);
      StepScorer s;
      switch (scorer) {
        case "position":
          s = StepScorer.byPosition();
          break;
        case "random":
          s = StepScorer.random(seed);
          break;
        case "simulator":
          Simulator sim = Simulator.create(SimulatorPreset.named(preset), seed);
          s = x -> sim.labelledStepScores(x.id(), x.steps().size(), x.firstError());
          break;
        default:
          throw new IllegalArgumentException("--scorer must be simulator, position or random, got '" + scorer + "'");
      }
      scored = new ArrayList<>(solutions.size());
      for (LabelledSolution x : solutions) {
        scored.add(new ScoredSolution(x, s.score(x)));
      }
      what = "BIG-Bench-Mistake " + input.task + ", " + scorer + " scorer"
          + ("simulator".equals(scorer) ? " (preset " + preset + ")" : "");
    }
    PrmEvaluation e = PrmMetrics.evaluate(scored, threshold, agg);
    PrintWriter out = spec.commandLine().getOut();
    out.println(what);
    out.println(e.summary());
    out.flush();
    return 0;
  }
}
