package io.ttc4j.bench;

import io.ttc4j.core.Continuation;
import io.ttc4j.core.GenerationResult;
import io.ttc4j.core.Problem;
import io.ttc4j.core.SamplingSpec;
import io.ttc4j.core.Step;
import io.ttc4j.core.StepEnd;
import io.ttc4j.core.Trajectory;
import io.ttc4j.datasets.Datasets;
import io.ttc4j.sim.Simulator;
import io.ttc4j.sim.SimulatorPreset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.openjdk.jol.info.GraphLayout;

/**
 * The memory a step-level search tree retains: {@code beams} nodes per depth for {@code depth}
 * steps, every node kept (the worst case: a search that never drops a pruned branch), built the way
 * beam search builds it (at each depth, {@code beams / width} survivors get {@code width} children
 * each). Step texts and token counts are real simulator steps of MATH-500 problems, so the bytes
 * of text are representative; they are reused across nodes as a generator's distinct strings would
 * not be, so the texts are counted once per node explicitly (see {@link Footprint#textBytes}).
 *
 * <p>Sizes come from JOL's object-graph walk ({@link GraphLayout}), on the running JVM's layout
 * (compressed oops and compact strings on a default 64-bit HotSpot under 32 GB of heap).
 */
public final class TreeFootprint {

  /**
   * What a tree retains.
   *
   * @param nodes          trajectory nodes in the tree (the empty root not counted)
   * @param structureBytes bytes of the nodes and their steps, texts excluded
   * @param textBytes      bytes the step texts take when each node has its own string (as
   *                       continuations from a server do)
   */
  public record Footprint(long nodes, long structureBytes, long textBytes) {

    /** Structure and texts together. */
    public long totalBytes() {
      return structureBytes + textBytes;
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%d nodes: %.2f MB in all (structure %.2f MB = %.1f B/node, texts %.2f MB)",
          nodes, totalBytes() / 1e6, structureBytes / 1e6, structureBytes / (double) nodes, textBytes / 1e6);
    }
  }

  private TreeFootprint() {}

  /**
   * Builds and measures a tree.
   *
   * @param beams nodes per depth, a multiple of {@code width}
   * @param width children per survivor
   * @param depth steps deep
   * @param seed  chooses the survivors
   */
  public static Footprint measure(int beams, int width, int depth, long seed) {
    if (beams < 1 || width < 1 || beams % width != 0) {
      throw new IllegalArgumentException("beams must be a positive multiple of width, got beams=" + beams + ", width="
          + width);
    }
    if (depth < 1) {
      throw new IllegalArgumentException("depth must be >= 1, got " + depth);
    }
    List<Step> steps = simulatorSteps(256, seed);
    SplittableRandom random = new SplittableRandom(seed);
    List<Trajectory> all = new ArrayList<>(beams * depth);
    List<Trajectory> survivors = List.of(Trajectory.empty());
    long textBytes = 0;
    int next = 0;
    for (int d = 0; d < depth; d++) {
      List<Trajectory> level = new ArrayList<>(beams);
      int perParent = beams / survivors.size();
      for (Trajectory parent : survivors) {
        for (int c = 0; c < perParent; c++) {
          Step template = steps.get(next++ % steps.size());
          // a distinct String per node, as every continuation from a server is
          Step step = new Step(new String(template.text().toCharArray()), template.tokens(), template.logProbability(),
              StepEnd.STEP_BOUNDARY);
          textBytes += GraphLayout.parseInstance(step.text()).totalSize();
          level.add(parent.append(step));
        }
      }
      all.addAll(level);
      List<Trajectory> kept = new ArrayList<>(beams / width);
      List<Trajectory> pool = new ArrayList<>(level);
      for (int i = 0; i < beams / width; i++) {
        kept.add(pool.remove(random.nextInt(pool.size())));
      }
      survivors = kept;
    }
    long total = GraphLayout.parseInstance(all.toArray()).totalSize();
    return new Footprint(all.size(), total - textBytes, textBytes);
  }

  /** Distinct one-step continuations of the simulator on MATH-500 problems. */
  private static List<Step> simulatorSteps(int count, long seed) {
    Simulator sim = Simulator.create(SimulatorPreset.named("math500"), seed);
    List<Problem> problems = Datasets.load("math500");
    List<Step> out = new ArrayList<>(count);
    for (int i = 0; out.size() < count; i++) {
      Problem p = problems.get(i % problems.size());
      GenerationResult r = sim.generator().generate(p, Trajectory.empty(), SamplingSpec.oneStep(4, 0.8, 2048, seed + i))
          .join();
      for (Continuation c : r.continuations()) {
        for (Step s : c.steps()) {
          if (out.size() < count) out.add(s);
        }
      }
    }
    return out;
  }

  /**
   * Prints the footprint of a 256-beam × 40-step tree (width 4) with every node kept, and as its
   * last line {@code retained_mb=...}.
   *
   * @param args optional: beams, width, depth
   */
  public static void main(String[] args) {
    // JOL on JDK 17 without -Djdk.attach.allowAttachSelf: read field offsets the "magic" way
    if (System.getProperty("jol.magicFieldOffset") == null) System.setProperty("jol.magicFieldOffset", "true");
    int beams = args.length > 0 ? Integer.parseInt(args[0]) : 256;
    int width = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    int depth = args.length > 2 ? Integer.parseInt(args[2]) : 40;
    Footprint f = measure(beams, width, depth, 1);
    System.out.println(beams + "-beam x " + depth + "-step tree (width " + width + "), every node kept: " + f);
    System.out.printf(Locale.ROOT, "retained_mb=%.3f%n", f.totalBytes() / 1e6);
  }
}
