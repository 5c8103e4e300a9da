package io.ttc4j.eval.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ttc4j.core.Generator;
import io.ttc4j.core.ProcessRewardModel;
import io.ttc4j.eval.internal.SweepManifest;
import io.ttc4j.eval.trace.Trace;
import io.ttc4j.eval.trace.TraceRecorder;
import io.ttc4j.serving.EndpointConfig;
import io.ttc4j.serving.LogprobRewardModel;
import io.ttc4j.serving.OpenAiCompatibleGenerator;
import io.ttc4j.serving.PromptTemplate;
import io.ttc4j.serving.ServerEndpoint;
import io.ttc4j.serving.VllmPoolingRewardModel;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * The server options of {@code ttc solve} and {@code ttc sweep}, a picocli mixin: with
 * {@code --base-url} the command samples from an OpenAI-compatible server, and with
 * {@code --prm-url} scores with a served process reward model. {@link #validate()} checks them and
 * fills the defaults; {@link #open()} creates the clients (retries, timeouts, split requests, keys).
 *
 * <p>{@code ttc sweep} records them in {@code sweep.json} under the key {@value #KEY} (the names of
 * the API-key variables, never the keys), so that {@code --resume} reconnects to the same server.
 * Keys are read from the environment when the clients are opened.
 *
 * <p>{@code --trace FILE} records every generator and reward-model call of a served run
 * ({@link TraceRecorder}); {@code --replay-trace FILE} serves them from such a trace instead of a
 * server ({@link Trace}), taking the server settings (model, template, reward model) from the
 * trace's header. Both act where {@link #open()} creates the clients, so every command using these
 * options gets them.
 */
final class ServerOptions {

  /** The prompt-template presets. */
  enum TemplateName {
    QWEN25_MATH("qwen25-math"),
    LLAMA3("llama3"),
    PLAIN("plain");

    final String label;

    TemplateName(String label) {
      this.label = label;
    }

    PromptTemplate template() {
      return switch (this) {
        case QWEN25_MATH -> PromptTemplate.qwen25Math();
        case LLAMA3 -> PromptTemplate.llama3();
        case PLAIN -> PromptTemplate.plain();
      };
    }

    @Override
    public String toString() {
      return label;
    }
  }

  /** The reward-model server kinds. */
  enum PrmKind {
    POOLING("pooling"),
    LOGPROB("logprob");

    final String label;

    PrmKind(String label) {
      this.label = label;
    }

    @Override
    public String toString() {
      return label;
    }
  }

  /** The key of the server settings in {@code sweep.json}. */
  static final String KEY = "server";

  /** Options that a resumed sweep takes from {@code sweep.json}. */
  static final List<String> FIXED_BY_RUN = List.of("--base-url", "--model", "--template", "--prm-url", "--prm-model",
      "--prm-kind", "--api-key-env", "--prm-api-key-env", "--max-attempts", "--max-n-per-request", "--request-timeout", "--replay-trace");

  /** The server options a replay takes from its trace (all of {@link #FIXED_BY_RUN} but {@code --replay-trace}). */
  static final List<String> FROM_TRACE = FIXED_BY_RUN.subList(0, FIXED_BY_RUN.size() - 1);

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  /** Where environment variables are read (replaced in tests). */
  Function<String, String> environment = System::getenv;

  // The defaults named in the descriptions are filled by validate(): a sweep without --base-url has none.

  @Option(names = "--base-url", paramLabel = "URL",
      description = "Root of the generator's OpenAI-compatible server (vLLM, SGLang, llama.cpp, ...), e.g. "
          + "http://127.0.0.1:8000 (a trailing /v1 is dropped).")
  String baseUrl;

  @Option(names = "--model", paramLabel = "NAME", description = "Served generator model name (required with --base-url).")
  String model;

  @Option(names = "--template", paramLabel = "NAME", converter = Templates.class,
      description = "Prompt template: qwen25-math, llama3 or plain (with --base-url; default: qwen25-math).")
  TemplateName template;

  @Option(names = "--prm-url", paramLabel = "URL",
      description = "Root of the reward model's server (with --base-url); needed by the strategies that use scores: "
          + "all but first, majority, oracle and sc.")
  String prmUrl;

  @Option(names = "--prm-model", paramLabel = "NAME", description = "Served reward model name (required with --prm-url).")
  String prmModel;

  @Option(names = "--prm-kind", paramLabel = "KIND", converter = PrmKinds.class,
      description = "pooling (vLLM /pooling, e.g. Qwen2.5-Math-PRM) or logprob (+/- judgement on /v1/completions, "
          + "e.g. RLHFlow Llama3.1-8B-PRM) (with --prm-url; default: pooling).")
  PrmKind prmKind;

  @Option(names = "--api-key-env", paramLabel = "VAR",
      description = "Environment variable holding the generator server's API key; unset means no key (with "
          + "--base-url; default: OPENAI_API_KEY). The key itself is never printed or written.")
  String apiKeyEnv;

  @Option(names = "--prm-api-key-env", paramLabel = "VAR",
      description = "Environment variable holding the reward-model server's API key (with --prm-url; default: no "
          + "key).")
  String prmApiKeyEnv;

  @Option(names = "--max-attempts", paramLabel = "N",
      description = "HTTP attempts per request, retries included (with --base-url; default: 4).")
  Integer maxAttempts;

  @Option(names = "--max-n-per-request", paramLabel = "N",
      description = "Most samples one generation request asks for (default: all n in one request); 1 for servers "
          + "that refuse n > 1, such as llama.cpp's llama-server: each request is then charged its prompt.")
  Integer maxNPerRequest;

  @Option(names = "--request-timeout", paramLabel = "DURATION", converter = SolveCommand.Durations.class,
      description = "Longest wait for one HTTP attempt, e.g. 300s or 5m (with --base-url; default: 300s).")
  Duration requestTimeout;

  @Option(names = "--trace", paramLabel = "FILE",
      description = "Record every generator and reward-model call to FILE (JSON lines), for an exact, free replay "
          + "with --replay-trace. FILE must not exist or must be empty: a trace is never appended to or "
          + "overwritten. No API key is written. With --base-url only.")
  Path trace;

  @Option(names = "--replay-trace", paramLabel = "FILE",
      description = "Serve every generator and reward-model call from FILE, a trace recorded with --trace: no "
          + "server is contacted and no key is read; the server options come from the trace. A call the trace does "
          + "not hold (other problems, seeds, N or settings than recorded) fails, naming what differed.")
  Path replayTrace;

  /** The trace read for {@code --replay-trace}, by {@link #validate()}. */
  private Trace replay;

  /** The header metadata of {@link #replay}. */
  private Map<String, String> replayed = Map.of();

  /** Whether the command runs against a server, or a trace of one (else a sweep runs the simulator). */
  boolean served() {
    return baseUrl != null || replayTrace != null;
  }

  /** Validates and fills the defaults; a usage error naming the option when they do not fit. */
  void validate() {
    if (trace != null && replayTrace != null) {
      throw usage("--trace and --replay-trace exclude each other (a replayed run costs nothing to run again)");
    }
    if (replayTrace != null) {
      for (String o : FROM_TRACE) {
        if (matched(o)) throw usage("--replay-trace takes the server settings from the trace; leave out " + o);
      }
      replay = readReplayTrace();
      fromTrace(replay);
    } else if (baseUrl == null) {
      for (String o : FROM_TRACE) {
        if (o.equals("--base-url")) continue;
        if (matched(o)) throw usage(o + " needs --base-url");
      }
      if (trace != null) {
        throw usage("--trace records the calls to a server and needs --base-url (a simulator sweep is free to run "
            + "again)");
      }
      return;
    }
    if (trace != null) refuseUsedTrace();
    if (model == null || model.isBlank()) throw usage("--base-url needs --model");
    if (prmUrl != null && (prmModel == null || prmModel.isBlank())) throw usage("--prm-url needs --prm-model");
    if (prmUrl == null && prmModel != null) throw usage("--prm-model needs --prm-url");
    if (prmUrl == null && (prmKind != null || prmApiKeyEnv != null)) {
      throw usage((prmKind != null ? "--prm-kind" : "--prm-api-key-env") + " needs --prm-url");
    }
    if (template == null) template = TemplateName.QWEN25_MATH;
    if (prmKind == null) prmKind = PrmKind.POOLING;
    if (apiKeyEnv == null) apiKeyEnv = "OPENAI_API_KEY";
    if (apiKeyEnv.isBlank()) throw usage("--api-key-env must name an environment variable");
    if (prmApiKeyEnv != null && prmApiKeyEnv.isBlank()) throw usage("--prm-api-key-env must name an environment variable");
    if (maxAttempts == null) maxAttempts = 4;
    if (maxAttempts < 1) throw usage("--max-attempts must be >= 1, got " + maxAttempts);
    if (maxNPerRequest != null && maxNPerRequest < 1) {
      throw usage("--max-n-per-request must be >= 1, got " + maxNPerRequest);
    }
    if (requestTimeout == null) requestTimeout = Duration.ofSeconds(300);
    if (requestTimeout.isNegative() || requestTimeout.isZero()) {
      throw usage("--request-timeout must be positive, got " + requestTimeout);
    }
  }

  boolean matched(String option) {
    return spec.commandLine().getParseResult() != null && spec.commandLine().getParseResult().hasMatchedOption(option);
  }

  ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  /** A resumed sweep may not be given server options: they come from the run folder. */
  void rejectOnResume(Path manifest) {
    for (String o : FIXED_BY_RUN) {
      if (matched(o)) {
        throw new IllegalArgumentException("--resume takes every setting from " + manifest + "; leave out " + o);
      }
    }
  }

  /**
   * Fills the settings of a spec's {@code server} block into the options not given on the command
   * line (options override the spec).
   */
  void applySpec(SweepSpec.Server s) {
    if (!matched("--base-url")) baseUrl = s.baseUrl();
    if (!matched("--model")) model = s.model();
    if (s.template() != null && !matched("--template")) template = s.template();
    if (s.prmUrl() != null && !matched("--prm-url")) prmUrl = s.prmUrl();
    if (s.prmModel() != null && !matched("--prm-model")) prmModel = s.prmModel();
    if (s.prmKind() != null && !matched("--prm-kind")) prmKind = s.prmKind();
    if (s.apiKeyEnv() != null && !matched("--api-key-env")) apiKeyEnv = s.apiKeyEnv();
    if (s.prmApiKeyEnv() != null && !matched("--prm-api-key-env")) prmApiKeyEnv = s.prmApiKeyEnv();
    if (s.maxAttempts() != null && !matched("--max-attempts")) maxAttempts = s.maxAttempts();
    if (s.maxNPerRequest() != null && !matched("--max-n-per-request")) maxNPerRequest = s.maxNPerRequest();
    if (s.requestTimeout() != null && !matched("--request-timeout")) requestTimeout = s.requestTimeout();
  }

  /**
   * The server settings as {@code sweep.json} records them under {@value #KEY} (no API key, only
   * the names of their variables). Call after {@link #validate()}.
   */
  ObjectNode json() {
    ObjectNode s = JSON.createObjectNode();
    s.put("base_url", baseUrl);
    s.put("model", model);
    s.put("template", template.label);
    if (prmUrl == null) {
      s.putNull("prm_url");
      s.putNull("prm_model");
      s.putNull("prm_kind");
    } else {
      s.put("prm_url", prmUrl);
      s.put("prm_model", prmModel);
      s.put("prm_kind", prmKind.label);
    }
    s.put("api_key_env", apiKeyEnv);
    if (prmApiKeyEnv == null) s.putNull("prm_api_key_env"); else s.put("prm_api_key_env", prmApiKeyEnv);
    s.put("max_attempts", maxAttempts);
    if (maxNPerRequest == null) s.putNull("max_n_per_request"); else s.put("max_n_per_request", maxNPerRequest);
    s.put("request_timeout", requestTimeout.toString());
    if (replayTrace == null) {
      s.putNull("replay_trace");
    } else {
      s.put("replay_trace", replayTrace.toAbsolutePath().normalize().toString());
    }
    return s;
  }

  /** Loads the server settings recorded in {@code dir/sweep.json}; leaves them unset for a simulator sweep. */
  void load(Path dir) throws IOException {
    Path file = dir.resolve(SweepManifest.FILE);
    JsonNode s = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8)).get(KEY);
    if (s == null || s.isNull()) return;
    try {
      baseUrl = text(s, "base_url");
      model = text(s, "model");
      template = new Templates().convert(text(s, "template"));
      prmUrl = text(s, "prm_url");
      prmModel = text(s, "prm_model");
      String kind = text(s, "prm_kind");
      prmKind = kind == null ? null : new PrmKinds().convert(kind);
      apiKeyEnv = text(s, "api_key_env");
      prmApiKeyEnv = text(s, "prm_api_key_env");
      maxAttempts = s.path("max_attempts").isIntegralNumber() ? s.get("max_attempts").asInt() : null;
      maxNPerRequest = s.path("max_n_per_request").isIntegralNumber() ? s.get("max_n_per_request").asInt() : null;
      String timeout = text(s, "request_timeout");
      requestTimeout = timeout == null ? null : Duration.parse(timeout);
      String replayFile = text(s, "replay_trace");
      replayTrace = replayFile == null ? null : Path.of(replayFile);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(file + ": malformed '" + KEY + "': " + e.getMessage(), e);
    }
  }

  private static String text(JsonNode o, String name) {
    JsonNode v = o.get(name);
    return v == null || v.isNull() ? null : v.asText();
  }

  /**
   * Takes the server settings of a replay from the trace's header ({@link #traceMetadata}); a trace
   * recorded without them (by the library) names its models only.
   */
  private void fromTrace(Trace t) {
    Map<String, String> m = t.metadata();
    if (t.generatorNames().isEmpty()) {
      throw usage("--replay-trace " + t.file() + " holds no generator");
    }
    // several models (a trace recorded by the library) replay only when the header names the one to serve
    if (t.generatorNames().size() > 1 && !m.containsKey("model")) {
      throw usage("--replay-trace " + t.file() + " holds several generators " + t.generatorNames()
          + " and its header names none to replay");
    }
    if (t.rewardModelNames().size() > 1 && !m.containsKey("prm_model")) {
      throw usage("--replay-trace " + t.file() + " holds several reward models " + t.rewardModelNames()
          + " and its header names none to replay");
    }
    replayed = m;
    baseUrl = m.get("base_url");
    model = m.getOrDefault("model", t.generatorNames().get(0));
    try {
      template = m.containsKey("template") ? new Templates().convert(m.get("template")) : null;
      prmKind = m.containsKey("prm_kind") ? new PrmKinds().convert(m.get("prm_kind")) : null;
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(t.file() + ": malformed header metadata: " + e.getMessage(), e);
    }
    prmUrl = null;
    prmModel = null;
    if (!t.rewardModelNames().isEmpty()) {
      // a PRM-guided replay needs prmUrl set (the sweep checks it); the trace stands in for the server
      prmUrl = m.getOrDefault("prm_url", t.file().toString());
      prmModel = m.getOrDefault("prm_model", t.rewardModelNames().get(0));
    }
    apiKeyEnv = null;
    prmApiKeyEnv = null;
  }

  /** A human description of the generator for the report, e.g. {@code Qwen/... at http://127.0.0.1:8000}. */
  String generatorDescription() {
    if (replayTrace != null) {
      return model + (replayed.containsKey("base_url") ? " at " + baseUrl + " (template " + template.label + ")" : "")
          + ", replayed from " + replayTrace;
    }
    return model + " at " + baseUrl + " (template " + template.label + ")";
  }

  String prmDescription() {
    if (prmUrl == null) return "none";
    if (replayTrace != null) {
      return prmModel + (replayed.containsKey("prm_url") ? " at " + prmUrl + " (" + prmKind.label + ")" : "")
          + ", replayed from " + replayTrace;
    }
    return prmModel + " at " + prmUrl + " (" + prmKind.label + ")";
  }

  /**
   * Opens the clients; close the returned {@link Clients}. Call after {@link #validate()}. With
   * {@code --replay-trace} they serve the trace; with {@code --trace} they record to it (the
   * recorder is closed last, after the clients, and a recording that failed fails the close).
   */
  Clients open() {
    if (replay != null) {
      Clients c = new Clients(null, null);
      List<String> gens = replay.generatorNames();
      c.generator = gens.size() == 1 ? replay.replayingGenerator() : replay.replayingGenerator(model);
      List<String> prms = replay.rewardModelNames();
      if (!prms.isEmpty()) {
        c.prm = prms.size() == 1 ? replay.replayingRewardModel() : replay.replayingRewardModel(prmModel);
      }
      return c;
    }
    String apiKey = key(apiKeyEnv);
    String prmKey = prmApiKeyEnv == null ? null : key(prmApiKeyEnv);
    EndpointConfig config = EndpointConfig.ofDefaults().withRequestTimeout(requestTimeout)
        .withRetry(EndpointConfig.ofDefaults().retry().withMaxAttempts(maxAttempts));
    Clients c = new Clients(apiKey, prmKey);
    try {
      // added first, so closed last: after the clients, when every call has completed
      TraceRecorder recorder = trace == null ? null : c.add(openRecorder(apiKey, prmKey));
      ServerEndpoint gen = c.add(endpoint(baseUrl, "generator", apiKey, config, "--base-url"));
      OpenAiCompatibleGenerator.Builder g = OpenAiCompatibleGenerator.builder().endpoint(gen).model(model)
          .promptTemplate(template.template());
      if (maxNPerRequest != null) g.maxChoicesPerRequest(maxNPerRequest);
      c.generator = c.add(g.build());
      if (prmUrl != null) {
        ServerEndpoint p = c.add(endpoint(prmUrl, "prm", prmKey, config, "--prm-url"));
        c.prm = prmKind == PrmKind.POOLING
            ? c.add(VllmPoolingRewardModel.builder().endpoint(p).model(prmModel).build())
            : c.add(LogprobRewardModel.builder().endpoint(p).model(prmModel).build());
      }
      if (recorder != null) {
        c.generator = recorder.recording(c.generator);
        if (c.prm != null) c.prm = recorder.recording(c.prm);
      }
      return c;
    } catch (RuntimeException e) {
      c.close();
      throw e;
    }
  }

  /**
   * The header metadata of a trace recorded by a command: the settings a replay reports (no key,
   * not even the names of their variables).
   */
  private Map<String, String> traceMetadata() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("command", spec.qualifiedName());
    m.put("base_url", baseUrl);
    m.put("model", model);
    m.put("template", template.label);
    if (prmUrl != null) {
      m.put("prm_url", prmUrl);
      m.put("prm_model", prmModel);
      m.put("prm_kind", prmKind.label);
    }
    return m;
  }

  /** A usage error when the {@code --trace} file exists and is not empty. */
  private void refuseUsedTrace() {
    try {
      if (Files.isRegularFile(trace) && Files.size(trace) > 0) {
        throw usage("--trace " + trace + " is not empty; a trace is never appended to or overwritten: choose "
            + "another file");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A recorder writing to the {@code --trace} file (its folder created when missing: the run folder
   * of a sweep does not exist yet when the clients open), the keys masked should any message hold
   * them.
   */
  private TraceRecorder openRecorder(String apiKey, String prmKey) {
    List<String> secrets = new ArrayList<>();
    if (apiKey != null) secrets.add(apiKey);
    if (prmKey != null) secrets.add(prmKey);
    try {
      Path parent = trace.toAbsolutePath().getParent();
      if (parent != null) Files.createDirectories(parent);
      return TraceRecorder.create(trace, traceMetadata(), secrets);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record to " + trace + ": " + e.getMessage(), e);
    }
  }

  /** Reads the {@code --replay-trace} file, printing its warnings as {@code ttc COMMAND: warning: ...}. */
  private Trace readReplayTrace() {
    Trace t;
    try {
      t = Trace.read(replayTrace);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    PrintWriter err = spec.commandLine().getErr();
    for (String w : t.warnings()) {
      err.println(spec.qualifiedName() + ": warning: " + w);
    }
    err.flush();
    return t;
  }

  private String key(String name) {
    String v = environment.apply(name);
    return v == null || v.isBlank() ? null : v;
  }

  /** An endpoint for {@code url}; a bad URL or key is a usage error naming {@code option} (never the key's value). */
  private ServerEndpoint endpoint(String url, String name, String apiKey, EndpointConfig config, String option) {
    ServerEndpoint.Builder b;
    try {
      b = ServerEndpoint.builder(url);
    } catch (IllegalArgumentException e) {
      throw usage(option + ": " + e.getMessage());
    }
    b.name(name).config(config);
    if (apiKey != null) {
      try {
        b.apiKey(apiKey);
      } catch (IllegalArgumentException e) {
        // the message names the problem, never the value
        throw usage("the API key in the environment is not usable: " + e.getMessage());
      }
    }
    return b.build();
  }

  /** The open clients, closed in reverse order. */
  static final class Clients implements AutoCloseable {
    private final List<AutoCloseable> held = new ArrayList<>();
    private final String apiKey;
    private final String prmKey;
    Generator generator;
    ProcessRewardModel prm;

    private Clients(String apiKey, String prmKey) {
      this.apiKey = apiKey;
      this.prmKey = prmKey;
    }

    <T> T add(T resource) {
      if (resource instanceof AutoCloseable c) held.add(c);
      return resource;
    }

    /** {@code text} with the API keys masked. */
    String redact(String text) {
      if (text == null) return null;
      String t = text;
      if (apiKey != null) t = t.replace(apiKey, "[redacted]");
      if (prmKey != null) t = t.replace(prmKey, "[redacted]");
      return t;
    }

    /**
     * A failure of the command with {@code message}, the keys masked; {@code cause} is kept (for
     * {@code TTC_DEBUG=1}) only when no message in its chain holds a key.
     */
    IllegalStateException failure(String message, Throwable cause) {
      boolean clean = true;
      for (Throwable c = cause; c != null && clean; c = c.getCause() == c ? null : c.getCause()) {
        String m = c.getMessage();
        clean = m == null || m.equals(redact(m));
      }
      return new IllegalStateException(redact(message), clean ? cause : null);
    }

    @Override
    public void close() {
      RuntimeException first = null;
      for (int i = held.size() - 1; i >= 0; i--) {
        try {
          held.get(i).close();
        } catch (Exception e) {
          if (first == null) first = new IllegalStateException("closing: " + redact(e.getMessage()), e);
        }
      }
      held.clear();
      if (first != null) throw first;
    }
  }

  /** Template names. */
  static final class Templates implements ITypeConverter<TemplateName> {
    @Override
    public TemplateName convert(String value) {
      for (TemplateName t : TemplateName.values()) {
        if (t.label.equalsIgnoreCase(value.trim())) return t;
      }
      throw new TypeConversionException("expected one of qwen25-math, llama3, plain; got '" + value + "'");
    }
  }

  /** Reward-model kinds. */
  static final class PrmKinds implements ITypeConverter<PrmKind> {
    @Override
    public PrmKind convert(String value) {
      for (PrmKind k : PrmKind.values()) {
        if (k.label.equalsIgnoreCase(value.trim())) return k;
      }
      throw new TypeConversionException("expected pooling or logprob; got '" + value + "'");
    }
  }
}
