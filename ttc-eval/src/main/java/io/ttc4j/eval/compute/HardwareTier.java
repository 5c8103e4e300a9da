package io.ttc4j.eval.compute;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A kind of hardware, described by the two figures that bound inference speed: memory bandwidth and
 * peak compute. Decoding one token reads every weight once, so one sequence decodes at about
 * {@code model bytes / bandwidth} seconds per token (a lower bound on time: it ignores compute,
 * the KV cache and overheads, and assumes the weights fit in that memory). Reading a prompt
 * (prefill, and a reward model scoring a solution) is compute-bound: about
 * {@code 2 × parameters × tokens / peak FLOP/s} seconds at full utilisation, again a lower bound.
 *
 * <p>The presets' figures are public round numbers for a class of device, not measurements.
 *
 * @param name                       the tier's name as options and reports spell it
 * @param bandwidthBytesPerSecond    memory bandwidth, finite and > 0
 * @param peakFlopsPerSecond         dense bf16 peak, finite and >= 0; 0 when unknown (prefill time
 *                                   is then not estimated)
 * @param description                one line for reports
 */
public record HardwareTier(String name, double bandwidthBytesPerSecond, double peakFlopsPerSecond,
    String description) {

  /** An edge NPU or laptop-class memory system: about 70 GB/s and 10 TFLOP/s. */
  public static final HardwareTier EDGE_NPU = new HardwareTier("edge-npu", 70e9, 10e12,
      "edge NPU, 70 GB/s, 10 TFLOP/s");
  /** A data-centre GPU (H100 SXM class): about 3 TB/s of HBM3 and 989 TFLOP/s dense bf16. */
  public static final HardwareTier DATACENTRE_GPU = new HardwareTier("datacentre-gpu", 3e12, 989e12,
      "data-centre GPU, 3 TB/s, 989 TFLOP/s");
  /**
   * A node of eight data-centre GPUs serving one model with tensor parallelism: 8 × 3.35 TB/s and
   * 8 × 989 TFLOP/s, ignoring the interconnect. What a 70 B or 405 B model needs to fit at all.
   */
  public static final HardwareTier GPU_NODE = new HardwareTier("gpu-node", 26.8e12, 7.9e15,
      "8-GPU node, 26.8 TB/s, 7.9 PFLOP/s");

  /** A tier whose peak compute is unknown (prefill time not estimated). */
  public HardwareTier(String name, double bandwidthBytesPerSecond, String description) {
    this(name, bandwidthBytesPerSecond, 0, description);
  }

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
    if (!(peakFlopsPerSecond >= 0) || Double.isInfinite(peakFlopsPerSecond)) {
      throw new IllegalArgumentException("peakFlopsPerSecond must be finite and >= 0, got " + peakFlopsPerSecond);
    }
  }

  /** The presets, slowest first. */
  public static List<HardwareTier> presets() {
    return List.of(EDGE_NPU, DATACENTRE_GPU, GPU_NODE);
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

  /**
   * Seconds to read {@code tokens} tokens through {@code model} at peak compute (prefill or
   * scoring); 0 when the peak is unknown.
   */
  public double secondsToRead(ModelSize model, double tokens) {
    return peakFlopsPerSecond == 0 ? 0 : model.flopsPerToken() * tokens / peakFlopsPerSecond;
  }
}
