package io.ttc4j.eval.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.ttc4j.core.Aggregation;
import io.ttc4j.datasets.Datasets;
import io.ttc4j.eval.Shard;
import io.ttc4j.eval.SweepStrategy;
import io.ttc4j.sim.SimulatorPreset;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * A sweep spec: the settings of one {@code ttc sweep} as a YAML ({@code .yaml}, {@code .yml}) or
 * JSON ({@code .json}) file, read by {@code ttc sweep --spec FILE}.
 *
 * <pre>{@code
 * name: math500-search          # run folder runs/math500-search/ (default: the file name)
 * preset: math500
 * strategies: [weighted, beam, {kind: rebase, t: 0.5}]
 * n: [4, 8, 16]
 * seeds: 0..2                   # or [0, 1, 2]
 * budget: {tokens: 20000}
 * }</pre>
 *
 * <p>Keys are snake_case and mean what the option of the same name means ({@code max_tokens} is
 * {@code --max-tokens}); every key is optional, and a missing key keeps the option's default. The
 * file is validated as a whole before anything runs: an unknown key, a key given twice or a bad
 * value is an {@link IllegalArgumentException} whose message names the file, the key (dotted for
 * nested keys: {@code server.model}) and the value, and lists the known keys for an unknown one.
 *
 * <p>{@code server} holds the server options of {@link ServerOptions} ({@code base_url}, {@code model},
 * …); an API key never belongs in a spec, only the name of the environment variable holding it.
 *
 * <p>Every field is {@code null} when the spec leaves the key out.
 *
 * @param file          the spec file, as given
 * @param name          the run's name, the default run folder {@code runs/<name>}: the {@code name} key,
 *                      else the file name without its extension
 * @param preset        simulator preset
 * @param dataset       bundled data set name or problem file (relative to the current directory)
 * @param limit         first K problems
 * @param shard         {@code K/N}
 * @param strategies    the strategies in report order
 * @param ns            the Ns
 * @param seeds         the seeds
 * @param budgetTokens  per-query completion-token budget ({@code budget.tokens})
 * @param aggregation   step-score aggregation
 * @param maxTokens     completion tokens per sample
 * @param temperature   sampling temperature
 * @param simulatorSeed the simulator's seed
 * @param skill         the simulated generator's skill in logits
 * @param concurrency   (problem, seed) units in parallel
 * @param out           the run folder (relative to the current directory)
 * @param server        the server settings, or {@code null} for the simulator
 */
record SweepSpec(Path file, String name, String preset, String dataset, Integer limit, String shard,
    List<SweepStrategy> strategies, List<Integer> ns, List<Long> seeds, Long budgetTokens, Aggregation aggregation,
    Integer maxTokens, Double temperature, Long simulatorSeed, Double skill, Integer concurrency, Path out,
    Server server) {

  /** The top-level keys, in documentation order. */
  static final List<String> KEYS = List.of("name", "preset", "dataset", "limit", "shard", "strategies", "n", "seeds",
      "budget", "aggregation", "max_tokens", "temperature", "simulator_seed", "skill", "concurrency", "out",
      "server");
  /** The keys of {@code budget}. */
  static final List<String> BUDGET_KEYS = List.of("tokens");
  /** The keys of {@code server}, the options of {@link ServerOptions} without their dashes. */
  static final List<String> SERVER_KEYS = List.of("base_url", "model", "template", "prm_url", "prm_model", "prm_kind",
      "api_key_env", "prm_api_key_env", "max_attempts", "max_n_per_request", "request_timeout");

  /** Names of run folders: what {@code name} may be. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

  /**
   * The {@code server} block: the server options of {@code ttc sweep}, {@code null} where left out.
   *
   * @param baseUrl        {@code --base-url}, required in the block
   * @param model          {@code --model}, required in the block
   * @param template       {@code --template}
   * @param prmUrl         {@code --prm-url}
   * @param prmModel       {@code --prm-model}, required with {@code prm_url}
   * @param prmKind        {@code --prm-kind}
   * @param apiKeyEnv      {@code --api-key-env}: the name of a variable, never a key
   * @param prmApiKeyEnv   {@code --prm-api-key-env}
   * @param maxAttempts    {@code --max-attempts}
   * @param maxNPerRequest {@code --max-n-per-request}
   * @param requestTimeout {@code --request-timeout}
   */
  record Server(String baseUrl, String model, ServerOptions.TemplateName template, String prmUrl, String prmModel,
      ServerOptions.PrmKind prmKind, String apiKeyEnv, String prmApiKeyEnv, Integer maxAttempts,
      Integer maxNPerRequest, Duration requestTimeout) {}

  /**
   * Reads and validates {@code file}.
   *
   * @throws IllegalArgumentException naming the file, the key and the value of the first problem
   * @throws IOException              when the file cannot be read
   */
  static SweepSpec read(Path file) throws IOException {
    String fileName = file.getFileName() == null ? file.toString() : file.getFileName().toString();
    int dot = fileName.lastIndexOf('.');
    String extension = dot < 0 ? "" : fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
    ObjectMapper mapper = switch (extension) {
      case "yaml", "yml" -> new ObjectMapper(new YAMLFactory());
      case "json" -> new ObjectMapper();
      default -> throw new IllegalArgumentException(file + ": a spec is a .yaml, .yml or .json file, got '" + fileName
          + "'");
    };
    mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    if (!Files.isRegularFile(file)) {
      throw new NoSuchFileException(file.toString());
    }
    JsonNode root;
    try {
      root = mapper.readTree(Files.readString(file, StandardCharsets.UTF_8));
    } catch (JsonProcessingException e) {
      String problem = e.getOriginalMessage().strip().replaceAll("\\s+", " ");
      if (problem.contains("flow sequence")) {
        // beam[width=2] inside a [...] list is YAML syntax, not a name
        problem += " (in a [...] list, quote names with brackets: [\"beam[width=2]\"], or list them one per line "
            + "with '- ')";
      }
      throw new IllegalArgumentException(file + ": not " + (extension.equals("json") ? "JSON" : "YAML") + ": "
          + problem, e);
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      throw new IllegalArgumentException(file + ": the spec is empty; expected a mapping of the keys "
          + String.join(", ", KEYS));
    }
    if (!root.isObject()) {
      throw new IllegalArgumentException(file + ": expected a mapping of the keys " + String.join(", ", KEYS)
          + ", got " + shown(root));
    }
    return new Reader(file).spec(root, dot < 0 ? fileName : fileName.substring(0, dot));
  }

  /** Validates one file, each message prefixed with it. */
  private static final class Reader {
    private final Path file;

    Reader(Path file) {
      this.file = file;
    }

    SweepSpec spec(JsonNode root, String fileStem) {
      knownKeys(root, "", KEYS);
      String name = text(root, "name");
      if (name == null) {
        if (!NAME.matcher(fileStem).matches()) {
          throw error("name", null, "is needed: the file name '" + fileStem + "' cannot name the run folder (letters, "
              + "digits, '.', '_', '-')");
        }
        name = fileStem;
      } else if (!NAME.matcher(name).matches()) {
        throw error("name", root.get("name"), "expected a folder name of letters, digits, '.', '_' and '-' that "
            + "starts with a letter or digit");
      }
      String preset = text(root, "preset");
      if (preset != null) {
        try {
          SimulatorPreset.named(preset);
        } catch (IllegalArgumentException e) {
          throw error("preset", root.get("preset"), "expected one of " + SimulatorPreset.names());
        }
      }
      String dataset = text(root, "dataset");
      if (dataset != null && !Datasets.names().contains(dataset) && !Files.isRegularFile(Path.of(dataset))) {
        throw error("dataset", root.get("dataset"), "expected a bundled data set " + Datasets.names()
            + " or an existing problem file (relative to the current directory)");
      }
      Integer limit = integer(root, "limit", 1);
      String shard = text(root, "shard");
      if (shard != null) {
        try {
          Shard.parse(shard);
        } catch (IllegalArgumentException e) {
          throw error("shard", root.get("shard"), e.getMessage());
        }
      }
      List<SweepStrategy> strategies = strategies(root);
      List<Integer> ns = ns(root);
      List<Long> seeds = seeds(root);
      Long budgetTokens = budget(root);
      Aggregation aggregation = converted(root, "aggregation", new OptionValues.Aggregations());
      Integer maxTokens = integer(root, "max_tokens", 1);
      Double temperature = null;
      JsonNode t = value(root, "temperature");
      if (t != null) {
        if (!t.isNumber() || !Double.isFinite(t.asDouble()) || t.asDouble() < 0) {
          throw error("temperature", t, "expected a finite number >= 0");
        }
        temperature = t.asDouble();
      }
      JsonNode s = value(root, "simulator_seed");
      if (s != null && !(s.isIntegralNumber() && s.canConvertToLong())) {
        throw error("simulator_seed", s, "expected an integer");
      }
      Long simulatorSeed = s == null ? null : s.asLong();
      JsonNode k = value(root, "skill");
      if (k != null && !(k.isNumber() && Double.isFinite(k.asDouble()))) {
        throw error("skill", k, "expected a finite number (the simulated generator's skill in logits)");
      }
      Double skill = k == null ? null : k.asDouble();
      Integer concurrency = integer(root, "concurrency", 1);
      String out = text(root, "out");
      Server server = server(root);
      if (server != null && simulatorSeed != null) {
        throw error("simulator_seed", s, "concerns the simulator only; leave it out with 'server'");
      }
      if (server != null && skill != null) {
        throw error("skill", k, "concerns the simulator only; leave it out with 'server'");
      }
      return new SweepSpec(file, name, preset, dataset, limit, shard, strategies, ns, seeds, budgetTokens, aggregation,
          maxTokens, temperature, simulatorSeed, skill, concurrency, out == null ? null : Path.of(out), server);
    }

    private List<SweepStrategy> strategies(JsonNode root) {
      JsonNode v = value(root, "strategies");
      if (v == null) return null;
      if (v.isTextual()) return converted(root, "strategies", new OptionValues.Strategies());
      if (!v.isArray() || v.isEmpty()) {
        throw error("strategies", v, "expected a non-empty list of strategies such as [weighted, beam[width=2]] or "
            + "[{kind: beam, width: 2}]");
      }
      Set<SweepStrategy> out = new LinkedHashSet<>();
      for (int i = 0; i < v.size(); i++) {
        JsonNode item = v.get(i);
        String key = "strategies[" + i + "]";
        String text;
        if (item.isTextual()) {
          text = item.asText();
        } else if (item.isObject()) {
          text = bracketed(item, key);
        } else {
          throw error(key, item, "expected a strategy name such as beam[width=2] or a mapping such as "
              + "{kind: beam, width: 2}");
        }
        SweepStrategy strategy;
        try {
          strategy = SweepStrategy.parse(text);
        } catch (IllegalArgumentException e) {
          throw error(key, item, e.getMessage());
        }
        if (!out.add(strategy)) {
          throw error("strategies", v, "expected distinct strategies ('" + strategy + "' twice)");
        }
      }
      return new ArrayList<>(out);
    }

    /** {@code {kind: beam, width: 2}} as {@code beam[width=2]}, parsed by {@link SweepStrategy#parse}. */
    private String bracketed(JsonNode item, String key) {
      JsonNode kind = item.get("kind");
      if (kind == null || !kind.isTextual()) {
        throw error(key, item, "a strategy mapping needs 'kind' (first, naive, weighted, majority, oracle, beam, "
            + "dvts, rebase, lookahead, mcts, sc)");
      }
      StringBuilder sb = new StringBuilder(kind.asText());
      String sep = "[";
      for (Map.Entry<String, JsonNode> e : item.properties()) {
        if (e.getKey().equals("kind")) continue;
        JsonNode x = e.getValue();
        if (!x.isValueNode() || x.isNull()) {
          throw error(key + "." + e.getKey(), x, "expected a number, true/false or a word");
        }
        String text = x.asText();
        if (text.contains(",") || text.contains("[") || text.contains("]") || text.contains("=")) {
          throw error(key + "." + e.getKey(), x, "expected a number, true/false or a word");
        }
        sb.append(sep).append(e.getKey()).append('=').append(text);
        sep = ",";
      }
      if (!sep.equals("[")) sb.append(']');
      return sb.toString();
    }

    private List<Integer> ns(JsonNode root) {
      JsonNode v = value(root, "n");
      if (v == null) return null;
      if (v.isTextual()) return converted(root, "n", new OptionValues.PositiveInts());
      List<JsonNode> items = v.isArray() ? list(v) : List.of(v);
      if (items.isEmpty()) throw error("n", v, "expected a non-empty list of integers >= 1");
      Set<Integer> out = new LinkedHashSet<>();
      for (JsonNode x : items) {
        if (!x.isIntegralNumber() || !x.canConvertToInt() || x.asInt() < 1) {
          throw error("n", v, "expected distinct integers >= 1 (" + shown(x) + " is not)");
        }
        if (!out.add(x.asInt())) throw error("n", v, "expected distinct integers (" + x.asInt() + " twice)");
      }
      return List.copyOf(out);
    }

    private List<Long> seeds(JsonNode root) {
      JsonNode v = value(root, "seeds");
      if (v == null) return null;
      if (v.isTextual()) return converted(root, "seeds", new OptionValues.Seeds());
      List<JsonNode> items = v.isArray() ? list(v) : List.of(v);
      if (items.isEmpty()) throw error("seeds", v, "expected a non-empty list of integers or ranges a..b");
      Set<Long> out = new LinkedHashSet<>();
      for (JsonNode x : items) {
        List<Long> part;
        if (x.isIntegralNumber() && x.canConvertToLong()) {
          part = List.of(x.asLong());
        } else if (x.isTextual()) {
          try {
            part = new OptionValues.Seeds().convert(x.asText());
          } catch (TypeConversionException e) {
            throw error("seeds", v, e.getMessage());
          }
        } else {
          throw error("seeds", v, "expected integers or ranges a..b (" + shown(x) + " is neither)");
        }
        for (long seed : part) {
          if (!out.add(seed)) throw error("seeds", v, "expected distinct seeds (" + seed + " twice)");
        }
      }
      return List.copyOf(out);
    }

    private Long budget(JsonNode root) {
      JsonNode v = value(root, "budget");
      if (v == null) return null;
      if (!v.isObject()) throw error("budget", v, "expected a mapping such as {tokens: 20000}");
      knownKeys(v, "budget.", BUDGET_KEYS);
      JsonNode tokens = value(v, "tokens");
      if (tokens == null) return null;
      if (!tokens.isIntegralNumber() || !tokens.canConvertToLong() || tokens.asLong() < 0) {
        throw error("budget.tokens", tokens, "expected an integer >= 0 (completion tokens per query)");
      }
      return tokens.asLong();
    }

    private Server server(JsonNode root) {
      JsonNode v = value(root, "server");
      if (v == null) return null;
      if (!v.isObject()) {
        throw error("server", v, "expected a mapping such as {base_url: http://127.0.0.1:8000, model: NAME}");
      }
      if (v.has("api_key") || v.has("prm_api_key")) {
        String key = v.has("api_key") ? "api_key" : "prm_api_key";
        // never echo the value: it may be a real key
        throw new IllegalArgumentException(file + ": key 'server." + key + "' is not allowed: keep API keys out of "
            + "specs and name the environment variable that holds one in 'server." + key + "_env'");
      }
      knownKeys(v, "server.", SERVER_KEYS);
      String baseUrl = text(v, "base_url", "server.base_url");
      String model = text(v, "model", "server.model");
      if (baseUrl == null) throw error("server.base_url", null, "is required in 'server'");
      if (model == null || model.isBlank()) throw error("server.model", v.get("model"), "is required in 'server'");
      String prmUrl = text(v, "prm_url", "server.prm_url");
      String prmModel = text(v, "prm_model", "server.prm_model");
      if (prmUrl != null && (prmModel == null || prmModel.isBlank())) {
        throw error("server.prm_model", v.get("prm_model"), "is required with 'server.prm_url'");
      }
      if (prmUrl == null) {
        for (String k : List.of("prm_model", "prm_kind", "prm_api_key_env")) {
          if (value(v, k) != null) throw error("server." + k, v.get(k), "needs 'server.prm_url'");
        }
      }
      String apiKeyEnv = variable(v, "api_key_env");
      String prmApiKeyEnv = variable(v, "prm_api_key_env");
      Integer maxAttempts = integer(v, "max_attempts", 1, "server.max_attempts");
      Integer maxNPerRequest = integer(v, "max_n_per_request", 1, "server.max_n_per_request");
      Duration timeout = converted(v, "request_timeout", "server.request_timeout", new SolveCommand.Durations());
      if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
        throw error("server.request_timeout", v.get("request_timeout"), "expected a positive duration");
      }
      return new Server(baseUrl, model, converted(v, "template", "server.template", new ServerOptions.Templates()),
          prmUrl, prmModel, converted(v, "prm_kind", "server.prm_kind", new ServerOptions.PrmKinds()), apiKeyEnv,
          prmApiKeyEnv, maxAttempts, maxNPerRequest, timeout);
    }

    private String variable(JsonNode v, String key) {
      String name = text(v, key, "server." + key);
      if (name != null && !name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
        // the value is not shown: it may be a key written where its variable's name belongs
        throw error("server." + key, null, "must name an environment variable (letters, digits, '_'), never hold a "
            + "key; its value is not shown");
      }
      return name;
    }

    private void knownKeys(JsonNode o, String prefix, List<String> known) {
      for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
        String key = it.next();
        if (!known.contains(key)) {
          throw new IllegalArgumentException(file + ": unknown key '" + prefix + key + "'; known keys"
              + (prefix.isEmpty() ? "" : " of '" + prefix.substring(0, prefix.length() - 1) + "'") + ": "
              + String.join(", ", known));
        }
      }
    }

    /** The value of {@code key}, or {@code null} when it is absent or null. */
    private static JsonNode value(JsonNode o, String key) {
      JsonNode v = o.get(key);
      return v == null || v.isNull() ? null : v;
    }

    private String text(JsonNode o, String key) {
      return text(o, key, key);
    }

    private String text(JsonNode o, String key, String path) {
      JsonNode v = value(o, key);
      if (v == null) return null;
      if (!v.isTextual() || v.asText().isBlank()) throw error(path, v, "expected a non-empty string");
      return v.asText().strip();
    }

    private Integer integer(JsonNode o, String key, int min) {
      return integer(o, key, min, key);
    }

    private Integer integer(JsonNode o, String key, int min, String path) {
      JsonNode v = value(o, key);
      if (v == null) return null;
      if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < min) {
        throw error(path, v, "expected an integer >= " + min);
      }
      return v.asInt();
    }

    private <T> T converted(JsonNode o, String key, ITypeConverter<T> converter) {
      return converted(o, key, key, converter);
    }

    /** A string value converted by the option's own converter, so its message is the option's. */
    private <T> T converted(JsonNode o, String key, String path, ITypeConverter<T> converter) {
      JsonNode v = value(o, key);
      if (v == null) return null;
      if (!v.isTextual()) throw error(path, v, "expected a string");
      try {
        return converter.convert(v.asText());
      } catch (Exception e) {
        throw error(path, v, e.getMessage());
      }
    }

    private IllegalArgumentException error(String key, JsonNode value, String message) {
      return new IllegalArgumentException(file + ": key '" + key + "'" + (value == null ? " " : " = " + shown(value)
          + ": ") + message);
    }

    private static List<JsonNode> list(JsonNode array) {
      List<JsonNode> out = new ArrayList<>();
      array.forEach(out::add);
      return out;
    }
  }

  /** A value as the message shows it: strings quoted with ', everything else as JSON. */
  private static String shown(JsonNode v) {
    return v.isTextual() ? "'" + v.asText() + "'" : v.toString();
  }
}
