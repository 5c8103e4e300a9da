package io.ttc4j.eval.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ttc sweep --base-url}: a sweep against a loopback OpenAI-compatible fake. */
class SweepServerTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** A made-up key, only ever in the fake environment of the command under test. */
  private static final String SECRET = "sk-sweep-test-1a2b3c4d5e";
  private static final String KEY_VAR = "TTC_SWEEP_TEST_KEY";

  @TempDir
  Path tmp;

  private Fake server;
  private Path dataset;

  record Run(int code, String out, String err) {}

  @BeforeEach
  void start() throws IOException {
    server = new Fake();
    dataset = tmp.resolve("four.jsonl");
    // the fake answers 2, 4, 7 and 5: right for p1, p2 and p4, wrong for p3
    Files.writeString(dataset, String.join("\n",
        "{\"id\":\"p1\",\"problem\":\"What is 1+1?\",\"answer\":\"2\"}",
        "{\"id\":\"p2\",\"problem\":\"What is 2+2?\",\"answer\":\"4\"}",
        "{\"id\":\"p3\",\"problem\":\"What is 3+3?\",\"answer\":\"6\"}",
        "{\"id\":\"p4\",\"problem\":\"What is 10/2?\",\"answer\":\"5\"}") + "\n", StandardCharsets.UTF_8);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  static Run ttc(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = TtcCommand.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    SweepCommand sweep = (SweepCommand) cl.getSubcommands().get("sweep").getCommand();
    sweep.server.environment = env::get;
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  private List<String> args(Path out, String... more) {
    List<String> a = new ArrayList<>(List.of("sweep", "--base-url", server.baseUrl(), "--model", "policy",
        "--dataset", dataset.toString(), "--seeds", "0", "--n", "1,2", "--quiet", "--no-charts",
        "--api-key-env", KEY_VAR, "--out", out.toString()));
    a.addAll(List.of(more));
    return a;
  }

  private static Map<String, String[]> summary(Path dir) throws IOException {
    Map<String, String[]> out = new HashMap<>();
    List<String> lines = Files.readAllLines(dir.resolve("summary.csv"), StandardCharsets.UTF_8);
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",");
      out.put(f[0] + "@" + f[1], f);
    }
    return out;
  }

  private static void assertNoSecret(Path dir, Run r) throws IOException {
    assertFalse(r.out().contains(SECRET), r.out());
    assertFalse(r.err().contains(SECRET), r.err());
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String name = f.getFileName().toString();
        if (name.endsWith(".png")) continue;
        assertFalse(Files.readString(f, StandardCharsets.UTF_8).contains(SECRET), "the key is in " + f);
      }
    }
  }

  @Test
  void aServedSweepGradesTheServersAnswersAndCountsItsUsage() throws IOException {
    Path dir = tmp.resolve("run");
    List<String> a = args(dir, "--strategies", "first,majority,oracle", "--concurrency", "2");
    Run r = ttc(Map.of(KEY_VAR, SECRET), a.toArray(String[]::new));
    assertEquals(0, r.code(), r.err());
    assertEquals(dir.toString(), r.out().strip().lines().reduce((x, y) -> y).orElseThrow());

    Map<String, String[]> s = summary(dir);
    assertEquals(6, s.size(), s.keySet().toString());
    for (String rule : List.of("first", "majority", "oracle")) {
      for (String n : List.of("1", "2")) {
        String[] f = s.get(rule + "@" + n);
        assertEquals("4", f[2], rule + "@" + n);
        assertEquals(0.75, Double.parseDouble(f[4]), 1e-9, rule + "@" + n + " accuracy");
        assertEquals(0.0, Double.parseDouble(f[10]), 1e-9, "no PRM calls");
      }
    }
    // every sample: 60 completion tokens; the first rule is charged one sample
    assertEquals(60.0, Double.parseDouble(s.get("first@2")[8]), 1e-9);
    assertEquals(1.0, Double.parseDouble(s.get("first@2")[7]), 1e-9);
    assertEquals(120.0, Double.parseDouble(s.get("majority@2")[8]), 1e-9);
    assertEquals(2.0, Double.parseDouble(s.get("majority@2")[7]), 1e-9);
    assertEquals(60.0, Double.parseDouble(s.get("majority@1")[8]), 1e-9);

    List<String> lines = Files.readAllLines(dir.resolve("results.jsonl"), StandardCharsets.UTF_8);
    assertEquals(4 * 2 * 3, lines.size());
    for (String line : lines) {
      JsonNode row = JSON.readTree(line);
      String id = row.get("problem_id").asText();
      assertEquals(!id.equals("p3"), row.get("correct").asBoolean(), line);
      assertEquals(Fake.ANSWERS.get(id), row.get("answer").asText(), line);
      assertEquals("COMPLETED", row.get("stop_reason").asText().toUpperCase(java.util.Locale.ROOT), line);
    }

    JsonNode manifest = JSON.readTree(dir.resolve("sweep.json").toFile());
    JsonNode srv = manifest.get("server");
    assertEquals(server.baseUrl(), srv.get("base_url").asText());
    assertEquals("policy", srv.get("model").asText());
    assertEquals("qwen25-math", srv.get("template").asText());
    assertEquals(KEY_VAR, srv.get("api_key_env").asText());
    assertTrue(srv.get("prm_url").isNull());
    assertTrue(Files.readString(dir.resolve("report.md")).contains("policy at " + server.baseUrl()));

    // the key was sent to the server but is nowhere in the output
    assertTrue(server.authorizations.contains("Bearer " + SECRET), server.authorizations.toString());
    assertTrue(server.requests("/v1/chat/completions") > 0);
    assertEquals(0, server.requests("/pooling"));
    assertNoSecret(dir, r);
  }

  @Test
  void aServedPrmScoresEverySampleForTheWeightedRule() throws IOException {
    Path dir = tmp.resolve("prm");
    Run r = ttc(Map.of(KEY_VAR, SECRET), args(dir, "--strategies", "weighted,majority", "--prm-url",
        server.baseUrl(), "--prm-model", "prm").toArray(String[]::new));
    assertEquals(0, r.code(), r.err());
    Map<String, String[]> s = summary(dir);
    assertEquals(0.75, Double.parseDouble(s.get("weighted@2")[4]), 1e-9);
    assertEquals(2.0, Double.parseDouble(s.get("weighted@2")[10]), 1e-9);
    assertTrue(server.requests("/pooling") > 0);
    JsonNode srv = JSON.readTree(dir.resolve("sweep.json").toFile()).get("server");
    assertEquals("prm", srv.get("prm_model").asText());
    assertEquals("pooling", srv.get("prm_kind").asText());
    assertNoSecret(dir, r);
  }

  @Test
  void resumeReconnectsToTheRecordedServer() throws IOException {
    Path dir = tmp.resolve("resumed");
    Run first = ttc(Map.of(KEY_VAR, SECRET), args(dir, "--strategies", "first,majority,oracle")
        .toArray(String[]::new));
    assertEquals(0, first.code(), first.err());
    String before = Files.readString(dir.resolve("results.jsonl"));
    // drop the last unit's rows, as a kill would
    List<String> lines = Files.readAllLines(dir.resolve("results.jsonl"), StandardCharsets.UTF_8);
    Files.write(dir.resolve("results.jsonl"), lines.subList(0, lines.size() - 6), StandardCharsets.UTF_8);
    int calls = server.requests("/v1/chat/completions");

    Run resumed = ttc(Map.of(KEY_VAR, SECRET), "sweep", "--resume", dir.toString(), "--quiet", "--no-charts");
    assertEquals(0, resumed.code(), resumed.err());
    assertTrue(resumed.err().contains("3 of 4 (problem, seed) units done, 1 to run"), resumed.err());
    assertTrue(server.requests("/v1/chat/completions") > calls, "the resumed sweep asked the server");
    assertEquals(before, Files.readString(dir.resolve("results.jsonl")));
    assertTrue(server.authorizations.get(server.authorizations.size() - 1).equals("Bearer " + SECRET));
    assertNoSecret(dir, resumed);

    Run withServer = ttc(Map.of(), "sweep", "--resume", dir.toString(), "--base-url", server.baseUrl());
    assertEquals(1, withServer.code());
    assertTrue(withServer.err().contains("leave out --base-url"), withServer.err());
  }

  @Test
  void aSpecsServerBlockIsTheServerOptionsAndTheSameCommandResumes() throws IOException {
    Path fromFlags = tmp.resolve("flags");
    Run flags = ttc(Map.of(KEY_VAR, SECRET), args(fromFlags, "--strategies", "first,majority,weighted",
        "--prm-url", server.baseUrl(), "--prm-model", "prm", "--template", "plain", "--max-attempts", "2",
        "--request-timeout", "30s").toArray(String[]::new));
    assertEquals(0, flags.code(), flags.err());

    Path fromSpec = tmp.resolve("spec");
    Path spec = tmp.resolve("served.yaml");
    Files.writeString(spec, String.join("\n",
        "dataset: " + dataset,
        "seeds: [0]",
        "n: [1, 2]",
        "strategies: [first, majority, weighted]",
        "out: " + fromSpec,
        "server:",
        "  base_url: " + server.baseUrl(),
        "  model: policy",
        "  template: plain",
        "  prm_url: " + server.baseUrl(),
        "  prm_model: prm",
        "  api_key_env: " + KEY_VAR,
        "  max_attempts: 2",
        "  request_timeout: 30s",
        ""), StandardCharsets.UTF_8);
    Run r = ttc(Map.of(KEY_VAR, SECRET), "sweep", "--spec", spec.toString(), "--quiet", "--no-charts");
    assertEquals(0, r.code(), r.err());
    for (String f : List.of("sweep.json", "results.jsonl", "summary.csv")) {
      assertEquals(Files.readString(fromFlags.resolve(f)), Files.readString(fromSpec.resolve(f)), f);
    }
    assertTrue(server.authorizations.get(server.authorizations.size() - 1).equals("Bearer " + SECRET));
    assertNoSecret(fromSpec, r);

    // a kill: the last unit's rows are gone; the same command asks the server for them again
    List<String> lines = Files.readAllLines(fromSpec.resolve("results.jsonl"), StandardCharsets.UTF_8);
    Files.write(fromSpec.resolve("results.jsonl"), lines.subList(0, lines.size() - 6), StandardCharsets.UTF_8);
    int calls = server.requests("/v1/chat/completions");
    Run again = ttc(Map.of(KEY_VAR, SECRET), "sweep", "--spec", spec.toString(), "--quiet", "--no-charts");
    assertEquals(0, again.code(), again.err());
    assertTrue(again.err().contains("3 of 4 (problem, seed) units done, 1 to run"), again.err());
    assertTrue(server.requests("/v1/chat/completions") > calls, "the resumed sweep asked the server");
    assertEquals(Files.readString(fromFlags.resolve("results.jsonl")),
        Files.readString(fromSpec.resolve("results.jsonl")));

    // another model is another sweep, named in the error
    Run other = ttc(Map.of(KEY_VAR, SECRET), "sweep", "--spec", spec.toString(), "--model", "other", "--quiet");
    assertEquals(1, other.code(), other.err());
    assertTrue(other.err().contains("server.model: \"policy\" in the run folder, \"other\" now"), other.err());
  }

  @Test
  void usageErrorsNameTheOption() {
    Path dir = tmp.resolve("bad");
    Run noPrm = ttc(Map.of(), args(dir, "--strategies", "first,weighted").toArray(String[]::new));
    assertEquals(2, noPrm.code());
    assertTrue(noPrm.err().contains("--prm-url"), noPrm.err());
    assertTrue(noPrm.err().contains("weighted"), noPrm.err());

    Run noModel = ttc(Map.of(), "sweep", "--base-url", server.baseUrl(), "--dataset", dataset.toString(),
        "--strategies", "first", "--out", dir.toString());
    assertEquals(2, noModel.code());
    assertTrue(noModel.err().contains("--model"), noModel.err());

    Run modelAlone = ttc(Map.of(), "sweep", "--model", "policy", "--out", dir.toString());
    assertEquals(2, modelAlone.code());
    assertTrue(modelAlone.err().contains("--model needs --base-url"), modelAlone.err());

    Run simSeed = ttc(Map.of(), args(dir, "--strategies", "first", "--simulator-seed", "3").toArray(String[]::new));
    assertEquals(2, simSeed.code());
    assertTrue(simSeed.err().contains("--simulator-seed"), simSeed.err());
    assertEquals(0, server.requests("/v1/chat/completions"));
    assertFalse(Files.exists(dir.resolve("sweep.json")));
  }

  /**
   * A loopback OpenAI-compatible server with a fixed {@code \boxed{...}} answer per problem
   * ({@link #ANSWERS}), 60 completion tokens per choice and 100 prompt tokens per request;
   * {@code /pooling} scores every step 0.9.
   */
  static final class Fake implements AutoCloseable {
    static final Map<String, String> ANSWERS = Map.of("p1", "2", "p2", "4", "p3", "7", "p4", "5");
    private static final Map<String, String> BY_TEXT = Map.of("What is 1+1?", "2", "What is 2+2?", "4",
        "What is 3+3?", "7", "What is 10/2?", "5");
    private final HttpServer http;
    private final ExecutorService threads = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "sweep-fake");
      t.setDaemon(true);
      return t;
    });
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    final List<String> authorizations = Collections.synchronizedList(new ArrayList<>());

    Fake() throws IOException {
      http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
      http.setExecutor(threads);
      http.createContext("/", this::handle);
      http.start();
    }

    String baseUrl() {
      return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    int requests(String path) {
      AtomicInteger c = counts.get(path);
      return c == null ? 0 : c.get();
    }

    private static String answerFor(String text) {
      for (Map.Entry<String, String> e : BY_TEXT.entrySet()) {
        if (text.contains(e.getKey())) return e.getValue();
      }
      return "0";
    }

    private void handle(HttpExchange ex) throws IOException {
      try (ex) {
        String path = ex.getRequestURI().getPath();
        JsonNode req = JSON.readTree(ex.getRequestBody().readAllBytes());
        counts.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (path.equals("/v1/chat/completions")) authorizations.add(auth == null ? "none" : auth);
        int n = req.path("n").asInt(1);
        ObjectNode out = JSON.createObjectNode();
        switch (path) {
          case "/v1/chat/completions" -> {
            String answer = answerFor(req.path("messages").toString());
            ArrayNode choices = out.putArray("choices");
            for (int i = 0; i < n; i++) {
              ObjectNode c = choices.addObject().put("index", i);
              c.putObject("message").put("role", "assistant")
                  .put("content", "Compute it.\n\nThe answer is \\boxed{" + answer + "}.");
              c.put("finish_reason", "stop");
            }
            ObjectNode u = out.putObject("usage");
            u.put("prompt_tokens", 100).put("completion_tokens", 60 * n).put("total_tokens", 100 + 60 * n);
          }
          case "/pooling" -> {
            ArrayNode data = out.putArray("data");
            int i = 0;
            for (JsonNode in : req.path("input")) {
              ObjectNode item = data.addObject().put("index", i++).put("object", "pooling");
              ArrayNode rows = item.putArray("data");
              int steps = in.asText().split("<extra_0>", -1).length - 1;
              for (int s = 0; s < steps; s++) {
                rows.addArray().add(0.1).add(0.9);
              }
            }
            out.putObject("usage").put("prompt_tokens", 10).put("completion_tokens", 0).put("total_tokens", 10);
          }
          default -> {
            send(ex, 404, JSON.createObjectNode().put("message", "no route " + path));
            return;
          }
        }
        send(ex, 200, out);
      }
    }

    private static void send(HttpExchange ex, int status, JsonNode body) throws IOException {
      byte[] bytes = JSON.writeValueAsBytes(body);
      ex.getResponseHeaders().set("Content-Type", "application/json");
      ex.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = ex.getResponseBody()) {
        out.write(bytes);
      }
    }

    @Override
    public void close() {
      http.stop(0);
      threads.shutdownNow();
    }
  }
}
