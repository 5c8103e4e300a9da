package io.ttc4j.eval.trace;

import io.ttc4j.core.CallFailedException;
import io.ttc4j.core.GenerationResult;
import io.ttc4j.core.Generator;
import io.ttc4j.core.MalformedDataException;
import io.ttc4j.core.Problem;
import io.ttc4j.core.ProcessRewardModel;
import io.ttc4j.core.RewardScores;
import io.ttc4j.core.SamplingSpec;
import io.ttc4j.core.Trajectory;
import io.ttc4j.eval.internal.TraceCodec;
import io.ttc4j.eval.internal.TraceCodec.Call;
import io.ttc4j.eval.internal.TraceCodec.Declaration;
import io.ttc4j.eval.internal.TraceCodec.Failure;
import io.ttc4j.eval.internal.TraceCodec.Header;
import io.ttc4j.eval.internal.TraceCodec.Kind;
import io.ttc4j.eval.internal.TraceCodec.Request;
import io.ttc4j.eval.internal.TraceCodec.TrajectoryDigest;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * A trace file written by {@link TraceRecorder}, read into memory, that serves its recorded calls
 * again through {@link #replayingGenerator()} and {@link #replayingRewardModel()}: no server, no
 * cost, bit for bit the recorded answers and usage, so searches, budgets and meters behave exactly
 * as in the recorded run. Immutable and thread-safe.
 *
 * <p><b>Matching.</b> A call is served by its exact request: the model's name, the problem's id and
 * a digest of its prompt, every field of every step of the prefix (or of each scored trajectory)
 * and, for a generator, every field of the {@link SamplingSpec}. The problem's reference answer and
 * metadata are not part of a request (a served model never sees them), so a corrected reference
 * does not stop a replay. A generator's {@link Generator#promptTokensUpperBound} is replayed too.
 *
 * <p><b>Semantics.</b>
 * <ul>
 *   <li>A request recorded several times (a server that is not deterministic under a seed, or a
 *       strategy that asks the same twice) is answered with its recorded answers in recorded order,
 *       one per call; calls of one key are counted atomically across threads.
 *   <li>A request asked more often than recorded, or never recorded, fails its future with a
 *       {@link TraceMismatchException} naming the problem, the request and what differs from the
 *       closest recorded one: the run differs from the recorded one, and repeating an answer would
 *       hide that.
 *   <li>A recorded failure fails again: a cancellation as {@link CancellationException}, any other
 *       error as {@link RecordedFailureException} with the recorded class and message, inside a
 *       {@link CallFailedException} with the recorded usage when the call had spent compute.
 *   <li>Answers complete at once (the replayed run does not wait); a run whose course depends on
 *       wall-clock time (a deadline, an artificial latency) can therefore ask other calls than the
 *       recorded one.
 * </ul>
 *
 * <p><b>Damage.</b> A last line cut short by a killed recording (no line break, not complete JSON)
 * is left out and reported by {@link #warnings()}: replaying the call it held then fails, never
 * answers wrongly. Any other malformed line is a {@link MalformedDataException} naming the file, the
 * line and the field.
 */
public final class Trace {

  private final Path file;
  private final int version;
  private final Map<String, String> metadata;
  private final List<String> generators;
  private final List<String> rewardModels;
  private final List<String> warnings;
  private final int calls;
  private final Map<String, Slot> slots;
  private final Map<String, Long> bounds;
  private final Map<String, List<Request>> byProblem;
  private final Map<String, Set<String>> problemsBySource;

  /** The recorded answers of one request, in recorded order. */
  private record Slot(int index, Request request, List<Call> calls) {}

  private Trace(Builder b) {
    this.file = b.file;
    this.version = b.version;
    this.metadata = b.metadata;
    this.generators = List.copyOf(b.generators);
    this.rewardModels = List.copyOf(b.rewardModels);
    this.warnings = List.copyOf(b.warnings);
    this.calls = b.calls;
    this.slots = b.slots;
    this.bounds = b.bounds;
    this.byProblem = b.byProblem;
    this.problemsBySource = b.problemsBySource;
  }

  /**
   * Reads the trace in {@code file}.
   *
   * @throws MalformedDataException naming the file, line and field of the first malformed line
   *                                (other than a cut last line, see the class comment)
   * @throws IOException            when the file cannot be read
   */
  public static Trace read(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    String source = file.toString();
    boolean endsWithLineBreak = endsWithLineBreak(file);
    Builder b = new Builder(file);
    int no = 0;
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line = in.readLine();
      if (line == null) {
        throw new MalformedDataException(source, 1, null, "is missing: the file is empty, not a ttc4j trace");
      }
      while (line != null) {
        no++;
        String next = in.readLine();
        boolean cutLast = next == null && !endsWithLineBreak;
        if (!line.isBlank()) {
          TraceCodec.Line parsed;
          try {
            parsed = TraceCodec.parse(line, source, no);
          } catch (MalformedDataException e) {
            if (b.metadata == null) {
              throw new MalformedDataException(source, no, null, (cutLast ? "is cut short" : "is not the header of a "
                  + "ttc4j trace") + " (" + detail(e, source, no) + ")", e);
            }
            if (cutLast) {
              b.warnings.add(source + ":" + no + ": the last line is cut short (no line break, " + line.length()
                  + " characters): the recording stopped while writing it; the call it held is left out, and "
                  + "replaying that call fails");
              break;
            }
            throw e;
          }
          b.add(parsed, source, no);
        }
        line = next;
      }
    } catch (CharacterCodingException e) {
      throw new MalformedDataException(source, no + 1, null, "is not UTF-8 text (a trace is ASCII)", e);
    }
    if (b.metadata == null) {
      throw new MalformedDataException(source, 1, null, "is missing: the file holds only blank lines, not a ttc4j "
          + "trace");
    }
    return new Trace(b);
  }

  private static String detail(MalformedDataException e, String source, int no) {
    String prefix = source + ":" + no + ": ";
    String m = e.getMessage();
    return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
  }

  private static boolean endsWithLineBreak(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size == 0) {
        return false;
      }
      ByteBuffer last = ByteBuffer.allocate(1);
      ch.read(last, size - 1);
      return last.get(0) == '\n';
    }
  }

  /** The file read. */
  public Path file() {
    return file;
  }

  /** The format version of the file. */
  public int formatVersion() {
    return version;
  }

  /** The metadata of the header, as given to {@link TraceRecorder#create(Path, Map, java.util.Collection)}. */
  public Map<String, String> metadata() {
    return metadata;
  }

  /** The names of the recorded generators, in the order they were wrapped. */
  public List<String> generatorNames() {
    return generators;
  }

  /** The names of the recorded reward models, in the order they were wrapped. */
  public List<String> rewardModelNames() {
    return rewardModels;
  }

  /** The recorded calls (failures included). */
  public int calls() {
    return calls;
  }

  /** What was wrong but could be read around: a cut last line. Empty for an intact trace. */
  public List<String> warnings() {
    return warnings;
  }

  /**
   * A generator serving the calls of the only recorded generator; each replaying generator serves
   * the trace from its start, independently of the others.
   *
   * @throws IllegalStateException when the trace holds no generator, or several (then use
   *                               {@link #replayingGenerator(String)})
   */
  public Generator replayingGenerator() {
    return new ReplayingGenerator(only(generators, "generator", "replayingGenerator(name)"));
  }

  /**
   * A generator serving the calls recorded for the generator {@code name}.
   *
   * @throws IllegalArgumentException when the trace holds no generator of that name
   */
  public Generator replayingGenerator(String name) {
    return new ReplayingGenerator(named(generators, name, "generator"));
  }

  /**
   * A reward model serving the calls of the only recorded reward model; each replaying reward model
   * serves the trace from its start.
   *
   * @throws IllegalStateException when the trace holds no reward model, or several (then use
   *                               {@link #replayingRewardModel(String)})
   */
  public ProcessRewardModel replayingRewardModel() {
    return new ReplayingRewardModel(only(rewardModels, "reward model", "replayingRewardModel(name)"));
  }

  /**
   * A reward model serving the calls recorded for the reward model {@code name}.
   *
   * @throws IllegalArgumentException when the trace holds no reward model of that name
   */
  public ProcessRewardModel replayingRewardModel(String name) {
    return new ReplayingRewardModel(named(rewardModels, name, "reward model"));
  }

  private String only(List<String> names, String what, String alternative) {
    if (names.size() == 1) {
      return names.get(0);
    }
    if (names.isEmpty()) {
      throw new IllegalStateException("the trace " + file + " holds no " + what);
    }
    throw new IllegalStateException("the trace " + file + " holds " + names.size() + " " + what + "s " + names
        + "; choose one with " + alternative);
  }

  private String named(List<String> names, String name, String what) {
    Objects.requireNonNull(name, "name");
    if (!names.contains(name)) {
      throw new IllegalArgumentException("name must be a " + what + " of the trace " + file + " " + names
          + ", got '" + name + "'");
    }
    return name;
  }

  @Override
  public String toString() {
    return "Trace[" + file + ", " + calls + " calls, generators " + generators + ", reward models " + rewardModels + "]";
  }

  // ---------------------------------------------------------------------------------------------
  // serving

  /** The next recorded call of {@code request} for a replayer with {@code cursors}. */
  private Call next(Request request, AtomicIntegerArray cursors) {
    Slot slot = slots.get(request.key());
    if (slot == null) {
      throw new TraceMismatchException(request.problemId(), "no recorded " + request.describe() + " in " + file
          + ": " + whatDiffers(request));
    }
    int i = cursors.getAndIncrement(slot.index());
    if (i >= slot.calls().size()) {
      int n = slot.calls().size();
      throw new TraceMismatchException(request.problemId(), "the " + request.describe() + " was recorded "
          + (n == 1 ? "once" : n + " times") + " in " + file + " and is now asked " + ordinal(i + 1)
          + " time: the run differs from the recorded one");
    }
    return slot.calls().get(i);
  }

  private static String ordinal(int n) {
    int mod100 = n % 100;
    String suffix = mod100 >= 11 && mod100 <= 13 ? "th" : switch (n % 10) {
      case 1 -> "st";
      case 2 -> "nd";
      case 3 -> "rd";
      default -> "th";
    };
    return "a " + n + suffix;
  }

  private String whatDiffers(Request asked) {
    List<Request> same = byProblem.get(problemKey(asked.kind(), asked.source(), asked.problemId()));
    if (same == null) {
      Set<String> problems = problemsBySource.getOrDefault(asked.kind().label + '\u0000' + asked.source(), Set.of());
      List<String> some = new ArrayList<>();
      for (String p : problems) {
        if (some.size() == 3) break;
        some.add("'" + p + "'");
      }
      return "the trace holds no such call for this problem (it holds " + asked.kind().label + " calls for "
          + problems.size() + " problems" + (some.isEmpty() ? "" : ", e.g. " + String.join(", ", some)) + ")";
    }
    List<Request> samePrompt = new ArrayList<>();
    for (Request r : same) {
      if (r.promptDigest().equals(asked.promptDigest())) samePrompt.add(r);
    }
    if (samePrompt.isEmpty()) {
      return "the trace holds this problem with another prompt (its text changed since the recording)";
    }
    if (asked.kind() == Kind.GENERATE) {
      List<Request> samePrefix = new ArrayList<>();
      TreeSet<Integer> depths = new TreeSet<>();
      Set<String> prefixes = new LinkedHashSet<>();
      for (Request r : samePrompt) {
        depths.add(r.prefix().depth());
        prefixes.add(r.prefix().digest());
        if (r.prefix().digest().equals(asked.prefix().digest())) samePrefix.add(r);
      }
      if (samePrefix.isEmpty()) {
        return "the trace holds no call for this problem with this prefix (its " + prefixes.size()
            + " recorded prefixes of this problem have depths " + depths + ")";
      }
      List<String> best = null;
      for (Request r : samePrefix) {
        List<String> d = TraceCodec.specDifferences(r.spec(), asked.spec());
        if (best == null || d.size() < best.size()) best = d;
      }
      return "the recorded calls with this prefix differ, the closest in " + String.join(", ", best);
    }
    List<Request> sameCount = new ArrayList<>();
    TreeSet<Integer> counts = new TreeSet<>();
    for (Request r : samePrompt) {
      counts.add(r.trajectories().size());
      if (r.trajectories().size() == asked.trajectories().size()) sameCount.add(r);
    }
    if (sameCount.isEmpty()) {
      return "the " + samePrompt.size() + " recorded score calls for this problem score " + counts
          + " trajectories";
    }
    int bestAt = -1;
    Request closest = null;
    for (Request r : sameCount) {
      int at = 0;
      while (at < r.trajectories().size()
          && r.trajectories().get(at).digest().equals(asked.trajectories().get(at).digest())) {
        at++;
      }
      if (at > bestAt) {
        bestAt = at;
        closest = r;
      }
    }
    TrajectoryDigest rec = closest.trajectories().get(bestAt);
    TrajectoryDigest ask = asked.trajectories().get(bestAt);
    return "the closest recorded score call with " + asked.trajectories().size() + " trajectories differs first at "
        + "trajectory " + bestAt + " (recorded " + rec.describe() + ", asked " + ask.describe()
        + (rec.depth() == ask.depth() && rec.tokens() == ask.tokens() ? ", other step contents" : "") + ")";
  }

  private static String problemKey(Kind kind, String source, String problemId) {
    return kind.label + '\u0000' + source + '\u0000' + problemId;
  }

  private static Throwable replayed(Failure f) {
    RuntimeException e = f.type().equals(CancellationException.class.getName())
        ? new CancellationException(f.message())
        : new RecordedFailureException(f.type(), f.message());
    return f.spent() == null ? e : new CallFailedException(e, f.spent());
  }

  private final class ReplayingGenerator implements Generator {
    private final String name;
    private final AtomicIntegerArray cursors = new AtomicIntegerArray(slots.size());

    ReplayingGenerator(String name) {
      this.name = name;
    }

    @Override
    public CompletableFuture<GenerationResult> generate(Problem problem, Trajectory prefix, SamplingSpec spec) {
      Request request = TraceCodec.generateRequest(name, problem, prefix, spec);
      Call call;
      try {
        call = next(request, cursors);
      } catch (TraceMismatchException e) {
        return CompletableFuture.failedFuture(e);
      }
      return call.failure() != null ? CompletableFuture.failedFuture(replayed(call.failure()))
          : CompletableFuture.completedFuture(call.generation());
    }

    /** The recorded bound for this prefix; the interface's default when none was recorded. */
    @Override
    public long promptTokensUpperBound(Problem problem, Trajectory prefix) {
      Long b = bounds.get(name + '\u0000' + TraceCodec.boundKey(problem.id(), TraceCodec.promptDigest(problem),
          TrajectoryDigest.of(prefix)));
      return b != null ? b : Generator.super.promptTokensUpperBound(problem, prefix);
    }

    /** The bound recorded with this very request; the prefix's recorded bound when the request is unknown. */
    @Override
    public long promptTokensUpperBound(Problem problem, Trajectory prefix, SamplingSpec spec) {
      Slot slot = slots.get(TraceCodec.generateRequest(name, problem, prefix, spec).key());
      if (slot != null && !slot.calls().isEmpty()) {
        return slot.calls().get(0).promptTokensBound();
      }
      return promptTokensUpperBound(problem, prefix);
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public String toString() {
      return "replaying(generator " + name + " from " + file + ")";
    }
  }

  private final class ReplayingRewardModel implements ProcessRewardModel {
    private final String name;
    private final AtomicIntegerArray cursors = new AtomicIntegerArray(slots.size());

    ReplayingRewardModel(String name) {
      this.name = name;
    }

    @Override
    public CompletableFuture<RewardScores> score(Problem problem, List<Trajectory> trajectories) {
      Request request = TraceCodec.scoreRequest(name, problem, trajectories);
      Call call;
      try {
        call = next(request, cursors);
      } catch (TraceMismatchException e) {
        return CompletableFuture.failedFuture(e);
      }
      if (call.failure() != null) {
        return CompletableFuture.failedFuture(replayed(call.failure()));
      }
      // the arrays are mutable: every caller gets its own copies
      List<double[]> copies = new ArrayList<>(call.scores().stepScores().size());
      for (double[] s : call.scores().stepScores()) {
        copies.add(s.clone());
      }
      return CompletableFuture.completedFuture(new RewardScores(copies, call.scores().usage()));
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public String toString() {
      return "replaying(reward model " + name + " from " + file + ")";
    }
  }

  // ---------------------------------------------------------------------------------------------
  // reading

  private static final class Builder {
    final Path file;
    int version;
    Map<String, String> metadata;
    final List<String> generators = new ArrayList<>();
    final List<String> rewardModels = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();
    int calls;
    final Map<String, Slot> slots = new HashMap<>();
    final Map<String, Long> bounds = new HashMap<>();
    final Map<String, List<Request>> byProblem = new HashMap<>();
    final Map<String, Set<String>> problemsBySource = new HashMap<>();

    Builder(Path file) {
      this.file = file;
    }

    void add(TraceCodec.Line line, String source, int no) {
      if (metadata == null) {
        if (!(line instanceof Header h)) {
          throw new MalformedDataException(source, no, null, "is not the header of a ttc4j trace "
              + "({\"kind\":\"header\",\"format\":\"" + TraceCodec.FORMAT + "\",...})");
        }
        version = h.version();
        metadata = h.metadata();
        return;
      }
      if (line instanceof Header) {
        throw new MalformedDataException(source, no, null, "is a second header; a trace has one, on its first line");
      }
      if (line instanceof Declaration d) {
        List<String> names = d.kind() == Kind.GENERATE ? generators : rewardModels;
        if (!names.contains(d.name())) names.add(d.name());
        return;
      }
      Call call = (Call) line;
      Request r = call.request();
      List<String> names = r.kind() == Kind.GENERATE ? generators : rewardModels;
      if (!names.contains(r.source())) {
        throw new MalformedDataException(source, no, "source", "names a " + r.kind().modelLabel + " '" + r.source()
            + "' that no line before declares");
      }
      calls++;
      Slot slot = slots.get(r.key());
      if (slot == null) {
        slot = new Slot(slots.size(), r, new ArrayList<>());
        slots.put(r.key(), slot);
        byProblem.computeIfAbsent(problemKey(r.kind(), r.source(), r.problemId()), k -> new ArrayList<>()).add(r);
        problemsBySource.computeIfAbsent(r.kind().label + '\u0000' + r.source(), k -> new LinkedHashSet<>())
            .add(r.problemId());
      }
      slot.calls().add(call);
      if (r.kind() == Kind.GENERATE) {
        bounds.putIfAbsent(r.source() + '\u0000' + TraceCodec.boundKey(r.problemId(), r.promptDigest(), r.prefix()),
            call.promptTokensBound());
      }
    }
  }
}
