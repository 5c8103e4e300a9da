package io.ttc4j.prm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ttc4j.core.Aggregation;
import io.ttc4j.core.AnswerEquivalence;
import io.ttc4j.core.AnswerExtractor;
import io.ttc4j.core.Candidate;
import io.ttc4j.core.Problem;
import io.ttc4j.core.RewardScores;
import io.ttc4j.core.Selection;
import io.ttc4j.core.Step;
import io.ttc4j.core.StepEnd;
import io.ttc4j.core.Trajectory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs real Python: skipped when {@code python3} is not on the PATH. */
class TestRunVerifierTest {

  private static final String TEST = String.join("\n",
      "from solution import add",
      "assert add(2, 3) == 5, 'add(2, 3)'",
      "assert add(-1, 1) == 0, 'add(-1, 1)'",
      "print('tests passed')",
      "");
  private static final Problem ADD = new Problem("add", "Write a Python function add(a, b) returning a + b.", null,
      Map.of("test", TEST));
  private static final TestFiles TESTS = TestFiles.fromMetadata("test", "test_solution.py");
  private static TestRunConfig CONFIG;

  private static final String RIGHT = "def add(a, b):\n    return a + b\n";
  private static final String WRONG = "def add(a, b):\n    return a - b\n";
  private static final String LOOPS = "while True:\n    pass\n";

  private static ExecutorService pool;

  @TempDir
  Path root;

  @BeforeAll
  static void needPython() {
    String python = pythonExecutable();
    assumeTrue(python != null, "python3 is not on the PATH");
    // the interpreter itself, not a launcher script on the PATH (pyenv's shim costs 0.4 s a run)
    CONFIG = TestRunConfig.of(List.of(python, "test_solution.py"), "solution.py");
    AtomicInteger n = new AtomicInteger();
    pool = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "tests-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  @AfterAll
  static void stopPool() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }

  private TestRunVerifier verifier(TestRunConfig config) {
    return TestRunVerifier.of(config, TESTS).withTempRoot(root);
  }

  @Test
  void aCorrectCandidatePassesAndAWrongOneFails() {
    TestRunVerifier v = verifier(CONFIG);
    TestRunResult right = v.run(ADD, RIGHT);
    assertTrue(right.passed(), right::toString);
    assertEquals(0, right.exitCode());
    assertTrue(right.output().contains("tests passed"), right.output());
    assertTrue(v.verify(ADD, RIGHT));

    TestRunResult wrong = v.run(ADD, WRONG);
    assertFalse(wrong.passed());
    assertFalse(wrong.timedOut());
    assertTrue(wrong.exitCode() != 0);
    assertTrue(wrong.output().contains("AssertionError: add(2, 3)"), wrong.output());
    assertFalse(v.verify(ADD, WRONG));
    assertFalse(v.verify(ADD, "def add(a, b) return a + b\n"), "a syntax error fails");
    assertFalse(v.verify(ADD, ""), "an empty program fails");
    assertEmpty(root);
  }

  @Test
  void aCandidateThatLoopsIsKilledAtTheTimeoutAndFails() {
    Duration timeout = Duration.ofMillis(1500);
    TestRunVerifier v = verifier(CONFIG.withTimeout(timeout));
    long start = System.nanoTime();
    TestRunResult r = v.run(ADD, LOOPS);
    Duration wall = Duration.ofNanos(System.nanoTime() - start);
    assertTrue(r.timedOut());
    assertFalse(r.passed());
    assertTrue(r.elapsed().compareTo(timeout) >= 0, r::toString);
    // the margin covers killing, reaping and deleting on two busy shared cores
    assertTrue(wall.compareTo(timeout.plusSeconds(3)) < 0, "took " + wall);
    assertEmpty(root);
  }

  @Test
  void theWholeProcessTreeIsKilled() throws InterruptedException {
    String spawner = String.join("\n",
        "import subprocess, sys",
        "child = subprocess.Popen([sys.executable, '-c', 'import time\\nwhile True: time.sleep(0.05)'])",
        "print('child', child.pid, flush=True)",
        "while True:",
        "    pass",
        "");
    TestRunResult r = verifier(CONFIG.withTimeout(Duration.ofMillis(1500))).run(ADD, spawner);
    assertTrue(r.timedOut());
    Matcher m = Pattern.compile("child (\\d+)").matcher(r.output());
    assertTrue(m.find(), r.output());
    long pid = Long.parseLong(m.group(1));
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
    while (running(pid) && System.nanoTime() < until) {
      Thread.sleep(20);
    }
    assertFalse(running(pid), "the candidate's child " + pid + " survived");
  }

  @Test
  void aDetachedProcessHoldingTheOutputOpenDoesNotHangTheRun() throws InterruptedException {
    // the documented gap of the local runner: a process that leaves the tree at once is not found,
    // but it cannot make the run wait beyond a short grace period either
    String detacher = String.join("\n",
        "import subprocess, sys",
        "child = subprocess.Popen([sys.executable, '-c', 'import time\\nwhile True: time.sleep(0.05)'],",
        "                         start_new_session=True)",
        "print('child', child.pid, flush=True)",
        RIGHT);
    long start = System.nanoTime();
    TestRunResult r = verifier(CONFIG).run(ADD, detacher);
    long pid = -1;
    try {
      assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(8), "the run waited for the detached child");
      assertTrue(r.passed(), r::toString);
      Matcher m = Pattern.compile("child (\\d+)").matcher(r.output());
      assertTrue(m.find(), r.output());
      pid = Long.parseLong(m.group(1));
    } finally {
      if (pid > 0) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
    assertEmpty(root);
  }

  @Test
  void aCandidateThatPrintsTenMegabytesIsCapped() {
    String chatty = "import sys\nsys.stdout.write('x' * 10_000_000)\nsys.stdout.flush()\n" + RIGHT;
    TestRunResult r = verifier(CONFIG.withMaxOutputBytes(4096)).run(ADD, chatty);
    assertTrue(r.passed(), "the cap does not change the verdict: " + r.exitCode());
    assertTrue(r.outputTruncated());
    assertEquals(4096, r.output().length(), "ASCII: one character per byte");
    assertTrue(r.output().chars().allMatch(c -> c == 'x'));

    TestRunResult none = verifier(CONFIG.withMaxOutputBytes(0)).run(ADD, RIGHT);
    assertTrue(none.passed());
    assertEquals("", none.output());
    assertTrue(none.outputTruncated());
    assertEmpty(root);
  }

  @Test
  void theWorkingDirectoryIsDeletedWhateverTheCandidateLeftInIt(@TempDir Path outside) throws IOException {
    Path keep = Files.writeString(outside.resolve("keep.txt"), "not the candidate's to delete");
    String messy = String.join("\n",
        "import os",
        "os.makedirs('locked/inner')",
        "open('locked/inner/f.txt', 'w').write('x')",
        "os.chmod('locked/inner', 0o500)",
        "os.chmod('locked', 0o500)",
        "os.symlink(" + pythonString(keep.toString()) + ", 'link-to-outside')",
        "os.symlink(" + pythonString(outside.toString()) + ", 'link-to-outside-dir')",
        RIGHT);
    AtomicReference<Path> seen = new AtomicReference<>();
    TestRunner recording = (dir, config) -> {
      seen.set(dir);
      return TestRunner.processes().run(dir, config);
    };
    TestRunVerifier v = verifier(CONFIG).withRunner(recording);
    assertTrue(v.verify(ADD, messy));
    assertTrue(seen.get().startsWith(root));
    assertFalse(Files.exists(seen.get()), "the working directory is gone");
    assertEmpty(root);
    assertTrue(Files.exists(keep), "a link is deleted, not its target");

    // the system temporary directory by default, deleted just the same
    TestRunVerifier byDefault = TestRunVerifier.of(CONFIG, TESTS).withRunner(recording);
    assertTrue(byDefault.verify(ADD, RIGHT));
    assertFalse(Files.exists(seen.get()));
  }

  @Test
  void verifyAsyncRunsOnTheExecutorInParallel() {
    List<String> threads = new ArrayList<>();
    CountDownLatch bothStarted = new CountDownLatch(2);
    TestRunner meeting = (dir, config) -> {
      synchronized (threads) {
        threads.add(Thread.currentThread().getName());
      }
      bothStarted.countDown();
      // each run waits for the other: passes only when the two run at the same time
      if (!bothStarted.await(20, TimeUnit.SECONDS)) {
        throw new AssertionError("the two runs did not overlap");
      }
      return TestRunner.processes().run(dir, config);
    };
    TestRunVerifier v = verifier(CONFIG).withRunner(meeting).withExecutor(pool);
    CompletableFuture<Boolean> right = v.verifyAsync(ADD, RIGHT);
    CompletableFuture<Boolean> wrong = v.verifyAsync(ADD, WRONG);
    assertTrue(right.join());
    assertFalse(wrong.join());
    assertTrue(threads.stream().allMatch(t -> t.startsWith("tests-")), threads::toString);
    assertEmpty(root);
  }

  @Test
  void cancellingAnAsyncRunKillsItAndFreesTheThread() throws InterruptedException {
    CountDownLatch started = new CountDownLatch(1);
    TestRunner signalling = (dir, config) -> {
      started.countDown();
      return TestRunner.processes().run(dir, config);
    };
    TestRunVerifier v = verifier(CONFIG.withTimeout(Duration.ofSeconds(60))).withRunner(signalling).withExecutor(pool);
    CompletableFuture<Boolean> looping = v.verifyAsync(ADD, LOOPS);
    assertTrue(started.await(20, TimeUnit.SECONDS));
    Thread.sleep(300); // let the process start
    long start = System.nanoTime();
    assertTrue(looping.cancel(true));
    assertThrows(CancellationException.class, looping::join);
    // both pool threads are free again well before the 60 s timeout
    CompletableFuture<Boolean> a = v.verifyAsync(ADD, RIGHT);
    CompletableFuture<Boolean> b = v.verifyAsync(ADD, RIGHT);
    assertTrue(a.join() && b.join());
    assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(15));
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!isEmpty(root) && System.nanoTime() < until) {
      Thread.sleep(20);
    }
    assertEmpty(root);
  }

  @Test
  void bestOfNWithTheVerifierAsRewardPicksAPassingCandidate() {
    // the looping candidate runs into the timeout; 4 s leaves the passing ones room to start Python on a
    // loaded 2-core machine (1 s failed there)
    TestRunVerifier tests = verifier(CONFIG.withTimeout(Duration.ofSeconds(4))).withExecutor(pool);
    AnswerExtractor program = Verifiers.lastCodeBlock("python");
    List<Trajectory> samples = List.of(
        solution("Subtracting is adding the negative.", WRONG),
        solution("A loop first, to be safe.", LOOPS + RIGHT),
        solution("Here is a first try.\n\n```python\n" + WRONG + "```\n\nOn second thought:", RIGHT),
        Trajectory.of(List.of(Step.of("I am not sure how to do this.", 8, StepEnd.END_OF_SOLUTION))),
        solution("Without a colon.", "def add(a, b)\n    return a + b\n"));
    RewardScores rewards = VerifierRewardModel.of(tests, program).score(ADD, samples).join();
    List<Candidate> candidates = new ArrayList<>();
    for (int i = 0; i < samples.size(); i++) {
      double[] s = rewards.stepScores().get(i);
      String answer = program.extract(samples.get(i).text()).orElse(null);
      candidates.add(new Candidate(i, samples.get(i), answer, s, Aggregation.LAST.aggregate(s)));
    }
    assertEquals(List.of(0.0, 0.0, 1.0, 0.0, 0.0), candidates.stream().map(Candidate::score).toList());
    assertEquals(4, rewards.usage().prmCalls(), "one run per candidate with a program");
    assertEquals(2, Selection.NAIVE.select(candidates, AnswerEquivalence.EXACT, null));
    assertEquals(2, Selection.ORACLE.select(candidates, AnswerEquivalence.EXACT,
        c -> c.hasAnswer() && tests.verify(ADD, c.answer())));
    assertEquals(0, Selection.FIRST.select(candidates, AnswerEquivalence.EXACT, null), "pass@1 picks a wrong one");
    assertEmpty(root);
  }

  @Test
  void configurationErrorsFailTheVerificationRatherThanJudgeTheCandidate() {
    TestRunVerifier v = verifier(CONFIG).withExecutor(pool);
    Problem untested = Problem.of("bare", "Write add(a, b).");
    assertEquals("problem 'bare' has no metadata 'test' holding its tests",
        assertThrows(IllegalArgumentException.class, () -> v.verify(untested, RIGHT)).getMessage());
    CompletionException async = assertThrows(CompletionException.class, () -> v.verifyAsync(untested, RIGHT).join());
    assertTrue(async.getCause() instanceof IllegalArgumentException, async::toString);

    TestRunVerifier missing = verifier(TestRunConfig.of(List.of("ttc4j-no-such-program"), "solution.py"));
    UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> missing.verify(ADD, RIGHT));
    assertTrue(e.getMessage().contains("ttc4j-no-such-program"), e::getMessage);

    TestRunVerifier clash = TestRunVerifier.of(CONFIG, TestFiles.fixed(Map.of("solution.py", "x = 1")));
    assertEquals("test file 'solution.py' of problem 'add' would overwrite the candidate's file",
        assertThrows(IllegalArgumentException.class, () -> clash.verify(ADD, RIGHT)).getMessage());
    assertEmpty(root);
  }

  @Test
  void pytestJudgesByItsExitStatus() {
    String python = CONFIG.command().get(0);
    assumeTrue(exitsZero(List.of(python, "-m", "pytest", "--version")), "pytest is not installed");
    TestFiles suite = TestFiles.fixed(Map.of("test_add.py", String.join("\n",
        "from solution import add",
        "def test_small():",
        "    assert add(2, 3) == 5",
        "def test_negative():",
        "    assert add(-1, 1) == 0",
        "")));
    TestRunVerifier v = TestRunVerifier.of(
            TestRunConfig.of(List.of(python, "-m", "pytest", "-q", "-p", "no:cacheprovider"), "solution.py"), suite)
        .withTempRoot(root);
    TestRunResult right = v.run(ADD, RIGHT);
    assertTrue(right.passed(), right::output);
    assertTrue(right.output().contains("2 passed"), right::output);
    TestRunResult wrong = v.run(ADD, WRONG);
    assertFalse(wrong.passed());
    assertTrue(wrong.output().contains("2 failed"), wrong::output);
    assertEmpty(root);
  }

  @Test
  void testsMayLiveInSubdirectoriesAndTheCommandIsFoundOnThePath() {
    TestFiles nested = TestFiles.fixed(Map.of("tests/run.py",
        "import sys\nsys.path.insert(0, '.')\nfrom solution import add\nassert add(1, 1) == 2\n"));
    TestRunVerifier v = TestRunVerifier.of(TestRunConfig.of(List.of("python3", "tests/run.py"), "solution.py"), nested)
        .withTempRoot(root);
    assertTrue(v.verify(ADD, RIGHT));
    assertFalse(v.verify(ADD, WRONG));
    assertEquals("tests(python3 tests/run.py)", v.name());
    assertEmpty(root);
  }

  private static Trajectory solution(String thought, String code) {
    return Trajectory.of(List.of(
        Step.of(thought, 10, StepEnd.STEP_BOUNDARY),
        Step.of("```python\n" + code + "```", 20, StepEnd.END_OF_SOLUTION)));
  }

  private static String pythonString(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  private static boolean running(long pid) {
    Optional<ProcessHandle> h = ProcessHandle.of(pid);
    if (h.isEmpty() || !h.get().isAlive()) {
      return false;
    }
    // a killed process not yet reaped by its new parent is a zombie: dead, not running
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
    } catch (IOException | RuntimeException e) {
      return !Files.exists(Path.of("/proc")); // not Linux: trust isAlive
    }
  }

  private static boolean isEmpty(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.findAny().isEmpty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void assertEmpty(Path dir) {
    assertTrue(isEmpty(dir), () -> "left behind in " + dir);
  }

  private static boolean exitsZero(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      p.getOutputStream().close();
      p.getInputStream().readAllBytes();
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The path of the interpreter {@code python3} runs, or null when there is none. */
  private static String pythonExecutable() {
    try {
      Process p = new ProcessBuilder("python3", "-c", "import sys; print(sys.executable)").start();
      p.getOutputStream().close();
      String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
      if (!p.waitFor(20, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return null;
      }
      return p.exitValue() == 0 && !out.isEmpty() ? out : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
