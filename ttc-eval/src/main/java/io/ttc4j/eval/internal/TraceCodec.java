package io.ttc4j.eval.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ttc4j.core.CallFailedException;
import io.ttc4j.core.Continuation;
import io.ttc4j.core.GenerationMode;
import io.ttc4j.core.GenerationResult;
import io.ttc4j.core.MalformedDataException;
import io.ttc4j.core.Problem;
import io.ttc4j.core.RewardScores;
import io.ttc4j.core.SamplingSpec;
import io.ttc4j.core.Step;
import io.ttc4j.core.StepEnd;
import io.ttc4j.core.Trajectory;
import io.ttc4j.core.Usage;
import io.ttc4j.core.SearchResult;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * The lines of a trace file ({@code io.ttc4j.eval.trace}): JSON objects, one per line, every
 * character outside ASCII escaped (so any Java string, even one with a lone surrogate, round-trips
 * exactly and a cut line never splits a UTF-8 sequence).
 *
 * <ul>
 *   <li>{@code {"kind":"header","format":"ttc4j-trace","version":1,"metadata":{...}}}, the first line;
 *   <li>{@code {"kind":"generator","name":N}} and {@code {"kind":"prm","name":N}}: a recorded model,
 *       before its first call;
 *   <li>{@code {"kind":"generate"|"score","source":N,"key":K,"request":{...},
 *       ["prompt_tokens_bound":B,] "response":{...}|"failure":{...}}}: one completed call.
 * </ul>
 *
 * <p><b>Requests.</b> A generate request is {@code {"problem_id","prompt_digest","prefix":T,"spec":{"n",
 * "temperature","top_p","max_tokens","stop","seed","mode","logprobs"}}}, a score request
 * {@code {"problem_id","prompt_digest","trajectories":[T,...]}}, where a trajectory {@code T} is
 * {@code {"depth","tokens","digest"}}. Digests are the first 128 bits of SHA-256 in hexadecimal: of
 * the prompt's UTF-8 bytes, and of a trajectory's steps encoded as, per step, the big-endian 32-bit
 * UTF-8 length and bytes of the text, the 32-bit token count, the 64-bit IEEE pattern of the
 * log-probability (every NaN as {@code 0x7ff8000000000000}) and one byte for the end
 * (0 step boundary, 1 end of solution, 2 length). So a request is matched on every field of every
 * step, but a prefix costs a fixed 60 bytes however deep it is; the texts themselves are in the
 * responses that produced them. The key is the digest of {@code kind\nsource\n} and the request's
 * canonical JSON; a reader recomputes it and rejects a line whose key does not match.
 *
 * <p><b>Numbers.</b> Finite doubles are JSON numbers in the shortest form that parses back to the
 * same double ({@code -0.0} included); NaN and the infinities are the strings {@code "NaN"},
 * {@code "Infinity"} and {@code "-Infinity"} (NaN payloads are not kept). Usage is integers:
 * {@code generations, prompt_tokens, cached_prompt_tokens, completion_tokens, prm_calls, prm_tokens, cost_nano_usd}.
 *
 * <p><b>Failures.</b> {@code {"type": exception class, "message": text or null, "spent": usage or
 * null}}; {@code spent} is set when the call failed with {@link CallFailedException}, whose cause is
 * then the recorded exception. A cancelled call is {@code java.util.concurrent.CancellationException}.
 */
public final class TraceCodec {

  /** The value of the header's {@code format} field. */
  public static final String FORMAT = "ttc4j-trace";

  /** The format version this code writes and the newest it reads. */
  public static final int VERSION = 1;

  private static final JsonMapper JSON = JsonMapper.builder()
      .enable(JsonWriteFeature.ESCAPE_NON_ASCII)
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private TraceCodec() {}

  /** The two kinds of recorded calls. */
  public enum Kind {
    /** A generator call. */
    GENERATE("generate", "generator"),
    /** A reward-model call. */
    SCORE("score", "prm");

    /** The {@code kind} of a call line. */
    public final String label;
    /** The {@code kind} of the line that declares a model of this kind. */
    public final String modelLabel;

    Kind(String label, String modelLabel) {
      this.label = label;
      this.modelLabel = modelLabel;
    }
  }

  /**
   * A trajectory as a request names it.
   *
   * @param depth  steps
   * @param tokens completion tokens of all steps
   * @param digest 128-bit digest of every field of every step (see the class comment)
   */
  public record TrajectoryDigest(int depth, long tokens, String digest) {

    /** The digest of {@code t}. */
    public static TrajectoryDigest of(Trajectory t) {
      return new TrajectoryDigest(t.depth(), t.tokens(), digestOfSteps(t.steps()));
    }

    /** For messages: {@code 3 steps (120 tokens)}. */
    public String describe() {
      return depth + (depth == 1 ? " step" : " steps") + " (" + tokens + " tokens)";
    }
  }

  /**
   * A request as recorded: enough to match a later call exactly and to say what differed.
   *
   * @param kind         generate or score
   * @param source       the name of the recorded generator or reward model
   * @param problemId    the problem's id
   * @param promptDigest digest of the problem's prompt
   * @param prefix       the prefix of a generate request, else null
   * @param spec         the sampling spec of a generate request, else null
   * @param trajectories the trajectories of a score request, else null
   * @param key          the digest of the canonical request (see the class comment)
   */
  public record Request(Kind kind, String source, String problemId, String promptDigest, TrajectoryDigest prefix,
      SamplingSpec spec, List<TrajectoryDigest> trajectories, String key) {

    /** A short description for messages, naming the problem and the request's settings. */
    public String describe() {
      if (kind == Kind.GENERATE) {
        return "generate call of generator '" + source + "' for problem '" + problemId + "' with a prefix of "
            + prefix.describe() + ", " + describeSpec(spec);
      }
      StringBuilder b = new StringBuilder("score call of reward model '" + source + "' for problem '" + problemId
          + "' with " + trajectories.size() + " trajectories (depths ");
      for (int i = 0; i < trajectories.size(); i++) {
        if (i == 8) {
          b.append(", ...");
          break;
        }
        if (i > 0) b.append(", ");
        b.append(trajectories.get(i).depth());
      }
      return b.append(')').toString();
    }
  }

  /**
   * A failure as recorded.
   *
   * @param type    the exception's class name
   * @param message its message, or null
   * @param spent   what the call had spent when it failed with {@link CallFailedException}, else null
   */
  public record Failure(String type, String message, Usage spent) {}

  /**
   * One completed call as recorded: exactly one of {@code generation}, {@code scores} and
   * {@code failure} is set.
   *
   * @param request          the request
   * @param promptTokensBound the generator's {@code promptTokensUpperBound} for the request's
   *                          problem and prefix, -1 for a score call
   * @param generation       the answer of a generate call
   * @param scores           the answer of a score call
   * @param failure          the failure
   * @param line             the 1-based line in the file (0 when not read from a file)
   */
  public record Call(Request request, long promptTokensBound, GenerationResult generation, RewardScores scores,
      Failure failure, int line) implements Line {}

  /** A parsed line. */
  public sealed interface Line permits Header, Declaration, Call {}

  /**
   * The header line.
   *
   * @param version  the format version
   * @param metadata free settings of the recording run, such as the model name
   */
  public record Header(int version, Map<String, String> metadata) implements Line {}

  /**
   * A recorded model.
   *
   * @param kind the kind of calls it answers
   * @param name its name
   */
  public record Declaration(Kind kind, String name) implements Line {}

  // ---------------------------------------------------------------------------------------------
  // requests

  /** The request of a generate call. */
  public static Request generateRequest(String source, Problem problem, Trajectory prefix, SamplingSpec spec) {
    Objects.requireNonNull(problem, "problem");
    Objects.requireNonNull(prefix, "prefix");
    Objects.requireNonNull(spec, "spec");
    return withKey(Kind.GENERATE, source, problem.id(), promptDigest(problem), TrajectoryDigest.of(prefix), spec, null);
  }

  /** The request of a score call. */
  public static Request scoreRequest(String source, Problem problem, List<Trajectory> trajectories) {
    Objects.requireNonNull(problem, "problem");
    Objects.requireNonNull(trajectories, "trajectories");
    List<TrajectoryDigest> ds = new ArrayList<>(trajectories.size());
    for (Trajectory t : trajectories) {
      ds.add(TrajectoryDigest.of(Objects.requireNonNull(t, "trajectories holds null")));
    }
    return withKey(Kind.SCORE, source, problem.id(), promptDigest(problem), null, null, List.copyOf(ds));
  }

  /** The digest of the prompt of {@code problem}. */
  public static String promptDigest(Problem problem) {
    return hex(sha256().digest(problem.prompt().getBytes(StandardCharsets.UTF_8)));
  }

  /** The key identifying the prompt-token bound of a prefix of a problem (for replaying generators). */
  public static String boundKey(String problemId, String promptDigest, TrajectoryDigest prefix) {
    return problemId + '\u0000' + promptDigest + '\u0000' + prefix.digest();
  }

  private static Request withKey(Kind kind, String source, String problemId, String promptDigest,
      TrajectoryDigest prefix, SamplingSpec spec, List<TrajectoryDigest> trajectories) {
    ObjectNode body = requestJson(kind, problemId, promptDigest, prefix, spec, trajectories);
    MessageDigest md = sha256();
    md.update((kind.label + "\n" + source + "\n").getBytes(StandardCharsets.UTF_8));
    md.update(write(body).getBytes(StandardCharsets.UTF_8));
    return new Request(kind, source, problemId, promptDigest, prefix, spec, trajectories, hex(md.digest()));
  }

  private static ObjectNode requestJson(Kind kind, String problemId, String promptDigest, TrajectoryDigest prefix,
      SamplingSpec spec, List<TrajectoryDigest> trajectories) {
    ObjectNode o = JSON.createObjectNode();
    o.put("problem_id", problemId);
    o.put("prompt_digest", promptDigest);
    if (kind == Kind.GENERATE) {
      o.set("prefix", trajectoryJson(prefix));
      ObjectNode s = o.putObject("spec");
      s.put("n", spec.n());
      putDouble(s, "temperature", spec.temperature());
      putDouble(s, "top_p", spec.topP());
      s.put("max_tokens", spec.maxTokens());
      ArrayNode stop = s.putArray("stop");
      spec.stop().forEach(stop::add);
      s.put("seed", spec.seed());
      s.put("mode", spec.mode().name().toLowerCase(Locale.ROOT));
      s.put("logprobs", spec.logprobs());
    } else {
      ArrayNode ts = o.putArray("trajectories");
      for (TrajectoryDigest t : trajectories) {
        ts.add(trajectoryJson(t));
      }
    }
    return o;
  }

  private static ObjectNode trajectoryJson(TrajectoryDigest t) {
    ObjectNode o = JSON.createObjectNode();
    o.put("depth", t.depth());
    o.put("tokens", t.tokens());
    o.put("digest", t.digest());
    return o;
  }

  /** {@code n=4, seed=7, temperature=0.8, top_p=1.0, max_tokens=2048, mode=one_step, logprobs=false, stop=["\n\n"]}. */
  public static String describeSpec(SamplingSpec s) {
    return "n=" + s.n() + ", seed=" + s.seed() + ", temperature=" + s.temperature() + ", top_p=" + s.topP()
        + ", max_tokens=" + s.maxTokens() + ", mode=" + s.mode().name().toLowerCase(Locale.ROOT)
        + ", logprobs=" + s.logprobs() + ", stop=" + quoted(s.stop());
  }

  /** The fields in which {@code recorded} differs from {@code asked}, e.g. {@code seed (recorded 3, asked 7)}. */
  public static List<String> specDifferences(SamplingSpec recorded, SamplingSpec asked) {
    List<String> out = new ArrayList<>();
    diff(out, "n", recorded.n(), asked.n());
    diff(out, "seed", recorded.seed(), asked.seed());
    diff(out, "temperature", recorded.temperature(), asked.temperature());
    diff(out, "top_p", recorded.topP(), asked.topP());
    diff(out, "max_tokens", recorded.maxTokens(), asked.maxTokens());
    diff(out, "mode", recorded.mode().name().toLowerCase(Locale.ROOT), asked.mode().name().toLowerCase(Locale.ROOT));
    diff(out, "logprobs", recorded.logprobs(), asked.logprobs());
    if (!recorded.stop().equals(asked.stop())) {
      out.add("stop (recorded " + quoted(recorded.stop()) + ", asked " + quoted(asked.stop()) + ")");
    }
    return out;
  }

  private static void diff(List<String> out, String name, Object recorded, Object asked) {
    if (!recorded.equals(asked)) {
      out.add(name + " (recorded " + recorded + ", asked " + asked + ")");
    }
  }

  private static String quoted(List<String> stop) {
    return write(JSON.valueToTree(stop));
  }

  // ---------------------------------------------------------------------------------------------
  // writing

  /** The header line. */
  public static String headerLine(Map<String, String> metadata) {
    ObjectNode o = JSON.createObjectNode();
    o.put("kind", "header");
    o.put("format", FORMAT);
    o.put("version", VERSION);
    ObjectNode m = o.putObject("metadata");
    metadata.forEach(m::put);
    return write(o);
  }

  /** The line declaring a recorded model. */
  public static String declarationLine(Kind kind, String name) {
    ObjectNode o = JSON.createObjectNode();
    o.put("kind", kind.modelLabel);
    o.put("name", name);
    return write(o);
  }

  /** The line of a generate call that answered {@code result}. */
  public static String generationLine(Request request, long promptTokensBound, GenerationResult result) {
    ObjectNode o = callJson(request, promptTokensBound);
    ObjectNode r = o.putObject("response");
    ArrayNode cs = r.putArray("continuations");
    for (Continuation c : result.continuations()) {
      ArrayNode steps = cs.addObject().putArray("steps");
      for (Step s : c.steps()) {
        ObjectNode so = steps.addObject();
        so.put("text", s.text());
        so.put("tokens", s.tokens());
        putDouble(so, "logprob", s.logProbability());
        so.put("end", s.end().name().toLowerCase(Locale.ROOT));
      }
    }
    r.set("usage", usageJson(result.usage()));
    return write(o);
  }

  /** The line of a score call that answered {@code scores}. */
  public static String scoresLine(Request request, RewardScores scores) {
    ObjectNode o = callJson(request, -1);
    ObjectNode r = o.putObject("response");
    ArrayNode all = r.putArray("step_scores");
    for (double[] s : scores.stepScores()) {
      ArrayNode a = all.addArray();
      for (double d : s) {
        addDouble(a, d);
      }
    }
    r.set("usage", usageJson(scores.usage()));
    return write(o);
  }

  /**
   * The line of a call that failed with {@code error} (completion wrappers are looked through), its
   * message passed through {@code redact}.
   */
  public static String failureLine(Request request, long promptTokensBound, Throwable error,
      UnaryOperator<String> redact) {
    Failure f = failureOf(error, redact);
    ObjectNode o = callJson(request, promptTokensBound);
    ObjectNode fo = o.putObject("failure");
    fo.put("type", f.type());
    if (f.message() == null) fo.putNull("message"); else fo.put("message", f.message());
    if (f.spent() == null) fo.putNull("spent"); else fo.set("spent", usageJson(f.spent()));
    return write(o);
  }

  /** What is recorded of {@code error}. */
  public static Failure failureOf(Throwable error, UnaryOperator<String> redact) {
    Throwable t = SearchResult.unwrap(error);
    Usage spent = null;
    if (t instanceof CallFailedException c) {
      spent = c.spent();
      t = c.getCause() == null ? c : SearchResult.unwrap(c.getCause());
    }
    String message = t.getMessage() == null ? null : redact.apply(t.getMessage());
    return new Failure(t.getClass().getName(), message, spent);
  }

  private static ObjectNode callJson(Request request, long promptTokensBound) {
    ObjectNode o = JSON.createObjectNode();
    o.put("kind", request.kind().label);
    o.put("source", request.source());
    o.put("key", request.key());
    o.set("request", requestJson(request.kind(), request.problemId(), request.promptDigest(), request.prefix(),
        request.spec(), request.trajectories()));
    if (request.kind() == Kind.GENERATE) {
      o.put("prompt_tokens_bound", promptTokensBound);
    }
    return o;
  }

  private static ObjectNode usageJson(Usage u) {
    ObjectNode o = JSON.createObjectNode();
    o.put("generations", u.generations());
    o.put("prompt_tokens", u.promptTokens());
    o.put("cached_prompt_tokens", u.cachedPromptTokens());
    o.put("completion_tokens", u.completionTokens());
    o.put("prm_calls", u.prmCalls());
    o.put("prm_tokens", u.prmTokens());
    o.put("cost_nano_usd", u.costNanoUsd());
    return o;
  }

  private static void putDouble(ObjectNode o, String name, double d) {
    if (Double.isFinite(d)) o.put(name, d); else o.put(name, nonFinite(d));
  }

  private static void addDouble(ArrayNode a, double d) {
    if (Double.isFinite(d)) a.add(d); else a.add(nonFinite(d));
  }

  private static String nonFinite(double d) {
    return Double.isNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity";
  }

  private static String write(JsonNode node) {
    try {
      return JSON.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // reading

  /**
   * Parses line {@code lineNo} of {@code source}.
   *
   * @throws MalformedDataException naming the source, the line and the field
   */
  public static Line parse(String text, String source, int lineNo) {
    JsonNode root;
    try {
      root = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new MalformedDataException(source, lineNo, null, "is not valid JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new MalformedDataException(source, lineNo, null, "is not a JSON object");
    }
    Fields f = new Fields(source, lineNo);
    String kind = f.text(root, "kind", "kind");
    try {
      switch (kind) {
        case "header" -> {
          String format = f.text(root, "format", "format");
          if (!FORMAT.equals(format)) {
            throw f.bad("format", "must be \"" + FORMAT + "\", got \"" + format + "\"");
          }
          int version = f.integer(root, "version", "version", 1, Integer.MAX_VALUE);
          if (version > VERSION) {
            throw f.bad("version", "is " + version + ", newer than this ttc4j reads (" + VERSION + ")");
          }
          Map<String, String> metadata = new LinkedHashMap<>();
          JsonNode m = f.object(root, "metadata", "metadata");
          for (Iterator<Map.Entry<String, JsonNode>> it = m.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
              throw f.bad("metadata." + e.getKey(), "must be a string, got " + e.getValue());
            }
            metadata.put(e.getKey(), e.getValue().asText());
          }
          return new Header(version, java.util.Collections.unmodifiableMap(metadata));
        }
        case "generator" -> {
          return new Declaration(Kind.GENERATE, f.nonBlank(root, "name", "name"));
        }
        case "prm" -> {
          return new Declaration(Kind.SCORE, f.nonBlank(root, "name", "name"));
        }
        case "generate", "score" -> {
          return call(root, kind.equals("generate") ? Kind.GENERATE : Kind.SCORE, f);
        }
        default -> throw f.bad("kind", "must be header, generator, prm, generate or score, got \"" + kind + "\"");
      }
    } catch (IllegalArgumentException e) {
      throw new MalformedDataException(source, lineNo, null, e.getMessage(), e);
    }
  }

  private static Call call(JsonNode root, Kind kind, Fields f) {
    String source = f.nonBlank(root, "source", "source");
    String key = f.text(root, "key", "key");
    JsonNode req = f.object(root, "request", "request");
    String problemId = f.nonBlank(req, "problem_id", "request.problem_id");
    String promptDigest = f.text(req, "prompt_digest", "request.prompt_digest");
    Request request;
    long bound = -1;
    if (kind == Kind.GENERATE) {
      TrajectoryDigest prefix = trajectory(f.object(req, "prefix", "request.prefix"), f, "request.prefix");
      JsonNode s = f.object(req, "spec", "request.spec");
      List<String> stop = new ArrayList<>();
      JsonNode stops = f.array(s, "stop", "request.spec.stop");
      for (int i = 0; i < stops.size(); i++) {
        if (!stops.get(i).isTextual()) throw f.bad("request.spec.stop[" + i + "]", "must be a string, got " + stops.get(i));
        stop.add(stops.get(i).asText());
      }
      SamplingSpec spec;
      try {
        spec = new SamplingSpec(f.integer(s, "n", "request.spec.n", 1, Integer.MAX_VALUE),
            f.dbl(s, "temperature", "request.spec.temperature"), f.dbl(s, "top_p", "request.spec.top_p"),
            f.integer(s, "max_tokens", "request.spec.max_tokens", 1, Integer.MAX_VALUE), stop,
            f.lng(s, "seed", "request.spec.seed", Long.MIN_VALUE), mode(f, s), f.bool(s, "logprobs", "request.spec.logprobs"));
      } catch (IllegalArgumentException e) {
        throw f.bad("request.spec", e.getMessage());
      }
      request = withKey(kind, source, problemId, promptDigest, prefix, spec, null);
      bound = f.lng(root, "prompt_tokens_bound", "prompt_tokens_bound", 0);
    } else {
      JsonNode ts = f.array(req, "trajectories", "request.trajectories");
      List<TrajectoryDigest> list = new ArrayList<>(ts.size());
      for (int i = 0; i < ts.size(); i++) {
        String path = "request.trajectories[" + i + "]";
        if (!ts.get(i).isObject()) throw f.bad(path, "must be an object, got " + ts.get(i));
        list.add(trajectory(ts.get(i), f, path));
      }
      request = withKey(kind, source, problemId, promptDigest, null, null, List.copyOf(list));
    }
    if (!request.key().equals(key)) {
      throw f.bad("key", "does not match the request (recomputed " + request.key() + ", got " + key
          + "): the line was changed after it was recorded");
    }
    boolean hasResponse = root.has("response");
    boolean hasFailure = root.has("failure");
    if (hasResponse == hasFailure) {
      throw f.bad(null, "must hold exactly one of 'response' and 'failure'");
    }
    if (hasFailure) {
      JsonNode fo = f.object(root, "failure", "failure");
      String type = f.nonBlank(fo, "type", "failure.type");
      JsonNode m = fo.get("message");
      if (m != null && !m.isNull() && !m.isTextual()) throw f.bad("failure.message", "must be a string or null, got " + m);
      JsonNode spent = fo.get("spent");
      Usage u = spent == null || spent.isNull() ? null : usage(spent, f, "failure.spent");
      return new Call(request, bound, null, null, new Failure(type, m == null || m.isNull() ? null : m.asText(), u),
          f.line);
    }
    JsonNode r = f.object(root, "response", "response");
    Usage usage = usage(f.object(r, "usage", "response.usage"), f, "response.usage");
    if (kind == Kind.GENERATE) {
      JsonNode cs = f.array(r, "continuations", "response.continuations");
      List<Continuation> continuations = new ArrayList<>(cs.size());
      for (int i = 0; i < cs.size(); i++) {
        String cp = "response.continuations[" + i + "]";
        if (!cs.get(i).isObject()) throw f.bad(cp, "must be an object, got " + cs.get(i));
        JsonNode ss = f.array(cs.get(i), "steps", cp + ".steps");
        if (ss.isEmpty()) throw f.bad(cp + ".steps", "must hold at least one step");
        List<Step> steps = new ArrayList<>(ss.size());
        for (int j = 0; j < ss.size(); j++) {
          String sp = cp + ".steps[" + j + "]";
          JsonNode so = ss.get(j);
          if (!so.isObject()) throw f.bad(sp, "must be an object, got " + so);
          String text = f.text(so, "text", sp + ".text");
          int tokens = f.integer(so, "tokens", sp + ".tokens", 0, Integer.MAX_VALUE);
          double lp = f.dbl(so, "logprob", sp + ".logprob");
          if (lp > 0) throw f.bad(sp + ".logprob", "must be <= 0 or \"NaN\", got " + lp);
          steps.add(new Step(text, tokens, lp, end(f, so, sp + ".end")));
        }
        continuations.add(new Continuation(steps));
      }
      return new Call(request, bound, new GenerationResult(continuations, usage), null, null, f.line);
    }
    JsonNode all = f.array(r, "step_scores", "response.step_scores");
    List<double[]> scores = new ArrayList<>(all.size());
    for (int i = 0; i < all.size(); i++) {
      String p = "response.step_scores[" + i + "]";
      JsonNode a = all.get(i);
      if (!a.isArray()) throw f.bad(p, "must be an array of numbers, got " + a);
      double[] d = new double[a.size()];
      for (int j = 0; j < d.length; j++) {
        d[j] = f.dblValue(a.get(j), p + "[" + j + "]");
      }
      scores.add(d);
    }
    return new Call(request, -1, null, new RewardScores(scores, usage), null, f.line);
  }

  private static TrajectoryDigest trajectory(JsonNode o, Fields f, String path) {
    int depth = f.integer(o, "depth", path + ".depth", 0, Integer.MAX_VALUE);
    long tokens = f.lng(o, "tokens", path + ".tokens", 0);
    String digest = f.text(o, "digest", path + ".digest");
    if (digest.length() != 32 || !digest.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      throw f.bad(path + ".digest", "must be 32 lower-case hexadecimal digits, got \"" + digest + "\"");
    }
    return new TrajectoryDigest(depth, tokens, digest);
  }

  private static GenerationMode mode(Fields f, JsonNode s) {
    String v = f.text(s, "mode", "request.spec.mode");
    for (GenerationMode m : GenerationMode.values()) {
      if (m.name().toLowerCase(Locale.ROOT).equals(v)) return m;
    }
    throw f.bad("request.spec.mode", "must be one of " + lowerNames(GenerationMode.values()) + ", got \"" + v + "\"");
  }

  private static StepEnd end(Fields f, JsonNode s, String path) {
    String v = f.text(s, "end", path);
    for (StepEnd e : StepEnd.values()) {
      if (e.name().toLowerCase(Locale.ROOT).equals(v)) return e;
    }
    throw f.bad(path, "must be one of " + lowerNames(StepEnd.values()) + ", got \"" + v + "\"");
  }

  private static String lowerNames(Enum<?>[] values) {
    List<String> out = new ArrayList<>();
    for (Enum<?> v : values) out.add(v.name().toLowerCase(Locale.ROOT));
    return String.join(", ", out);
  }

  private static Usage usage(JsonNode o, Fields f, String path) {
    if (!o.isObject()) throw f.bad(path, "must be an object, got " + o);
    try {
      return new Usage(f.lng(o, "generations", path + ".generations", 0),
          f.lng(o, "prompt_tokens", path + ".prompt_tokens", 0),
          f.lng(o, "cached_prompt_tokens", path + ".cached_prompt_tokens", 0),
          f.lng(o, "completion_tokens", path + ".completion_tokens", 0),
          f.lng(o, "prm_calls", path + ".prm_calls", 0),
          o.has("prm_tokens") ? f.lng(o, "prm_tokens", path + ".prm_tokens", 0) : 0,
          f.lng(o, "cost_nano_usd", path + ".cost_nano_usd", 0));
    } catch (IllegalArgumentException e) {
      throw f.bad(path, e.getMessage());
    }
  }

  /** Typed field access that names the file, line and field of what is wrong. */
  private static final class Fields {
    final String source;
    final int line;

    Fields(String source, int line) {
      this.source = source;
      this.line = line;
    }

    MalformedDataException bad(String field, String detail) {
      return new MalformedDataException(source, line, field, detail);
    }

    JsonNode field(JsonNode o, String name, String path) {
      JsonNode v = o.get(name);
      if (v == null) throw bad(path, "is missing");
      return v;
    }

    String text(JsonNode o, String name, String path) {
      JsonNode v = field(o, name, path);
      if (!v.isTextual()) throw bad(path, "must be a string, got " + v);
      return v.asText();
    }

    String nonBlank(JsonNode o, String name, String path) {
      String v = text(o, name, path);
      if (v.isBlank()) throw bad(path, "must not be blank");
      return v;
    }

    JsonNode object(JsonNode o, String name, String path) {
      JsonNode v = field(o, name, path);
      if (!v.isObject()) throw bad(path, "must be an object, got " + v);
      return v;
    }

    JsonNode array(JsonNode o, String name, String path) {
      JsonNode v = field(o, name, path);
      if (!v.isArray()) throw bad(path, "must be an array, got " + v);
      return v;
    }

    boolean bool(JsonNode o, String name, String path) {
      JsonNode v = field(o, name, path);
      if (!v.isBoolean()) throw bad(path, "must be true or false, got " + v);
      return v.asBoolean();
    }

    long lng(JsonNode o, String name, String path, long min) {
      JsonNode v = field(o, name, path);
      if (!v.isIntegralNumber() || !v.canConvertToLong()) throw bad(path, "must be an integer, got " + v);
      long x = v.asLong();
      if (x < min) throw bad(path, "must be >= " + min + ", got " + x);
      return x;
    }

    int integer(JsonNode o, String name, String path, int min, int max) {
      long x = lng(o, name, path, min);
      if (x > max) throw bad(path, "must be <= " + max + ", got " + x);
      return (int) x;
    }

    double dbl(JsonNode o, String name, String path) {
      return dblValue(field(o, name, path), path);
    }

    double dblValue(JsonNode v, String path) {
      if (v.isTextual()) {
        switch (v.asText()) {
          case "NaN":
            return Double.NaN;
          case "Infinity":
            return Double.POSITIVE_INFINITY;
          case "-Infinity":
            return Double.NEGATIVE_INFINITY;
          default:
            throw bad(path, "must be a number, \"NaN\", \"Infinity\" or \"-Infinity\", got " + v);
        }
      }
      if (!v.isNumber()) throw bad(path, "must be a number, \"NaN\", \"Infinity\" or \"-Infinity\", got " + v);
      double d = v.doubleValue();
      if (!Double.isFinite(d)) throw bad(path, "must be a finite number (non-finite ones are strings), got " + v);
      return d;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // digests

  private static String digestOfSteps(List<Step> steps) {
    MessageDigest md = sha256();
    byte[] fixed = new byte[4 + 8 + 1];
    for (Step s : steps) {
      byte[] text = s.text().getBytes(StandardCharsets.UTF_8);
      md.update(intBytes(text.length));
      md.update(text);
      putInt(fixed, 0, s.tokens());
      long bits = Double.doubleToLongBits(s.logProbability());
      for (int i = 0; i < 8; i++) {
        fixed[4 + i] = (byte) (bits >>> (56 - 8 * i));
      }
      fixed[12] = (byte) s.end().ordinal();
      md.update(fixed);
    }
    return hex(md.digest());
  }

  private static byte[] intBytes(int v) {
    byte[] b = new byte[4];
    putInt(b, 0, v);
    return b;
  }

  private static void putInt(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 24);
    b[at + 1] = (byte) (v >>> 16);
    b[at + 2] = (byte) (v >>> 8);
    b[at + 3] = (byte) v;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** The first 128 bits of {@code digest} as 32 lower-case hexadecimal digits. */
  private static String hex(byte[] digest) {
    char[] out = new char[32];
    for (int i = 0; i < 16; i++) {
      out[2 * i] = HEX[(digest[i] >> 4) & 0xF];
      out[2 * i + 1] = HEX[digest[i] & 0xF];
    }
    return new String(out);
  }
}
