/**
 * JMH benchmarks of ttc4j's hot paths and a measurement of the search tree's memory footprint.
 *
 * <p>Run them from the shaded jar: {@code java -jar ttc-bench/target/benchmarks.jar} (all), or with a
 * JMH pattern and options, e.g. {@code java -jar ttc-bench/target/benchmarks.jar SearchOverhead -f 1
 * -wi 3 -i 5}. {@link io.ttc4j.bench.TreeFootprint} prints the retained size of a 256-beam ×
 * 40-step tree: {@code java -cp ttc-bench/target/benchmarks.jar io.ttc4j.bench.TreeFootprint}.
 * Nothing here runs in the test suite except the footprint check, which measures bytes, not time.
 */
package io.ttc4j.bench;
