package io.ttc4j.eval.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import io.ttc4j.core.Continuation;
import io.ttc4j.core.GenerationResult;
import io.ttc4j.core.MalformedDataException;
import io.ttc4j.core.Problem;
import io.ttc4j.core.RewardScores;
import io.ttc4j.core.SamplingSpec;
import io.ttc4j.core.Step;
import io.ttc4j.core.StepEnd;
import io.ttc4j.core.Trajectory;
import io.ttc4j.core.Usage;
import io.ttc4j.eval.internal.TraceCodec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trace file: exact numbers and texts, cut and malformed lines. */
class TraceFileTest {

  @TempDir
  Path tmp;

  private static final Problem P = Problem.of("test/algebra/1", "What is 6 times 7?");
  private static final SamplingSpec SPEC = SamplingSpec.toEnd(2, 0.8, 100, 1);

  private static GenerationResult answer(String text) {
    Step s = new Step(text, 12, -1.25, StepEnd.END_OF_SOLUTION);
    return new GenerationResult(List.of(new Continuation(List.of(s)), new Continuation(List.of(s))),
        Usage.ofGeneration(2, 40, 0, 24));
  }

  /** A trace with three generate calls (seeds 1, 2, 3). */
  private Path threeCalls() throws IOException {
    Path file = tmp.resolve("three.jsonl");
    try (TraceRecorder rec = TraceRecorder.create(file)) {
      var g = rec.recording(new io.ttc4j.core.Generator() {
        @Override
        public CompletableFuture<GenerationResult> generate(Problem problem, Trajectory prefix, SamplingSpec spec) {
          return CompletableFuture.completedFuture(answer("The answer is \\boxed{" + spec.seed() + "}."));
        }

        @Override
        public String name() {
          return "policy";
        }
      });
      for (long seed = 1; seed <= 3; seed++) {
        g.generate(P, Trajectory.empty(), SPEC.withSeed(seed)).join();
      }
    }
    return file;
  }

  @Test
  void aCutLastLineIsLeftOutWithAWarningAndItsCallFailsClearly() throws IOException {
    Path file = threeCalls();
    String content = Files.readString(file);
    // a kill in the middle of writing the third call
    String cut = content.substring(0, content.length() - 40);
    Files.writeString(file, cut);
    Trace trace = Trace.read(file);
    assertEquals(2, trace.calls());
    assertEquals(1, trace.warnings().size(), trace.warnings().toString());
    String w = trace.warnings().get(0);
    assertTrue(w.startsWith(file + ":5: the last line is cut short"), w);
    var g = trace.replayingGenerator();
    assertEquals(answer("The answer is \\boxed{1}."), g.generate(P, Trajectory.empty(), SPEC.withSeed(1)).join());
    assertEquals(answer("The answer is \\boxed{2}."), g.generate(P, Trajectory.empty(), SPEC.withSeed(2)).join());
    ExecutionException e = assertThrows(ExecutionException.class,
        () -> g.generate(P, Trajectory.empty(), SPEC.withSeed(3)).get());
    assertInstanceOf(TraceMismatchException.class, e.getCause());
    assertTrue(e.getCause().getMessage().contains("seed (recorded 1, asked 3)"), e.getCause().getMessage());
  }

  @Test
  void aCompleteLastLineWithoutLineBreakIsKept() throws IOException {
    Path file = threeCalls();
    String content = Files.readString(file);
    Files.writeString(file, content.substring(0, content.length() - 1));
    Trace trace = Trace.read(file);
    assertEquals(3, trace.calls());
    assertEquals(List.of(), trace.warnings());
  }

  @Test
  void aMalformedMiddleLineNamesTheFileAndTheLine() throws IOException {
    Path file = threeCalls();
    List<String> lines = new ArrayList<>(Files.readAllLines(file));
    lines.set(3, lines.get(3).substring(0, 50));
    Files.write(file, lines);
    MalformedDataException e = assertThrows(MalformedDataException.class, () -> Trace.read(file));
    assertEquals(file.toString(), e.source());
    assertEquals(4, e.line());
    assertTrue(e.getMessage().startsWith(file + ":4: line is not valid JSON"), e.getMessage());
  }

  @Test
  void aCutLastLineThatEndsWithALineBreakIsAnError() throws IOException {
    Path file = threeCalls();
    String content = Files.readString(file);
    Files.writeString(file, content.substring(0, content.length() - 40) + "\n");
    MalformedDataException e = assertThrows(MalformedDataException.class, () -> Trace.read(file));
    assertEquals(5, e.line());
  }

  @Test
  void aLineChangedAfterRecordingIsRejected() throws IOException {
    Path file = threeCalls();
    List<String> lines = new ArrayList<>(Files.readAllLines(file));
    lines.set(2, lines.get(2).replace("\"seed\":1", "\"seed\":9"));
    Files.write(file, lines);
    MalformedDataException e = assertThrows(MalformedDataException.class, () -> Trace.read(file));
    assertEquals(3, e.line());
    assertEquals("key", e.field());
    assertTrue(e.getMessage().contains("does not match the request"), e.getMessage());
  }

  @Test
  void aBadFieldIsNamedWithItsPath() throws IOException {
    Path file = threeCalls();
    List<String> lines = new ArrayList<>(Files.readAllLines(file));
    lines.set(2, lines.get(2).replace("\"tokens\":12", "\"tokens\":-12"));
    Files.write(file, lines);
    MalformedDataException e = assertThrows(MalformedDataException.class, () -> Trace.read(file));
    assertEquals(3, e.line());
    assertEquals("response.continuations[0].steps[0].tokens", e.field());
    assertTrue(e.getMessage().contains("must be >= 0, got -12"), e.getMessage());
  }

  @Test
  void aFileThatIsNotATraceIsRejectedOnLineOne() throws IOException {
    Path empty = tmp.resolve("empty.jsonl");
    Files.writeString(empty, "");
    MalformedDataException e = assertThrows(MalformedDataException.class, () -> Trace.read(empty));
    assertEquals(1, e.line());
    assertTrue(e.getMessage().contains("empty"), e.getMessage());

    Path results = tmp.resolve("results.jsonl");
    Files.writeString(results, "{\"problem_id\":\"p1\",\"strategy\":\"first\"}\n");
    MalformedDataException r = assertThrows(MalformedDataException.class, () -> Trace.read(results));
    assertEquals(1, r.line());
    assertTrue(r.getMessage().contains("is not the header of a ttc4j trace"), r.getMessage());

    Path newer = tmp.resolve("newer.jsonl");
    Files.writeString(newer, "{\"kind\":\"header\",\"format\":\"ttc4j-trace\",\"version\":2,\"metadata\":{}}\n");
    MalformedDataException v = assertThrows(MalformedDataException.class, () -> Trace.read(newer));
    assertTrue(v.getMessage().contains("newer than this ttc4j reads"), v.getMessage());
  }

  @Test
  void aCallOfAnUndeclaredModelIsAnError() throws IOException {
    Path file = threeCalls();
    List<String> lines = new ArrayList<>(Files.readAllLines(file));
    lines.remove(1);
    Files.write(file, lines);
    MalformedDataException e = assertThrows(MalformedDataException.class, () -> Trace.read(file));
    assertEquals(2, e.line());
    assertEquals("source", e.field());
  }

  @Test
  void theLinesAreAsciiAndEveryStringRoundTrips() throws IOException {
    String[] texts = {"π ≈ 3.14159, ∑ 𝔼[x]", "lone \uD800 surrogate", "quote \" backslash \\ nul \u0000", "a\n\nb",
        "\\boxed{\\frac{1}{2}}", ""};
    Path file = tmp.resolve("texts.jsonl");
    List<Step> steps = new ArrayList<>();
    for (String t : texts) {
      steps.add(new Step(t, 1, -0.1, StepEnd.STEP_BOUNDARY));
    }
    Problem p = Problem.of("ü/1", "Prompt with ünïcödé and \uDC00");
    GenerationResult answer = new GenerationResult(List.of(new Continuation(steps)), Usage.ofGeneration(1, 1, 0, 6));
    try (TraceRecorder rec = TraceRecorder.create(file)) {
      rec.recording(new io.ttc4j.core.Generator() {
        @Override
        public CompletableFuture<GenerationResult> generate(Problem problem, Trajectory prefix, SamplingSpec spec) {
          return CompletableFuture.completedFuture(answer);
        }
      }).generate(p, Trajectory.of(steps), SPEC).join();
    }
    byte[] bytes = Files.readAllBytes(file);
    for (byte b : bytes) {
      assertTrue(b >= 0, "a byte outside ASCII");
    }
    GenerationResult back = Trace.read(file).replayingGenerator().generate(p, Trajectory.of(steps), SPEC).join();
    assertEquals(answer, back);
  }

  @Test
  void everyDoubleRoundTripsBitForBit() {
    Trajectory t = Trajectory.of(List.of(Step.of("s", 1, StepEnd.STEP_BOUNDARY)));
    TraceCodec.Request request = TraceCodec.scoreRequest("prm", P, List.of(t));
    qt().withExamples(2_000)
        .forAll(lists().of(longs().all()).ofSizeBetween(0, 12))
        .checkAssert(bitsList -> {
          double[] values = new double[bitsList.size()];
          for (int i = 0; i < values.length; i++) {
            values[i] = Double.longBitsToDouble(bitsList.get(i));
          }
          String line = TraceCodec.scoresLine(request, new RewardScores(List.of(values), Usage.ofPrmCalls(1)));
          TraceCodec.Call call = (TraceCodec.Call) TraceCodec.parse(line, "mem", 7);
          double[] back = call.scores().stepScores().get(0);
          // NaN payloads are not kept: every NaN comes back as the canonical NaN
          assertEquals(Results.bits(values), Results.bits(back), line);
        });
  }

  @Test
  void everyLogProbabilityAndTokenCountRoundTrips() {
    qt().withExamples(1_000)
        .forAll(longs().all(), integers().allPositive(), strings().allPossible().ofLengthBetween(0, 20))
        .checkAssert((bits, tokens, text) -> {
          double d = Double.longBitsToDouble(bits);
          double lp = Double.isNaN(d) ? d : -Math.abs(d);
          Step s = new Step(text, tokens, lp, StepEnd.LENGTH);
          GenerationResult r = new GenerationResult(List.of(new Continuation(List.of(s))),
              new Usage(1, tokens, tokens / 2, tokens, 0, 0, bits == Long.MIN_VALUE ? 0 : Math.abs(bits)));
          Trajectory prefix = Trajectory.of(List.of(new Step(text, tokens, lp, StepEnd.STEP_BOUNDARY)));
          TraceCodec.Request req = TraceCodec.generateRequest("g", P, prefix, SPEC);
          String line = TraceCodec.generationLine(req, 77, r);
          TraceCodec.Call call = (TraceCodec.Call) TraceCodec.parse(line, "mem", 3);
          assertEquals(req, call.request());
          assertEquals(r, call.generation());
          assertEquals(Double.doubleToLongBits(lp),
              Double.doubleToLongBits(call.generation().continuations().get(0).steps().get(0).logProbability()));
        });
  }

  @Test
  void aPrefixDiffersByAnyFieldOfAnyStep() {
    Step base = new Step("x", 3, -0.5, StepEnd.STEP_BOUNDARY);
    List<Step> variants = List.of(new Step("y", 3, -0.5, StepEnd.STEP_BOUNDARY),
        new Step("x", 4, -0.5, StepEnd.STEP_BOUNDARY), new Step("x", 3, -0.25, StepEnd.STEP_BOUNDARY),
        new Step("x", 3, Double.NaN, StepEnd.STEP_BOUNDARY), new Step("x", 3, -0.5, StepEnd.END_OF_SOLUTION));
    String key = TraceCodec.scoreRequest("prm", P, List.of(Trajectory.of(List.of(base)))).key();
    for (Step v : variants) {
      String other = TraceCodec.scoreRequest("prm", P, List.of(Trajectory.of(List.of(v)))).key();
      assertFalse(key.equals(other), v.toString());
    }
    assertEquals(key, TraceCodec.scoreRequest("prm", P, List.of(Trajectory.of(List.of(base)))).key());
  }

  @Test
  void appendsAreWholeLines() throws IOException {
    Path file = threeCalls();
    String content = Files.readString(file, StandardCharsets.US_ASCII);
    assertTrue(content.endsWith("\n"));
    assertEquals(5, content.lines().count());
    assertTrue(content.lines().findFirst().orElseThrow().contains("\"format\":\"ttc4j-trace\",\"version\":1"));
  }
}
