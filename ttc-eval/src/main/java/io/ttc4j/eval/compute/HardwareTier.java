package io.ttc4j.eval.compute;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A kind of hardware, described by the one figure that bounds decoding speed: memory bandwidth.
 * Decoding one token reads every weight once, so one sequence decodes at about
 * {@code model bytes / bandwidth} seconds per token (a lower bound on time: it ignores compute,
 * the KV cache and overheads, and assumes the weights fit in that memory).
 *
 * @param name                       the tier's name as options and reports spell it
 * @param bandwidthBytesPerSecond    memory bandwidth, finite and > 0
 * @param description                one line for reports
 */
public record HardwareTier(String name, double bandwidthBytesPerSecond, String description) {

  /** An edge NPU or laptop-class memory system: about 70 GB/s. */
  public static final HardwareTier EDGE_NPU = new HardwareTier("edge-npu", 70e9, "edge NPU, 70 GB/s");
  /** A data-centre GPU (HBM3 class): about 3 TB/s. */
  public static final HardwareTier DATACENTRE_GPU = new HardwareTier("datacentre-gpu", 3e12,
      "data-centre GPU, 3 TB/s");

  /** Validates. */
  public HardwareTier {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    if (!name.matches("[a-z0-9][a-z0-9-]*")) {
      throw new IllegalArgumentException("name must be lower-case letters, digits and hyphens, got '" + name + "'");
    }
    if (!(bandwidthBytesPerSecond > 0) || Double.isInfinite(bandwidthBytesPerSecond)) {
      throw new IllegalArgumentException("bandwidthBytesPerSecond must be finite and > 0, got " + bandwidthBytesPerSecond);
    }
  }

  /** The presets, slowest first. */
  public static List<HardwareTier> presets() {
    return List.of(EDGE_NPU, DATACENTRE_GPU);
  }

  /** The preset called {@code name} (case-insensitive). */
  public static HardwareTier named(String name) {
    Objects.requireNonNull(name, "name");
    for (HardwareTier t : presets()) {
      if (t.name.equals(name.trim().toLowerCase(Locale.ROOT))) return t;
    }
    throw new IllegalArgumentException("hardware tier must be one of "
        + presets().stream().map(HardwareTier::name).toList() + ", got '" + name + "'");
  }

  /** Seconds to decode one token of {@code model}: its bytes over the bandwidth. */
  public double secondsPerToken(ModelSize model) {
    return model.bytes() / bandwidthBytesPerSecond;
  }
}
