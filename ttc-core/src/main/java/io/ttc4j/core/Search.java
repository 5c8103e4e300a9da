package io.ttc4j.core;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The one door to ttc4j: a generator, an optional reward model, a strategy and a default budget,
 * assembled once and used for many problems, from many threads.
 *
 * <pre>{@code
 * Search search = Search.builder()
 *     .generator(myGenerator)
 *     .prm(myRewardModel)
 *     .strategy(BestOfN.of(16, Selection.WEIGHTED))
 *     .budget(Budget.tokens(20_000))
 *     .build();
 * SearchResult r = search.solve(problem).join();
 * }</pre>
 *
 * <p>Each {@link #solve} call gets its own meter, so budgets are per query. Cancelling the returned
 * future cancels the search's calls in flight and completes the future as cancelled; a caller who
 * wants the best answer found so far sets a deadline instead.
 */
public final class Search {

  private final Generator generator;
  private final ProcessRewardModel prm;
  private final SearchStrategy strategy;
  private final Budget budget;
  private final AnswerExtractor extractor;
  private final AnswerEquivalence equivalence;
  private final long seed;
  private final SearchListener listener;

  private Search(Builder b) {
    this.generator = Objects.requireNonNull(b.generator, "generator is required");
    this.strategy = Objects.requireNonNull(b.strategy, "strategy is required");
    this.extractor = Objects.requireNonNull(b.extractor, "answerExtractor is required");
    this.prm = b.prm;
    this.budget = b.budget;
    this.equivalence = b.equivalence;
    this.seed = b.seed;
    this.listener = b.listener;
  }

  /** A builder; generator, strategy and answer extractor are required. */
  public static Builder builder() {
    return new Builder();
  }

  /** Solves {@code problem} under the default budget with the default seed. */
  public CompletableFuture<SearchResult> solve(Problem problem) {
    return solve(problem, budget, seed);
  }

  /** Solves {@code problem} under {@code perQueryBudget} with {@code seed}. */
  public CompletableFuture<SearchResult> solve(Problem problem, Budget perQueryBudget, long seed) {
    Objects.requireNonNull(problem, "problem");
    Objects.requireNonNull(perQueryBudget, "perQueryBudget");
    long start = System.nanoTime();
    SearchContext ctx = new SearchContext(generator, prm, ComputeMeter.start(perQueryBudget), extractor,
        equivalence, seed, listener);
    CompletableFuture<SearchResult> inner;
    try {
      inner = strategy.search(problem, ctx);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    CompletableFuture<SearchResult> outer = new CompletableFuture<>() {
      @Override
      public boolean cancel(boolean mayInterruptIfRunning) {
        // cancel this future first, so the strategy's own CANCELLED result cannot win the race
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        ctx.cancel();
        inner.cancel(mayInterruptIfRunning);
        return cancelled;
      }
    };
    inner.whenComplete((r, e) -> {
      if (e != null) {
        outer.completeExceptionally(e);
      } else if (outer.complete(r) && listener != SearchListener.NONE) {
        try {
          listener.searchFinished(problem, r, System.nanoTime() - start);
        } catch (RuntimeException ignored) {
          // a listener never changes a search
        }
      }
    });
    return outer;
  }

  /** The strategy. */
  public SearchStrategy strategy() {
    return strategy;
  }

  /** Assembles a {@link Search}. */
  public static final class Builder {
    private Generator generator;
    private ProcessRewardModel prm;
    private SearchStrategy strategy;
    private Budget budget = Budget.unlimited();
    private AnswerExtractor extractor;
    private AnswerEquivalence equivalence = AnswerEquivalence.EXACT;
    private long seed;
    private SearchListener listener = SearchListener.NONE;

    private Builder() {}

    /** The generator (required). */
    public Builder generator(Generator g) {
      generator = Objects.requireNonNull(g, "generator");
      return this;
    }

    /** The process reward model (optional; needed by score-based strategies). */
    public Builder prm(ProcessRewardModel p) {
      prm = Objects.requireNonNull(p, "prm");
      return this;
    }

    /** The strategy (required). */
    public Builder strategy(SearchStrategy s) {
      strategy = Objects.requireNonNull(s, "strategy");
      return this;
    }

    /** The default per-query budget (default: unlimited). */
    public Builder budget(Budget b) {
      budget = Objects.requireNonNull(b, "budget");
      return this;
    }

    /** How answers are extracted from solutions (required). */
    public Builder answerExtractor(AnswerExtractor e) {
      extractor = Objects.requireNonNull(e, "answerExtractor");
      return this;
    }

    /** How answers are grouped for votes (default: exact strings). */
    public Builder equivalence(AnswerEquivalence e) {
      equivalence = Objects.requireNonNull(e, "equivalence");
      return this;
    }

    /** The default seed (default 0). */
    public Builder seed(long s) {
      seed = s;
      return this;
    }

    /** Observes every search's model calls and results, for metrics and tracing (default: nobody). */
    public Builder listener(SearchListener l) {
      listener = Objects.requireNonNull(l, "listener");
      return this;
    }

    /** The search. */
    public Search build() {
      return new Search(this);
    }
  }
}
