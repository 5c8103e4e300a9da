package io.ttc4j.eval.compute;

import io.ttc4j.core.Usage;
import java.util.Locale;
import java.util.Objects;

/**
 * Turns the usage of one query into FLOPs, dollars and estimated decode time, from the declared
 * sizes of the generator and the reward model. The assumptions, all of them:
 * <ul>
 *   <li><b>Reward-model tokens</b> are what the reward model reported ({@link Usage#prmTokens()}:
 *       the simulator counts the prompt and the whole solution of every scored trajectory, served
 *       reward models report their response's {@code usage.prompt_tokens}). When a usage has
 *       reward-model calls but no tokens (a reward model that reports none, or a run folder written
 *       before they were recorded) they are estimated as every scored trajectory read once with the
 *       query's prompt, {@code prmCalls × (promptTokens + completionTokens / generations)}: exact
 *       for best-of-N with one generation call per query, an overestimate for step-level searches,
 *       whose prompt tokens add up over many calls.</li>
 *   <li><b>FLOPs</b> (Snell et al. 2024): 2 × parameters per token a model processes:
 *       {@code 2 × P_generator × (completion + uncached prompt tokens) + 2 × P_prm × prmTokens}.
 *       Cached prompt tokens cost no forward pass. Attention's extra FLOPs are ignored, as there.</li>
 *   <li><b>Dollars</b> under a {@link PriceTier}: the generator's uncached and cached prompt tokens
 *       at the input prices, completion tokens at the output price, and reward-model tokens at the
 *       input price (a served reward model reads, it does not generate).</li>
 *   <li><b>Decode seconds</b> on a {@link HardwareTier}: completion tokens × generator bytes /
 *       bandwidth, as if every sample were decoded one after another on one device. Prefill and
 *       reward-model scoring are left out (they are compute-bound and parallel over tokens), and so
 *       is batching: a server decoding the N samples of best-of-N together needs about 1/N of this
 *       for the same weights traffic.</li>
 * </ul>
 *
 * @param generator the sampling model
 * @param prm       the reward model, or {@code null} when the sweep has none (its tokens then cost
 *                  nothing; a usage with reward-model calls is an error)
 */
public record ComputeModel(ModelSize generator, ModelSize prm) {

  /** Validates. */
  public ComputeModel {
    Objects.requireNonNull(generator, "generator");
  }

  /**
   * The declared models of a simulator preset:
   * <ul>
   *   <li>{@code math500}: Llama-3.2-1B-Instruct (1.24 B parameters) with an 8 B process reward
   *       model (8.03 B, a Llama-3.1-8B PRM), the models the preset imitates;</li>
   *   <li>{@code qwen-math-cot}: Qwen2.5-Math-7B-Instruct (7.62 B) with Qwen2.5-Math-RM-72B
   *       (72.7 B); the recording does not state the sizes, so these are assumptions.</li>
   * </ul>
   * Weights in bf16.
   *
   * @throws IllegalArgumentException for another preset, saying to declare the sizes
   */
  public static ComputeModel forPreset(String preset) {
    Objects.requireNonNull(preset, "preset");
    switch (preset.trim().toLowerCase(Locale.ROOT)) {
      case "math500":
        return new ComputeModel(ModelSize.of("Llama-3.2-1B-Instruct", 1.24e9), ModelSize.of("Llama-3.1-8B PRM", 8.03e9));
      case "qwen-math-cot":
        return new ComputeModel(ModelSize.of("Qwen2.5-Math-7B-Instruct", 7.62e9),
            ModelSize.of("Qwen2.5-Math-RM-72B", 72.7e9));
      default:
        throw new IllegalArgumentException("no declared model sizes for preset '" + preset
            + "'; declare them (generator and reward-model parameters)");
    }
  }

  /** This model with another precision for both models' weights. */
  public ComputeModel withBytesPerParameter(double bytes) {
    return new ComputeModel(generator.withBytesPerParameter(bytes), prm == null ? null : prm.withBytesPerParameter(bytes));
  }

  /** The estimated reward-model tokens of {@code u}; see the class documentation. */
  public double prmTokens(Usage u) {
    if (u.prmCalls() == 0) return 0;
    if (u.prmTokens() > 0) return u.prmTokens();
    double perSample = (double) u.completionTokens() / Math.max(1, u.generations());
    return u.prmCalls() * (u.promptTokens() + perSample);
  }

  /** FLOPs of {@code u}. */
  public double flops(Usage u) {
    double generated = generator.flopsPerToken() * (u.completionTokens() + u.uncachedPromptTokens());
    return generated + prmModel(u).flopsPerToken() * prmTokens(u);
  }

  /** US dollars of {@code u} under {@code tier}. */
  public double usd(Usage u, PriceTier tier) {
    Objects.requireNonNull(tier, "tier");
    var p = tier.prices();
    double perToken = 1e-6;
    double generator = u.uncachedPromptTokens() * p.inputUsdPerMillion() * perToken
        + u.cachedPromptTokens() * p.cachedInputUsdPerMillion() * perToken
        + u.completionTokens() * p.outputUsdPerMillion() * perToken;
    return generator + (u.prmCalls() == 0 ? 0 : prmTokens(u) * p.inputUsdPerMillion() * perToken);
  }

  /** Estimated sequential decode time of {@code u} on {@code hardware}, in seconds. */
  public double decodeSeconds(Usage u, HardwareTier hardware) {
    Objects.requireNonNull(hardware, "hardware");
    return u.completionTokens() * hardware.secondsPerToken(generator);
  }

  /**
   * Estimated wall time of {@code u} on {@code hardware}, in seconds, when {@code parallel} samples
   * decode together (the N samples of best-of-N, the beams of a step search): the completion tokens
   * decode {@code parallel} at a time at the memory-bound rate, and the generator's uncached prompt
   * tokens and the reward model's tokens are read at peak compute. A lower bound with the same
   * assumptions as {@link #decodeSeconds} (no queueing, no overheads, weights resident), good for
   * comparing tiers, not for promising a latency.
   *
   * @param parallel samples decoded together, at least 1
   */
  public double latencySeconds(Usage u, int parallel, HardwareTier hardware) {
    Objects.requireNonNull(hardware, "hardware");
    if (parallel < 1) throw new IllegalArgumentException("parallel must be >= 1, got " + parallel);
    double decode = (double) u.completionTokens() / parallel * hardware.secondsPerToken(generator);
    double prefill = hardware.secondsToRead(generator, u.uncachedPromptTokens());
    double scoring = u.prmCalls() == 0 ? 0 : hardware.secondsToRead(prmModel(u), prmTokens(u));
    return decode + prefill + scoring;
  }

  private ModelSize prmModel(Usage u) {
    if (prm == null) {
      if (u.prmCalls() > 0) {
        throw new IllegalArgumentException("usage has " + u.prmCalls() + " reward-model calls but no reward-model size "
            + "is declared");
      }
      return generator;
    }
    return prm;
  }
}
