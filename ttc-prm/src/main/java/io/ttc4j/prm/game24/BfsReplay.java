package io.ttc4j.prm.game24;

import java.util.Objects;

/**
 * The replay of a Tree of Thoughts breadth-first-search log: how often its final states solve the
 * puzzle, and what the search cost. Built by {@link Game24Replay#bfs}; immutable.
 *
 * <p>The search keeps the b states of highest value at every depth, sorted by value, so the final
 * states are listed best first. Two readings of success (mean over puzzles, ttc4j's checker):
 * <ul>
 *   <li>{@link #firstOfFinal}: the first final state, the one the search itself ranks highest: the
 *       answer a user of the search would get without an external checker;</li>
 *   <li>{@link #anyOfFinal}: any of the b final states: the search plus a perfect checker picking
 *       among its b answers, an oracle reading like best-of-k. The Tree of Thoughts scripts print it
 *       as their main figure ({@code cnt_any}).</li>
 * </ul>
 * {@link #meanOfFinal} is the mean share of correct final states (the scripts' {@code cnt_avg}).
 */
public final class BfsReplay {

  private final String source;
  private final int puzzles;
  private final int finalStates;
  private final double firstOfFinal;
  private final double anyOfFinal;
  private final double meanOfFinal;
  private final double loggedFirstOfFinal;
  private final double loggedAnyOfFinal;
  private final Agreement agreement;
  private final LogCost cost;

  BfsReplay(String source, int puzzles, int finalStates, double[] ours, double[] logged, Agreement agreement, LogCost cost) {
    this.source = Objects.requireNonNull(source, "source");
    this.puzzles = puzzles;
    this.finalStates = finalStates;
    this.firstOfFinal = ours[0];
    this.anyOfFinal = ours[1];
    this.meanOfFinal = ours[2];
    this.loggedFirstOfFinal = logged[0];
    this.loggedAnyOfFinal = logged[1];
    this.agreement = Objects.requireNonNull(agreement, "agreement");
    this.cost = Objects.requireNonNull(cost, "cost");
  }

  /** The log's source. */
  public String source() {
    return source;
  }

  /** The number of puzzles. */
  public int puzzles() {
    return puzzles;
  }

  /** b, the largest number of final states of a puzzle (5 in the bundled log, for every puzzle). */
  public int finalStates() {
    return finalStates;
  }

  /** The share of puzzles whose first (highest-valued) final state is correct. */
  public double firstOfFinal() {
    return firstOfFinal;
  }

  /** The share of puzzles with a correct state among the final ones. */
  public double anyOfFinal() {
    return anyOfFinal;
  }

  /** The mean over puzzles of the share of correct final states. */
  public double meanOfFinal() {
    return meanOfFinal;
  }

  /** {@link #firstOfFinal} by the log's judgements. */
  public double loggedFirstOfFinal() {
    return loggedFirstOfFinal;
  }

  /** {@link #anyOfFinal} by the log's judgements. */
  public double loggedAnyOfFinal() {
    return loggedAnyOfFinal;
  }

  /** How ttc4j's checker agrees with the log's judgements of the final states. */
  public Agreement agreement() {
    return agreement;
  }

  /** The search's cost, per puzzle and in total. */
  public LogCost cost() {
    return cost;
  }

  /** The mean cost of one search (one puzzle). */
  public CostPoint costPerPuzzle() {
    return cost.meanPerPuzzle();
  }
}
