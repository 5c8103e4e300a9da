/**
 * Implementation of the simulator: stateless hashing ({@code Mix}), the per-problem world and its
 * bounded cache, wrong-answer generation, the step tag that carries a trajectory's hidden state,
 * the generator, the reward model and artificial latency. Not an API: it may change at any time.
 */
package io.ttc4j.sim.internal;
