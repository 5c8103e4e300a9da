package io.ttc4j.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ttc4j.core.StopReason;
import io.ttc4j.core.Usage;
import io.ttc4j.eval.compute.ComputeModel;
import io.ttc4j.eval.compute.HardwareTier;
import io.ttc4j.eval.compute.ModelSize;
import io.ttc4j.eval.compute.PriceTier;
import io.ttc4j.eval.stats.ClusterBootstrap;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ComputeModelTest {

  private static final ComputeModel MODEL = new ComputeModel(ModelSize.of("gen", 1e9), ModelSize.of("prm", 8e9));

  /** best-of-4: one call, 100 prompt tokens (40 cached), 4 × 250 completion tokens, 4 trajectories scored. */
  private static final Usage BEST_OF_4 = new Usage(4, 100, 40, 1000, 4, 0, 0);

  @Test
  void presetsAreTheSeedArticlesTiers() {
    assertEquals(List.of("on-device", "commodity", "production", "premium"),
        PriceTier.presets().stream().map(PriceTier::name).toList());
    assertEquals(0.28, PriceTier.COMMODITY.prices().inputUsdPerMillion(), 0);
    assertEquals(0.48, PriceTier.COMMODITY.prices().outputUsdPerMillion(), 0);
    assertEquals(3, PriceTier.PRODUCTION.prices().inputUsdPerMillion(), 0);
    assertEquals(15, PriceTier.PRODUCTION.prices().outputUsdPerMillion(), 0);
    assertEquals(15, PriceTier.PREMIUM.prices().inputUsdPerMillion(), 0);
    assertEquals(75, PriceTier.PREMIUM.prices().outputUsdPerMillion(), 0);
    assertTrue(PriceTier.ON_DEVICE.isFree());
    assertEquals(70e9, HardwareTier.named("EDGE-NPU").bandwidthBytesPerSecond(), 0);
    assertEquals(3e12, HardwareTier.named("datacentre-gpu").bandwidthBytesPerSecond(), 0);
  }

  @Test
  void flopsDollarsAndDecodeTimeFollowTheStatedFormulas() {
    // the reward model reads each of the 4 solutions with the prompt: 4 × (100 + 250)
    assertEquals(1400, MODEL.prmTokens(BEST_OF_4), 1e-9);
    // 2 × 1e9 × (1000 completion + 60 uncached prompt) + 2 × 8e9 × 1400
    assertEquals(2e9 * 1060 + 16e9 * 1400, MODEL.flops(BEST_OF_4), 1);
    // production: 100 prompt at $3, 1000 completion at $15, 1400 PRM tokens at $3, per million
    assertEquals((100 * 3 + 1000 * 15 + 1400 * 3) / 1e6, MODEL.usd(BEST_OF_4, PriceTier.PRODUCTION), 1e-12);
    assertEquals(0, MODEL.usd(BEST_OF_4, PriceTier.ON_DEVICE), 0);
    // 1000 tokens × 2 GB / 3 TB/s
    assertEquals(1000 * 2e9 / 3e12, MODEL.decodeSeconds(BEST_OF_4, HardwareTier.DATACENTRE_GPU), 1e-12);
    assertEquals(1000 * 2e9 / 70e9, MODEL.decodeSeconds(BEST_OF_4, HardwareTier.EDGE_NPU), 1e-9);
    // 4-bit weights read four times fewer bytes
    assertEquals(1000 * 0.5e9 / 3e12, MODEL.withBytesPerParameter(0.5).decodeSeconds(BEST_OF_4,
        HardwareTier.DATACENTRE_GPU), 1e-12);
    // majority needs no reward model: its usage has no PRM calls and costs no PRM tokens
    Usage majority = BEST_OF_4.minus(Usage.ofPrmCalls(4));
    assertEquals(0, MODEL.prmTokens(majority), 0);
    assertEquals(2e9 * 1060, MODEL.flops(majority), 1);
  }

  @Test
  void presetsDeclareTheirModels() {
    assertEquals(1.24e9, ComputeModel.forPreset("math500").generator().parameters(), 0);
    assertEquals(8.03e9, ComputeModel.forPreset("math500").prm().parameters(), 0);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ComputeModel.forPreset("mine"));
    assertTrue(e.getMessage().contains("'mine'"), e.getMessage());
  }

  @Test
  void badValuesAreNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelSize.of("x", 0));
    assertTrue(e.getMessage().contains("parameters must be finite and > 0, got 0.0"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> PriceTier.named("cheap"));
    assertTrue(e.getMessage().contains("'cheap'") && e.getMessage().contains("commodity"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new HardwareTier("x", -1, "x"));
    assertTrue(e.getMessage().contains("bandwidthBytesPerSecond"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> new ComputeModel(ModelSize.of("gen", 1e9), null).flops(BEST_OF_4));
    assertTrue(e.getMessage().contains("no reward-model size"), e.getMessage());
  }

  @Test
  void computeRowsAndTheFrontier() {
    List<ResultRow> rows = new ArrayList<>();
    for (int p = 0; p < 10; p++) {
      for (int n : new int[] {1, 4}) {
        long tokens = 250L * n;
        Usage scored = new Usage(n, 100, 0, tokens, n, 0, 0);
        Usage unscored = new Usage(n, 100, 0, tokens, 0, 0, 0);
        rows.add(new ResultRow("p" + p, SweepStrategy.MAJORITY, n, 0, n, "1", "1", p < (n == 1 ? 3 : 5),
            StopReason.COMPLETED, unscored, null));
        rows.add(new ResultRow("p" + p, SweepStrategy.WEIGHTED, n, 0, n, "1", "1", p < (n == 1 ? 3 : 6),
            StopReason.COMPLETED, scored, null));
        rows.add(new ResultRow("p" + p, SweepStrategy.ORACLE, n, 0, n, "1", "1", p < 9, StopReason.COMPLETED, unscored,
            null));
      }
    }
    List<ComputeRow> compute = ComputeRow.summarise(rows, MODEL, ClusterBootstrap.defaults());
    assertEquals(6, compute.size());
    ComputeRow w4 = compute.get(3);
    assertEquals(SweepStrategy.WEIGHTED, w4.strategy());
    assertEquals(4, w4.n());
    assertEquals(0.6, w4.accuracy(), 1e-12);
    assertEquals(MODEL.flops(new Usage(4, 100, 0, 1000, 4, 0, 0)), w4.meanFlops(), 1);
    assertEquals(ComputeRow.csvHeader().split(",").length, w4.csvLine().split(",").length);
    assertTrue(ComputeRow.csvHeader().endsWith("usd_on_device,usd_commodity,usd_production,usd_premium,"
        + "decode_s_edge_npu,decode_s_datacentre_gpu,decode_s_gpu_node"));

    // tokens: majority and weighted cost the same at each N; weighted is better at 4, they tie at 1
    List<ComputeFrontier.Step> tokens = ComputeFrontier.of(compute, ComputeRow::meanCompletionTokens);
    assertEquals(List.of("majority@1", "weighted@4"),
        tokens.stream().map(s -> s.best().strategy() + "@" + s.best().n()).toList());
    // FLOPs: the 8B reward model makes weighted@4 cost more than majority@4, which is a step of its own
    List<ComputeFrontier.Step> flops = ComputeFrontier.of(compute, ComputeRow::meanFlops);
    assertEquals(List.of("majority@1", "majority@4", "weighted@4"),
        flops.stream().map(s -> s.best().strategy() + "@" + s.best().n()).toList());
    for (ComputeFrontier.Step s : flops) {
      assertTrue(!s.best().strategy().isBound());
    }
  }
}
