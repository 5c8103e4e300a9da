/**
 * Search strategies over the ttc4j SPIs. Each is a small immutable, validated configuration record
 * plus an algorithm that makes every model call through the {@link io.ttc4j.core.SearchContext}, so
 * budgets hold as hard limits; none blocks a thread while it waits (they compose
 * {@code CompletableFuture}s), and when the budget, the deadline or a cancellation stops one, it
 * returns the best finished answer it has with the matching {@link io.ttc4j.core.StopReason}.
 *
 * <table>
 *   <caption>Strategies</caption>
 *   <tr><th>strategy</th><th>what it does</th><th>needs a PRM</th></tr>
 *   <tr><td>{@link io.ttc4j.strategies.BestOfN}</td><td>N whole solutions, one chosen by a
 *       {@link io.ttc4j.core.Selection} rule (search-and-learn)</td><td>for naive and weighted</td></tr>
 *   <tr><td>{@link io.ttc4j.strategies.SelfConsistency}</td><td>majority voting that stops once the vote
 *       is decided (Adaptive-Consistency's Beta criterion, ESC's window), optionally among the most
 *       confident solutions only (DeepConf)</td><td>no</td></tr>
 *   <tr><td>{@link io.ttc4j.strategies.BeamSearch}</td><td>step-level beam search: keep the top N/M
 *       partial solutions, expand each with M next steps (search-and-learn)</td><td>yes</td></tr>
 *   <tr><td>{@link io.ttc4j.strategies.LookaheadSearch}</td><td>beam search valuing a step by the PRM
 *       at the end of a k-step greedy rollout (Snell et al.)</td><td>yes</td></tr>
 *   <tr><td>{@link io.ttc4j.strategies.Dvts}</td><td>N/M independent greedy subtrees of width M
 *       (diverse verifier tree search, search-and-learn)</td><td>yes</td></tr>
 *   <tr><td>{@link io.ttc4j.strategies.Rebase}</td><td>reward-balanced search: children in proportion
 *       to a softmax of node scores (Wu et al.)</td><td>yes</td></tr>
 *   <tr><td>{@link io.ttc4j.strategies.Mcts}</td><td>Monte Carlo tree search over steps with UCT or
 *       PUCT and the PRM as value estimate (OpenR, llm-reasoners)</td><td>yes</td></tr>
 * </table>
 *
 * <p>Step-level strategies score partial solutions with the PRM once per search-tree node (scores
 * are kept per node for the whole search) and reduce step scores with an
 * {@link io.ttc4j.core.Aggregation} ({@code LAST} by default, as search-and-learn ranks partial
 * solutions). Only finished solutions are candidates. Their first expansion uses the search seed,
 * so their first N children are best-of-N's N samples; with one iteration to the end of the solution,
 * beam search, DVTS and REBASE are weighted best-of-N exactly.
 *
 * <p>{@link io.ttc4j.strategies.SearchEngine} runs many searches of any of these strategies at once over
 * one generator and one reward model, with one bound on the model calls in flight, served oldest
 * search first.
 *
 * <p>On top of the strategies: {@link io.ttc4j.strategies.StrategySpec} names and creates them
 * ({@code beam[width=2]}); {@link io.ttc4j.strategies.ComputeOptimal} runs a fitted per-difficulty
 * policy per query, estimating difficulty from probe samples whose cost it counts;
 * {@link io.ttc4j.strategies.BudgetAllocator} shares one token budget over a batch;
 * {@link io.ttc4j.strategies.Cascade} runs model tiers cheapest first and escalates on the
 * {@link io.ttc4j.strategies.Confidence} of an answer, through a fitted
 * {@link io.ttc4j.strategies.Calibration} when there is one.
 *
 * <p>Implementation detail shared by the strategies lives in {@code io.ttc4j.strategies.internal},
 * which is not an API.
 */
package io.ttc4j.strategies;
