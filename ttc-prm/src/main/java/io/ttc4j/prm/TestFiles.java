package io.ttc4j.prm;

import io.ttc4j.core.Problem;
import java.util.Map;
import java.util.Objects;

/**
 * The tests of a code problem, as files: what a {@link TestRunVerifier} writes beside the candidate
 * program before it runs the test command.
 */
@FunctionalInterface
public interface TestFiles {

  /**
   * The test files of {@code problem}: paths relative to the working directory (no {@code ..},
   * none equal to the candidate's file) mapped to their UTF-8 contents.
   *
   * @throws IllegalArgumentException when the problem has no tests (a configuration error, which
   *     fails the verification rather than judging the candidate wrong)
   */
  Map<String, String> of(Problem problem);

  /**
   * The test held in the problem's metadata under {@code key}, written to {@code fileName}: for data
   * sets that keep a test script per problem (MBPP's and HumanEval's {@code test} field, say).
   *
   * <pre>{@code
   * Problem p = new Problem("add", "Write add(a, b).", null,
   *     Map.of("test", "from solution import add\nassert add(2, 3) == 5\n"));
   * TestFiles tests = TestFiles.fromMetadata("test", "test_solution.py");
   * }</pre>
   *
   * @throws IllegalArgumentException from {@link #of} when the problem has no metadata {@code key}
   */
  static TestFiles fromMetadata(String key, String fileName) {
    Objects.requireNonNull(key, "key");
    String file = TestRunConfig.relativePath("fileName", fileName);
    return problem -> {
      String test = problem.metadata().get(key);
      if (test == null) {
        throw new IllegalArgumentException("problem '" + problem.id() + "' has no metadata '" + key
            + "' holding its tests");
      }
      return Map.of(file, test);
    };
  }

  /** The same files for every problem (one test suite, many candidates). */
  static TestFiles fixed(Map<String, String> files) {
    Map<String, String> copy = Map.copyOf(files);
    for (String name : copy.keySet()) {
      TestRunConfig.relativePath("files key", name);
    }
    return problem -> copy;
  }
}
