package io.ttc4j.strategies;

import io.ttc4j.core.Budget;
import io.ttc4j.core.ComputeMeter;
import io.ttc4j.core.GenerationResult;
import io.ttc4j.core.Generator;
import io.ttc4j.core.Problem;
import io.ttc4j.core.ProcessRewardModel;
import io.ttc4j.core.RewardScores;
import io.ttc4j.core.SamplingSpec;
import io.ttc4j.core.SearchContext;
import io.ttc4j.core.SearchResult;
import io.ttc4j.core.SearchStrategy;
import io.ttc4j.core.Trajectory;
import io.ttc4j.core.Usage;
import io.ttc4j.datasets.Datasets;
import io.ttc4j.datasets.MathAnswers;
import io.ttc4j.sim.Simulator;
import io.ttc4j.sim.SimulatorPreset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/** The math500 simulator, its problems, and decorators that count and record what the models see. */
final class SimFixture {
  private SimFixture() {}

  static final SimulatorPreset MATH500 = SimulatorPreset.named("math500");
  static final List<Problem> PROBLEMS = Datasets.load("math500");

  static Simulator sim(long seed) {
    return Simulator.create(MATH500, seed);
  }

  static Problem problem(int i) {
    return PROBLEMS.get(Math.floorMod(i, PROBLEMS.size()));
  }

  /** A context over the given models: tests that inspect the meter run strategies through it directly. */
  static SearchContext context(Generator g, ProcessRewardModel prm, Budget budget, long seed) {
    return new SearchContext(g, prm, ComputeMeter.start(budget), MathAnswers.extractor(), MathAnswers.equivalence(),
        seed);
  }

  /** Runs {@code strategy} on the math500 simulator without latency. */
  static SearchResult run(SearchStrategy strategy, Problem p, Budget budget, long simSeed, long searchSeed) {
    return run(strategy, p, budget, MATH500, simSeed, searchSeed);
  }

  /** Runs {@code strategy} on a simulator of {@code preset} without latency. */
  static SearchResult run(SearchStrategy strategy, Problem p, Budget budget, SimulatorPreset preset, long simSeed,
      long searchSeed) {
    Simulator sim = Simulator.create(preset, simSeed);
    return strategy.search(p, context(sim.generator(), sim.prm(), budget, searchSeed)).join();
  }

  /** A single-thread scheduler for artificial latency that forgets cancelled deliveries at once. */
  static ScheduledThreadPoolExecutor scheduler() {
    ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "sim-latency");
      t.setDaemon(true);
      return t;
    });
    s.setRemoveOnCancelPolicy(true);
    return s;
  }

  /** One generator call as the generator saw it. */
  record Call(Trajectory prefix, SamplingSpec spec) {}

  /**
   * Counts what a generator reports for the calls that complete, the calls in flight, and records
   * every call; cancelling a returned future cancels the delegate's.
   */
  static final class CountingGenerator implements Generator {
    final Generator delegate;
    final AtomicInteger calls = new AtomicInteger();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicReference<Usage> seen = new AtomicReference<>(Usage.ZERO);
    final List<Call> log = new ArrayList<>();

    CountingGenerator(Generator delegate) {
      this.delegate = delegate;
    }

    @Override
    public CompletableFuture<GenerationResult> generate(Problem problem, Trajectory prefix, SamplingSpec spec) {
      calls.incrementAndGet();
      synchronized (log) {
        log.add(new Call(prefix, spec));
      }
      inFlight.incrementAndGet();
      CompletableFuture<GenerationResult> inner = delegate.generate(problem, prefix, spec);
      CompletableFuture<GenerationResult> outer = new CompletableFuture<>() {
        @Override
        public boolean cancel(boolean mayInterrupt) {
          boolean done = super.cancel(mayInterrupt);
          inner.cancel(mayInterrupt);
          return done;
        }
      };
      inner.whenComplete((r, e) -> {
        inFlight.decrementAndGet();
        if (e == null && !outer.isDone()) {
          seen.accumulateAndGet(r.usage(), Usage::plus);
        }
        if (e != null) outer.completeExceptionally(e);
        else outer.complete(r);
      });
      return outer;
    }

    @Override
    public long promptTokensUpperBound(Problem problem, Trajectory prefix) {
      return delegate.promptTokensUpperBound(problem, prefix);
    }

    List<Call> log() {
      synchronized (log) {
        return List.copyOf(log);
      }
    }
  }

  /** Counts what a reward model reports for the calls that complete, and records every node it is asked to score. */
  static final class CountingPrm implements ProcessRewardModel {
    final ProcessRewardModel delegate;
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicReference<Usage> seen = new AtomicReference<>(Usage.ZERO);
    final List<Trajectory> scored = new ArrayList<>();

    CountingPrm(ProcessRewardModel delegate) {
      this.delegate = delegate;
    }

    @Override
    public CompletableFuture<RewardScores> score(Problem problem, List<Trajectory> trajectories) {
      synchronized (scored) {
        scored.addAll(trajectories);
      }
      inFlight.incrementAndGet();
      CompletableFuture<RewardScores> inner = delegate.score(problem, trajectories);
      CompletableFuture<RewardScores> outer = new CompletableFuture<>() {
        @Override
        public boolean cancel(boolean mayInterrupt) {
          boolean done = super.cancel(mayInterrupt);
          inner.cancel(mayInterrupt);
          return done;
        }
      };
      inner.whenComplete((r, e) -> {
        inFlight.decrementAndGet();
        if (e == null && !outer.isDone()) {
          seen.accumulateAndGet(r.usage(), Usage::plus);
        }
        if (e != null) outer.completeExceptionally(e);
        else outer.complete(r);
      });
      return outer;
    }
  }

  /** The usage both decorators saw, as one usage (cost not counted). */
  static Usage seen(CountingGenerator g, CountingPrm p) {
    return g.seen.get().plus(p == null ? Usage.ZERO : p.seen.get());
  }

  /** {@code u} without its cost, for comparing with what models report. */
  static Usage noCost(Usage u) {
    return u.withCostNanoUsd(0);
  }
}
