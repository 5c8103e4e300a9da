package io.ttc4j.strategies.internal;

import io.ttc4j.core.Aggregation;
import io.ttc4j.core.Candidate;
import io.ttc4j.core.ComputeMeter;
import io.ttc4j.core.Continuation;
import io.ttc4j.core.GenerationMode;
import io.ttc4j.core.GenerationResult;
import io.ttc4j.core.PriceModel;
import io.ttc4j.core.Problem;
import io.ttc4j.core.SamplingSpec;
import io.ttc4j.core.SearchContext;
import io.ttc4j.core.SearchResult;
import io.ttc4j.core.Selection;
import io.ttc4j.core.StopReason;
import io.ttc4j.core.Trajectory;
import io.ttc4j.core.Usage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The state of one step-level search and the operations every strategy needs, each a metered call
 * through the {@link SearchContext}:
 * <ul>
 *   <li>{@link #expand}: sample children of several nodes at once, one generator call per node, all
 *       in flight together. The calls are <em>planned</em> before any is issued: in the given
 *       (priority) order, each node gets as many of its children as fit, with their worst case, in
 *       what the budget has left; the first node that does not get all it asked for is the last one
 *       served. Planning against a budget with nothing in flight makes the outcome independent of
 *       thread timing, so a seeded search gives the same result with or without latency.
 *   <li>{@link #rollout}: greedy (temperature 0) continuations of up to {@code k} steps, for
 *       lookahead values; all rollouts advance together one step per round.
 *   <li>{@link #score}: reward-model scores of nodes not scored before in this search (a map keyed by
 *       trajectory node), in one batch call.
 *   <li>{@link #offer}: a finished, scored node becomes a {@link Candidate}.
 * </ul>
 *
 * <p><b>Stopping.</b> A budget that serves only part of an expansion <em>cuts</em> the search: it
 * goes on with what it got and will report {@link StopReason#BUDGET}. It <em>halts</em> when nothing
 * of an expansion fits, when scoring does not fit, at the deadline, on cancellation or on a failed
 * call; the strategy then stops and {@link #result} chooses among the finished candidates.
 *
 * <p><b>Seeds.</b> The first expansion of the empty trajectory uses the search seed, so that a
 * strategy's first children are best-of-N's samples (common random numbers); every other expansion
 * uses a mix of the search seed, the prefix's {@link Trajectory#contentHash() content hash} and how
 * many times that content was expanded before, so two nodes with equal steps never get the same
 * children and nothing depends on thread timing. Rollouts are greedy and use the search seed.
 *
 * <p>Not thread-safe: one search drives it one operation at a time (the futures order the
 * operations; each operation's callbacks only fill their own slots).
 */
public final class StepSearch {

  private final Problem problem;
  private final SearchContext ctx;
  private final Aggregation aggregation;
  private final double temperature;
  private final int maxTokens;
  private final boolean logprobs;

  // Trajectory equality is identity: these are keyed by search-tree node
  private final Map<Trajectory, double[]> stepScores = new HashMap<>();
  private final Set<Trajectory> offered = new HashSet<>();
  private final Map<Long, Integer> expansionsOfContent = new HashMap<>();
  private final List<Candidate> candidates = new ArrayList<>();

  private StopReason halt;
  private Throwable failure;
  private boolean budgetCut;

  /**
   * A search of {@code problem} through {@code ctx}.
   *
   * @param aggregation reduces a node's step scores to its value
   * @param temperature sampling temperature of expansions (rollouts are greedy)
   * @param maxTokens   completion tokens allowed per continuation
   * @param logprobs    whether to ask the generator for log-probabilities
   */
  public StepSearch(Problem problem, SearchContext ctx, Aggregation aggregation, double temperature, int maxTokens,
      boolean logprobs) {
    this.problem = Objects.requireNonNull(problem, "problem");
    this.ctx = Objects.requireNonNull(ctx, "ctx");
    this.aggregation = Objects.requireNonNull(aggregation, "aggregation");
    this.temperature = temperature;
    this.maxTokens = maxTokens;
    this.logprobs = logprobs;
  }

  /** A failed future saying that {@code strategy} needs a reward model, when {@code ctx} has none; else null. */
  public static CompletableFuture<SearchResult> requirePrm(SearchContext ctx, String strategy) {
    if (ctx.prm().isPresent()) {
      return null;
    }
    return CompletableFuture.failedFuture(new IllegalArgumentException(
        strategy + " needs a process reward model, but the search has none"));
  }

  // ---------------------------------------------------------------------------------------------
  // Expansion

  /**
   * Samples {@code counts[i]} children of {@code prefixes.get(i)} for every {@code i}, one step each
   * ({@link GenerationMode#ONE_STEP}) or to the end of the solution ({@link GenerationMode#TO_END}).
   * The list order is the priority when the budget cannot serve everyone.
   *
   * @return per prefix, its children in continuation order (empty when it got none)
   */
  public CompletableFuture<List<List<Trajectory>>> expand(List<Trajectory> prefixes, int[] counts,
      GenerationMode mode) {
    return generate(prefixes, counts, mode, false);
  }

  /**
   * Extends each of {@code starts} by up to {@code steps} greedy steps (temperature 0), stopping early
   * at the end of a solution. Rollouts the budget cannot continue stop where they are.
   *
   * @return the rollout ends, in the order of {@code starts} (a start itself when it did not move)
   */
  public CompletableFuture<List<Trajectory>> rollout(List<Trajectory> starts, int steps) {
    List<Trajectory> ends = new ArrayList<>(starts);
    int[] round = {0};
    return AsyncLoop.whileTrue(() -> {
      if (round[0]++ >= steps || halted()) {
        return CompletableFuture.completedFuture(false);
      }
      List<Integer> open = new ArrayList<>();
      List<Trajectory> prefixes = new ArrayList<>();
      for (int i = 0; i < ends.size(); i++) {
        if (!ends.get(i).isFinished()) {
          open.add(i);
          prefixes.add(ends.get(i));
        }
      }
      if (open.isEmpty()) {
        return CompletableFuture.completedFuture(false);
      }
      int[] ones = new int[open.size()];
      Arrays.fill(ones, 1);
      return generate(prefixes, ones, GenerationMode.ONE_STEP, true).thenApply(next -> {
        boolean moved = false;
        for (int j = 0; j < open.size(); j++) {
          if (!next.get(j).isEmpty()) {
            ends.set(open.get(j), next.get(j).get(0));
            moved = true;
          }
        }
        return moved;
      });
    }).thenApply(v -> ends);
  }

  private CompletableFuture<List<List<Trajectory>>> generate(List<Trajectory> prefixes, int[] counts,
      GenerationMode mode, boolean greedy) {
    int k = prefixes.size();
    List<List<Trajectory>> out = new ArrayList<>(k);
    for (int i = 0; i < k; i++) {
      out.add(List.of());
    }
    if (halted() || k == 0) {
      return CompletableFuture.completedFuture(out);
    }
    int[] fit = plan(prefixes, counts, mode, greedy);
    Object[] outcome = new Object[k];
    List<CompletableFuture<?>> calls = new ArrayList<>(k);
    for (int i = 0; i < k; i++) {
      if (fit[i] == 0) {
        continue;
      }
      Trajectory prefix = prefixes.get(i);
      long seed = greedy ? ctx.seed() : nextSeed(prefix);
      int slot = i;
      calls.add(ctx.generate(problem, prefix, spec(mode, fit[i], greedy, seed)).handle((res, err) -> {
        outcome[slot] = err != null ? err : res;
        return null;
      }));
    }
    // every call settles (reconciled or released) before the search looks at the results
    return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).thenApply(v -> {
      StopReason worst = null;
      Throwable firstFailure = null;
      for (int i = 0; i < k; i++) {
        Object o = outcome[i];
        if (o instanceof GenerationResult res) {
          try {
            List<Trajectory> kids = new ArrayList<>(res.continuations().size());
            for (Continuation c : res.continuations()) {
              kids.add(prefixes.get(i).appendAll(c.steps()));
            }
            out.set(i, kids);
            continue;
          } catch (RuntimeException e) {
            o = e; // a continuation after a finished step: the generator broke its contract
          }
        }
        if (o instanceof Throwable err) {
          StopReason r = SearchResult.stopReasonOf(err);
          if (r == StopReason.FAILED && firstFailure == null) {
            firstFailure = SearchResult.unwrap(err);
          }
          worst = worst == null || rank(r) > rank(worst) ? r : worst;
        }
      }
      if (worst != null) {
        halt(worst, firstFailure);
      }
      return out;
    });
  }

  /** How many children each prefix gets: in order, as many as fit with their worst case. */
  private int[] plan(List<Trajectory> prefixes, int[] counts, GenerationMode mode, boolean greedy) {
    int k = prefixes.size();
    int[] fit = new int[k];
    ComputeMeter meter = ctx.meter();
    if (meter.isPastDeadline()) {
      halt(StopReason.DEADLINE, null);
      return fit;
    }
    Usage left = meter.remaining();
    Usage committed = Usage.ZERO;
    boolean served = false;
    boolean cut = false;
    for (int i = 0; i < k && !cut; i++) {
      int want = counts[i];
      if (want <= 0) {
        continue;
      }
      Trajectory prefix = prefixes.get(i);
      int lo = 0;
      int hi = want;
      while (lo < hi) { // the largest n <= want whose worst case still fits
        int mid = (lo + hi + 1) >>> 1;
        if (committed.plus(worstCase(prefix, mode, mid, greedy)).isWithin(left)) {
          lo = mid;
        } else {
          hi = mid - 1;
        }
      }
      fit[i] = lo;
      if (lo > 0) {
        committed = committed.plus(worstCase(prefix, mode, lo, greedy));
        served = true;
      }
      cut = lo < want;
    }
    if (cut) {
      budgetCut = true;
      if (!served) {
        halt(StopReason.BUDGET, null);
      }
    }
    return fit;
  }

  private Usage worstCase(Trajectory prefix, GenerationMode mode, int n, boolean greedy) {
    PriceModel prices = ctx.meter().budget().priceModel();
    return prices.price(ctx.worstCase(problem, prefix, spec(mode, n, greedy, 0L)));
  }

  private SamplingSpec spec(GenerationMode mode, int n, boolean greedy, long seed) {
    double t = greedy ? 0 : temperature;
    SamplingSpec s = mode == GenerationMode.ONE_STEP
        ? SamplingSpec.oneStep(n, t, maxTokens, seed)
        : SamplingSpec.toEnd(n, t, maxTokens, seed);
    return logprobs ? s.withLogprobs(true) : s;
  }

  private long nextSeed(Trajectory prefix) {
    int before = expansionsOfContent.merge(prefix.contentHash(), 1, Integer::sum) - 1;
    if (prefix.isEmpty() && before == 0) {
      return ctx.seed();
    }
    return mix(ctx.seed(), prefix.contentHash(), before);
  }

  /** A well-mixed 64-bit combination of {@code xs} (SplitMix64 finaliser per element). */
  public static long mix(long... xs) {
    long z = 0x9E3779B97F4A7C15L;
    for (long x : xs) {
      z += x * 0xBF58476D1CE4E5B9L + 0x9E3779B97F4A7C15L;
      z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
      z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
      z ^= z >>> 31;
    }
    return z;
  }

  // ---------------------------------------------------------------------------------------------
  // Scoring

  /**
   * Scores, in one reward-model call, every node of {@code nodes} not scored before in this search.
   * When the budget cannot score them all, finished nodes go first (they are candidates) and the
   * search halts; once halted, only finished nodes are scored.
   */
  public CompletableFuture<Void> score(List<Trajectory> nodes) {
    List<Trajectory> need = new ArrayList<>();
    Set<Trajectory> seen = new HashSet<>();
    for (int pass = 0; pass < 2; pass++) {
      boolean finished = pass == 0;
      if (!finished && halted()) {
        break;
      }
      for (Trajectory t : nodes) {
        if (t.isFinished() == finished && !t.isEmpty() && !stepScores.containsKey(t) && seen.add(t)) {
          need.add(t);
        }
      }
    }
    if (need.isEmpty() || ctx.isCancelled()) {
      return CompletableFuture.completedFuture(null);
    }
    int fit = ctx.meter().maxUnits(Usage.ZERO, Usage.ofPrmCalls(1), need.size());
    if (fit < need.size()) {
      halt(ctx.meter().isPastDeadline() ? StopReason.DEADLINE : StopReason.BUDGET, null);
      if (fit == 0) {
        return CompletableFuture.completedFuture(null);
      }
    }
    List<Trajectory> batch = List.copyOf(need.subList(0, fit));
    return ctx.score(problem, batch).handle((res, err) -> {
      if (err != null) {
        StopReason r = SearchResult.stopReasonOf(err);
        halt(r, r == StopReason.FAILED ? SearchResult.unwrap(err) : null);
      } else {
        for (int i = 0; i < batch.size(); i++) {
          stepScores.put(batch.get(i), res.stepScores().get(i));
        }
      }
      return null;
    });
  }

  /** Whether {@code t} has reward-model scores in this search. */
  public boolean isScored(Trajectory t) {
    return stepScores.containsKey(t);
  }

  /** The aggregated score of {@code t}, or {@code NaN} when it was not scored. */
  public double value(Trajectory t) {
    double[] s = stepScores.get(t);
    return s == null ? Double.NaN : aggregation.aggregate(s);
  }

  /** Indices of {@code values} from the highest to the lowest ({@code NaN} last), ties in index order. */
  public static int[] bestFirst(double[] values) {
    Integer[] idx = new Integer[values.length];
    for (int i = 0; i < idx.length; i++) {
      idx[i] = i;
    }
    Arrays.sort(idx, (a, b) -> Double.compare(rankable(values[b]), rankable(values[a])));
    int[] out = new int[idx.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = idx[i];
    }
    return out;
  }

  /** {@code v} for ranking: {@code NaN} (not scored) ranks below every score. */
  public static double rankable(double v) {
    return Double.isNaN(v) ? Double.NEGATIVE_INFINITY : v;
  }

  /** {@code total} split over {@code parts} as evenly as possible, the first parts one more when it does not divide. */
  public static int[] split(int total, int parts) {
    int[] out = new int[parts];
    for (int i = 0; i < parts; i++) {
      out[i] = total / parts + (i < total % parts ? 1 : 0);
    }
    return out;
  }

  /**
   * The positions in {@code nodes} of the first node of each content: a node whose steps equal an
   * earlier one's ({@link Trajectory#contentHash()}, then {@link Trajectory#sameSteps}) is left out.
   */
  public static List<Integer> distinctSteps(List<Trajectory> nodes) {
    Map<Long, List<Trajectory>> byHash = new HashMap<>();
    List<Integer> out = new ArrayList<>(nodes.size());
    for (int i = 0; i < nodes.size(); i++) {
      Trajectory t = nodes.get(i);
      List<Trajectory> same = byHash.computeIfAbsent(t.contentHash(), h -> new ArrayList<>(1));
      if (same.stream().noneMatch(u -> u.sameSteps(t))) {
        same.add(t);
        out.add(i);
      }
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------
  // Candidates and the result

  /** Makes {@code t} a candidate when it is finished and scored (once). */
  public void offer(Trajectory t) {
    double[] s = stepScores.get(t);
    if (t.isFinished() && s != null && offered.add(t)) {
      candidates.add(new Candidate(candidates.size(), t, ctx.answerOf(t), s, aggregation.aggregate(s)));
    }
  }

  /** The candidates so far, in the order they were found. */
  public List<Candidate> candidates() {
    return List.copyOf(candidates);
  }

  /** Whether the search must stop: cancelled, failed, past its deadline or out of budget. */
  public boolean halted() {
    return halt != null || ctx.isCancelled();
  }

  /** Stops the search for {@code reason}; a more serious reason replaces a lighter one. */
  public void halt(StopReason reason, Throwable cause) {
    if (halt == null || rank(reason) > rank(halt)) {
      halt = reason;
      failure = reason == StopReason.FAILED ? cause : null;
    }
  }

  /** Why the search stopped, as it stands. */
  public StopReason stopReason() {
    if (ctx.isCancelled()) return StopReason.CANCELLED;
    if (halt != null) return halt;
    return budgetCut ? StopReason.BUDGET : StopReason.COMPLETED;
  }

  private static int rank(StopReason r) {
    switch (r) {
      case CANCELLED: return 4;
      case FAILED: return 3;
      case DEADLINE: return 2;
      case BUDGET: return 1;
      default: return 0;
    }
  }

  /**
   * The result once {@code loop} ends: {@code result}, computed then. A loop that failed (a broken
   * model contract, a bug) ends the search as {@link StopReason#FAILED} with the error, and the
   * candidates found so far are still returned.
   */
  public CompletableFuture<SearchResult> conclude(CompletableFuture<?> loop, Supplier<SearchResult> result) {
    return loop.handle((v, err) -> {
      if (err != null) {
        halt(StopReason.FAILED, SearchResult.unwrap(err));
      }
      return result.get();
    });
  }

  /** The result: {@code selection} over this search's candidates. */
  public SearchResult result(Selection selection) {
    return result(selection, candidates);
  }

  /** The result: {@code selection} over {@code pool}, finished candidates in generation order. */
  public SearchResult result(Selection selection, List<Candidate> pool) {
    StopReason reason = stopReason();
    Predicate<Candidate> correct = c -> c.hasAnswer() && problem.hasReference()
        && ctx.equivalence().equivalent(c.answer(), problem.reference());
    int chosen = selection.select(pool, ctx.equivalence(), correct);
    Throwable why = null;
    if (reason == StopReason.FAILED) {
      why = failure != null ? failure : new IllegalStateException("a model call failed");
    }
    return SearchResult.of(chosen < 0 ? null : pool.get(chosen), pool, ctx.meter().spent(), reason, why);
  }
}
