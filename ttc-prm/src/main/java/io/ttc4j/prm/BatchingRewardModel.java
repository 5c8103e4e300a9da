package io.ttc4j.prm;

import io.ttc4j.core.ProcessRewardModel;
import io.ttc4j.core.Problem;
import io.ttc4j.core.RewardScores;
import io.ttc4j.core.Trajectory;
import io.ttc4j.core.Usage;
import io.ttc4j.prm.internal.UsageSplit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A reward model that gathers the requests of many concurrent callers (searches, or the many small
 * calls of one search) into batches and sends each batch to the delegate in one call, so that a
 * served PRM runs one large forward pass instead of many small ones.
 *
 * <p><b>When a batch is sent.</b> Requests for the same problem ({@link Problem#equals equal}) join
 * the open batch of that problem; the core SPI scores one problem per call, so requests for
 * different problems never share a batch. A batch is sent as soon as it holds {@code maxBatchSize}
 * trajectories, or {@code maxWait} after its first request arrived, whichever comes first. A request
 * is never split: one that would overflow the open batch sends that batch first and opens a new
 * one, and a single request larger than {@code maxBatchSize} is sent as a batch of its own.
 *
 * <p><b>Results.</b> Each caller gets its own trajectories' scores, in its own order, and a share of
 * the batch's usage in proportion to its number of trajectories (split exactly: the shares sum to
 * what the delegate reported; reward-model tokens are apportioned the same way, so a caller's share
 * of them is exact in sum but not per caller when its trajectories are longer or shorter than the
 * batch's average). When the batch fails, every caller in it fails with the same cause.
 * Cancelling one caller's future cancels nothing else: a request cancelled before its batch leaves is
 * dropped from the batch; one cancelled later is scored and its result discarded.
 *
 * <p><b>Threads.</b> Thread-safe and non-blocking; it starts no thread. Timers run on the
 * caller-supplied scheduler, which must outlive this model: {@link #close()} it first (that sends the
 * open batches), then shut the scheduler down. If the scheduler rejects a timer, the batch is sent at
 * once. Delegate calls are made on the thread that completes a batch (a caller's, or the scheduler's).
 */
public final class BatchingRewardModel implements ProcessRewardModel, AutoCloseable {

  private final ProcessRewardModel delegate;
  private final int maxBatchSize;
  private final Duration maxWait;
  private final ScheduledExecutorService scheduler;

  private final Object lock = new Object();
  private final Map<Problem, Batch> open = new HashMap<>(); // guarded by lock
  private boolean closed; // guarded by lock

  private record Request(List<Trajectory> trajectories, CompletableFuture<RewardScores> result) {}

  private static final class Batch {
    final Problem problem;
    final List<Request> requests = new ArrayList<>();
    int size;
    volatile ScheduledFuture<?> timer;

    Batch(Problem problem) {
      this.problem = problem;
    }
  }

  /**
   * A batching front for {@code delegate}.
   *
   * @param delegate     the reward model that scores whole batches
   * @param maxBatchSize the most trajectories in one batch, at least 1
   * @param maxWait      the longest a request waits for its batch to fill, positive
   * @param scheduler    runs the wait timers; owned by the caller, never shut down here
   */
  public BatchingRewardModel(ProcessRewardModel delegate, int maxBatchSize, Duration maxWait,
      ScheduledExecutorService scheduler) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    Objects.requireNonNull(maxWait, "maxWait");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    if (maxBatchSize < 1) {
      throw new IllegalArgumentException("maxBatchSize must be >= 1, got " + maxBatchSize);
    }
    if (maxWait.isNegative() || maxWait.isZero()) {
      throw new IllegalArgumentException("maxWait must be positive, got " + maxWait);
    }
    this.maxBatchSize = maxBatchSize;
    this.maxWait = maxWait;
  }

  /** The most trajectories in one batch (a single larger request is sent alone). */
  public int maxBatchSize() {
    return maxBatchSize;
  }

  /** The longest a request waits for its batch to fill. */
  public Duration maxWait() {
    return maxWait;
  }

  /** The decorated reward model. */
  public ProcessRewardModel delegate() {
    return delegate;
  }

  @Override
  public String name() {
    return "batched(" + delegate.name() + ")";
  }

  @Override
  public CompletableFuture<RewardScores> score(Problem problem, List<Trajectory> trajectories) {
    Objects.requireNonNull(problem, "problem");
    Objects.requireNonNull(trajectories, "trajectories");
    List<Trajectory> mine = List.copyOf(trajectories); // also rejects null elements
    if (mine.isEmpty()) {
      return CompletableFuture.completedFuture(new RewardScores(List.of(), Usage.ZERO));
    }
    Request request = new Request(mine, new CompletableFuture<>());
    List<Batch> full = new ArrayList<>(2);
    Batch opened = null;
    synchronized (lock) {
      if (closed) {
        return CompletableFuture.failedFuture(new IllegalStateException("BatchingRewardModel is closed"));
      }
      Batch batch = open.get(problem);
      if (batch != null && batch.size + mine.size() > maxBatchSize) {
        open.remove(problem);
        full.add(batch);
        batch = null;
      }
      if (batch == null) {
        batch = new Batch(problem);
        opened = batch;
      }
      batch.requests.add(request);
      batch.size += mine.size();
      if (batch.size >= maxBatchSize) {
        if (batch != opened) {
          open.remove(problem);
        }
        full.add(batch);
        opened = null;
      } else if (batch == opened) {
        open.put(problem, batch);
      }
    }
    for (Batch b : full) {
      send(b);
    }
    if (opened != null) {
      Batch b = opened;
      try {
        b.timer = scheduler.schedule(() -> expire(b), maxWait.toNanos(), TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException e) {
        expire(b);
      }
    }
    return request.result;
  }

  /**
   * Sends every open batch now and rejects later requests (their futures fail with
   * {@link IllegalStateException}). Does not wait for the batches' results and does not shut down
   * the scheduler. Idempotent.
   */
  @Override
  public void close() {
    List<Batch> left;
    synchronized (lock) {
      closed = true;
      left = new ArrayList<>(open.values());
      open.clear();
    }
    for (Batch b : left) {
      send(b);
    }
  }

  /** The timer of {@code b} fired: send it if it is still open. */
  private void expire(Batch b) {
    synchronized (lock) {
      if (open.get(b.problem) != b) {
        return; // already sent because it filled up, or by close()
      }
      open.remove(b.problem);
    }
    send(b);
  }

  private void send(Batch b) {
    ScheduledFuture<?> timer = b.timer;
    if (timer != null) {
      timer.cancel(false);
    }
    List<Request> live = new ArrayList<>(b.requests.size());
    List<Trajectory> all = new ArrayList<>(b.size);
    for (Request r : b.requests) {
      if (!r.result.isDone()) { // cancelled callers leave the batch
        live.add(r);
        all.addAll(r.trajectories);
      }
    }
    if (live.isEmpty()) {
      return;
    }
    CompletableFuture<RewardScores> call;
    try {
      call = Objects.requireNonNull(delegate.score(b.problem, List.copyOf(all)),
          "reward model " + delegate.name() + " returned a null future");
    } catch (RuntimeException e) {
      call = CompletableFuture.failedFuture(e);
    }
    call.whenComplete((res, err) -> {
      Throwable failure = err != null ? unwrap(err) : mismatch(res, all);
      if (failure != null) {
        for (Request r : live) {
          r.result.completeExceptionally(failure);
        }
        return;
      }
      int[] weights = new int[live.size()];
      for (int i = 0; i < weights.length; i++) {
        weights[i] = live.get(i).trajectories.size();
      }
      Usage[] shares = UsageSplit.proportional(res.usage(), weights);
      int from = 0;
      for (int i = 0; i < weights.length; i++) {
        List<double[]> scores = res.stepScores().subList(from, from + weights[i]);
        from += weights[i];
        live.get(i).result.complete(new RewardScores(scores, shares[i]));
      }
    });
  }

  private IllegalStateException mismatch(RewardScores res, List<Trajectory> sent) {
    if (res == null || res.stepScores().size() != sent.size()) {
      return new IllegalStateException("reward model " + delegate.name() + " returned "
          + (res == null ? "null" : res.stepScores().size() + " score arrays") + " for a batch of "
          + sent.size() + " trajectories");
    }
    for (int i = 0; i < sent.size(); i++) {
      double[] s = res.stepScores().get(i);
      if (s == null || s.length != sent.get(i).depth()) {
        return new IllegalStateException("reward model " + delegate.name() + " returned "
            + (s == null ? "no" : String.valueOf(s.length)) + " step scores for trajectory " + i
            + " of the batch, which has " + sent.get(i).depth() + " steps");
      }
    }
    return null;
  }

  private static Throwable unwrap(Throwable t) {
    return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
  }
}
