package io.ttc4j.prm;

import static io.ttc4j.prm.FakePrm.step;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import io.ttc4j.core.Problem;
import io.ttc4j.core.RewardScores;
import io.ttc4j.core.Trajectory;
import io.ttc4j.core.Usage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BatchingRewardModelTest {

  private static final Problem P = Problem.of("p1", "prompt");
  private static final Duration LONG = Duration.ofHours(1);

  private ScheduledExecutorService scheduler;

  @BeforeEach
  void start() {
    scheduler = Executors.newSingleThreadScheduledExecutor();
  }

  @AfterEach
  void stop() throws InterruptedException {
    scheduler.shutdownNow();
    assertTrue(scheduler.awaitTermination(5, TimeUnit.SECONDS), "scheduler thread ended");
  }

  private static List<Trajectory> trajectories(String prefix, int n) {
    List<Trajectory> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Trajectory t = Trajectory.empty();
      for (int d = 0; d <= i % 3; d++) {
        t = t.append(step(prefix + "-" + i + "-" + d));
      }
      out.add(t);
    }
    return out;
  }

  private static void assertScores(Problem p, List<Trajectory> asked, RewardScores got) {
    assertEquals(asked.size(), got.stepScores().size());
    for (int i = 0; i < asked.size(); i++) {
      assertArrayEquals(FakePrm.scores(p, asked.get(i)), got.stepScores().get(i), "trajectory " + i);
    }
  }

  @Test
  void preservesEachCallersScoresAndOrder() {
    qt().withExamples(100).forAll(longs().all(), integers().between(1, 12), integers().between(1, 25))
        .checkAssert((seed, batchSize, requests) -> {
          SplittableRandom r = new SplittableRandom(seed);
          FakePrm prm = FakePrm.immediate();
          BatchingRewardModel batching = new BatchingRewardModel(prm, batchSize, LONG, scheduler);
          Problem[] problems = {P, Problem.of("p2", "other")};
          List<List<Trajectory>> asked = new ArrayList<>();
          List<Problem> of = new ArrayList<>();
          List<CompletableFuture<RewardScores>> results = new ArrayList<>();
          for (int q = 0; q < requests; q++) {
            List<Trajectory> ts = trajectories("q" + q, 1 + r.nextInt(2 * batchSize));
            Problem p = problems[r.nextInt(2)];
            asked.add(ts);
            of.add(p);
            results.add(batching.score(p, ts));
          }
          batching.close();
          long prmCalls = 0;
          long cost = 0;
          for (int q = 0; q < requests; q++) {
            RewardScores got = results.get(q).join();
            assertScores(of.get(q), asked.get(q), got);
            assertEquals(asked.get(q).size(), got.usage().prmCalls(), "usage in proportion to trajectories");
            prmCalls += got.usage().prmCalls();
            cost += got.usage().costNanoUsd();
          }
          assertEquals(prm.trajectoriesScored.get(), prmCalls);
          assertEquals(7 * prm.trajectoriesScored.get(), cost);
          assertTrue(prm.calls.get() <= requests);
          for (int size : prm.batchSizes) {
            assertTrue(size <= 2 * batchSize, "only a single oversized request exceeds the batch size");
          }
        });
  }

  @Test
  void manyConcurrentSearchesShareBatches() throws Exception {
    FakePrm prm = FakePrm.immediate();
    BatchingRewardModel batching = new BatchingRewardModel(prm, 16, Duration.ofMillis(5), scheduler);
    ExecutorService searches = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int s = 0; s < 8; s++) {
        int search = s;
        done.add(searches.submit(() -> {
          for (int q = 0; q < 40; q++) {
            List<Trajectory> ts = trajectories("s" + search + "q" + q, 1 + (q % 4));
            assertScores(P, ts, batching.score(P, ts).join());
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      searches.shutdown();
      assertTrue(searches.awaitTermination(5, TimeUnit.SECONDS));
    }
    assertEquals(8 * 40 * 10 / 4, prm.trajectoriesScored.get());
    assertTrue(prm.calls.get() < 8 * 40, "requests were batched: " + prm.calls.get() + " calls");
  }

  @Test
  void aFullBatchLeavesAtOnce() {
    FakePrm prm = FakePrm.immediate();
    BatchingRewardModel batching = new BatchingRewardModel(prm, 4, LONG, scheduler);
    CompletableFuture<RewardScores> a = batching.score(P, trajectories("a", 3));
    assertFalse(a.isDone());
    CompletableFuture<RewardScores> b = batching.score(P, trajectories("b", 1));
    assertTrue(a.isDone() && b.isDone(), "4 of 4: sent without waiting");
    assertEquals(List.of(4), List.copyOf(prm.batchSizes));
  }

  @Test
  void aRequestThatWouldOverflowSendsTheOpenBatchFirst() {
    FakePrm prm = FakePrm.immediate();
    BatchingRewardModel batching = new BatchingRewardModel(prm, 4, LONG, scheduler);
    CompletableFuture<RewardScores> a = batching.score(P, trajectories("a", 3));
    CompletableFuture<RewardScores> b = batching.score(P, trajectories("b", 2));
    assertTrue(a.isDone());
    assertFalse(b.isDone());
    CompletableFuture<RewardScores> c = batching.score(P, trajectories("c", 9));
    assertTrue(b.isDone() && c.isDone());
    assertEquals(List.of(3, 2, 9), List.copyOf(prm.batchSizes));
  }

  @Test
  void theTimerSendsABatchThatDoesNotFill() {
    FakePrm prm = FakePrm.immediate();
    BatchingRewardModel batching = new BatchingRewardModel(prm, 100, Duration.ofMillis(20), scheduler);
    List<Trajectory> ts = trajectories("a", 2);
    RewardScores r = batching.score(P, ts).orTimeout(10, TimeUnit.SECONDS).join();
    assertScores(P, ts, r);
    assertEquals(1, prm.calls.get());
  }

  @Test
  void aFailedBatchFailsEveryCaller() {
    FakePrm prm = FakePrm.immediate();
    prm.failWith = new IllegalStateException("out of memory on the GPU");
    BatchingRewardModel batching = new BatchingRewardModel(prm, 3, LONG, scheduler);
    CompletableFuture<RewardScores> a = batching.score(P, trajectories("a", 1));
    CompletableFuture<RewardScores> b = batching.score(P, trajectories("b", 2));
    for (CompletableFuture<RewardScores> f : List.of(a, b)) {
      CompletionException e = assertThrows(CompletionException.class, f::join);
      assertEquals("out of memory on the GPU", e.getCause().getMessage());
    }
    assertEquals(1, prm.calls.get());
  }

  @Test
  void cancellingOneCallerDoesNotCancelTheOthers() {
    FakePrm prm = FakePrm.manual();
    BatchingRewardModel batching = new BatchingRewardModel(prm, 10, LONG, scheduler);
    List<Trajectory> kept = trajectories("kept", 2);
    CompletableFuture<RewardScores> gone = batching.score(P, trajectories("gone", 3));
    CompletableFuture<RewardScores> stays = batching.score(P, kept);
    gone.cancel(true);
    batching.close();
    assertEquals(List.of(2), List.copyOf(prm.batchSizes), "a caller cancelled before sending leaves the batch");
    prm.completeAll();
    assertScores(P, kept, stays.join());
    assertEquals(2, stays.join().usage().prmCalls());
  }

  @Test
  void aCallerCancelledInFlightLosesOnlyItsOwnResult() {
    FakePrm prm = FakePrm.manual();
    BatchingRewardModel batching = new BatchingRewardModel(prm, 3, LONG, scheduler);
    List<Trajectory> kept = trajectories("kept", 2);
    CompletableFuture<RewardScores> gone = batching.score(P, trajectories("gone", 1));
    CompletableFuture<RewardScores> stays = batching.score(P, kept);
    gone.cancel(true);
    assertFalse(prm.pending.peek().future().isCancelled(), "the batch call goes on");
    prm.completeAll();
    RewardScores r = stays.join();
    assertScores(P, kept, r);
    assertEquals(2, r.usage().prmCalls());
  }

  @Test
  void closeSendsOpenBatchesAndRejectsNewRequests() {
    FakePrm prm = FakePrm.immediate();
    BatchingRewardModel batching = new BatchingRewardModel(prm, 100, LONG, scheduler);
    CompletableFuture<RewardScores> a = batching.score(P, trajectories("a", 2));
    batching.close();
    assertTrue(a.isDone());
    CompletionException e = assertThrows(CompletionException.class,
        () -> batching.score(P, trajectories("b", 1)).join());
    assertTrue(e.getCause() instanceof IllegalStateException);
    batching.close();
  }

  @Test
  void anEmptyRequestCostsNothing() {
    FakePrm prm = FakePrm.immediate();
    RewardScores r = new BatchingRewardModel(prm, 2, LONG, scheduler).score(P, List.of()).join();
    assertEquals(Usage.ZERO, r.usage());
    assertEquals(0, prm.calls.get());
  }

  @Test
  void aRejectedTimerSendsTheBatchAtOnce() throws InterruptedException {
    ScheduledExecutorService dead = Executors.newSingleThreadScheduledExecutor();
    dead.shutdown();
    assertTrue(dead.awaitTermination(5, TimeUnit.SECONDS));
    FakePrm prm = FakePrm.immediate();
    List<Trajectory> ts = trajectories("a", 1);
    assertScores(P, ts, new BatchingRewardModel(prm, 10, LONG, dead).score(P, ts).join());
  }

  @Test
  void validatesArguments() {
    FakePrm prm = FakePrm.immediate();
    assertEquals("maxBatchSize must be >= 1, got 0", assertThrows(IllegalArgumentException.class,
        () -> new BatchingRewardModel(prm, 0, LONG, scheduler)).getMessage());
    assertEquals("maxWait must be positive, got PT0S", assertThrows(IllegalArgumentException.class,
        () -> new BatchingRewardModel(prm, 1, Duration.ZERO, scheduler)).getMessage());
    assertThrows(NullPointerException.class, () -> new BatchingRewardModel(prm, 1, LONG, null));
  }
}
