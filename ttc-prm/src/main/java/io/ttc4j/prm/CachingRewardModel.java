package io.ttc4j.prm;

import com.google.common.cache.CacheBuilder;
import io.ttc4j.core.ProcessRewardModel;
import io.ttc4j.core.Problem;
import io.ttc4j.core.RewardScores;
import io.ttc4j.core.Trajectory;
import io.ttc4j.core.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A reward model that remembers the step scores of every trajectory node it has scored, so that a
 * prefix is never scored twice.
 *
 * <p><b>What is saved, honestly.</b> A PRM must read a node's whole path to score its last step, so
 * the cache cannot ask the delegate for "only the new step": a node not seen before is sent whole
 * (one PRM call, {@link Usage#prmCalls()} 1), whatever its ancestors cost. What the cache saves is
 * the repeated work: a node that was scored before, for the same problem, is answered from memory
 * and costs 0 PRM calls. That is the usual waste in step-level search, where beam search, DVTS or a
 * final re-ranking ask again for prefixes they already scored. A request whose every trajectory is
 * cached costs nothing and never reaches the delegate.
 *
 * <p><b>Keys.</b> Entries are keyed by trajectory node, by identity (as {@link Trajectory} defines
 * equality), and held weakly: when a search drops a node, its entry goes with it. The cache is also
 * bounded by a maximum number of entries. An entry remembers the problem it was scored for; asking
 * for the same node with a different problem (not {@link Problem#equals equal}) scores it again and
 * replaces the entry. The empty trajectory has no steps and is never sent.
 *
 * <p><b>Concurrency.</b> Thread-safe and non-blocking. Concurrent requests for the same node share
 * one in-flight delegate call: the first request sends it, the others wait on its future. A failed
 * call is not remembered: the next request retries. Cancelling a returned future cancels neither the
 * delegate call nor other callers' futures. Each returned array is the caller's own copy.
 *
 * <p><b>Usage.</b> A result reports the delegate's usage for the trajectories this request sent to
 * the delegate, and nothing for those served from memory or from another request's call in flight,
 * so the usages of all requests sum to what the delegate reported.
 *
 * <p>The delegate must be deterministic for the cache to be invisible: cached and uncached scores are
 * identical only when scoring the same node twice gives the same scores.
 */
public final class CachingRewardModel implements ProcessRewardModel {

  /** The default bound on the number of cached nodes. */
  public static final long DEFAULT_MAXIMUM_SIZE = 100_000;

  private static final double[] NO_STEPS = new double[0];

  private final ProcessRewardModel delegate;
  private final long maximumSize;
  private final ConcurrentMap<Trajectory, Entry> entries;
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();

  /** A node's scores (done) or the delegate call that will produce them (in flight). */
  private static final class Entry {
    final Problem problem;
    final CompletableFuture<double[]> scores = new CompletableFuture<>();

    Entry(Problem problem) {
      this.problem = problem;
    }

    boolean serves(Problem p) {
      return problem.equals(p) && !scores.isCompletedExceptionally();
    }
  }

  /**
   * A cache in front of {@code delegate}.
   *
   * @param delegate    the reward model to ask for nodes not cached
   * @param maximumSize the most nodes kept, at least 1
   */
  public CachingRewardModel(ProcessRewardModel delegate, long maximumSize) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    if (maximumSize < 1) {
      throw new IllegalArgumentException("maximumSize must be >= 1, got " + maximumSize);
    }
    this.maximumSize = maximumSize;
    this.entries = CacheBuilder.newBuilder()
        .weakKeys() // identity keys, dropped with the node
        .maximumSize(maximumSize)
        .<Trajectory, Entry>build()
        .asMap();
  }

  /** A cache in front of {@code delegate} bounded by {@link #DEFAULT_MAXIMUM_SIZE} nodes. */
  public static CachingRewardModel of(ProcessRewardModel delegate) {
    return new CachingRewardModel(delegate, DEFAULT_MAXIMUM_SIZE);
  }

  /**
   * Counts since this cache was built.
   *
   * @param hits   trajectories answered without sending them (from memory, or by sharing another
   *               request's call in flight)
   * @param misses trajectories sent to the delegate
   */
  public record Stats(long hits, long misses) {

    /** Hits over all non-empty trajectories requested, or {@code NaN} before the first request. */
    public double hitRate() {
      long total = hits + misses;
      return total == 0 ? Double.NaN : (double) hits / total;
    }
  }

  /** What this cache has saved so far. */
  public Stats stats() {
    return new Stats(hits.sum(), misses.sum());
  }

  /** The bound on the number of cached nodes. */
  public long maximumSize() {
    return maximumSize;
  }

  /** The decorated reward model. */
  public ProcessRewardModel delegate() {
    return delegate;
  }

  @Override
  public String name() {
    return "cached(" + delegate.name() + ")";
  }

  @Override
  public CompletableFuture<RewardScores> score(Problem problem, List<Trajectory> trajectories) {
    Objects.requireNonNull(problem, "problem");
    Objects.requireNonNull(trajectories, "trajectories");
    int n = trajectories.size();
    @SuppressWarnings("unchecked")
    CompletableFuture<double[]>[] parts = new CompletableFuture[n];
    List<Trajectory> send = new ArrayList<>();
    List<Entry> owned = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Trajectory t = trajectories.get(i);
      if (t == null) {
        throw new NullPointerException("trajectories[" + i + "]");
      }
      if (t.isEmpty()) {
        parts[i] = CompletableFuture.completedFuture(NO_STEPS);
        continue;
      }
      Entry mine = null;
      Entry found;
      while (true) {
        found = entries.get(t);
        if (found != null && found.serves(problem)) {
          break;
        }
        Entry fresh = new Entry(problem);
        boolean claimed = found == null ? entries.putIfAbsent(t, fresh) == null : entries.replace(t, found, fresh);
        if (claimed) {
          mine = fresh;
          found = fresh;
          break;
        }
      }
      if (mine != null) {
        send.add(t);
        owned.add(mine);
        misses.increment();
      } else {
        hits.increment();
      }
      parts[i] = found.scores;
    }
    CompletableFuture<Usage> usage = send.isEmpty()
        ? CompletableFuture.completedFuture(Usage.ZERO)
        : sendToDelegate(problem, send, owned);
    return CompletableFuture.allOf(parts).thenCombine(usage, (ignored, spent) -> {
      List<double[]> out = new ArrayList<>(n);
      for (CompletableFuture<double[]> p : parts) {
        out.add(p.join().clone());
      }
      return new RewardScores(out, spent);
    });
  }

  /** One delegate call for the nodes this request claimed; completes (or fails and forgets) their entries. */
  private CompletableFuture<Usage> sendToDelegate(Problem problem, List<Trajectory> send, List<Entry> owned) {
    CompletableFuture<RewardScores> call;
    try {
      call = Objects.requireNonNull(delegate.score(problem, List.copyOf(send)),
          "reward model " + delegate.name() + " returned a null future");
    } catch (RuntimeException e) {
      call = CompletableFuture.failedFuture(e);
    }
    return call.handle((res, err) -> {
      Throwable failure = err;
      if (failure == null) {
        failure = mismatch(res, send);
      }
      if (failure != null) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
            ? failure.getCause() : failure;
        for (int i = 0; i < owned.size(); i++) {
          entries.remove(send.get(i), owned.get(i));
          owned.get(i).scores.completeExceptionally(cause);
        }
        throw cause instanceof RuntimeException re ? re : new CompletionException(cause);
      }
      for (int i = 0; i < owned.size(); i++) {
        owned.get(i).scores.complete(res.stepScores().get(i).clone());
      }
      return res.usage();
    });
  }

  private IllegalStateException mismatch(RewardScores res, List<Trajectory> sent) {
    if (res == null || res.stepScores().size() != sent.size()) {
      return new IllegalStateException("reward model " + delegate.name() + " returned "
          + (res == null ? "null" : res.stepScores().size() + " score arrays") + " for " + sent.size()
          + " trajectories");
    }
    for (int i = 0; i < sent.size(); i++) {
      double[] s = res.stepScores().get(i);
      if (s == null || s.length != sent.get(i).depth()) {
        return new IllegalStateException("reward model " + delegate.name() + " returned "
            + (s == null ? "no" : String.valueOf(s.length)) + " step scores for trajectory " + i + " of "
            + sent.get(i).depth() + " steps");
      }
    }
    return null;
  }
}
