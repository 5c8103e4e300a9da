package io.ttc4j.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.ttc4j.core.BudgetExhaustedException;
import io.ttc4j.core.Problem;
import io.ttc4j.core.SearchListener;
import io.ttc4j.core.SearchResult;
import io.ttc4j.core.StopReason;
import io.ttc4j.core.Usage;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Records ttc4j searches in a Micrometer {@link MeterRegistry}: searches by stop reason, model calls
 * by kind and outcome, per-search spend (tokens, generations, reward-model calls, dollars) and
 * latencies. Register it with {@code Search.builder().listener(MicrometerSearchListener.of(registry))}.
 *
 * <p>Meters (with the default prefix {@code ttc}; every meter also carries the common tags):
 * <ul>
 *   <li>{@code ttc.searches} counter, tag {@code stop.reason} (completed, budget, deadline, cancelled, failed)</li>
 *   <li>{@code ttc.calls} counter, tags {@code kind} (generation, reward) and {@code outcome} (ok, failed, refused)</li>
 *   <li>{@code ttc.search.completion.tokens}, {@code ttc.search.prompt.tokens},
 *       {@code ttc.search.cached.prompt.tokens} distribution summaries in tokens per search</li>
 *   <li>{@code ttc.search.generations}, {@code ttc.search.prm.calls}, {@code ttc.search.prm.tokens} distribution
 *       summaries per search</li>
 *   <li>{@code ttc.search.cost} distribution summary in US dollars per search</li>
 *   <li>{@code ttc.search.duration} timer, tag {@code stop.reason}</li>
 *   <li>{@code ttc.call.duration} timer, tags {@code kind} and {@code outcome} (ok, failed); refused
 *       calls never started and have no duration</li>
 * </ul>
 *
 * <p>The listener does not learn which strategy ran a search; give each {@code Search} its own
 * listener with a tag such as {@code strategy=best-of-8} through {@link Builder#tag(String, String)}.
 *
 * <p>Every meter is registered once, at construction; events only increment or record. The
 * listener is thread-safe and never throws: a failure while recording is swallowed.
 */
public final class MicrometerSearchListener implements SearchListener {

  /** The default meter name prefix. */
  public static final String DEFAULT_PREFIX = "ttc";

  private static final SearchListener.CallKind[] KINDS = SearchListener.CallKind.values();
  private static final int OK = 0;
  private static final int FAILED = 1;
  private static final int REFUSED = 2;
  private static final String[] OUTCOMES = {"ok", "failed", "refused"};

  private final String prefix;
  private final Tags commonTags;
  private final Map<StopReason, Counter> searches = new EnumMap<>(StopReason.class);
  private final Map<StopReason, Timer> searchDuration = new EnumMap<>(StopReason.class);
  /** Indexed by {@code [kind.ordinal()][outcome]}. */
  private final Counter[][] calls = new Counter[KINDS.length][OUTCOMES.length];
  /** Indexed by {@code [kind.ordinal()][outcome]}, outcome ok or failed only. */
  private final Timer[][] callDuration = new Timer[KINDS.length][2];
  private final DistributionSummary completionTokens;
  private final DistributionSummary promptTokens;
  private final DistributionSummary cachedPromptTokens;
  private final DistributionSummary generations;
  private final DistributionSummary prmCalls;
  private final DistributionSummary prmTokens;
  private final DistributionSummary costUsd;

  private MicrometerSearchListener(Builder b) {
    MeterRegistry registry = b.registry;
    this.prefix = b.prefix;
    this.commonTags = b.tags;
    for (StopReason reason : StopReason.values()) {
      Tags t = commonTags.and("stop.reason", lower(reason.name()));
      searches.put(reason, Counter.builder(name("searches"))
          .description("Finished searches by stop reason").tags(t).register(registry));
      searchDuration.put(reason, Timer.builder(name("search.duration"))
          .description("Wall-clock time of a search, from solve to result").tags(t).register(registry));
    }
    for (SearchListener.CallKind kind : KINDS) {
      for (int o = 0; o < OUTCOMES.length; o++) {
        Tags t = commonTags.and("kind", lower(kind.name()), "outcome", OUTCOMES[o]);
        calls[kind.ordinal()][o] = Counter.builder(name("calls"))
            .description("Metered model calls by kind and outcome").tags(t).register(registry);
        if (o != REFUSED) {
          callDuration[kind.ordinal()][o] = Timer.builder(name("call.duration"))
              .description("Time of a model call, from its reservation to its end").tags(t).register(registry);
        }
      }
    }
    completionTokens = summary(registry, "search.completion.tokens", "tokens", "Generated tokens per search");
    promptTokens = summary(registry, "search.prompt.tokens", "tokens", "Prompt tokens per search, cached included");
    cachedPromptTokens = summary(registry, "search.cached.prompt.tokens", "tokens",
        "Prompt tokens served from a prefix cache per search");
    generations = summary(registry, "search.generations", "generations", "Sampled continuations per search");
    prmCalls = summary(registry, "search.prm.calls", "trajectories", "Trajectories scored by the reward model per search");
    prmTokens = summary(registry, "search.prm.tokens", "tokens", "Tokens the reward model read per search (as it reports them)");
    costUsd = summary(registry, "search.cost", "usd", "Money spent per search, in US dollars");
  }

  /** A listener with the default prefix {@code ttc} and no common tags. */
  public static MicrometerSearchListener of(MeterRegistry registry) {
    return builder(registry).build();
  }

  /** A builder for a listener that records into {@code registry}. */
  public static Builder builder(MeterRegistry registry) {
    return new Builder(registry);
  }

  /** The meter name prefix, e.g. {@code ttc}. */
  public String prefix() {
    return prefix;
  }

  /** The tags every meter of this listener carries. */
  public Tags commonTags() {
    return commonTags;
  }

  @Override
  public void callFinished(Problem problem, CallKind kind, Usage spent, Throwable failure, long elapsedNanos) {
    try {
      int outcome = failure == null ? OK : FAILED;
      calls[kind.ordinal()][outcome].increment();
      callDuration[kind.ordinal()][outcome].record(Math.max(0, elapsedNanos), TimeUnit.NANOSECONDS);
    } catch (RuntimeException ignored) {
      // metrics never change a search
    }
  }

  @Override
  public void callRefused(Problem problem, CallKind kind, BudgetExhaustedException reason) {
    try {
      calls[kind.ordinal()][REFUSED].increment();
    } catch (RuntimeException ignored) {
      // metrics never change a search
    }
  }

  @Override
  public void searchFinished(Problem problem, SearchResult result, long elapsedNanos) {
    try {
      StopReason reason = result.stopReason();
      searches.get(reason).increment();
      searchDuration.get(reason).record(Math.max(0, elapsedNanos), TimeUnit.NANOSECONDS);
      Usage u = result.usage();
      completionTokens.record(u.completionTokens());
      promptTokens.record(u.promptTokens());
      cachedPromptTokens.record(u.cachedPromptTokens());
      generations.record(u.generations());
      prmCalls.record(u.prmCalls());
      prmTokens.record(u.prmTokens());
      costUsd.record(u.costUsd());
    } catch (RuntimeException ignored) {
      // metrics never change a search
    }
  }

  @Override
  public String toString() {
    return "MicrometerSearchListener[prefix=" + prefix + ", tags=" + commonTags + "]";
  }

  private String name(String suffix) {
    return prefix + "." + suffix;
  }

  private DistributionSummary summary(MeterRegistry registry, String suffix, String unit, String description) {
    return DistributionSummary.builder(name(suffix)).baseUnit(unit).description(description)
        .tags(commonTags).register(registry);
  }

  private static String lower(String enumName) {
    return enumName.toLowerCase(Locale.ROOT);
  }

  /** Configures a {@link MicrometerSearchListener}; every setter validates its argument and names it. */
  public static final class Builder {
    private final MeterRegistry registry;
    private String prefix = DEFAULT_PREFIX;
    private Tags tags = Tags.empty();

    private Builder(MeterRegistry registry) {
      this.registry = Objects.requireNonNull(registry, "registry");
    }

    /**
     * The meter name prefix (default {@code ttc}): non-blank, without whitespace, not starting or
     * ending with a dot.
     */
    public Builder prefix(String prefix) {
      Objects.requireNonNull(prefix, "prefix");
      if (prefix.isBlank() || prefix.chars().anyMatch(Character::isWhitespace)
          || prefix.startsWith(".") || prefix.endsWith(".")) {
        throw new IllegalArgumentException(
            "prefix must be non-blank, without whitespace and not start or end with '.', got '" + prefix + "'");
      }
      this.prefix = prefix;
      return this;
    }

    /** Adds tags carried by every meter, e.g. {@code strategy=best-of-8}; a later key replaces an earlier one. */
    public Builder tags(Iterable<Tag> tags) {
      Objects.requireNonNull(tags, "tags");
      for (Tag t : tags) {
        Objects.requireNonNull(t, "tags must not contain null");
        checkKey(t.getKey());
      }
      this.tags = this.tags.and(tags);
      return this;
    }

    /** Adds tags from alternating keys and values, e.g. {@code tags("strategy", "best-of-8")}. */
    public Builder tags(String... keyValues) {
      Objects.requireNonNull(keyValues, "tags");
      if (keyValues.length % 2 != 0) {
        throw new IllegalArgumentException("tags must be key/value pairs, got " + keyValues.length + " strings");
      }
      for (int i = 0; i < keyValues.length; i += 2) {
        tag(keyValues[i], keyValues[i + 1]);
      }
      return this;
    }

    /** Adds one tag carried by every meter. */
    public Builder tag(String key, String value) {
      Objects.requireNonNull(key, "tag key");
      Objects.requireNonNull(value, "tag value");
      checkKey(key);
      this.tags = this.tags.and(key, value);
      return this;
    }

    private static void checkKey(String key) {
      if (key.isBlank()) {
        throw new IllegalArgumentException("tag key must be non-blank");
      }
      if (key.equals("stop.reason") || key.equals("kind") || key.equals("outcome")) {
        throw new IllegalArgumentException("tag key '" + key + "' is set by the listener itself");
      }
    }

    /** The listener, with all its meters registered. */
    public MicrometerSearchListener build() {
      return new MicrometerSearchListener(this);
    }
  }
}
