package io.ttc4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import com.google.common.base.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ComputeMeterTest {

  @Test
  void reservesWorstCaseAndReturnsTheUnusedPart() {
    ComputeMeter m = ComputeMeter.start(Budget.tokens(1000));
    ComputeMeter.Reservation r = m.reserve(Usage.ofGeneration(4, 50, 0, 800));
    assertEquals(800, m.inFlight().completionTokens());
    assertTrue(m.tryReserve(Usage.ofGeneration(1, 10, 0, 201)).isEmpty(), "800 in flight + 201 > 1000");
    r.reconcile(Usage.ofGeneration(4, 50, 10, 300));
    assertEquals(300, m.spent().completionTokens());
    assertEquals(0, m.inFlight().completionTokens());
    assertEquals(700, m.remaining().completionTokens());
    assertTrue(m.tryReserve(Usage.ofGeneration(1, 10, 0, 700)).isPresent());
  }

  @Test
  void settlesOnceWhateverRaces() {
    ComputeMeter m = ComputeMeter.start(Budget.tokens(100));
    ComputeMeter.Reservation r = m.reserve(Usage.ofGeneration(1, 0, 0, 100));
    r.reconcile(Usage.ofGeneration(1, 0, 0, 40));
    r.release();
    assertEquals(Usage.ZERO, r.reconcile(Usage.ofGeneration(1, 0, 0, 40)));
    assertEquals(40, m.spent().completionTokens());
    assertEquals(Usage.ZERO, m.inFlight());
  }

  @Test
  void namesTheLimitThatDoesNotFit() {
    ComputeMeter m = ComputeMeter.start(Budget.builder().generations(3).prmCalls(5).build());
    BudgetExhaustedException e = assertThrows(BudgetExhaustedException.class,
        () -> m.reserve(Usage.ofGeneration(4, 0, 0, 0)));
    assertTrue(e.getMessage().startsWith("generations"), e.getMessage());
    assertEquals(StopReason.BUDGET, e.stopReason());
    e = assertThrows(BudgetExhaustedException.class, () -> m.reserve(Usage.ofPrmCalls(6)));
    assertTrue(e.getMessage().startsWith("prmCalls"), e.getMessage());
  }

  @Test
  void pricesWorstCaseUncachedAndActualWithCache() {
    PriceModel prices = new PriceModel(3.0, 0.3, 15.0);
    ComputeMeter m = ComputeMeter.start(Budget.builder().usd(0.01, prices).build());
    // worst case: 1000 prompt tokens at $3/M + 200 completion at $15/M = 3000 + 3000 micro... = $0.006
    ComputeMeter.Reservation r = m.reserve(Usage.ofGeneration(1, 1000, 0, 200));
    assertEquals(6_000_000L, r.amount().costNanoUsd());
    assertTrue(m.tryReserve(Usage.ofGeneration(1, 1000, 0, 200)).isEmpty(), "$0.012 > $0.01");
    Usage actual = r.reconcile(Usage.ofGeneration(1, 1000, 800, 100));
    // 200 uncached * 3000 + 800 cached * 300 + 100 * 15000 nano-USD
    assertEquals(200 * 3000L + 800 * 300L + 100 * 15000L, actual.costNanoUsd());
    assertEquals(actual, m.spent());
    assertEquals(Usage.ZERO, m.overshoot());
  }

  @Test
  void recordsAndFlagsAGeneratorThatReportsMoreThanAllowed() {
    ComputeMeter m = ComputeMeter.start(Budget.tokens(100));
    ComputeMeter.Reservation r = m.reserve(Usage.ofGeneration(1, 0, 0, 100));
    r.reconcile(Usage.ofGeneration(1, 0, 0, 130));
    assertEquals(130, m.spent().completionTokens(), "the truth is recorded, never hidden");
    assertEquals(30, m.overshoot().completionTokens());
  }

  @Test
  void deadlineStopsReservations() {
    AtomicLong now = new AtomicLong();
    Ticker t = new Ticker() {
      @Override
      public long read() {
        return now.get();
      }
    };
    ComputeMeter m = ComputeMeter.start(Budget.builder().deadline(Duration.ofMillis(10)).build(), t);
    assertTrue(m.tryReserve(Usage.ofGeneration(1, 0, 0, 1)).isPresent());
    now.set(TimeUnit.MILLISECONDS.toNanos(10));
    assertTrue(m.isPastDeadline());
    BudgetExhaustedException e = assertThrows(BudgetExhaustedException.class,
        () -> m.reserve(Usage.ofGeneration(1, 0, 0, 1)));
    assertEquals(StopReason.DEADLINE, e.stopReason());
    assertEquals(0, m.maxUnits(Usage.ZERO, Usage.ofGeneration(1, 0, 0, 1), 5));
  }

  @Test
  void maxUnitsIsTheLargestBatchThatFits() {
    ComputeMeter m = ComputeMeter.start(Budget.builder().completionTokens(1000).promptTokens(120).build());
    Usage prompt = Usage.ofGeneration(0, 100, 0, 0);
    Usage sample = Usage.ofGeneration(1, 0, 0, 300);
    assertEquals(3, m.maxUnits(prompt, sample, 8));
    assertEquals(2, m.maxUnits(prompt, sample, 2));
    m.reserve(Usage.ofGeneration(0, 30, 0, 0));
    assertEquals(0, m.maxUnits(prompt, sample, 8), "prompt tokens no longer fit");
  }

  /**
   * The hard-limit property: many threads race to reserve random worst cases and reconcile random
   * actual usages at most their reservation; at every moment spent plus in flight is within every
   * limit, and at the end spent is within every limit.
   */
  @Test
  void neverExceedsABudgetWhenManyCallsRace() {
    qt().withExamples(40).withShrinkCycles(5)
        .forAll(longs().between(1, 50_000), longs().between(1, 200), integers().between(1, 8), longs().all())
        .checkAssert((tokenLimit, generationLimit, threads, seed) -> {
          Budget budget = Budget.builder().completionTokens(tokenLimit).generations(generationLimit)
              .promptTokens(tokenLimit * 3).usd(tokenLimit * 2e-6, PriceModel.of(0.28, 0.48)).build();
          ComputeMeter m = ComputeMeter.start(budget);
          AtomicReference<String> violation = new AtomicReference<>();
          runRacers(threads, seed, m, violation);
          assertEquals(null, violation.get());
          assertTrue(m.spent().isWithin(budget.limit()), () -> m.spent() + " exceeds " + budget);
          assertEquals(Usage.ZERO, m.inFlight());
          assertEquals(Usage.ZERO, m.overshoot());
        });
  }

  private static void runRacers(int threads, long seed, ComputeMeter m, AtomicReference<String> violation) {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        SplittableRandom rnd = new SplittableRandom(seed + t);
        fs.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < 200; i++) {
            int n = 1 + rnd.nextInt(8);
            long maxTokens = 1 + rnd.nextInt(2000);
            long prompt = rnd.nextInt(500);
            var r = m.tryReserve(Usage.ofGeneration(n, prompt, 0, n * maxTokens));
            Usage seen = m.spent().plus(m.inFlight());
            if (!seen.isWithin(m.budget().limit())) {
              violation.compareAndSet(null, "spent+inFlight " + seen + " over " + m.budget());
            }
            if (r.isPresent()) {
              if (rnd.nextInt(10) == 0) {
                r.get().release();
              } else {
                long done = rnd.nextLong(n * maxTokens + 1);
                r.get().reconcile(Usage.ofGeneration(n, prompt, rnd.nextLong(prompt + 1), done));
              }
            }
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : fs) {
        f.get(60, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      throw new AssertionError(e);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void unlimitedBudgetNeverRefuses() {
    ComputeMeter m = ComputeMeter.start(Budget.unlimited());
    assertTrue(m.tryReserve(Usage.ofGeneration(1_000_000, 1L << 40, 0, 1L << 50)).isPresent());
    assertFalse(m.isPastDeadline());
    assertEquals(Long.MAX_VALUE, m.remainingNanos());
  }
}
