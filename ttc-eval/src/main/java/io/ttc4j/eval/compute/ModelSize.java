package io.ttc4j.eval.compute;

import java.util.Objects;

/**
 * A model's declared size, for FLOPs and memory traffic.
 *
 * @param name              the model, for reports
 * @param parameters        parameter count (for example {@code 1.24e9}), finite and > 0
 * @param bytesPerParameter bytes per weight as served: 2 for bf16/fp16, 1 for int8/fp8, 0.5 for
 *                          4-bit; finite and > 0
 */
public record ModelSize(String name, double parameters, double bytesPerParameter) {

  /** bf16 weights. */
  public static final double BF16 = 2.0;

  /** Validates. */
  public ModelSize {
    Objects.requireNonNull(name, "name");
    if (!(parameters > 0) || Double.isInfinite(parameters)) {
      throw new IllegalArgumentException("parameters must be finite and > 0, got " + parameters);
    }
    if (!(bytesPerParameter > 0) || Double.isInfinite(bytesPerParameter)) {
      throw new IllegalArgumentException("bytesPerParameter must be finite and > 0, got " + bytesPerParameter);
    }
  }

  /** A model with bf16 weights. */
  public static ModelSize of(String name, double parameters) {
    return new ModelSize(name, parameters, BF16);
  }

  /** FLOPs of one forward pass per token: 2 × parameters (Snell et al. 2024; Kaplan et al. 2020). */
  public double flopsPerToken() {
    return 2 * parameters;
  }

  /** The weights' size in bytes: parameters × bytes per parameter. */
  public double bytes() {
    return parameters * bytesPerParameter;
  }

  /** This model with another weight precision. */
  public ModelSize withBytesPerParameter(double v) {
    return new ModelSize(name, parameters, v);
  }
}
