package io.ttc4j.bench;

import io.ttc4j.core.Budget;
import io.ttc4j.core.Problem;
import io.ttc4j.core.Search;
import io.ttc4j.core.SearchResult;
import io.ttc4j.core.SearchStrategy;
import io.ttc4j.core.Selection;
import io.ttc4j.datasets.Datasets;
import io.ttc4j.datasets.MathAnswers;
import io.ttc4j.sim.Simulator;
import io.ttc4j.sim.SimulatorPreset;
import io.ttc4j.strategies.BeamSearch;
import io.ttc4j.strategies.BestOfN;
import io.ttc4j.strategies.Dvts;
import io.ttc4j.strategies.Rebase;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The CPU cost of one whole search against the zero-latency simulator: the strategy's bookkeeping,
 * the meter, the simulator's own generation and scoring, answer extraction. Against a real server
 * every call costs milliseconds; this is what the library adds on top, per query. The problems
 * cycle through the first 64 of MATH-500 and the seed changes per invocation, so the JIT sees
 * realistic variety rather than one memoised search.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SearchOverheadBenchmark {

  /** The strategy at N = 16 (beam and DVTS with width 4, as search-and-learn). */
  @Param({"best-of-n", "beam", "dvts", "rebase"})
  public String strategy;

  private List<Problem> problems;
  private Search search;
  private int next;

  /** Builds the search once per trial. */
  @Setup
  public void setup() {
    Simulator sim = Simulator.create(SimulatorPreset.named("math500"), 0);
    problems = Datasets.load("math500").subList(0, 64);
    SearchStrategy s = switch (strategy) {
      case "best-of-n" -> BestOfN.of(16, Selection.WEIGHTED);
      case "beam" -> BeamSearch.of(16, 4);
      case "dvts" -> Dvts.of(16, 4);
      case "rebase" -> Rebase.of(16);
      default -> throw new IllegalArgumentException("strategy " + strategy);
    };
    search = Search.builder().generator(sim.generator()).prm(sim.prm()).strategy(s)
        .answerExtractor(MathAnswers.extractor()).equivalence(MathAnswers.equivalence()).build();
  }

  /** One search, start to result. */
  @Benchmark
  public SearchResult search() {
    int i = next++;
    return search.solve(problems.get(i & 63), Budget.unlimited(), i).join();
  }
}
