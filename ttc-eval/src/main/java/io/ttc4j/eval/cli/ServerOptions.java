package io.ttc4j.eval.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ttc4j.core.Generator;
import io.ttc4j.core.ProcessRewardModel;
import io.ttc4j.eval.internal.SweepManifest;
import io.ttc4j.serving.EndpointConfig;
import io.ttc4j.serving.LogprobRewardModel;
import io.ttc4j.serving.OpenAiCompatibleGenerator;
import io.ttc4j.serving.ServerEndpoint;
import io.ttc4j.serving.VllmPoolingRewardModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The server options of {@code ttc sweep}, the same names and meanings as those of {@code ttc solve}:
 * with {@code --base-url} the sweep samples from an OpenAI-compatible server instead of the
 * simulator, and with {@code --prm-url} scores with a served process reward model.
 *
 * <p>They are recorded in {@code sweep.json} under the key {@value #KEY} (the names of the API-key
 * variables, never the keys), so that {@code --resume} reconnects to the same server. Keys are read
 * from the environment when the clients are opened.
 */
final class ServerOptions {

  /** The key of the server settings in {@code sweep.json}. */
  static final String KEY = "server";

  /** Options that a resumed sweep takes from {@code sweep.json}. */
  static final List<String> FIXED_BY_RUN = List.of("--base-url", "--model", "--template", "--prm-url", "--prm-model",
      "--prm-kind", "--api-key-env", "--prm-api-key-env", "--max-attempts", "--request-timeout");

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  /** Where environment variables are read (replaced in tests). */
  Function<String, String> environment = System::getenv;

  @Option(names = "--base-url", paramLabel = "URL",
      description = "Sample from this OpenAI-compatible server (vLLM, SGLang, ...) instead of the simulator, e.g. "
          + "http://127.0.0.1:8000 (a trailing /v1 is dropped). --preset then supplies only the default data set, "
          + "run-folder name and model sizes of the report; --simulator-seed is not allowed.")
  String baseUrl;

  @Option(names = "--model", paramLabel = "NAME", description = "Served generator model name (with --base-url).")
  String model;

  @Option(names = "--template", paramLabel = "NAME", converter = SolveCommand.Templates.class,
      description = "Prompt template: qwen25-math, llama3 or plain (with --base-url; default: qwen25-math).")
  SolveCommand.TemplateName template;

  @Option(names = "--prm-url", paramLabel = "URL",
      description = "Root of the reward model's server (with --base-url); needed by strategies that use scores "
          + "(naive, weighted).")
  String prmUrl;

  @Option(names = "--prm-model", paramLabel = "NAME", description = "Served reward model name (with --prm-url).")
  String prmModel;

  @Option(names = "--prm-kind", paramLabel = "KIND", converter = SolveCommand.PrmKinds.class,
      description = "pooling (vLLM /pooling, e.g. Qwen2.5-Math-PRM) or logprob (+/- judgement on /v1/completions) "
          + "(with --prm-url; default: pooling).")
  SolveCommand.PrmKind prmKind;

  @Option(names = "--api-key-env", paramLabel = "VAR",
      description = "Environment variable holding the generator server's API key; unset means no key (with "
          + "--base-url; default: OPENAI_API_KEY). Only the name is recorded.")
  String apiKeyEnv;

  @Option(names = "--prm-api-key-env", paramLabel = "VAR",
      description = "Environment variable holding the reward-model server's API key (default: no key).")
  String prmApiKeyEnv;

  @Option(names = "--max-attempts", paramLabel = "N",
      description = "HTTP attempts per request, retries included (with --base-url; default: 4).")
  Integer maxAttempts;

  @Option(names = "--request-timeout", paramLabel = "DURATION", converter = SolveCommand.Durations.class,
      description = "Longest wait for one HTTP attempt, e.g. 300s or 5m (with --base-url; default: 300s).")
  Duration requestTimeout;

  /** Whether the sweep runs against a server. */
  boolean served() {
    return baseUrl != null;
  }

  /** Validates and fills the defaults; a usage error naming the option when they do not fit. */
  void validate() {
    if (baseUrl == null) {
      for (String o : FIXED_BY_RUN) {
        if (o.equals("--base-url")) continue;
        if (matched(o)) throw usage(o + " needs --base-url");
      }
      return;
    }
    if (model == null || model.isBlank()) throw usage("--base-url needs --model");
    if (prmUrl != null && (prmModel == null || prmModel.isBlank())) throw usage("--prm-url needs --prm-model");
    if (prmUrl == null && prmModel != null) throw usage("--prm-model needs --prm-url");
    if (prmUrl == null && (prmKind != null || prmApiKeyEnv != null)) {
      throw usage((prmKind != null ? "--prm-kind" : "--prm-api-key-env") + " needs --prm-url");
    }
    if (template == null) template = SolveCommand.TemplateName.QWEN25_MATH;
    if (prmKind == null) prmKind = SolveCommand.PrmKind.POOLING;
    if (apiKeyEnv == null) apiKeyEnv = "OPENAI_API_KEY";
    if (apiKeyEnv.isBlank()) throw usage("--api-key-env must name an environment variable");
    if (prmApiKeyEnv != null && prmApiKeyEnv.isBlank()) throw usage("--prm-api-key-env must name an environment variable");
    if (maxAttempts == null) maxAttempts = 4;
    if (maxAttempts < 1) throw usage("--max-attempts must be >= 1, got " + maxAttempts);
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
    s.put("request_timeout", requestTimeout.toString());
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
      template = new SolveCommand.Templates().convert(text(s, "template"));
      prmUrl = text(s, "prm_url");
      prmModel = text(s, "prm_model");
      String kind = text(s, "prm_kind");
      prmKind = kind == null ? null : new SolveCommand.PrmKinds().convert(kind);
      apiKeyEnv = text(s, "api_key_env");
      prmApiKeyEnv = text(s, "prm_api_key_env");
      maxAttempts = s.path("max_attempts").isIntegralNumber() ? s.get("max_attempts").asInt() : null;
      String timeout = text(s, "request_timeout");
      requestTimeout = timeout == null ? null : Duration.parse(timeout);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(file + ": malformed '" + KEY + "': " + e.getMessage(), e);
    }
  }

  private static String text(JsonNode o, String name) {
    JsonNode v = o.get(name);
    return v == null || v.isNull() ? null : v.asText();
  }

  /** A human description of the generator for the report, e.g. {@code Qwen/... at http://127.0.0.1:8000}. */
  String generatorDescription() {
    return model + " at " + baseUrl + " (template " + template.label + ")";
  }

  String prmDescription() {
    return prmUrl == null ? "none" : prmModel + " at " + prmUrl + " (" + prmKind.label + ")";
  }

  /** Opens the clients; close the returned {@link Clients}. Call after {@link #validate()}. */
  Clients open() {
    String apiKey = key(apiKeyEnv);
    String prmKey = prmApiKeyEnv == null ? null : key(prmApiKeyEnv);
    EndpointConfig config = EndpointConfig.ofDefaults().withRequestTimeout(requestTimeout)
        .withRetry(EndpointConfig.ofDefaults().retry().withMaxAttempts(maxAttempts));
    Clients c = new Clients(apiKey, prmKey);
    try {
      ServerEndpoint gen = c.add(endpoint(baseUrl, "generator", apiKey, config, "--base-url"));
      c.generator = c.add(OpenAiCompatibleGenerator.builder().endpoint(gen).model(model)
          .promptTemplate(template.template()).build());
      if (prmUrl != null) {
        ServerEndpoint p = c.add(endpoint(prmUrl, "prm", prmKey, config, "--prm-url"));
        c.prm = prmKind == SolveCommand.PrmKind.POOLING
            ? c.add(VllmPoolingRewardModel.builder().endpoint(p).model(prmModel).build())
            : c.add(LogprobRewardModel.builder().endpoint(p).model(prmModel).build());
      }
      return c;
    } catch (RuntimeException e) {
      c.close();
      throw e;
    }
  }

  private String key(String name) {
    String v = environment.apply(name);
    return v == null || v.isBlank() ? null : v;
  }

  private ServerEndpoint endpoint(String url, String name, String apiKey, EndpointConfig config, String option) {
    return endpoint(url, name, apiKey, config, option, this::usage);
  }

  /**
   * An endpoint for {@code url}; a bad URL or key is a usage error from {@code usage} naming
   * {@code option} (never the key's value). Shared by {@code ttc sweep} and {@code ttc solve}.
   */
  static ServerEndpoint endpoint(String url, String name, String apiKey, EndpointConfig config, String option,
      java.util.function.Function<String, ? extends RuntimeException> usage) {
    ServerEndpoint.Builder b;
    try {
      b = ServerEndpoint.builder(url);
    } catch (IllegalArgumentException e) {
      throw usage.apply(option + ": " + e.getMessage());
    }
    b.name(name).config(config);
    if (apiKey != null) {
      try {
        b.apiKey(apiKey);
      } catch (IllegalArgumentException e) {
        // the message names the problem, never the value
        throw usage.apply("the API key in the environment is not usable: " + e.getMessage());
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
}
