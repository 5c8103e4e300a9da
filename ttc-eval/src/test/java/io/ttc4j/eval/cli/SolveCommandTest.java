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
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SolveCommandTest {

  /** A made-up key, only ever in the fake environment of the command under test. */
  private static final String SECRET = "sk-test-9f8e7d6c5b4a";
  private static final String KEY_VAR = "TTC_SOLVE_TEST_KEY";

  private Fake server;

  @BeforeEach
  void start() throws IOException {
    server = new Fake();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  record Run(int code, String out, String err) {}

  /** Runs {@code ttc} with {@code env} as the environment the solve command reads keys from. */
  static Run ttc(Map<String, String> env, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = TtcCommand.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    SolveCommand solve = (SolveCommand) cl.getSubcommands().get("solve").getCommand();
    solve.server.environment = env::get;
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  private String[] args(String... more) {
    List<String> a = new ArrayList<>(List.of("solve", "--base-url", server.baseUrl(), "--model", "policy"));
    a.addAll(List.of(more));
    return a.toArray(String[]::new);
  }

  @Test
  void majorityPrintsTheAnswerCandidatesAndExactSpend() {
    Run r = ttc(Map.of(), args("--strategy", "majority", "--n", "4", "--price-input", "1", "--price-output", "2",
        "What is 6 times 7?"));
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("answer: 42"), r.out());
    assertTrue(r.out().contains("stop reason: COMPLETED"), r.out());
    assertTrue(r.out().contains("candidates (all of 4):"), r.out());
    // one chat call with n=4: 100 prompt tokens (40 cached), 60 completion tokens per choice
    assertTrue(r.out().contains("generations:       4"), r.out());
    assertTrue(r.out().contains("prompt tokens:     100 (cached 40)"), r.out());
    assertTrue(r.out().contains("completion tokens: 240"), r.out());
    assertTrue(r.out().contains("PRM calls:         0"), r.out());
    // 100 prompt tokens at $1/M + 240 completion tokens at $2/M = $0.00058
    assertTrue(r.out().contains("dollars:           $0.00058"), r.out());
    assertEquals(1, server.requests("/v1/chat/completions"));
    assertEquals(0, server.requests("/pooling"));
    assertEquals("", r.err());
  }

  @Test
  void bestOfNWithPoolingPrmPrintsScoresAndPrmCalls() {
    Run r = ttc(Map.of(), args("--strategy", "best-of-n", "--n", "4", "--prm-url", server.baseUrl(),
        "--prm-model", "prm", "What is 6 times 7?"));
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("answer: 42"), r.out());
    assertTrue(r.out().contains("0.9000"), r.out());
    assertTrue(r.out().contains("PRM calls:         4"), r.out());
    assertTrue(r.out().contains("dollars:           $0 (no prices given)"), r.out());
    assertEquals(1, server.requests("/pooling"));
  }

  /** A fitted policy runs in place of --strategy: probes, then its choice for their difficulty and the budget. */
  @Test
  void aPolicyChoosesTheStrategy(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
    java.nio.file.Path file = tmp.resolve("policy.json");
    new io.ttc4j.eval.policy.Policy(io.ttc4j.eval.stats.DifficultyBins.Measure.PREDICTED, 3, List.of(
        new io.ttc4j.eval.policy.Policy.Bin(1, 0.0, 1.0, List.of(
            new io.ttc4j.eval.policy.Policy.Entry(900, "weighted", 3, 0.9, 800),
            new io.ttc4j.eval.policy.Policy.Entry(5000, "weighted", 6, 0.95, 1600)))))
        .write(file);
    // 512 tokens per sample: after the 3 probes, the 3 missing samples fit the 5000 at worst case
    Run r = ttc(Map.of(), args("--policy", file.toString(), "--budget-tokens", "5000", "--max-tokens", "512",
        "--prm-url", server.baseUrl(), "--prm-model", "prm", "What is 6 times 7?"));
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("answer: 42"), r.out());
    assertTrue(r.out().contains("generations:       6"), "3 probes reused, 3 more drawn: " + r.out());
    Run noBudget = ttc(Map.of(), args("--policy", file.toString(), "--prm-url", server.baseUrl(), "--prm-model", "prm",
        "x"));
    assertEquals(2, noBudget.code());
    assertTrue(noBudget.err().contains("--budget-tokens"), noBudget.err());
    Run both = ttc(Map.of(), args("--policy", file.toString(), "--strategy", "beam", "--budget-tokens", "100", "x"));
    assertEquals(2, both.code());
    assertTrue(both.err().contains("exclude each other"), both.err());
  }

  /** Every strategy a sweep names is a strategy here too: self-consistency with early stopping needs no PRM. */
  @Test
  void sweepStrategyNamesWorkAndBoundsAreRefused() {
    Run sc = ttc(Map.of(), args("--strategy", "sc[stop=window,batch=2]", "--n", "8", "What is 6 times 7?"));
    assertEquals(0, sc.code(), sc.err());
    assertTrue(sc.out().contains("answer: 42"), sc.out());
    Run oracle = ttc(Map.of(), args("--strategy", "oracle", "What is 6 times 7?"));
    assertEquals(2, oracle.code());
    assertTrue(oracle.err().contains("bound"), oracle.err());
    Run bogus = ttc(Map.of(), args("--strategy", "bean", "What is 6 times 7?"));
    assertEquals(2, bogus.code());
    assertTrue(bogus.err().contains("unknown strategy 'bean'"), bogus.err());
  }

  @Test
  void beamSearchRunsStepWiseOverCompletions() {
    Run r = ttc(Map.of(), args("--strategy", "beam", "--n", "4", "--beam-width", "2", "--prm-url", server.baseUrl(),
        "--prm-model", "prm", "--template", "plain", "What is 6 times 7?"));
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("answer: 42"), r.out());
    assertTrue(server.requests("/v1/completions") >= 1);
  }

  @Test
  void aTokenBudgetStopsTheSearchWithExitZero() {
    // 100 tokens reserved per sample, 60 spent: 2 fit, then 1, then none
    Run r = ttc(Map.of(), args("--strategy", "majority", "--n", "8", "--max-tokens", "100", "--budget-tokens", "250",
        "What is 6 times 7?"));
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("stop reason: BUDGET"), r.out());
    assertTrue(r.out().contains("answer: 42"), r.out());
    assertTrue(r.out().contains("completion tokens: 180"), r.out());
    assertTrue(r.out().contains("generations:       3"), r.out());
  }

  @Test
  void aServerFailingForeverExitsOneWithOneLineAndNeverShowsTheKey() {
    server.failing = true;
    Run r = ttc(Map.of(KEY_VAR, SECRET), args("--strategy", "majority", "--n", "2", "--max-attempts", "2",
        "--api-key-env", KEY_VAR, "What is 6 times 7?"));
    assertEquals(1, r.code(), r.out() + r.err());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().startsWith("ttc solve: the search failed"), r.err());
    assertTrue(r.err().contains("500"), r.err());
    assertEquals(2, server.requests("/v1/chat/completions"));
    // the key was sent, and the server echoed it back in its error body
    assertTrue(server.authorizations.contains("Bearer " + SECRET), server.authorizations.toString());
    assertFalse(r.out().contains(SECRET), r.out());
    assertFalse(r.err().contains(SECRET), r.err());
  }

  @Test
  void theKeyIsSentButNeverPrintedOnSuccess() {
    Run r = ttc(Map.of(KEY_VAR, SECRET), args("--strategy", "majority", "--n", "2", "--api-key-env", KEY_VAR,
        "What is 6 times 7?"));
    assertEquals(0, r.code(), r.err());
    assertTrue(server.authorizations.contains("Bearer " + SECRET));
    assertFalse(r.out().contains(SECRET));
    assertFalse(r.err().contains(SECRET));
  }

  @Test
  void anUnsetKeyVariableSendsNoKey() {
    Run r = ttc(Map.of(), args("--strategy", "majority", "--n", "2", "--api-key-env", KEY_VAR, "What is 6 times 7?"));
    assertEquals(0, r.code(), r.err());
    assertTrue(server.authorizations.stream().allMatch(a -> a.equals("none")), server.authorizations.toString());
  }

  @Test
  void usageErrorsExitTwoAndNameTheOption() {
    Run noPrm = ttc(Map.of(), args("--strategy", "beam", "x"));
    assertEquals(2, noPrm.code());
    assertTrue(noPrm.err().contains("--prm-url"), noPrm.err());

    Run width = ttc(Map.of(), args("--strategy", "dvts", "--n", "6", "--beam-width", "4", "--prm-url",
        server.baseUrl(), "--prm-model", "prm", "x"));
    assertEquals(2, width.code());
    assertTrue(width.err().contains("--beam-width"), width.err());

    Run usd = ttc(Map.of(), args("--strategy", "majority", "--budget-usd", "0.01", "x"));
    assertEquals(2, usd.code());
    assertTrue(usd.err().contains("--price-input"), usd.err());

    Run strategy = ttc(Map.of(), args("--strategy", "mcts", "x"));
    assertEquals(2, strategy.code());
    assertTrue(strategy.err().contains("--strategy"), strategy.err());

    Run deadline = ttc(Map.of(), args("--strategy", "majority", "--deadline", "soon", "x"));
    assertEquals(2, deadline.code());
    assertTrue(deadline.err().contains("--deadline"), deadline.err());

    Run noProblem = ttc(Map.of(), args("--strategy", "majority"));
    assertEquals(2, noProblem.code());
    assertEquals(0, server.requests("/v1/chat/completions"));
  }

  @Test
  void theServerOptionsAreCheckedAsThoseOfASweep() {
    Run noModel = ttc(Map.of(), "solve", "--base-url", server.baseUrl(), "--strategy", "majority", "x");
    assertEquals(2, noModel.code());
    assertTrue(noModel.err().contains("--base-url needs --model"), noModel.err());

    Run kind = ttc(Map.of(), args("--strategy", "majority", "--prm-kind", "logprob", "x"));
    assertEquals(2, kind.code());
    assertTrue(kind.err().contains("--prm-kind needs --prm-url"), kind.err());

    Run prmKey = ttc(Map.of(), args("--strategy", "majority", "--prm-url", server.baseUrl(), "--prm-model", "prm",
        "--prm-api-key-env", " ", "x"));
    assertEquals(2, prmKey.code());
    assertTrue(prmKey.err().contains("--prm-api-key-env must name an environment variable"), prmKey.err());

    Run timeout = ttc(Map.of(), args("--strategy", "majority", "--request-timeout", "0s", "x"));
    assertEquals(2, timeout.code());
    assertTrue(timeout.err().contains("--request-timeout must be positive"), timeout.err());
    assertEquals(0, server.requests("/v1/chat/completions"));
  }

  @Test
  void durationsParse() {
    SolveCommand.Durations d = new SolveCommand.Durations();
    assertEquals(java.time.Duration.ofSeconds(30), d.convert("30s"));
    assertEquals(java.time.Duration.ofMillis(500), d.convert("500ms"));
    assertEquals(java.time.Duration.ofMinutes(2), d.convert("2m"));
    assertEquals(java.time.Duration.ofSeconds(30), d.convert("PT30S"));
    assertEquals("$0.000000001", SolveCommand.dollars(1));
    assertEquals("$0", SolveCommand.dollars(0));
  }

  /**
   * A loopback OpenAI-compatible server with fixed answers: every choice is two steps ending in
   * {@code \boxed{42}}, 60 completion tokens each, 100 prompt tokens (40 cached) per request;
   * {@code /pooling} scores every step 0.9. When {@link #failing}, every request gets a 500 whose
   * body echoes the Authorization header (the client must redact it).
   */
  static final class Fake implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer http;
    private final ExecutorService threads = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "solve-fake");
      t.setDaemon(true);
      return t;
    });
    private final Map<String, AtomicInteger> counts = new java.util.concurrent.ConcurrentHashMap<>();
    final List<String> authorizations = Collections.synchronizedList(new ArrayList<>());
    volatile boolean failing;

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

    private void handle(HttpExchange ex) throws IOException {
      try (ex) {
        String path = ex.getRequestURI().getPath();
        JsonNode req = JSON.readTree(ex.getRequestBody().readAllBytes());
        counts.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        authorizations.add(auth == null ? "none" : auth);
        if (failing) {
          ObjectNode e = JSON.createObjectNode();
          e.put("object", "error").put("message", "internal error (Authorization: " + auth + ")").put("code", 500);
          send(ex, 500, e);
          return;
        }
        int n = req.path("n").asInt(1);
        ObjectNode out = JSON.createObjectNode();
        switch (path) {
          case "/v1/chat/completions", "/v1/completions" -> {
            boolean chat = path.contains("chat");
            ArrayNode choices = out.putArray("choices");
            for (int i = 0; i < n; i++) {
              ObjectNode c = choices.addObject().put("index", i);
              String text = chat ? "Six times seven.\n\nThe answer is \\boxed{42}." : "The answer is \\boxed{42}.";
              if (chat) {
                c.putObject("message").put("role", "assistant").put("content", text);
              } else {
                c.put("text", text);
              }
              c.put("finish_reason", "stop");
            }
            ObjectNode u = out.putObject("usage");
            u.put("prompt_tokens", 100).put("completion_tokens", 60 * n).put("total_tokens", 100 + 60 * n);
            u.putObject("prompt_tokens_details").put("cached_tokens", 40);
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
