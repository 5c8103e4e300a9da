package io.ttc4j.eval.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ttc4j.core.CallFailedException;
import io.ttc4j.core.Continuation;
import io.ttc4j.core.GenerationResult;
import io.ttc4j.core.Generator;
import io.ttc4j.core.Problem;
import io.ttc4j.core.SamplingSpec;
import io.ttc4j.core.Step;
import io.ttc4j.core.StepEnd;
import io.ttc4j.core.Trajectory;
import io.ttc4j.core.Usage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recorder: transparency, cancellation, failures of the file, secrets, one file per run. */
class TraceRecorderTest {

  private static final String SECRET = "sk-trace-test-0a1b2c3d4e5f";
  private static final Problem P = Problem.of("p", "Q?");
  private static final SamplingSpec SPEC = SamplingSpec.toEnd(1, 0.8, 100, 1);
  private static final GenerationResult ANSWER = new GenerationResult(
      List.of(new Continuation(List.of(new Step("\\boxed{1}", 5, -0.5, StepEnd.END_OF_SOLUTION)))),
      Usage.ofGeneration(1, 20, 4, 5));

  @TempDir
  Path tmp;

  /** A generator that counts its calls and answers {@link #ANSWER}, or what {@link #next} holds. */
  static final class Fixed implements Generator {
    final AtomicInteger calls = new AtomicInteger();
    volatile CompletableFuture<GenerationResult> next;

    @Override
    public CompletableFuture<GenerationResult> generate(Problem problem, Trajectory prefix, SamplingSpec spec) {
      calls.incrementAndGet();
      CompletableFuture<GenerationResult> n = next;
      return n != null ? n : CompletableFuture.completedFuture(ANSWER);
    }

    @Override
    public long promptTokensUpperBound(Problem problem, Trajectory prefix) {
      return 123;
    }

    @Override
    public String name() {
      return "fixed";
    }
  }

  /** A channel that accepts {@code allowed} writes, then fails as a full disk does. */
  static final class FillingChannel implements WritableByteChannel {
    private int allowed;
    private boolean open = true;
    final StringBuilder written = new StringBuilder();

    FillingChannel(int allowed) {
      this.allowed = allowed;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
      if (allowed-- <= 0) {
        // half of the line reaches the disk, then the disk is full
        int half = src.remaining() / 2;
        byte[] b = new byte[half];
        src.get(b);
        written.append(new String(b, java.nio.charset.StandardCharsets.US_ASCII));
        throw new IOException("No space left on device");
      }
      int n = src.remaining();
      byte[] b = new byte[n];
      src.get(b);
      written.append(new String(b, java.nio.charset.StandardCharsets.US_ASCII));
      return n;
    }

    @Override
    public boolean isOpen() {
      return open;
    }

    @Override
    public void close() {
      open = false;
    }
  }

  @Test
  void aRecordingGeneratorIsTransparent() throws IOException {
    Fixed fixed = new Fixed();
    try (TraceRecorder rec = TraceRecorder.create(tmp.resolve("t.jsonl"))) {
      Generator g = rec.recording(fixed);
      assertEquals("fixed", g.name());
      assertEquals(123, g.promptTokensUpperBound(P, Trajectory.empty()));
      assertSame(ANSWER, g.generate(P, Trajectory.empty(), SPEC).join());
      assertEquals(1, rec.calls());
    }
  }

  @Test
  void aWriteFailureFailsTheCallWithItsSpendAndStopsFurtherCalls() throws IOException {
    Fixed fixed = new Fixed();
    FillingChannel channel = new FillingChannel(3); // header, declaration, one call
    TraceRecorder rec = TraceRecorder.over(tmp.resolve("full.jsonl"), channel, Map.of());
    Generator g = rec.recording(fixed);
    g.generate(P, Trajectory.empty(), SPEC).join();

    ExecutionException e = assertThrows(ExecutionException.class,
        () -> g.generate(P, Trajectory.empty(), SPEC.withSeed(2)).get());
    CallFailedException failed = assertInstanceOf(CallFailedException.class, e.getCause());
    assertEquals(ANSWER.usage(), failed.spent(), "what the unrecorded call spent is still reported");
    UncheckedIOException io = assertInstanceOf(UncheckedIOException.class, failed.getCause());
    assertTrue(io.getMessage().contains("full.jsonl"), io.getMessage());
    assertTrue(io.getMessage().contains("No space left on device"), io.getMessage());
    assertTrue(io.getMessage().contains("problem 'p'"), io.getMessage());
    assertEquals(2, fixed.calls.get());

    // the recorder is broken: no further call reaches the model
    ExecutionException later = assertThrows(ExecutionException.class,
        () -> g.generate(P, Trajectory.empty(), SPEC.withSeed(3)).get());
    assertInstanceOf(IllegalStateException.class, later.getCause());
    assertTrue(later.getCause().getMessage().contains("incomplete"), later.getCause().getMessage());
    assertEquals(2, fixed.calls.get());
    IOException closing = assertThrows(IOException.class, rec::close);
    assertTrue(closing.getMessage().contains("incomplete"), closing.getMessage());
    assertFalse(channel.isOpen());
  }

  @Test
  void aFullDiskFailsTheRecorderAtOnce() {
    Path full = Path.of("/dev/full");
    assumeTrue(Files.isWritable(full), "needs /dev/full (Linux)");
    IOException e = assertThrows(IOException.class, () -> TraceRecorder.create(full));
    assertTrue(e.getMessage().contains("space"), e.getMessage());
  }

  @Test
  void cancellingARecordedCallCancelsTheWrappedCallAndRecordsIt() throws IOException {
    Fixed fixed = new Fixed();
    CompletableFuture<GenerationResult> inner = new CompletableFuture<>();
    fixed.next = inner;
    Path file = tmp.resolve("c.jsonl");
    try (TraceRecorder rec = TraceRecorder.create(file)) {
      CompletableFuture<GenerationResult> outer = rec.recording(fixed).generate(P, Trajectory.empty(), SPEC);
      assertFalse(outer.isDone());
      assertTrue(outer.cancel(true));
      assertTrue(inner.isCancelled(), "the wrapped call is cancelled");
      assertEquals(1, rec.calls());
    }
    assertTrue(Files.readString(file).contains("java.util.concurrent.CancellationException"));
  }

  @Test
  void anAnswerIsOnDiskBeforeTheCallerSeesIt() throws IOException {
    Fixed fixed = new Fixed();
    CompletableFuture<GenerationResult> inner = new CompletableFuture<>();
    fixed.next = inner;
    Path file = tmp.resolve("order.jsonl");
    try (TraceRecorder rec = TraceRecorder.create(file)) {
      CompletableFuture<GenerationResult> outer = rec.recording(fixed).generate(P, Trajectory.empty(), SPEC);
      CompletableFuture<Long> linesSeen = outer.thenApply(r -> {
        try {
          return Files.readAllLines(file).stream().filter(l -> l.startsWith("{\"kind\":\"generate\"")).count();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      inner.complete(ANSWER);
      assertEquals(1L, linesSeen.join());
    }
  }

  @Test
  void secretsAreNeverWritten() throws IOException {
    Fixed fixed = new Fixed();
    fixed.next = CompletableFuture.failedFuture(new IllegalStateException("HTTP 401 (Authorization: Bearer " + SECRET
        + ")"));
    Path file = tmp.resolve("s.jsonl");
    try (TraceRecorder rec = TraceRecorder.create(file, Map.of("note", "key " + SECRET), List.of(SECRET))) {
      assertThrows(Exception.class, () -> rec.recording(fixed).generate(P, Trajectory.empty(), SPEC).join());
    }
    String content = Files.readString(file);
    assertFalse(content.contains(SECRET), content);
    assertTrue(content.contains("Bearer [redacted]"), content);
    Trace trace = Trace.read(file);
    assertEquals("key [redacted]", trace.metadata().get("note"));
  }

  @Test
  void aTraceIsNeverAppendedToOrOverwritten() throws IOException {
    Path file = tmp.resolve("used.jsonl");
    Files.writeString(file, "{}\n");
    FileAlreadyExistsException e = assertThrows(FileAlreadyExistsException.class, () -> TraceRecorder.create(file));
    assertTrue(e.getMessage().contains("never appended to or overwritten"), e.getMessage());
    assertEquals("{}\n", Files.readString(file));

    Path empty = tmp.resolve("empty.jsonl");
    Files.createFile(empty);
    try (TraceRecorder rec = TraceRecorder.create(empty)) {
      assertEquals(empty, rec.file());
    }
    assertEquals(0, Trace.read(empty).calls());
  }

  @Test
  void afterCloseCallsFailWithoutReachingTheModel() throws IOException {
    Fixed fixed = new Fixed();
    CompletableFuture<GenerationResult> inner = new CompletableFuture<>();
    fixed.next = inner;
    TraceRecorder rec = TraceRecorder.create(tmp.resolve("closed.jsonl"));
    Generator g = rec.recording(fixed);
    CompletableFuture<GenerationResult> inFlight = g.generate(P, Trajectory.empty(), SPEC);
    rec.close();
    // an answer arriving after close cannot be recorded: the call fails, reporting what it spent
    inner.complete(ANSWER);
    ExecutionException late = assertThrows(ExecutionException.class, inFlight::get);
    CallFailedException c = assertInstanceOf(CallFailedException.class, late.getCause());
    assertEquals(ANSWER.usage(), c.spent());
    assertTrue(c.getCause().getMessage().contains("closed"), c.getCause().getMessage());

    ExecutionException after = assertThrows(ExecutionException.class,
        () -> g.generate(P, Trajectory.empty(), SPEC).get());
    assertTrue(after.getCause().getMessage().contains("is closed"), after.getCause().getMessage());
    assertEquals(1, fixed.calls.get());
    assertThrows(IllegalStateException.class, () -> rec.recording(new Fixed()));
  }
}
