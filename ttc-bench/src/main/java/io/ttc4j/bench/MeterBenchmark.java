package io.ttc4j.bench;

import io.ttc4j.core.Budget;
import io.ttc4j.core.ComputeMeter;
import io.ttc4j.core.Usage;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reserve-then-reconcile on one {@link ComputeMeter}, alone and with two threads sharing the meter
 * (the calls of one search complete on different threads). Every model call pays this twice.
 */
@State(Scope.Group)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MeterBenchmark {

  private static final Usage WORST = Usage.ofGeneration(4, 400, 0, 4 * 2048);
  private static final Usage ACTUAL = Usage.ofGeneration(4, 380, 0, 4 * 300);

  private ComputeMeter meter;

  /** A meter with a budget far above what the benchmark spends. */
  @Setup
  public void setup() {
    meter = ComputeMeter.start(Budget.builder().completionTokens(Long.MAX_VALUE / 4).build());
  }

  /** One reservation and its reconciliation, one thread. */
  @Benchmark
  @Group("alone")
  @GroupThreads(1)
  public Usage reserveReconcile() {
    return meter.reserve(WORST).reconcile(ACTUAL);
  }

  /** The same with two threads on one meter. */
  @Benchmark
  @Group("shared")
  @GroupThreads(2)
  public Usage reserveReconcileShared() {
    return meter.reserve(WORST).reconcile(ACTUAL);
  }
}
