package io.ttc4j.core;

import java.util.List;
import java.util.Objects;

/**
 * How to sample continuations of a prefix.
 *
 * @param n           number of independent continuations, at least 1
 * @param temperature sampling temperature, at least 0 (0 is greedy)
 * @param topP        nucleus sampling mass in (0, 1]
 * @param maxTokens   limit of completion tokens <em>per continuation</em>, at least 1; always sent
 *                    to servers explicitly (vLLM defaults to 16)
 * @param stop        stop strings (the step separator for {@link GenerationMode#ONE_STEP})
 * @param seed        seed of this call; continuation {@code i} of a call must depend only on the
 *                    problem, the prefix, the seed and {@code i}, never on {@code n}, where the
 *                    generator can promise it (the simulator does; a server may not)
 * @param mode        one step, or to the end of the solution
 * @param logprobs    whether to ask for token log-probabilities
 */
public record SamplingSpec(
    int n,
    double temperature,
    double topP,
    int maxTokens,
    List<String> stop,
    long seed,
    GenerationMode mode,
    boolean logprobs) {

  /** Validates and copies. */
  public SamplingSpec {
    if (n < 1) {
      throw new IllegalArgumentException("n must be >= 1, got " + n);
    }
    if (!(temperature >= 0) || Double.isInfinite(temperature)) {
      throw new IllegalArgumentException("temperature must be finite and >= 0, got " + temperature);
    }
    if (!(topP > 0 && topP <= 1)) {
      throw new IllegalArgumentException("topP must be in (0, 1], got " + topP);
    }
    if (maxTokens < 1) {
      throw new IllegalArgumentException("maxTokens must be >= 1, got " + maxTokens);
    }
    stop = List.copyOf(Objects.requireNonNull(stop, "stop"));
    Objects.requireNonNull(mode, "mode");
  }

  /** Sampling of {@code n} whole solutions at the given temperature, as best-of-N does. */
  public static SamplingSpec toEnd(int n, double temperature, int maxTokens, long seed) {
    return new SamplingSpec(n, temperature, 1.0, maxTokens, List.of(), seed, GenerationMode.TO_END, false);
  }

  /** Sampling of {@code n} next steps, stopping at {@link Trajectory#STEP_SEPARATOR}. */
  public static SamplingSpec oneStep(int n, double temperature, int maxTokens, long seed) {
    return new SamplingSpec(
        n, temperature, 1.0, maxTokens, List.of(Trajectory.STEP_SEPARATOR), seed, GenerationMode.ONE_STEP, false);
  }

  /** This spec with another {@code n}. */
  public SamplingSpec withN(int newN) {
    return new SamplingSpec(newN, temperature, topP, maxTokens, stop, seed, mode, logprobs);
  }

  /** This spec with another seed. */
  public SamplingSpec withSeed(long newSeed) {
    return new SamplingSpec(n, temperature, topP, maxTokens, stop, newSeed, mode, logprobs);
  }

  /** This spec with another per-continuation token limit. */
  public SamplingSpec withMaxTokens(int newMaxTokens) {
    return new SamplingSpec(n, temperature, topP, newMaxTokens, stop, seed, mode, logprobs);
  }

  /** This spec asking for log-probabilities or not. */
  public SamplingSpec withLogprobs(boolean want) {
    return new SamplingSpec(n, temperature, topP, maxTokens, stop, seed, mode, want);
  }
}
