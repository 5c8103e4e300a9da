package io.ttc4j.prm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ttc4j.core.AnswerExtractor;
import io.ttc4j.core.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parts of code verification that need no interpreter: extraction, configuration, files, the runner plug. */
class CodeVerificationApiTest {

  private static final TestRunConfig CONFIG = TestRunConfig.of(List.of("python3", "test_solution.py"), "solution.py");

  @Test
  void lastCodeBlockTakesTheLastClosedBlockOfTheLanguage() {
    AnswerExtractor python = Verifiers.lastCodeBlock("python");
    String text = String.join("\n",
        "First attempt:",
        "```python",
        "def f(): return 1",
        "```",
        "A shell command:",
        "```bash",
        "echo hi",
        "```",
        "Final:",
        "  ```Python  title=\"solution\"",
        "def f():",
        "",
        "    return 2",
        "  ```",
        "Done.");
    assertEquals(Optional.of("def f():\n\n    return 2\n"), python.extract(text));
    assertEquals(Optional.of("echo hi\n"), Verifiers.lastCodeBlock("bash", "sh").extract(text));
    assertEquals(Optional.of("def f():\n\n    return 2\n"), Verifiers.lastCodeBlock().extract(text), "any language");
    assertEquals(Optional.empty(), Verifiers.lastCodeBlock("java").extract(text));
  }

  @Test
  void lastCodeBlockSkipsUnclosedBlankAndInlineFences() {
    AnswerExtractor python = Verifiers.lastCodeBlock("python");
    assertEquals(Optional.of("x = 1\n"), python.extract("```python\nx = 1\n```\n\n```python\nx = 2\n"),
        "an unclosed block is a cut solution: the last closed one counts");
    assertEquals(Optional.of("x = 1\n"), python.extract("```python\nx = 1\n```\n```python\n\n   \n```"),
        "a blank block is skipped");
    assertEquals(Optional.empty(), python.extract("no code here"));
    assertEquals(Optional.empty(), python.extract("```python x = 1```"), "inline code is not a block");
    assertEquals(Optional.of("a = '```'\n"), python.extract("````python\na = '```'\n````"), "a longer fence");
    assertEquals(Optional.of("y = 3\n"), python.extract("~~~python\r\ny = 3\r\n~~~\r\n"), "tildes and CRLF");
    assertEquals(Optional.of("z = 4\n"), Verifiers.lastCodeBlock().extract("```\nz = 4\n```"), "untagged");
    assertEquals(Optional.empty(), python.extract("```\nz = 4\n```"), "untagged is not python");
  }

  @Test
  void lastCodeBlockRejectsBadLanguageTags() {
    assertEquals("languages[1] must be a language tag such as 'python', got 'c sharp'",
        assertThrows(IllegalArgumentException.class, () -> Verifiers.lastCodeBlock("py", "c sharp")).getMessage());
    assertThrows(IllegalArgumentException.class, () -> Verifiers.lastCodeBlock(""));
    assertThrows(NullPointerException.class, () -> Verifiers.lastCodeBlock((String) null));
  }

  @Test
  void theConfigIsValidatedAndNamesTheArgument() {
    assertEquals(TestRunConfig.DEFAULT_TIMEOUT, CONFIG.timeout());
    assertEquals(TestRunConfig.DEFAULT_MAX_OUTPUT_BYTES, CONFIG.maxOutputBytes());
    assertEquals("src/solution.py", TestRunConfig.of(List.of("make"), "./src//solution.py").solutionFile());
    List<String> command = new ArrayList<>(List.of("python3", "t.py"));
    TestRunConfig copy = TestRunConfig.of(command, "s.py");
    command.add("--more");
    assertEquals(List.of("python3", "t.py"), copy.command(), "the command is copied");

    assertEquals("command must name a program, got []",
        assertThrows(IllegalArgumentException.class, () -> TestRunConfig.of(List.of(), "s.py")).getMessage());
    assertEquals("command must name a program, got [ , x]",
        assertThrows(IllegalArgumentException.class, () -> TestRunConfig.of(List.of(" ", "x"), "s.py")).getMessage());
    assertEquals("command[1]", assertThrows(NullPointerException.class,
        () -> TestRunConfig.of(Arrays.asList("python3", null), "s.py")).getMessage());
    assertEquals("solutionFile must stay inside the working directory (no '..'), got '../s.py'",
        assertThrows(IllegalArgumentException.class, () -> TestRunConfig.of(List.of("x"), "../s.py")).getMessage());
    assertEquals("solutionFile must be a relative file path, got '/tmp/s.py'",
        assertThrows(IllegalArgumentException.class, () -> TestRunConfig.of(List.of("x"), "/tmp/s.py")).getMessage());
    assertEquals("solutionFile must name a file, got '.'",
        assertThrows(IllegalArgumentException.class, () -> TestRunConfig.of(List.of("x"), ".")).getMessage());
    assertEquals("timeout must be positive, got PT0S",
        assertThrows(IllegalArgumentException.class, () -> CONFIG.withTimeout(Duration.ZERO)).getMessage());
    assertEquals("maxOutputBytes must be >= 0, got -1",
        assertThrows(IllegalArgumentException.class, () -> CONFIG.withMaxOutputBytes(-1)).getMessage());
  }

  @Test
  void testFilesComeFromMetadataOrAreFixed() {
    Problem p = new Problem("p", "Write f.", null, Map.of("test", "assert True"));
    assertEquals(Map.of("test_solution.py", "assert True"),
        TestFiles.fromMetadata("test", "test_solution.py").of(p));
    assertEquals("problem 'p' has no metadata 'tests' holding its tests", assertThrows(IllegalArgumentException.class,
        () -> TestFiles.fromMetadata("tests", "t.py").of(p)).getMessage());
    assertEquals("fileName must stay inside the working directory (no '..'), got 'a/../../t.py'",
        assertThrows(IllegalArgumentException.class, () -> TestFiles.fromMetadata("test", "a/../../t.py")).getMessage());
    assertThrows(IllegalArgumentException.class, () -> TestFiles.fixed(Map.of("/etc/passwd", "x")));
  }

  @Test
  void aPluggedRunnerSeesTheCandidateAndTheTestsAndItsVerdictCounts(@TempDir Path root) {
    // a stand-in for a sandbox: judges by reading the files the verifier wrote
    TestRunner sandbox = (dir, config) -> {
      String program = Files.readString(dir.resolve(config.solutionFile()));
      String test = Files.readString(dir.resolve("tests/check.txt"));
      boolean ok = program.contains(test);
      return new TestRunResult(ok ? 0 : 1, false, ok ? "ok" : "missing " + test, false, Duration.ofMillis(1));
    };
    Problem p = new Problem("p", "Say hello.", null, Map.of("expect", "hello"));
    TestRunVerifier v = TestRunVerifier.of(CONFIG, TestFiles.fromMetadata("expect", "tests/check.txt"))
        .withRunner(sandbox)
        .withTempRoot(root);
    assertTrue(v.verify(p, "print('hello')"));
    assertFalse(v.verify(p, "print('bye')"));
    assertEquals("missing hello", v.run(p, "print('bye')").output());
    assertTrue(v.verifyAsync(p, "hello").join(), "without an executor, on the calling thread");
    assertTrue(root.toFile().list().length == 0, "the working directories are deleted");

    TestRunner broken = (dir, config) -> {
      throw new IllegalStateException("sandbox down");
    };
    assertEquals("sandbox down", assertThrows(IllegalStateException.class,
        () -> v.withRunner(broken).verify(p, "hello")).getMessage());
    assertTrue(root.toFile().list().length == 0, "deleted when the runner fails too");
  }

  @Test
  void anInterruptStopsTheRunAndIsKept(@TempDir Path root) {
    TestRunner waiting = (dir, config) -> {
      Thread.sleep(60_000);
      return new TestRunResult(0, false, "", false, Duration.ZERO);
    };
    TestRunVerifier v = TestRunVerifier.of(CONFIG, TestFiles.fixed(Map.of("t.py", ""))).withRunner(waiting)
        .withTempRoot(root);
    Problem p = Problem.of("p", "x");
    Thread.currentThread().interrupt();
    try {
      assertThrows(java.util.concurrent.CancellationException.class, () -> v.verify(p, "x"));
      assertTrue(Thread.interrupted(), "the interrupt flag is kept (and cleared here)");
    } finally {
      Thread.interrupted();
    }
    assertTrue(root.toFile().list().length == 0);
  }

  @Test
  void theTempRootMustExist(@TempDir Path root) {
    TestRunVerifier v = TestRunVerifier.of(CONFIG, TestFiles.fixed(Map.of()));
    Path missing = root.resolve("nope");
    assertEquals("directory must be an existing directory, got '" + missing + "'",
        assertThrows(IllegalArgumentException.class, () -> v.withTempRoot(missing)).getMessage());
  }
}
