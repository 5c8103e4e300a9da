package io.ttc4j.micrometer;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ttc4j.core.Budget;
import io.ttc4j.core.BudgetExhaustedException;
import io.ttc4j.core.PriceModel;
import io.ttc4j.core.Problem;
import io.ttc4j.core.Search;
import io.ttc4j.core.SearchListener;
import io.ttc4j.core.SearchResult;
import io.ttc4j.core.Selection;
import io.ttc4j.core.StopReason;
import io.ttc4j.core.Usage;
import io.ttc4j.datasets.Datasets;
import io.ttc4j.datasets.MathAnswers;
import io.ttc4j.sim.Simulator;
import io.ttc4j.sim.SimulatorPreset;
import io.ttc4j.strategies.BestOfN;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MicrometerSearchListenerTest {

  private static final PriceModel PRICES = PriceModel.of(0.15, 0.60);

  /** Counts the raw events the core sends, and forwards them to the listener under test. */
  private static final class Counting implements SearchListener {
    final SearchListener delegate;
    final AtomicLong generationFinished = new AtomicLong();
    final AtomicLong rewardFinished = new AtomicLong();
    final AtomicLong refused = new AtomicLong();

    Counting(SearchListener delegate) {
      this.delegate = delegate;
    }

    @Override
    public void callStarted(Problem problem, CallKind kind, Usage reserved) {
      delegate.callStarted(problem, kind, reserved);
    }

    @Override
    public void callFinished(Problem problem, CallKind kind, Usage spent, Throwable failure, long elapsedNanos) {
      (kind == CallKind.GENERATION ? generationFinished : rewardFinished).incrementAndGet();
      delegate.callFinished(problem, kind, spent, failure, elapsedNanos);
    }

    @Override
    public void callRefused(Problem problem, CallKind kind, BudgetExhaustedException reason) {
      refused.incrementAndGet();
      delegate.callRefused(problem, kind, reason);
    }

    @Override
    public void searchFinished(Problem problem, SearchResult result, long elapsedNanos) {
      delegate.searchFinished(problem, result, elapsedNanos);
    }
  }

  private static Search.Builder bestOf8(SearchListener listener) {
    Simulator sim = Simulator.create(SimulatorPreset.named("math500"), 7);
    return Search.builder()
        .generator(sim.generator())
        .prm(sim.prm())
        .strategy(BestOfN.of(8, Selection.WEIGHTED))
        .answerExtractor(MathAnswers.extractor())
        .listener(listener);
  }

  private static double counter(MeterRegistry r, String name, String... tags) {
    return r.get(name).tags(tags).counters().stream().mapToDouble(c -> c.count()).sum();
  }

  private static double total(MeterRegistry r, String name) {
    return r.get(name).summary().totalAmount();
  }

  @Test
  void twentySearchesAreCountedAsTheResultsSay() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    Counting counting = new Counting(
        MicrometerSearchListener.builder(registry).tags("strategy", "best-of-8").build());
    Search search = bestOf8(counting).budget(Budget.builder().priceModel(PRICES).build()).build();

    List<Problem> problems = Datasets.load("math500").subList(0, 20);
    List<SearchResult> results = new ArrayList<>();
    for (int i = 0; i < problems.size(); i++) {
      results.add(search.solve(problems.get(i), Budget.builder().priceModel(PRICES).build(), i).join());
    }

    Usage sum = Usage.ZERO;
    double dollars = 0;
    Map<StopReason, Integer> byReason = new EnumMap<>(StopReason.class);
    for (SearchResult r : results) {
      sum = sum.plus(r.usage());
      dollars += r.usage().costUsd();
      byReason.merge(r.stopReason(), 1, Integer::sum);
    }
    assertTrue(sum.completionTokens() > 0 && sum.prmCalls() > 0 && sum.prmTokens() > 0 && dollars > 0,
        "the searches spent something");

    assertEquals(20, counter(registry, "ttc.searches"));
    for (StopReason reason : StopReason.values()) {
      assertEquals((double) byReason.getOrDefault(reason, 0),
          counter(registry, "ttc.searches", "stop.reason", reason.name().toLowerCase()), reason.name());
    }
    assertEquals(20, counter(registry, "ttc.searches", "strategy", "best-of-8"), "the user's tag is on every meter");

    assertEquals(sum.completionTokens(), total(registry, "ttc.search.completion.tokens"));
    assertEquals(sum.promptTokens(), total(registry, "ttc.search.prompt.tokens"));
    assertEquals(sum.cachedPromptTokens(), total(registry, "ttc.search.cached.prompt.tokens"));
    assertEquals(sum.generations(), total(registry, "ttc.search.generations"));
    assertEquals(sum.prmCalls(), total(registry, "ttc.search.prm.calls"));
    assertEquals(sum.prmTokens(), total(registry, "ttc.search.prm.tokens"));
    assertEquals(dollars, total(registry, "ttc.search.cost"), 1e-9);
    assertEquals(20, registry.get("ttc.search.completion.tokens").summary().count());

    long gen = counting.generationFinished.get();
    long rew = counting.rewardFinished.get();
    assertTrue(gen > 0 && rew > 0, "both kinds of call ran");
    assertEquals(gen + rew + counting.refused.get(), counter(registry, "ttc.calls"));
    assertEquals(gen, counter(registry, "ttc.calls", "kind", "generation"));
    assertEquals(rew, counter(registry, "ttc.calls", "kind", "reward"));
    assertEquals(gen + rew, counter(registry, "ttc.calls", "outcome", "ok"));
    assertEquals(gen, registry.get("ttc.call.duration").tags("kind", "generation", "outcome", "ok").timer().count());
    assertEquals(rew, registry.get("ttc.call.duration").tags("kind", "reward", "outcome", "ok").timer().count());
    assertEquals(20, registry.get("ttc.search.duration").timers().stream().mapToLong(t -> t.count()).sum());
    assertTrue(registry.get("ttc.search.duration").timers().stream()
        .mapToDouble(t -> t.totalTime(TimeUnit.NANOSECONDS)).sum() > 0);
  }

  @Test
  void aSearchOutOfBudgetCountsARefusedCallAndABudgetStop() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    // fewer tokens than one sample's worst case (maxTokens), so the first generation call is refused
    Search search = bestOf8(MicrometerSearchListener.of(registry)).budget(Budget.tokens(100)).build();

    SearchResult r = search.solve(Datasets.load("math500").get(0)).join();

    assertEquals(StopReason.BUDGET, r.stopReason());
    assertEquals(1, counter(registry, "ttc.searches", "stop.reason", "budget"));
    assertEquals(1, counter(registry, "ttc.searches"));
    assertTrue(counter(registry, "ttc.calls", "outcome", "refused") >= 1);
    assertEquals(1, counter(registry, "ttc.calls", "kind", "generation", "outcome", "refused"));
  }

  @Test
  void theListenerNeverThrowsIntoASearch() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    MicrometerSearchListener listener = MicrometerSearchListener.of(registry);
    assertDoesNotThrow(() -> {
      listener.callStarted(null, null, null);
      listener.callFinished(null, null, null, null, -1);
      listener.callRefused(null, null, null);
      listener.searchFinished(null, null, -1);
    });

    // a closed registry still leaves searches untouched
    registry.close();
    SearchResult r = bestOf8(listener).build().solve(Datasets.load("math500").get(0)).join();
    assertEquals(StopReason.COMPLETED, r.stopReason());
  }

  @Test
  void configIsValidatedAndApplied() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    assertThrows(NullPointerException.class, () -> MicrometerSearchListener.of(null));
    MicrometerSearchListener.Builder b = MicrometerSearchListener.builder(registry);
    assertThrows(IllegalArgumentException.class, () -> b.prefix(" "));
    assertThrows(IllegalArgumentException.class, () -> b.prefix("ttc."));
    assertThrows(IllegalArgumentException.class, () -> b.tags("odd"));
    assertThrows(IllegalArgumentException.class, () -> b.tag("kind", "x"));
    assertThrows(NullPointerException.class, () -> b.tag("k", null));

    MicrometerSearchListener l = b.prefix("llm.search").tags(Tags.of("app", "demo")).build();
    assertEquals("llm.search", l.prefix());
    assertEquals(Tags.of("app", "demo"), l.commonTags());
    // every meter exists up front: nothing is looked up or created per event
    assertEquals(StopReason.values().length, registry.get("llm.search.searches").tag("app", "demo").counters().size());
    assertEquals(6, registry.get("llm.search.calls").counters().size());
    assertEquals(4, registry.get("llm.search.call.duration").timers().size());
  }
}
