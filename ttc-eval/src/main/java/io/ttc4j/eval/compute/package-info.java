/**
 * Compute axes beyond tokens: money through named price tiers ({@link io.ttc4j.eval.compute.PriceTier}),
 * FLOPs from declared model sizes ({@link io.ttc4j.eval.compute.ModelSize}), and estimated decode
 * time on a hardware tier ({@link io.ttc4j.eval.compute.HardwareTier}), combined per query by
 * {@link io.ttc4j.eval.compute.ComputeModel}, which states every assumption it makes; and model
 * tiers for cascades ({@link io.ttc4j.eval.compute.ModelTier}: a simulated skill, declared sizes, a
 * price tier and hardware).
 */
package io.ttc4j.eval.compute;
