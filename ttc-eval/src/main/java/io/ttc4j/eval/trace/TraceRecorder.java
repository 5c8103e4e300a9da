package io.ttc4j.eval.trace;

import io.ttc4j.core.CallFailedException;
import io.ttc4j.core.GenerationResult;
import io.ttc4j.core.Generator;
import io.ttc4j.core.Problem;
import io.ttc4j.core.ProcessRewardModel;
import io.ttc4j.core.RewardScores;
import io.ttc4j.core.SamplingSpec;
import io.ttc4j.core.SearchResult;
import io.ttc4j.core.Trajectory;
import io.ttc4j.core.Usage;
import io.ttc4j.eval.internal.TraceCodec;
import io.ttc4j.eval.internal.TraceCodec.Kind;
import io.ttc4j.eval.internal.TraceCodec.Request;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Records every call of the generators and reward models it wraps into a trace file, for an exact
 * replay with {@link Trace}. Thread-safe: any number of calls may be in flight, from any threads.
 *
 * <pre>{@code
 * try (TraceRecorder recorder = TraceRecorder.create(Path.of("math500.trace.jsonl"))) {
 *   Generator g = recorder.recording(servedGenerator);
 *   ProcessRewardModel p = recorder.recording(servedPrm);
 *   ... run searches with g and p ...
 * }
 * }</pre>
 *
 * <p><b>The file.</b> JSON lines: a header (format version and the caller's metadata), one line
 * per wrapped model (its {@link Generator#name()} or {@link ProcessRewardModel#name()}), then one
 * line per completed call, in completion order, with the request, and the full response (every
 * step field, token counts, log-probabilities, every usage field) or the failure (exception class
 * and message, and the usage spent for a {@link CallFailedException}). A call is written, and the
 * line handed to the operating system, before its future completes, so a call whose answer a caller
 * saw is in the file even if the process is killed right after. A kill can cut the last line short;
 * {@link Trace#read} leaves such a line out with a warning. Lines are forced to the disk on
 * {@link #close()} only, so a power failure may lose the last calls. No header, key or credential
 * of a transport is part of a request; failure messages and metadata values are additionally
 * masked for the {@code secrets} given to {@link #create(Path, Map, Collection)}.
 *
 * <p><b>Transparency.</b> A recording model returns what the wrapped one returns, when it returns
 * it (plus one small append); cancelling a returned future cancels the wrapped call (and the
 * cancellation is recorded). Calls that throw instead of returning a future are not recorded.
 *
 * <p><b>When recording fails</b> (disk full, file closed under it), the call whose line could not be
 * written <em>fails</em>, with an {@link UncheckedIOException} naming the file, wrapped in a
 * {@link CallFailedException} carrying the call's usage, so a meter still counts what was spent;
 * the recorder is then broken: every later call fails at once without reaching the wrapped model
 * (no more money is spent on a run whose trace is incomplete), and {@link #close()} throws. A trace
 * is never silently incomplete.
 *
 * <p><b>One file, one run.</b> {@link #create} refuses a file that exists and is not empty: a trace
 * is never appended to or overwritten, because calls of two runs in one file would be served to a
 * replay in an order neither run had.
 */
public final class TraceRecorder implements Closeable {

  private static final String REDACTED = "[redacted]";

  private final Path file;
  private final WritableByteChannel out;
  private final List<String> secrets;
  private final Object lock = new Object();
  private final Set<String> declared = new HashSet<>();
  private boolean closed;
  private Exception broken;
  private long calls;

  private TraceRecorder(Path file, WritableByteChannel out, Map<String, String> metadata, Collection<String> secrets)
      throws IOException {
    this.file = file;
    this.out = out;
    List<String> s = new ArrayList<>();
    for (String secret : secrets) {
      if (secret != null && !secret.isEmpty()) s.add(secret);
    }
    s.sort(Comparator.comparingInt(String::length).reversed());
    this.secrets = List.copyOf(s);
    Map<String, String> masked = new LinkedHashMap<>();
    metadata.forEach((k, v) -> masked.put(k, redact(v)));
    write(TraceCodec.headerLine(masked), false);
  }

  /** A recorder writing to {@code file}, with no metadata; see {@link #create(Path, Map, Collection)}. */
  public static TraceRecorder create(Path file) throws IOException {
    return create(file, Map.of(), List.of());
  }

  /**
   * A recorder writing to {@code file}, created if missing, and its header.
   *
   * @param file     the trace; must not exist or be empty
   * @param metadata free settings of the run for the header, e.g. {@code model}, {@code base_url}
   *                 (values are masked like failure messages)
   * @param secrets  strings never to be written, such as API keys: masked as {@code [redacted]} in
   *                 failure messages and metadata values (requests and responses never hold them)
   * @throws FileAlreadyExistsException when {@code file} exists and is not empty
   * @throws IOException                when the file cannot be created or the header written
   */
  public static TraceRecorder create(Path file, Map<String, String> metadata, Collection<String> secrets)
      throws IOException {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(secrets, "secrets");
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      if (e.getKey() == null || e.getKey().isBlank()) {
        throw new IllegalArgumentException("metadata keys must not be blank, got '" + e.getKey() + "'");
      }
      Objects.requireNonNull(e.getValue(), "metadata value of '" + e.getKey() + "'");
    }
    if (Files.exists(file) && !Files.isDirectory(file) && Files.size(file) > 0) {
      throw refused(file);
    }
    FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND);
    try {
      if (channel.size() > 0) {
        throw refused(file);
      }
      return new TraceRecorder(file, channel, metadata, secrets);
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** A recorder over {@code channel} (tests inject failing channels). */
  static TraceRecorder over(Path file, WritableByteChannel channel, Map<String, String> metadata) throws IOException {
    return new TraceRecorder(file, channel, metadata, List.of());
  }

  private static FileAlreadyExistsException refused(Path file) {
    return new FileAlreadyExistsException(file.toString(), null, "it is not empty; a trace is never appended to or "
        + "overwritten (calls of two runs in one file would replay in an order neither had): choose another file "
        + "or delete this one");
  }

  /**
   * {@code generator} with every call recorded under its {@link Generator#name()} (its class name
   * when the name is blank). Wrapping two generators of the same name records both under that name;
   * give distinct models distinct names.
   *
   * @throws IllegalStateException when this recorder is closed or broken
   */
  public Generator recording(Generator generator) {
    Objects.requireNonNull(generator, "generator");
    String name = declare(Kind.GENERATE, nameOf(generator.name(), generator));
    return new RecordingGenerator(generator, name);
  }

  /**
   * {@code prm} with every call recorded under its {@link ProcessRewardModel#name()} (its class name
   * when the name is blank).
   *
   * @throws IllegalStateException when this recorder is closed or broken
   */
  public ProcessRewardModel recording(ProcessRewardModel prm) {
    Objects.requireNonNull(prm, "prm");
    String name = declare(Kind.SCORE, nameOf(prm.name(), prm));
    return new RecordingRewardModel(prm, name);
  }

  /** The trace file. */
  public Path file() {
    return file;
  }

  /** The calls recorded so far (lines written, failures included). */
  public long calls() {
    synchronized (lock) {
      return calls;
    }
  }

  /**
   * Forces the file to the disk and closes it. Calls still in flight then fail when they complete
   * (their answers cannot be recorded); close after the searches are done.
   *
   * @throws IOException when recording a call failed earlier (the trace is incomplete), or the file
   *                     cannot be forced or closed
   */
  @Override
  public void close() throws IOException {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      try {
        if (broken == null && out instanceof FileChannel fc) {
          fc.force(false);
        }
      } finally {
        out.close();
      }
      if (broken != null) {
        throw new IOException("the trace " + file + " is incomplete: recording a call failed: " + broken.getMessage(),
            broken);
      }
    }
  }

  /** The model's name, or its class name when it has none (an anonymous class's simple name is empty). */
  private static String nameOf(String name, Object model) {
    return name == null || name.isBlank() ? model.getClass().getName() : name;
  }

  private String declare(Kind kind, String name) {
    synchronized (lock) {
      usable();
      if (declared.add(kind.modelLabel + '\u0000' + name)) {
        try {
          write(TraceCodec.declarationLine(kind, name), false);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
      }
    }
    return name;
  }

  /** Fails when closed or broken. */
  private void usable() {
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("the trace recorder of " + file + " is closed");
      }
      if (broken != null) {
        throw new IllegalStateException("the trace " + file + " is incomplete: recording an earlier call failed ("
            + broken.getMessage() + "); this recorder makes no further calls", broken);
      }
    }
  }

  private void write(String line, boolean call) throws IOException {
    synchronized (lock) {
      if (closed) {
        throw new IllegalStateException("the trace recorder of " + file + " was closed while the call was in flight");
      }
      if (broken != null) {
        throw new IllegalStateException("the trace " + file + " is incomplete: recording an earlier call failed ("
            + broken.getMessage() + ")", broken);
      }
      // lines are ASCII: the codec escapes everything else
      ByteBuffer b = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.US_ASCII));
      try {
        while (b.hasRemaining()) {
          out.write(b);
        }
      } catch (IOException | RuntimeException e) {
        broken = e;
        throw e;
      }
      if (call) {
        calls++;
      }
    }
  }

  private String redact(String text) {
    if (text == null) {
      return null;
    }
    String t = text;
    for (String s : secrets) {
      t = t.replace(s, REDACTED);
    }
    return t;
  }

  /**
   * Calls {@code call} and records its outcome before handing it on; see the class comment for what
   * happens when the line cannot be written.
   */
  private <T> CompletableFuture<T> record(Request request, long bound, Supplier<CompletableFuture<T>> call,
      Function<T, String> line, Function<T, Usage> usageOf) {
    try {
      usable();
    } catch (IllegalStateException e) {
      return CompletableFuture.failedFuture(e);
    }
    CompletableFuture<T> source = Objects.requireNonNull(call.get(), () -> request.source() + " returned a null future");
    CompletableFuture<T> result = new CompletableFuture<>() {
      @Override
      public boolean cancel(boolean mayInterruptIfRunning) {
        boolean cancelled = super.cancel(mayInterruptIfRunning);
        source.cancel(mayInterruptIfRunning);
        return cancelled;
      }
    };
    source.whenComplete((value, error) -> {
      try {
        String text = error == null ? line.apply(value)
            : TraceCodec.failureLine(request, bound, error, this::redact);
        write(text, true);
      } catch (IOException | RuntimeException e) {
        synchronized (lock) {
          if (broken == null && !closed) {
            broken = e;
          }
        }
        fail(result, request, e, value, error, usageOf);
        return;
      }
      if (error == null) {
        result.complete(value);
      } else {
        result.completeExceptionally(error);
      }
    });
    return result;
  }

  private <T> void fail(CompletableFuture<T> result, Request request, Exception why, T value, Throwable error,
      Function<T, Usage> usageOf) {
    String what = "cannot record the " + request.describe() + " to " + file + ": " + why.getMessage()
        + "; the trace is incomplete";
    RuntimeException failure = why instanceof IOException io ? new UncheckedIOException(what, io)
        : new IllegalStateException(what, why);
    Usage spent = null;
    if (error == null) {
      spent = value == null ? null : usageOf.apply(value);
    } else {
      Throwable cause = SearchResult.unwrap(error);
      failure.addSuppressed(cause);
      if (cause instanceof CallFailedException c) {
        spent = c.spent();
      }
    }
    result.completeExceptionally(spent == null || spent.equals(Usage.ZERO) ? failure
        : new CallFailedException(failure, spent));
  }

  private final class RecordingGenerator implements Generator {
    private final Generator delegate;
    private final String name;

    RecordingGenerator(Generator delegate, String name) {
      this.delegate = delegate;
      this.name = name;
    }

    @Override
    public CompletableFuture<GenerationResult> generate(Problem problem, Trajectory prefix, SamplingSpec spec) {
      Request request = TraceCodec.generateRequest(name, problem, prefix, spec);
      long bound = delegate.promptTokensUpperBound(problem, prefix, spec);
      return record(request, bound, () -> delegate.generate(problem, prefix, spec),
          r -> TraceCodec.generationLine(request, bound, r), GenerationResult::usage);
    }

    @Override
    public long promptTokensUpperBound(Problem problem, Trajectory prefix) {
      return delegate.promptTokensUpperBound(problem, prefix);
    }

    @Override
    public long promptTokensUpperBound(Problem problem, Trajectory prefix, SamplingSpec spec) {
      return delegate.promptTokensUpperBound(problem, prefix, spec);
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public String toString() {
      return "recording(" + delegate + " to " + file + ")";
    }
  }

  private final class RecordingRewardModel implements ProcessRewardModel {
    private final ProcessRewardModel delegate;
    private final String name;

    RecordingRewardModel(ProcessRewardModel delegate, String name) {
      this.delegate = delegate;
      this.name = name;
    }

    @Override
    public CompletableFuture<RewardScores> score(Problem problem, List<Trajectory> trajectories) {
      Request request = TraceCodec.scoreRequest(name, problem, trajectories);
      return record(request, -1, () -> delegate.score(problem, trajectories),
          s -> TraceCodec.scoresLine(request, s), RewardScores::usage);
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public String toString() {
      return "recording(" + delegate + " to " + file + ")";
    }
  }
}
