package io.ttc4j.eval.compute;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One tier of a model cascade as the simulator plays it: a generator of some skill, its declared
 * size and its reward model's, the price it is bought at and the hardware it runs on. Skill is the
 * simulator's (a logit added to every problem's solve rate; see {@code io.ttc4j.sim.Simulator}); the
 * sizes only feed the FLOP, dollar and latency estimates of {@link ComputeModel}.
 *
 * <p>The four presets follow the seed article's tiers, with models of the sizes such tiers serve:
 * <ul>
 *   <li>{@link #ON_DEVICE}: skill 0 (the {@code math500} preset's 1 B model), Llama-3.2-1B-Instruct
 *       (1.24 B, bf16) with a 1.5 B reward model, on an edge NPU, $0;</li>
 *   <li>{@link #COMMODITY}: skill 1, Llama-3.1-8B-Instruct (8.03 B) with an 8 B reward model, on one
 *       data-centre GPU, commodity prices;</li>
 *   <li>{@link #PRODUCTION}: skill 2, Llama-3.1-70B-Instruct (70.6 B) with an 8 B reward model, on an
 *       8-GPU node, production prices;</li>
 *   <li>{@link #PREMIUM}: skill 3, Llama-3.1-405B-Instruct (405.9 B, fp8) with an 8 B reward model,
 *       on an 8-GPU node, premium prices.</li>
 * </ul>
 * The skills are the simulator's, not fitted to those models' accuracies; every tier's reward
 * model is the same simulated one.
 *
 * @param name      the tier's name as options and reports spell it (lower case, hyphens)
 * @param skill     the simulated generator's skill, finite
 * @param generator the generator's declared size
 * @param prm       the reward model's declared size
 * @param price     what tokens cost at this tier
 * @param hardware  what the tier runs on
 */
public record ModelTier(String name, double skill, ModelSize generator, ModelSize prm, PriceTier price,
    HardwareTier hardware) {

  private static final ModelSize PRM_8B = ModelSize.of("Llama-3.1-8B PRM", 8.03e9);

  /** On-device: skill 0, a 1 B model on an edge NPU, $0. */
  public static final ModelTier ON_DEVICE = new ModelTier("on-device", 0, ModelSize.of("Llama-3.2-1B-Instruct", 1.24e9),
      ModelSize.of("1.5B PRM", 1.54e9), PriceTier.ON_DEVICE, HardwareTier.EDGE_NPU);
  /** Commodity: skill 1, an 8 B model on one data-centre GPU. */
  public static final ModelTier COMMODITY = new ModelTier("commodity", 1, ModelSize.of("Llama-3.1-8B-Instruct", 8.03e9),
      PRM_8B, PriceTier.COMMODITY, HardwareTier.DATACENTRE_GPU);
  /** Production: skill 2, a 70 B model on an 8-GPU node. */
  public static final ModelTier PRODUCTION = new ModelTier("production", 2,
      ModelSize.of("Llama-3.1-70B-Instruct", 70.6e9), PRM_8B, PriceTier.PRODUCTION, HardwareTier.GPU_NODE);
  /** Premium: skill 3, a 405 B model in fp8 on an 8-GPU node. */
  public static final ModelTier PREMIUM = new ModelTier("premium", 3,
      new ModelSize("Llama-3.1-405B-Instruct (fp8)", 405.9e9, 1), PRM_8B, PriceTier.PREMIUM, HardwareTier.GPU_NODE);

  /** Validates. */
  public ModelTier {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(generator, "generator");
    Objects.requireNonNull(prm, "prm");
    Objects.requireNonNull(price, "price");
    Objects.requireNonNull(hardware, "hardware");
    if (!name.matches("[a-z0-9][a-z0-9-]*")) {
      throw new IllegalArgumentException("name must be lower-case letters, digits and hyphens, got '" + name + "'");
    }
    if (!Double.isFinite(skill)) throw new IllegalArgumentException("skill must be finite, got " + skill);
  }

  /** The presets, cheapest first. */
  public static List<ModelTier> presets() {
    return List.of(ON_DEVICE, COMMODITY, PRODUCTION, PREMIUM);
  }

  /** The preset called {@code name} (case-insensitive). */
  public static ModelTier named(String name) {
    Objects.requireNonNull(name, "name");
    for (ModelTier t : presets()) {
      if (t.name.equals(name.trim().toLowerCase(Locale.ROOT))) return t;
    }
    throw new IllegalArgumentException("model tier must be one of "
        + presets().stream().map(ModelTier::name).toList() + ", got '" + name + "'");
  }

  /** This tier with another simulated skill. */
  public ModelTier withSkill(double s) {
    return new ModelTier(name, s, generator, prm, price, hardware);
  }

  /** The compute model of this tier's two models. */
  public ComputeModel computeModel() {
    return new ComputeModel(generator, prm);
  }
}
