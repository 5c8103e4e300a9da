package io.ttc4j.eval.cli;

import io.ttc4j.eval.compute.ComputeModel;
import io.ttc4j.eval.compute.HardwareTier;
import io.ttc4j.eval.compute.ModelSize;
import io.ttc4j.eval.compute.PriceTier;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * The compute-axis options shared by {@code sweep} and {@code report}: which price tier and
 * hardware tier the report's tables use, and the declared model sizes behind FLOPs and decode
 * time. They change no result, only how compute is expressed, and are not stored in
 * {@code sweep.json}.
 */
final class ComputeOptions {

  @Option(names = "--price-tier", paramLabel = "TIER", defaultValue = "production", converter = PriceTiers.class,
      description = "Price tier of the report's dollar columns: on-device ($0), commodity ($0.28 in / $0.48 out per M "
          + "tokens), production ($3 / $15), premium ($15 / $75) (default: ${DEFAULT-VALUE}). compute.csv has all four.")
  PriceTier priceTier;

  @Option(names = "--hardware", paramLabel = "TIER", defaultValue = "datacentre-gpu", converter = HardwareTiers.class,
      description = "Hardware tier of the report's decode-time column: edge-npu (70 GB/s) or datacentre-gpu (3 TB/s) "
          + "(default: ${DEFAULT-VALUE}). compute.csv has both.")
  HardwareTier hardware;

  @Option(names = "--generator-params", paramLabel = "P",
      description = "Generator parameters, for example 1.24e9 (default: declared by the preset).")
  Double generatorParams;

  @Option(names = "--prm-params", paramLabel = "P",
      description = "Reward-model parameters, for example 8e9 (default: declared by the preset).")
  Double prmParams;

  @Option(names = "--bytes-per-param", paramLabel = "B", defaultValue = "2",
      description = "Bytes per weight of both models: 2 bf16, 1 int8, 0.5 4-bit (default: ${DEFAULT-VALUE}).")
  double bytesPerParam;

  /** The compute model: the preset's declared sizes, overridden by the options. */
  ComputeModel model(String preset) {
    ComputeModel base;
    try {
      base = ComputeModel.forPreset(preset);
    } catch (IllegalArgumentException e) {
      if (generatorParams == null || prmParams == null) {
        throw new IllegalArgumentException("preset '" + preset + "' declares no model sizes; give --generator-params "
            + "and --prm-params", e);
      }
      base = new ComputeModel(ModelSize.of("generator", generatorParams), ModelSize.of("reward model", prmParams));
    }
    ModelSize gen = generatorParams == null ? base.generator()
        : ModelSize.of("generator (" + generatorParams + " parameters)", checkParams("--generator-params", generatorParams));
    ModelSize prm = prmParams == null ? base.prm()
        : ModelSize.of("reward model (" + prmParams + " parameters)", checkParams("--prm-params", prmParams));
    if (!(bytesPerParam > 0) || Double.isInfinite(bytesPerParam)) {
      throw new IllegalArgumentException("--bytes-per-param must be finite and > 0, got " + bytesPerParam);
    }
    return new ComputeModel(gen, prm).withBytesPerParameter(bytesPerParam);
  }

  private static double checkParams(String option, double v) {
    if (!(v > 0) || Double.isInfinite(v)) {
      throw new IllegalArgumentException(option + " must be finite and > 0, got " + v);
    }
    return v;
  }

  /** Price-tier names. */
  static final class PriceTiers implements ITypeConverter<PriceTier> {
    @Override
    public PriceTier convert(String value) {
      try {
        return PriceTier.named(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /** Hardware-tier names. */
  static final class HardwareTiers implements ITypeConverter<HardwareTier> {
    @Override
    public HardwareTier convert(String value) {
      try {
        return HardwareTier.named(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
