/**
 * Compute axes beyond tokens: money through named price tiers ({@link io.ttc4j.eval.compute.PriceTier}),
 * FLOPs from declared model sizes ({@link io.ttc4j.eval.compute.ModelSize}), and estimated decode
 * time on a hardware tier ({@link io.ttc4j.eval.compute.HardwareTier}), combined per query by
 * {@link io.ttc4j.eval.compute.ComputeModel}, which states every assumption it makes.
 */
package io.ttc4j.eval.compute;
