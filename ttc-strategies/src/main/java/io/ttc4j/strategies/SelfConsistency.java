package io.ttc4j.strategies;

import io.ttc4j.core.Aggregation;
import io.ttc4j.core.AnswerEquivalence;
import io.ttc4j.core.Candidate;
import io.ttc4j.core.GenerationMode;
import io.ttc4j.core.Problem;
import io.ttc4j.core.SearchContext;
import io.ttc4j.core.SearchResult;
import io.ttc4j.core.SearchStrategy;
import io.ttc4j.core.Selection;
import io.ttc4j.core.Step;
import io.ttc4j.core.Trajectory;
import io.ttc4j.strategies.internal.AsyncLoop;
import io.ttc4j.strategies.internal.StepSearch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.apache.commons.math3.special.Beta;

/**
 * Self-consistency (majority voting over sampled solutions) that stops sampling once the vote is
 * decided. Solutions are sampled in batches of {@link Config#batchSize()} (one generator call each);
 * after every batch the vote is counted and the {@link EarlyStop rule} decides whether to go on, up
 * to {@link Config#maxSamples()}. Needs no reward model.
 * <ul>
 *   <li>{@link EarlyStop#BETA} (Adaptive-Consistency, Aggarwal et al. 2023): with v<sub>1</sub> votes
 *       for the leading answer and v<sub>2</sub> for the runner-up, the leader's share among the two
 *       is p ~ Beta(v<sub>1</sub> + 1, v<sub>2</sub> + 1); stop when P(p &gt; 1/2) &ge; the threshold
 *       (default 0.95). A threshold of 1 never stops early.
 *   <li>{@link EarlyStop#WINDOW} (ESC, Li et al. 2024): stop when every sample of the last batch (the
 *       window) states the same answer.
 *   <li>{@link EarlyStop#NONE}: fixed-N majority voting.
 * </ul>
 * <b>Confidence filter</b> (DeepConf, Fu et al. 2025, offline mode): when every step reports its
 * log-probability and {@link Config#keepFraction()} is below 1, only the most confident
 * &lceil;keepFraction · samples&rceil; solutions vote, confidence being the solution's mean token
 * log-probability (the sum of its steps' log-probabilities over its tokens; ties keep the earlier
 * sample). The stopping rules count the same filtered vote; the window rule looks at the raw batch.
 *
 * <p>The candidates of the result are the voting solutions, in generation order (their
 * {@link Candidate#index()} is the sample's position, so gaps show filtered samples); the chosen one
 * is the first sample of the winning answer (ties go to the answer seen first). Batch {@code j} is
 * seeded from the search seed and {@code j} only, batch 0 with the search seed itself: with one batch
 * of N this is {@link BestOfN} with majority selection, sample for sample; with smaller batches an
 * early stop keeps exactly the first samples the fixed-N run would draw.
 *
 * <p><b>Budget.</b> A batch shrinks to the samples whose worst case ({@code maxTokens} each) fits;
 * when none fits the search stops with {@link io.ttc4j.core.StopReason#BUDGET}.
 */
public final class SelfConsistency implements SearchStrategy {

  /** When to stop sampling before {@link Config#maxSamples()}. */
  public enum EarlyStop {
    /** Never: fixed-N majority voting. */
    NONE,
    /** Adaptive-Consistency's Beta criterion: P(leader beats runner-up) &ge; threshold. */
    BETA,
    /** ESC's window rule: all answers of the last batch agree. */
    WINDOW
  }

  /** Default threshold of the Beta criterion, as in Adaptive-Consistency. */
  public static final double DEFAULT_THRESHOLD = 0.95;

  /**
   * Settings of self-consistency.
   *
   * @param maxSamples   solutions sampled at most, at least 1 (Adaptive-Consistency: 40)
   * @param batchSize    solutions per generator call, checked after each; the window of
   *                     {@link EarlyStop#WINDOW}; at least 1
   * @param earlyStop    the stopping rule
   * @param threshold    confidence the Beta criterion needs, in (0.5, 1]; 1 never stops early
   * @param keepFraction fraction of the most confident solutions that vote, in (0, 1]; 1 disables the
   *                     confidence filter
   * @param temperature  sampling temperature, at least 0
   * @param maxTokens    completion tokens allowed per solution, at least 1
   */
  public record Config(int maxSamples, int batchSize, EarlyStop earlyStop, double threshold, double keepFraction,
      double temperature, int maxTokens) {

    /** Validates. */
    public Config {
      ConfigChecks.checkAtLeast("maxSamples", maxSamples, 1);
      ConfigChecks.checkAtLeast("batchSize", batchSize, 1);
      Objects.requireNonNull(earlyStop, "earlyStop");
      if (!(threshold > 0.5 && threshold <= 1)) {
        throw new IllegalArgumentException("threshold must be in (0.5, 1], got " + threshold);
      }
      if (!(keepFraction > 0 && keepFraction <= 1)) {
        throw new IllegalArgumentException("keepFraction must be in (0, 1], got " + keepFraction);
      }
      ConfigChecks.checkTemperature(temperature);
      ConfigChecks.checkMaxTokens(maxTokens);
    }

    /** This config with another stopping rule. */
    public Config withEarlyStop(EarlyStop v) {
      return new Config(maxSamples, batchSize, v, threshold, keepFraction, temperature, maxTokens);
    }

    /** This config with another Beta threshold. */
    public Config withThreshold(double v) {
      return new Config(maxSamples, batchSize, earlyStop, v, keepFraction, temperature, maxTokens);
    }

    /** This config with another batch size. */
    public Config withBatchSize(int v) {
      return new Config(maxSamples, v, earlyStop, threshold, keepFraction, temperature, maxTokens);
    }

    /** This config keeping another fraction of the most confident solutions. */
    public Config withKeepFraction(double v) {
      return new Config(maxSamples, batchSize, earlyStop, threshold, v, temperature, maxTokens);
    }

    /** This config with another per-solution token limit. */
    public Config withMaxTokens(int v) {
      return new Config(maxSamples, batchSize, earlyStop, threshold, keepFraction, temperature, v);
    }
  }

  private final Config config;

  private SelfConsistency(Config config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /** Fixed-N majority voting over {@code n} samples in one batch. */
  public static SelfConsistency fixed(int n) {
    return of(new Config(n, n, EarlyStop.NONE, 1.0, 1.0, BestOfN.DEFAULT_TEMPERATURE, BestOfN.DEFAULT_MAX_TOKENS));
  }

  /** Adaptive-Consistency: up to {@code maxSamples}, batches of {@code batchSize}, Beta criterion at 0.95. */
  public static SelfConsistency adaptive(int maxSamples, int batchSize) {
    return of(new Config(maxSamples, batchSize, EarlyStop.BETA, DEFAULT_THRESHOLD, 1.0, BestOfN.DEFAULT_TEMPERATURE,
        BestOfN.DEFAULT_MAX_TOKENS));
  }

  /** ESC: up to {@code maxSamples}, stopping when a window of {@code window} samples agrees. */
  public static SelfConsistency esc(int maxSamples, int window) {
    return of(new Config(maxSamples, window, EarlyStop.WINDOW, 1.0, 1.0, BestOfN.DEFAULT_TEMPERATURE,
        BestOfN.DEFAULT_MAX_TOKENS));
  }

  /** Self-consistency with the given settings. */
  public static SelfConsistency of(Config config) {
    return new SelfConsistency(config);
  }

  /** The settings. */
  public Config config() {
    return config;
  }

  @Override
  public String name() {
    String rule = config.earlyStop() == EarlyStop.BETA ? "beta" + config.threshold()
        : config.earlyStop().name().toLowerCase(Locale.ROOT) + (config.earlyStop() == EarlyStop.WINDOW
            ? String.valueOf(config.batchSize()) : "");
    return "self-consistency-" + config.maxSamples() + "/" + rule
        + (config.keepFraction() < 1 ? "/keep" + config.keepFraction() : "");
  }

  @Override
  public CompletableFuture<SearchResult> search(Problem problem, SearchContext ctx) {
    return new Run(problem, ctx).run();
  }

  /**
   * P(p &gt; 1/2) for p ~ Beta(leader + 1, runnerUp + 1): Adaptive-Consistency's confidence that the
   * leading answer is the majority answer, from its vote count and the runner-up's.
   */
  static double leaderConfidence(int leader, int runnerUp) {
    return 1 - Beta.regularizedBeta(0.5, leader + 1.0, runnerUp + 1.0);
  }

  /** Mean token log-probability of a solution, or NaN when a step does not report it. */
  static double confidence(Trajectory t) {
    double logp = 0;
    long tokens = 0;
    for (Step s : t.steps()) {
      if (!s.hasLogProbability()) return Double.NaN;
      logp += s.logProbability();
      tokens += s.tokens();
    }
    return tokens == 0 ? Double.NaN : logp / tokens;
  }

  private final class Run {
    private final Problem problem;
    private final SearchContext ctx;
    private final StepSearch s;
    private final List<Trajectory> samples = new ArrayList<>();
    private List<Candidate> voters = List.of();

    Run(Problem problem, SearchContext ctx) {
      this.problem = problem;
      this.ctx = ctx;
      this.s = new StepSearch(problem, ctx, Aggregation.LAST, config.temperature(), config.maxTokens(),
          config.keepFraction() < 1);
    }

    CompletableFuture<SearchResult> run() {
      return s.conclude(AsyncLoop.whileTrue(this::batch), () -> s.result(Selection.MAJORITY, voters));
    }

    private CompletableFuture<Boolean> batch() {
      int want = Math.min(config.batchSize(), config.maxSamples() - samples.size());
      if (want <= 0 || s.halted()) {
        return CompletableFuture.completedFuture(false);
      }
      return s.expand(List.of(Trajectory.empty()), new int[] {want}, GenerationMode.TO_END).thenApply(got -> {
        List<Trajectory> batch = got.get(0);
        samples.addAll(batch);
        voters = vote();
        return !batch.isEmpty() && !s.halted() && !decided(batch);
      });
    }

    /** The solutions that vote: all, or the most confident fraction when log-probabilities allow. */
    private List<Candidate> vote() {
      int n = samples.size();
      boolean[] votes = new boolean[n];
      Arrays.fill(votes, true);
      if (config.keepFraction() < 1) {
        double[] conf = new double[n];
        boolean known = true;
        for (int i = 0; i < n && known; i++) {
          conf[i] = confidence(samples.get(i));
          known = !Double.isNaN(conf[i]);
        }
        if (known) {
          int keep = Math.min(n, Math.max(1, (int) Math.ceil(config.keepFraction() * n - 1e-9)));
          int[] order = StepSearch.bestFirst(conf);
          Arrays.fill(votes, false);
          for (int i = 0; i < keep; i++) votes[order[i]] = true;
        }
      }
      List<Candidate> out = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        if (votes[i]) {
          Trajectory t = samples.get(i);
          out.add(new Candidate(i, t, ctx.answerOf(t), null, Double.NaN));
        }
      }
      return out;
    }

    private boolean decided(List<Trajectory> batch) {
      switch (config.earlyStop()) {
        case BETA: {
          if (config.threshold() >= 1) return false;
          int[] top = topTwoCounts(voters, ctx.equivalence());
          return top[0] > 0 && leaderConfidence(top[0], top[1]) >= config.threshold();
        }
        case WINDOW: {
          if (batch.size() < config.batchSize()) return false; // a window cut by the budget or maxSamples
          String first = ctx.answerOf(batch.get(0));
          if (first == null) return false;
          for (Trajectory t : batch) {
            String a = ctx.answerOf(t);
            if (a == null || !ctx.equivalence().equivalent(first, a)) return false;
          }
          return true;
        }
        default:
          return false;
      }
    }
  }

  /** The vote counts of the leading answer and of the runner-up (0 when there is none). */
  static int[] topTwoCounts(List<Candidate> voters, AnswerEquivalence eq) {
    Map<String, Integer> byKey = new HashMap<>();
    List<String> answers = new ArrayList<>();
    List<Integer> counts = new ArrayList<>();
    for (Candidate c : voters) {
      if (!c.hasAnswer()) continue;
      String key = eq.key(c.answer());
      Integer g = byKey.get(key);
      if (g == null) {
        for (int i = 0; i < answers.size(); i++) {
          if (eq.equivalent(answers.get(i), c.answer())) {
            g = i;
            break;
          }
        }
        if (g == null) {
          g = answers.size();
          answers.add(c.answer());
          counts.add(0);
        }
        byKey.put(key, g);
      }
      counts.set(g, counts.get(g) + 1);
    }
    int first = 0;
    int second = 0;
    for (int v : counts) {
      if (v > first) {
        second = first;
        first = v;
      } else if (v > second) {
        second = v;
      }
    }
    return new int[] {first, second};
  }
}
