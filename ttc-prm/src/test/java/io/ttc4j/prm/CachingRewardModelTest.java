package io.ttc4j.prm;

import static io.ttc4j.prm.FakePrm.last;
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
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class CachingRewardModelTest {

  private static final Problem P = Problem.of("p1", "prompt");

  /** A random search tree: children of random unfinished nodes, texts from a small alphabet (so equal-text siblings occur). */
  static List<Trajectory> randomTree(SplittableRandom r, int size) {
    List<Trajectory> nodes = new ArrayList<>();
    nodes.add(Trajectory.empty());
    while (nodes.size() < size) {
      Trajectory parent = nodes.get(r.nextInt(nodes.size()));
      if (parent.isFinished()) {
        continue;
      }
      String text = "s" + r.nextInt(3);
      nodes.add(parent.append(r.nextInt(5) == 0 ? last(text) : step(text)));
    }
    return nodes;
  }

  @Test
  void cachedScoresEqualUncachedAndNeverCostMore() {
    qt().withExamples(200).forAll(longs().all(), integers().between(2, 60), integers().between(1, 30))
        .checkAssert((seed, treeSize, requests) -> {
          SplittableRandom r = new SplittableRandom(seed);
          List<Trajectory> tree = randomTree(r, treeSize);
          FakePrm direct = FakePrm.immediate();
          FakePrm behind = FakePrm.immediate();
          CachingRewardModel cache = CachingRewardModel.of(behind);
          Set<Trajectory> asked = Collections.newSetFromMap(new IdentityHashMap<>());
          long reportedCalls = 0;
          for (int q = 0; q < requests; q++) {
            List<Trajectory> request = new ArrayList<>();
            int n = r.nextInt(8);
            for (int i = 0; i < n; i++) {
              request.add(tree.get(r.nextInt(tree.size())));
            }
            RewardScores expected = direct.score(P, request).join();
            RewardScores got = cache.score(P, request).join();
            assertEquals(request.size(), got.stepScores().size());
            for (int i = 0; i < request.size(); i++) {
              assertArrayEquals(expected.stepScores().get(i), got.stepScores().get(i));
              if (!request.get(i).isEmpty()) {
                asked.add(request.get(i));
              }
            }
            reportedCalls += got.usage().prmCalls();
          }
          assertTrue(behind.trajectoriesScored.get() <= direct.trajectoriesScored.get());
          assertEquals(asked.size(), behind.trajectoriesScored.get(), "every node is sent exactly once");
          assertEquals(behind.trajectoriesScored.get(), reportedCalls, "usage counts only what was sent");
          assertEquals(asked.size(), cache.stats().misses());
        });
  }

  @Test
  void racingThreadsSendEachNodeOnce() throws Exception {
    SplittableRandom r = new SplittableRandom(42);
    List<Trajectory> tree = randomTree(r, 400);
    FakePrm prm = FakePrm.immediate();
    CachingRewardModel cache = CachingRewardModel.of(prm);
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
    try {
      List<java.util.concurrent.Future<Long>> runs = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        long seed = w;
        runs.add(pool.submit(() -> {
          SplittableRandom rr = new SplittableRandom(seed);
          long reported = 0;
          for (int q = 0; q < 300; q++) {
            List<Trajectory> request = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
              request.add(tree.get(rr.nextInt(tree.size())));
            }
            RewardScores got = cache.score(P, request).join();
            for (int i = 0; i < request.size(); i++) {
              assertArrayEquals(FakePrm.scores(P, request.get(i)), got.stepScores().get(i));
            }
            reported += got.usage().prmCalls();
          }
          return reported;
        }));
      }
      long reported = 0;
      for (java.util.concurrent.Future<Long> f : runs) {
        reported += f.get(30, java.util.concurrent.TimeUnit.SECONDS);
      }
      assertEquals(prm.trajectoriesScored.get(), reported);
      assertEquals(cache.stats().misses(), prm.trajectoriesScored.get());
      assertTrue(prm.trajectoriesScored.get() <= tree.size() - 1, "no node sent twice");
    } finally {
      pool.shutdown();
      assertTrue(pool.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS));
    }
  }

  @Test
  void aFullyCachedRequestCostsNothingAndNeverReachesTheDelegate() {
    FakePrm prm = FakePrm.immediate();
    CachingRewardModel cache = CachingRewardModel.of(prm);
    Trajectory a = Trajectory.empty().append(step("a"));
    Trajectory ab = a.append(step("b"));
    assertEquals(2, cache.score(P, List.of(a, ab)).join().usage().prmCalls());
    RewardScores again = cache.score(P, List.of(ab, a, ab)).join();
    assertEquals(0, again.usage().prmCalls());
    assertEquals(1, prm.calls.get());
    assertArrayEquals(FakePrm.scores(P, ab), again.stepScores().get(0));
    assertEquals(new CachingRewardModel.Stats(3, 2), cache.stats());
  }

  @Test
  void aNewChildIsSentWholeEvenWhenItsPrefixIsCached() {
    FakePrm prm = FakePrm.immediate();
    CachingRewardModel cache = CachingRewardModel.of(prm);
    Trajectory a = Trajectory.empty().append(step("a"));
    cache.score(P, List.of(a)).join();
    Trajectory ab = a.append(step("b"));
    RewardScores r = cache.score(P, List.of(a, ab)).join();
    assertEquals(1, r.usage().prmCalls(), "only the new node costs a call");
    assertEquals(2, prm.calls.get());
    assertEquals(List.of(1, 1), List.copyOf(prm.batchSizes));
  }

  @Test
  void theEmptyTrajectoryIsNeverSent() {
    FakePrm prm = FakePrm.immediate();
    RewardScores r = CachingRewardModel.of(prm).score(P, List.of(Trajectory.empty())).join();
    assertEquals(0, r.stepScores().get(0).length);
    assertEquals(0, prm.calls.get());
  }

  @Test
  void concurrentIdenticalRequestsShareOneCallInFlight() {
    FakePrm prm = FakePrm.manual();
    CachingRewardModel cache = CachingRewardModel.of(prm);
    Trajectory a = Trajectory.empty().append(step("a")).append(step("b"));
    CompletableFuture<RewardScores> first = cache.score(P, List.of(a));
    CompletableFuture<RewardScores> second = cache.score(P, List.of(a));
    assertEquals(1, prm.calls.get());
    assertFalse(second.isDone());
    assertEquals(1, prm.completeAll());
    assertArrayEquals(first.join().stepScores().get(0), second.join().stepScores().get(0));
    assertEquals(1, first.join().usage().prmCalls());
    assertEquals(0, second.join().usage().prmCalls());
  }

  @Test
  void cancellingOneCallerLeavesTheSharedCallAndOtherCallers() {
    FakePrm prm = FakePrm.manual();
    CachingRewardModel cache = CachingRewardModel.of(prm);
    Trajectory a = Trajectory.empty().append(step("a"));
    CompletableFuture<RewardScores> first = cache.score(P, List.of(a));
    CompletableFuture<RewardScores> second = cache.score(P, List.of(a));
    first.cancel(true);
    assertFalse(prm.pending.peek().future().isCancelled());
    prm.completeAll();
    assertArrayEquals(FakePrm.scores(P, a), second.join().stepScores().get(0));
    assertEquals(0, cache.score(P, List.of(a)).join().usage().prmCalls(), "the result was kept");
  }

  @Test
  void aFailureFailsTheCallersAndIsNotRemembered() {
    FakePrm prm = FakePrm.immediate();
    CachingRewardModel cache = CachingRewardModel.of(prm);
    Trajectory a = Trajectory.empty().append(step("a"));
    prm.failWith = new IllegalStateException("server down");
    CompletionException e = assertThrows(CompletionException.class, () -> cache.score(P, List.of(a)).join());
    assertEquals("server down", e.getCause().getMessage());
    prm.failWith = null;
    assertEquals(1, cache.score(P, List.of(a)).join().usage().prmCalls(), "retried");
    assertEquals(2, prm.calls.get());
  }

  @Test
  void aDelegateReturningTheWrongShapeFails() {
    CachingRewardModel cache = CachingRewardModel.of(
        (problem, ts) -> CompletableFuture.completedFuture(new RewardScores(List.of(new double[1]), io.ttc4j.core.Usage.ZERO)));
    Trajectory ab = Trajectory.empty().append(step("a")).append(step("b"));
    CompletionException e = assertThrows(CompletionException.class, () -> cache.score(P, List.of(ab)).join());
    assertTrue(e.getCause().getMessage().contains("returned 1 step scores for trajectory 0 of 2 steps"),
        e.getCause().getMessage());
  }

  @Test
  void anotherProblemIsScoredAgain() {
    FakePrm prm = FakePrm.immediate();
    CachingRewardModel cache = CachingRewardModel.of(prm);
    Trajectory a = Trajectory.empty().append(step("a"));
    Problem other = Problem.of("p2", "another prompt");
    cache.score(P, List.of(a)).join();
    RewardScores r = cache.score(other, List.of(a)).join();
    assertEquals(1, r.usage().prmCalls());
    assertArrayEquals(FakePrm.scores(other, a), r.stepScores().get(0));
  }

  @Test
  void theSizeIsBounded() {
    FakePrm prm = FakePrm.immediate();
    CachingRewardModel cache = new CachingRewardModel(prm, 3);
    List<Trajectory> nodes = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      nodes.add(Trajectory.empty().append(step("n" + i)));
      cache.score(P, List.of(nodes.get(i))).join();
    }
    assertEquals(1, cache.score(P, List.of(nodes.get(0))).join().usage().prmCalls(), "evicted long ago");
    assertEquals(0, cache.score(P, List.of(nodes.get(9))).join().usage().prmCalls(), "still there");
  }

  @Test
  void callersGetTheirOwnArrays() {
    CachingRewardModel cache = CachingRewardModel.of(FakePrm.immediate());
    Trajectory a = Trajectory.empty().append(step("a"));
    double[] mine = cache.score(P, List.of(a)).join().stepScores().get(0);
    double expected = mine[0];
    mine[0] = -1;
    assertEquals(expected, cache.score(P, List.of(a)).join().stepScores().get(0)[0]);
  }

  @Test
  void validatesArguments() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new CachingRewardModel(FakePrm.immediate(), 0));
    assertEquals("maximumSize must be >= 1, got 0", e.getMessage());
    assertThrows(NullPointerException.class, () -> CachingRewardModel.of(null));
    CachingRewardModel cache = CachingRewardModel.of(FakePrm.immediate());
    assertEquals("cached(FakePrm)", cache.name());
  }
}
