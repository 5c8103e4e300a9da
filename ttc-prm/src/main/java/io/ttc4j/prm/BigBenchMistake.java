package io.ttc4j.prm;

import io.ttc4j.prm.internal.JsonLine;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The bundled BIG-Bench-Mistake traces (Tyen et al., 2024; Apache-2.0): chain-of-thought solutions of
 * five BIG-Bench tasks, each step-split and annotated with the index of its first logical mistake, as
 * labelled solutions for {@link PrmMetrics}.
 *
 * <p>Each line's {@code input} becomes the question, {@code steps} the steps and
 * {@code mistake_index} the first error ({@code null}: none). A solution is {@code correct} when its
 * {@code answer} equals the {@code target} exactly (after trimming); the data set has solutions that
 * reach the target despite a mistake, and a few with no mistake and a wrong answer. Ids are
 * {@code <task>-<line>}, the 1-based line of the task's file ({@code word_sorting-17}).
 *
 * <table>
 *   <caption>Tasks</caption>
 *   <tr><th>task</th><th>solutions</th><th>with a mistake</th><th>steps</th></tr>
 *   <tr><td>{@code dyck_languages}</td><td>986</td><td>650</td><td>24178</td></tr>
 *   <tr><td>{@code logical_deduction}</td><td>300</td><td>294</td><td>2497</td></tr>
 *   <tr><td>{@code multistep_arithmetic}</td><td>300</td><td>238</td><td>1506</td></tr>
 *   <tr><td>{@code tracking_shuffled_objects}</td><td>300</td><td>260</td><td>1617</td></tr>
 *   <tr><td>{@code word_sorting}</td><td>300</td><td>266</td><td>3508</td></tr>
 * </table>
 *
 * <p>Sources and the licence are in {@code io/ttc4j/prm/data/big-bench-mistake/NOTICE.md} on the
 * classpath. Every call parses the resource again; keep the list if you need it twice.
 */
public final class BigBenchMistake {

  private static final String ROOT = "/io/ttc4j/prm/data/big-bench-mistake/";
  private static final List<String> TASKS = List.of(
      "dyck_languages", "logical_deduction", "multistep_arithmetic", "tracking_shuffled_objects", "word_sorting");

  private BigBenchMistake() {}

  /** The task names, in a stable order. */
  public static List<String> tasks() {
    return TASKS;
  }

  /**
   * The solutions of {@code task}, in file order.
   *
   * @throws IllegalArgumentException when {@code task} is not one of {@link #tasks()}
   */
  public static List<LabelledSolution> load(String task) {
    Objects.requireNonNull(task, "task");
    if (!TASKS.contains(task)) {
      throw new IllegalArgumentException("task must be one of " + TASKS + ", got '" + task + "'");
    }
    String resource = ROOT + task + ".jsonl";
    InputStream in = BigBenchMistake.class.getResourceAsStream(resource);
    if (in == null) {
      throw new IllegalStateException("bundled resource " + resource + " is missing from the classpath");
    }
    return List.copyOf(JsonLine.readAll(in, resource.substring(1), line -> parse(task, line)));
  }

  /** The solutions of every task, task by task in {@link #tasks()} order. */
  public static List<LabelledSolution> loadAll() {
    List<LabelledSolution> out = new ArrayList<>();
    for (String task : TASKS) {
      out.addAll(load(task));
    }
    return List.copyOf(out);
  }

  private static LabelledSolution parse(String task, JsonLine line) {
    String input = line.string("input");
    List<String> steps = line.strings("steps");
    if (steps.isEmpty()) {
      throw line.fail("steps", "must hold at least one step");
    }
    String target = line.string("target");
    String answer = line.optionalString("answer", null);
    int mistake = line.optionalIndex("mistake_index", LabelledSolution.NO_ERROR);
    if (mistake >= steps.size()) {
      throw line.fail("mistake_index", "must be a step index below " + steps.size() + " or null, got " + mistake);
    }
    boolean correct = answer != null && answer.strip().equals(target.strip());
    return new LabelledSolution(task + "-" + line.number(), input, steps, mistake, correct);
  }
}
