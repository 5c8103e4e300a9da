/**
 * A seeded simulator of step-wise reasoning with known ground truth, so that every strategy, sweep
 * and load test of ttc4j runs without a model server.
 *
 * <p>{@link io.ttc4j.sim.Simulator#create Simulator.create(preset, seed)} gives a
 * {@link io.ttc4j.core.Generator} and a {@link io.ttc4j.core.ProcessRewardModel};
 * {@link io.ttc4j.sim.SimulatorPreset} holds every parameter, with two presets fitted to published
 * figures ({@code qwen-math-cot}, {@code math500}); {@link io.ttc4j.sim.TrajectoryTruth} is the
 * ground truth of a simulated trajectory. Implementation detail lives in
 * {@code io.ttc4j.sim.internal}.
 */
package io.ttc4j.sim;
