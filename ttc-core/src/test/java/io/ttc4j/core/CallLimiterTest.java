package io.ttc4j.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class CallLimiterTest {

  @Test
  void rejectsLessThanOnePermit() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CallLimiter(0));
    assertEquals("maxPermits must be >= 1, got 0", e.getMessage());
  }

  @Test
  void grantsUpToTheLimitAtOnceThenQueues() {
    CallLimiter limiter = new CallLimiter(2);
    CompletableFuture<CallLimiter.Permit> a = limiter.acquire();
    CompletableFuture<CallLimiter.Permit> b = limiter.acquire();
    CompletableFuture<CallLimiter.Permit> c = limiter.acquire();
    assertTrue(a.isDone() && b.isDone());
    assertFalse(c.isDone());
    assertEquals(2, limiter.inUse());
    assertEquals(1, limiter.waiting());

    a.join().release();
    assertTrue(c.isDone(), "the released permit goes to the waiter");
    assertEquals(2, limiter.inUse());
    assertEquals(0, limiter.waiting());
    b.join().release();
    c.join().release();
    assertEquals(0, limiter.inUse());
  }

  @Test
  void releasingTwiceReleasesOnce() {
    CallLimiter limiter = new CallLimiter(1);
    CallLimiter.Permit p = limiter.acquire().join();
    CompletableFuture<CallLimiter.Permit> w1 = limiter.acquire();
    CompletableFuture<CallLimiter.Permit> w2 = limiter.acquire();
    p.release();
    p.release();
    assertTrue(p.isReleased());
    assertTrue(w1.isDone());
    assertFalse(w2.isDone(), "a second release of the same permit must not free another");
    assertEquals(1, limiter.inUse());
  }

  @Test
  void servesLowerPriorityValuesFirstAndFifoWithinAPriority() {
    CallLimiter limiter = new CallLimiter(1);
    CallLimiter.Permit held = limiter.acquire(0).join();
    List<String> order = new ArrayList<>();
    long[] priorities = {5, 1, 3, 1, 5, 0};
    for (int i = 0; i < priorities.length; i++) {
      String name = "p" + priorities[i] + "#" + i;
      limiter.acquire(priorities[i]).thenAccept(permit -> {
        order.add(name);
        permit.release(); // hands over to the next waiter, trampolined on this thread
      });
    }
    held.release();
    assertEquals(List.of("p0#5", "p1#1", "p1#3", "p3#2", "p5#0", "p5#4"), order);
    assertEquals(0, limiter.inUse());
  }

  @Test
  void grantOrderIsTheStableSortOfPriorities() {
    qt().withExamples(200).forAll(lists().of(integers().between(-3, 3)).ofSizeBetween(0, 30)).checkAssert(ps -> {
      CallLimiter limiter = new CallLimiter(1);
      CallLimiter.Permit held = limiter.acquire(Long.MIN_VALUE).join();
      List<Integer> granted = new ArrayList<>();
      for (int i = 0; i < ps.size(); i++) {
        int index = i;
        limiter.acquire(ps.get(i)).thenAccept(p -> {
          granted.add(index);
          p.release();
        });
      }
      held.release();
      List<Integer> expected = IntStream.range(0, ps.size()).boxed()
          .sorted(Comparator.comparingInt(ps::get)).toList(); // stable: ties in arrival order
      assertEquals(expected, granted);
      assertEquals(0, limiter.inUse());
    });
  }

  @Test
  void aCancelledWaiterIsSkippedAndLeaksNoPermit() {
    CallLimiter limiter = new CallLimiter(1);
    CallLimiter.Permit held = limiter.acquire().join();
    CompletableFuture<CallLimiter.Permit> cancelled = limiter.acquire(0);
    CompletableFuture<CallLimiter.Permit> next = limiter.acquire(1);
    assertTrue(cancelled.cancel(false));
    assertEquals(1, limiter.waiting(), "a cancelled waiter leaves the queue at once");
    held.release();
    assertTrue(next.isDone());
    next.join().release();
    assertEquals(0, limiter.inUse());
    assertEquals(0, limiter.waiting());
  }

  @Test
  void aWaiterAbandonedWhileItsPermitIsOnTheWayPassesItOn() {
    CallLimiter limiter = new CallLimiter(1);
    CallLimiter.Permit held = limiter.acquire().join();
    CompletableFuture<CallLimiter.Permit> first = limiter.acquire();
    CompletableFuture<CallLimiter.Permit> second = limiter.acquire();
    first.complete(null); // abandoned by other means than cancel: it stays queued until its turn
    held.release();
    assertTrue(second.isDone() && second.join() != null);
    second.join().release();
    assertEquals(0, limiter.inUse());
  }

  @Test
  void aLongChainOfImmediateReleasesDoesNotRecurse() {
    CallLimiter limiter = new CallLimiter(1);
    CallLimiter.Permit held = limiter.acquire().join();
    AtomicInteger served = new AtomicInteger();
    int waiters = 100_000;
    for (int i = 0; i < waiters; i++) {
      limiter.acquire().thenAccept(p -> {
        served.incrementAndGet();
        p.release();
      });
    }
    held.release();
    assertEquals(waiters, served.get());
    assertEquals(0, limiter.inUse());
  }

  @Test
  void manyThreadsNeverHoldMoreThanThePermitsAndLeakNone() throws InterruptedException {
    int permits = 3;
    CallLimiter limiter = new CallLimiter(permits);
    AtomicInteger holding = new AtomicInteger();
    AtomicInteger maxHolding = new AtomicInteger();
    AtomicInteger granted = new AtomicInteger();
    int threads = 4;
    int perThread = 5_000;
    CountDownLatch done = new CountDownLatch(threads);
    List<CompletableFuture<?>> all = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int t = 0; t < threads; t++) {
      long seed = t;
      new Thread(() -> {
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < perThread; i++) {
          CompletableFuture<CallLimiter.Permit> f = limiter.acquire(r.nextInt(4));
          all.add(f.thenAccept(p -> {
            int now = holding.incrementAndGet();
            maxHolding.accumulateAndGet(now, Math::max);
            granted.incrementAndGet();
            holding.decrementAndGet();
            p.release();
          }));
          if (r.nextInt(3) == 0) {
            f.cancel(false);
          }
        }
        done.countDown();
      }, "limiter-test-" + t).start();
    }
    done.await();
    assertTrue(maxHolding.get() <= permits, "held at once: " + maxHolding.get());
    assertEquals(0, limiter.inUse());
    assertEquals(0, limiter.waiting());
    long completedNormally = all.stream().filter(f -> f.isDone() && !f.isCompletedExceptionally()).count();
    assertEquals(granted.get(), completedNormally);
  }
}
