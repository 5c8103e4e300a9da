package io.ttc4j.eval.policy;

import io.ttc4j.eval.stats.BootstrapInterval;
import io.ttc4j.eval.stats.ClusterBootstrap;
import io.ttc4j.core.Aggregation;
import io.ttc4j.core.AnswerEquivalence;
import io.ttc4j.core.AnswerExtractor;
import io.ttc4j.core.Budget;
import io.ttc4j.core.Candidate;
import io.ttc4j.core.ComputeMeter;
import io.ttc4j.core.Generator;
import io.ttc4j.core.Problem;
import io.ttc4j.core.ProcessRewardModel;
import io.ttc4j.core.Search;
import io.ttc4j.core.SearchContext;
import io.ttc4j.core.SearchResult;
import io.ttc4j.core.SearchStrategy;
import io.ttc4j.core.Selection;
import io.ttc4j.core.StopReason;
import io.ttc4j.strategies.BestOfN;
import io.ttc4j.strategies.BudgetAllocator;
import io.ttc4j.strategies.ComputeOptimal;
import io.ttc4j.strategies.Confidence;
import io.ttc4j.strategies.StrategySpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Spends one token budget over a batch of queries with a compute-optimal {@link Policy}, and the
 * same budget split uniformly, on the same queries with the same probes, so that the two compare
 * paired.
 *
 * <ol>
 *   <li>Every query draws the policy's probes (weighted best-of-N's first samples, scored); their
 *       completion tokens {@code p_i} are spent from the total, and what they say (their
 *       {@link Confidence} in their most common answer, through {@link Policy#binOf(Confidence)}, as
 *       {@link Policy#router()} does for a single query) gives the query's bin.</li>
 *   <li><b>Allocated:</b> each query's options are its bin's entries, costing
 *       {@code max(budget_tokens, p_i)} and expected to reach their fitted accuracy;
 *       {@link BudgetAllocator} chooses one per query within the total. <b>Uniform:</b> every query
 *       gets the total divided by the number of queries, and the policy's entry for that budget.</li>
 *   <li>Each query then runs its entry ({@link ComputeOptimal#continueFrom}: a best-of-N entry reuses
 *       the probes). All of them draw on <em>one</em> meter holding what the probes left of the total,
 *       so the batch never spends more than the total, whatever the searches do. (Per-query hard
 *       caps at the allocation would hold it too, but a step search reserves the worst case of every
 *       call, {@code maxTokens} per continuation, and would stop long before its expected spend;
 *       one shared meter keeps the hard limit where it belongs, on the batch.)</li>
 * </ol>
 * A query is correct when its answer is equivalent to the reference. Queries run one after another
 * in query order, so a query's spend is what the shared meter gained during it; the allocation is
 * the same whatever the order, and late queries meet an exhausted meter only when earlier ones
 * spent above their expectations (counted in {@link Outcome#budgetStops()}).
 */
public final class BatchAllocation {

  /**
   * The outcome of one way of spending the budget.
   *
   * @param correct     per query whether its answer was right, in query order
   * @param tokens      per query the completion tokens it spent, probes included
   * @param budgetStops queries whose search stopped at its hard budget
   */
  public record Outcome(boolean[] correct, long[] tokens, int budgetStops) {
    /** The share of queries right. */
    public double accuracy() {
      int r = 0;
      for (boolean c : correct) if (c) r++;
      return (double) r / correct.length;
    }

    /** Completion tokens spent in all. */
    public long totalTokens() {
      long t = 0;
      for (long x : tokens) t += x;
      return t;
    }
  }

  /**
   * Both ways on the same queries.
   *
   * @param problemIds per query its problem's id (for paired resampling by problem)
   * @param total      the batch's token budget
   * @param allocated  the allocator's outcome
   * @param uniform    the uniform split's outcome
   */
  public record Result(List<String> problemIds, long total, Outcome allocated, Outcome uniform) {

    /**
     * A 95% cluster-bootstrap interval (problems resampled, {@link ClusterBootstrap#pairedDifference})
     * of allocated minus uniform accuracy.
     */
    public BootstrapInterval difference(int resamples, long seed) {
      Map<String, List<Integer>> byProblem = new LinkedHashMap<>();
      for (int i = 0; i < problemIds.size(); i++) {
        byProblem.computeIfAbsent(problemIds.get(i), k -> new ArrayList<>()).add(i);
      }
      List<double[]> a = new ArrayList<>(byProblem.size());
      List<double[]> u = new ArrayList<>(byProblem.size());
      for (List<Integer> queries : byProblem.values()) {
        double[] x = new double[queries.size()];
        double[] y = new double[queries.size()];
        for (int k = 0; k < x.length; k++) {
          x[k] = allocated.correct()[queries.get(k)] ? 1 : 0;
          y[k] = uniform.correct()[queries.get(k)] ? 1 : 0;
        }
        a.add(x);
        u.add(y);
      }
      return ClusterBootstrap.of(resamples, 0.95, seed).pairedDifference(a, u);
    }
  }

  private BatchAllocation() {}

  /**
   * Runs both ways.
   *
   * @param policy           a predicted-difficulty policy
   * @param queries          the (problem, seed) queries
   * @param tokensPerQuery   the budget per query on average; the batch's total is this times the queries
   */
  public static Result run(Policy policy, List<Map.Entry<Problem, Long>> queries, long tokensPerQuery,
      Generator generator, ProcessRewardModel prm, AnswerExtractor extractor, AnswerEquivalence equivalence,
      double temperature, int maxTokens) {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(queries, "queries");
    if (queries.isEmpty()) throw new IllegalArgumentException("queries must not be empty");
    if (tokensPerQuery < 1) throw new IllegalArgumentException("tokensPerQuery must be >= 1, got " + tokensPerQuery);
    ComputeOptimal co = policy.strategy(tokensPerQuery, Aggregation.LAST, temperature, maxTokens);
    BestOfN probe = BestOfN.of(new BestOfN.Config(policy.probes(), Selection.WEIGHTED, Aggregation.LAST, temperature,
        maxTokens, true));
    Search.Builder base = Search.builder().generator(generator).prm(prm).answerExtractor(extractor)
        .equivalence(equivalence);
    Search probes = base.strategy(probe).build();

    int q = queries.size();
    long total = tokensPerQuery * q;
    List<List<Candidate>> drawn = new ArrayList<>(q);
    long[] probeTokens = new long[q];
    int[] bin = new int[q];
    List<String> ids = new ArrayList<>(q);
    for (int i = 0; i < q; i++) {
      Problem p = queries.get(i).getKey();
      SearchResult r = probes.solve(p, Budget.unlimited(), queries.get(i).getValue()).join();
      drawn.add(r.inGenerationOrder());
      probeTokens[i] = r.usage().completionTokens();
      bin[i] = policy.binOf(Confidence.ofModalAnswer(r.inGenerationOrder(), equivalence));
      ids.add(p.id());
    }

    // allocated: options per query from its bin's entries
    List<List<BudgetAllocator.Option>> curves = new ArrayList<>(q);
    List<List<Policy.Entry>> entriesOf = new ArrayList<>(q);
    for (int i = 0; i < q; i++) {
      List<BudgetAllocator.Option> curve = new ArrayList<>();
      List<Policy.Entry> kept = new ArrayList<>();
      for (Policy.Entry e : policy.bins().get(bin[i] - 1).entries()) {
        long cost = Math.max((long) Math.ceil(e.budgetTokens()), probeTokens[i]);
        if (!curve.isEmpty() && cost <= curve.get(curve.size() - 1).tokens()) {
          // the probes cost more than this budget: keep the better of the two at the same cost
          if (e.expectedAccuracy() > curve.get(curve.size() - 1).expectedAccuracy()) {
            curve.set(curve.size() - 1, new BudgetAllocator.Option(curve.get(curve.size() - 1).tokens(),
                e.expectedAccuracy()));
            kept.set(kept.size() - 1, e);
          }
          continue;
        }
        curve.add(new BudgetAllocator.Option(cost, e.expectedAccuracy()));
        kept.add(e);
      }
      curves.add(curve);
      entriesOf.add(kept);
    }
    int[] chosen = BudgetAllocator.allocate(curves, total);
    List<ComputeOptimal.Choice> allocatedChoice = new ArrayList<>(q);
    for (int i = 0; i < q; i++) {
      Policy.Entry e = entriesOf.get(i).get(chosen[i]);
      allocatedChoice.add(new ComputeOptimal.Choice(StrategySpec.parse(e.strategy()), e.n()));
    }
    // uniform: the policy's entry for the per-query budget
    List<ComputeOptimal.Choice> uniformChoice = new ArrayList<>(q);
    for (int i = 0; i < q; i++) {
      Policy.Entry e = policy.choose(bin[i], tokensPerQuery);
      uniformChoice.add(new ComputeOptimal.Choice(StrategySpec.parse(e.strategy()), e.n()));
    }
    long probesTotal = 0;
    for (long t : probeTokens) probesTotal += t;
    long remaining = total - probesTotal;
    if (remaining < 0) {
      throw new IllegalArgumentException("the probes alone spent " + probesTotal + " tokens, more than the total "
          + total + ": give more tokens per query");
    }
    Outcome allocated = runAll(co, generator, prm, extractor, queries, drawn, probeTokens, allocatedChoice, remaining,
        equivalence);
    Outcome uniform = runAll(co, generator, prm, extractor, queries, drawn, probeTokens, uniformChoice, remaining,
        equivalence);
    return new Result(List.copyOf(ids), total, allocated, uniform);
  }

  private static Outcome runAll(ComputeOptimal co, Generator generator, ProcessRewardModel prm,
      AnswerExtractor extractor, List<Map.Entry<Problem, Long>> queries, List<List<Candidate>> drawn,
      long[] probeTokens, List<ComputeOptimal.Choice> choices, long remaining, AnswerEquivalence equivalence) {
    int q = queries.size();
    boolean[] correct = new boolean[q];
    long[] tokens = new long[q];
    int budgetStops = 0;
    ComputeMeter meter = ComputeMeter.start(Budget.tokens(remaining));
    for (int i = 0; i < q; i++) {
      Problem p = queries.get(i).getKey();
      SearchContext ctx = new SearchContext(generator, prm, meter, extractor, equivalence, queries.get(i).getValue());
      long before = meter.spent().completionTokens();
      SearchResult r = co.continueFrom(p, ctx, drawn.get(i), choices.get(i)).join();
      tokens[i] = probeTokens[i] + meter.spent().completionTokens() - before;
      correct[i] = r.answer() != null && p.hasReference() && equivalence.equivalent(r.answer(), p.reference());
      if (r.stopReason() == StopReason.BUDGET) budgetStops++;
    }
    return new Outcome(correct, tokens, budgetStops);
  }

}
