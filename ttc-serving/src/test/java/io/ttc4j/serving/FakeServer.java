package io.ttc4j.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ttc4j.core.Continuation;
import io.ttc4j.core.GenerationMode;
import io.ttc4j.core.GenerationResult;
import io.ttc4j.core.Generator;
import io.ttc4j.core.Problem;
import io.ttc4j.core.RewardScores;
import io.ttc4j.core.ProcessRewardModel;
import io.ttc4j.core.SamplingSpec;
import io.ttc4j.core.Step;
import io.ttc4j.core.StepEnd;
import io.ttc4j.core.Trajectory;
import io.ttc4j.sim.Simulator;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback server (JDK {@code HttpServer} on 127.0.0.1, port 0) that speaks the wire formats of
 * vLLM's OpenAI-compatible {@code /v1/completions} and {@code /v1/chat/completions} and of its
 * {@code /pooling} API, answering from a {@link Simulator} so that every answer is known:
 *
 * <ul>
 *   <li>model {@link #POLICY}: each request becomes one simulator generator call with the request's
 *       {@code n}, {@code seed}, {@code temperature}, {@code top_p}, {@code max_tokens} and stop
 *       strings ({@code ONE_STEP} when the stop strings hold {@code "\n\n"}); the prefix is
 *       recovered from the prompt text through the trajectories this server produced (keyed by the
 *       full text, so step token counts are exact); the simulator's step texts pass through unchanged
 *       and its usage is reported as the server's usage;</li>
 *   <li>model {@link #LOGPROB_PRM} on {@code /v1/completions}: each prompt (an RLHFlow-style
 *       Llama 3 conversation) is answered with {@code "+"} and top log-probabilities
 *       {@code ln p} and {@code ln (1-p)}, {@code p} the simulator PRM's score of the last step;</li>
 *   <li>{@code /pooling}: each input (Qwen ChatML with {@code <extra_0>} after every step) is answered
 *       with rows {@code [1-p, p]}.</li>
 * </ul>
 *
 * Faults can be scripted for the next requests or drawn at random with a seeded generator: error
 * statuses with {@code Retry-After}, slow answers, garbage or truncated bodies, bodies that stall,
 * dropped connections, fewer choices than asked, and a request that hangs until the client goes away.
 */
final class FakeServer implements AutoCloseable {

  static final String POLICY = "sim-policy";
  static final String LOGPROB_PRM = "sim-prm-plusminus";
  static final String POOLING_PRM = "sim-prm-qwen";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** What can go wrong with one request. */
  enum Kind { STATUS, SLOW, GARBAGE, TRUNCATED, STALL_BODY, DISCONNECT, FEWER_CHOICES, HANG }

  /** One injected fault. */
  record Fault(Kind kind, int status, String retryAfter, long millis) {
    static Fault status(int code) {
      return new Fault(Kind.STATUS, code, null, 0);
    }

    static Fault status(int code, String retryAfter) {
      return new Fault(Kind.STATUS, code, retryAfter, 0);
    }

    static Fault of(Kind kind) {
      return new Fault(kind, 0, null, 0);
    }

    static Fault of(Kind kind, long millis) {
      return new Fault(kind, 0, null, millis);
    }
  }

  /** One request as received. */
  record Received(String path, JsonNode body, String authorization) {}

  private final Simulator sim;
  private final Generator generator;
  private final ProcessRewardModel prm;
  private final List<Problem> problems;
  private final Map<String, Problem> byRendered = new ConcurrentHashMap<>();
  private final Map<String, Problem> byPrompt = new ConcurrentHashMap<>();
  private final Map<String, Trajectory> byText = new ConcurrentHashMap<>();
  private final Map<String, Trajectory> byStripped = new ConcurrentHashMap<>();
  private final String apiKey;
  private final HttpServer server;
  private final ExecutorService threads;

  private final ConcurrentLinkedQueue<Fault> scripted = new ConcurrentLinkedQueue<>();
  private volatile double faultRate;
  private volatile List<Fault> randomFaults = List.of();
  private SplittableRandom faultRandom = new SplittableRandom(1); // guarded by this
  volatile boolean reportCachedTokens;
  volatile boolean omitStopReason;
  volatile boolean prmOmitMinus;
  volatile boolean prmNoJudgement;
  volatile long delayMillis;
  volatile boolean echoAuthorization;
  volatile boolean poolingEveryToken;
  /** Refuse n > 1 as llama.cpp's llama-server does ("Only one completion choice is allowed"). */
  volatile boolean oneChoiceOnly;

  final AtomicInteger requests = new AtomicInteger();
  /** Prompt tokens the reward-model endpoints reported in their usage. */
  final java.util.concurrent.atomic.AtomicLong prmPromptTokens = new java.util.concurrent.atomic.AtomicLong();
  final AtomicInteger faultsInjected = new AtomicInteger();
  final AtomicInteger abortedByClient = new AtomicInteger();
  private final AtomicInteger current = new AtomicInteger();
  private final AtomicInteger maxConcurrent = new AtomicInteger();
  private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
  volatile CountDownLatch hanging = new CountDownLatch(1);
  volatile CountDownLatch clientWentAway = new CountDownLatch(1);

  /**
   * A server answering for {@code problems} from {@code sim}.
   *
   * @param template how the generator renders problems (to recognise completion prompts)
   * @param apiKey   the key requests must carry as a bearer token, or {@code null} for none
   */
  FakeServer(Simulator sim, List<Problem> problems, PromptTemplate template, String apiKey) throws IOException {
    this.sim = sim;
    this.generator = sim.generator();
    this.prm = sim.prm();
    this.problems = List.copyOf(problems);
    for (Problem p : problems) {
      byRendered.put(template.render(p), p);
      byPrompt.put(p.prompt(), p);
    }
    this.apiKey = apiKey;
    this.threads = Executors.newFixedThreadPool(16, r -> {
      Thread t = new Thread(r, "fake-server");
      t.setDaemon(true);
      return t;
    });
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
  }

  /** The root URL, {@code http://127.0.0.1:<port>}. */
  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Faults for the next requests, in order (before any random fault). */
  void script(Fault... faults) {
    scripted.addAll(List.of(faults));
  }

  /** Each later request gets one of {@code faults} with probability {@code rate} (seeded draws). */
  synchronized void randomFaults(double rate, long seed, List<Fault> faults) {
    faultRandom = new SplittableRandom(seed);
    randomFaults = List.copyOf(faults);
    faultRate = rate;
  }

  /** The requests received so far. */
  List<Received> received() {
    synchronized (received) {
      return new ArrayList<>(received);
    }
  }

  /** The most requests handled at once. */
  int maxConcurrent() {
    return maxConcurrent.get();
  }

  /** Registers {@code t} and its prefixes as produced by this server (for scoring in-process trajectories). */
  void remember(Problem problem, Trajectory t) {
    Trajectory x = Trajectory.empty();
    for (Step s : t.steps()) {
      x = x.append(s);
      byText.putIfAbsent(key(problem, x.text()), x);
      byStripped.putIfAbsent(key(problem, stripped(x)), x);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }

  private synchronized Fault nextFault() {
    Fault f = scripted.poll();
    if (f != null) {
      return f;
    }
    if (faultRate > 0 && faultRandom.nextDouble() < faultRate) {
      return randomFaults.get(faultRandom.nextInt(randomFaults.size()));
    }
    return null;
  }

  private void handle(HttpExchange ex) throws IOException {
    int now = current.incrementAndGet();
    maxConcurrent.accumulateAndGet(now, Math::max);
    requests.incrementAndGet();
    try {
      byte[] raw = ex.getRequestBody().readAllBytes();
      String path = ex.getRequestURI().getPath();
      String auth = ex.getRequestHeaders().getFirst("Authorization");
      JsonNode body;
      try {
        body = JSON.readTree(raw);
      } catch (IOException e) {
        send(ex, 400, error("invalid JSON: " + e.getMessage(), 400), null);
        return;
      }
      received.add(new Received(path, body, auth));
      if (apiKey != null && !("Bearer " + apiKey).equals(auth)) {
        // like some gateways, echo what was sent: the client must redact it
        send(ex, 401, error("Incorrect API key provided: " + auth, 401), null);
        return;
      }
      if (delayMillis > 0) {
        Thread.sleep(delayMillis);
      }
      Fault fault = nextFault();
      if (fault != null) {
        faultsInjected.incrementAndGet();
      }
      if (fault != null && fault.kind() == Kind.SLOW) {
        Thread.sleep(fault.millis());
      }
      if (fault != null && fault.kind() == Kind.DISCONNECT) {
        throw new IOException("injected disconnect"); // the JDK server closes the connection
      }
      if (fault != null && fault.kind() == Kind.HANG) {
        hang(ex);
        return;
      }
      ObjectNode answer;
      try {
        answer = switch (path) {
          case "/v1/completions" -> completions(body);
          case "/v1/chat/completions" -> chat(body);
          case "/pooling" -> pooling(body);
          default -> throw new BadRequest(404, "no route " + path);
        };
      } catch (BadRequest e) {
        send(ex, e.status, error(e.getMessage(), e.status), null);
        return;
      }
      if (fault == null || fault.kind() == Kind.SLOW) {
        send(ex, 200, bytes(answer), null);
        return;
      }
      switch (fault.kind()) {
        case STATUS -> send(ex, fault.status(), error("injected " + fault.status()
            + (echoAuthorization ? " (Authorization: " + auth + ")" : ""), fault.status()), fault.retryAfter());
        case GARBAGE -> send(ex, 200, "<html><body>502 Bad Gateway</body></html>".getBytes(StandardCharsets.UTF_8),
            null);
        case TRUNCATED -> {
          byte[] all = bytes(answer);
          send(ex, 200, java.util.Arrays.copyOf(all, all.length / 2), null);
        }
        case STALL_BODY -> {
          byte[] all = bytes(answer);
          ex.getResponseHeaders().set("Content-Type", "application/json");
          ex.sendResponseHeaders(200, all.length);
          OutputStream out = ex.getResponseBody();
          out.write(all, 0, all.length / 2);
          out.flush();
          Thread.sleep(fault.millis());
          try {
            out.write(all, all.length / 2, all.length - all.length / 2);
            out.close();
          } catch (IOException e) {
            abortedByClient.incrementAndGet();
          }
        }
        case FEWER_CHOICES -> {
          ArrayNode choices = (ArrayNode) answer.get("choices");
          choices.remove(choices.size() - 1);
          send(ex, 200, bytes(answer), null);
        }
        default -> throw new IllegalStateException("unhandled fault " + fault);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      current.decrementAndGet();
      ex.close();
    }
  }

  /** Headers and a trickle of blanks until the client closes the connection (at most 20 s). */
  private void hang(HttpExchange ex) throws IOException, InterruptedException {
    ex.getResponseHeaders().set("Content-Type", "application/json");
    ex.sendResponseHeaders(200, 0); // chunked
    OutputStream out = ex.getResponseBody();
    hanging.countDown();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    try {
      while (System.nanoTime() < end) {
        out.write(' ');
        out.flush();
        Thread.sleep(20);
      }
    } catch (IOException e) {
      abortedByClient.incrementAndGet();
      clientWentAway.countDown();
    }
  }

  private static void send(HttpExchange ex, int status, byte[] body, String retryAfter) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "application/json");
    if (retryAfter != null) {
      ex.getResponseHeaders().set("Retry-After", retryAfter);
    }
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static byte[] error(String message, int code) {
    ObjectNode e = JSON.createObjectNode();
    e.put("object", "error").put("message", message).put("type", "BadRequestError").putNull("param").put("code", code);
    return bytes(e);
  }

  private static byte[] bytes(JsonNode n) {
    try {
      return JSON.writeValueAsBytes(n);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static final class BadRequest extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int status;

    BadRequest(int status, String message) {
      super(message);
      this.status = status;
    }
  }

  // ---------------------------------------------------------------- generation

  private ObjectNode completions(JsonNode req) {
    String model = req.path("model").asText();
    if (LOGPROB_PRM.equals(model)) {
      return plusMinus(req);
    }
    if (!POLICY.equals(model)) {
      throw new BadRequest(404, "The model `" + model + "` does not exist.");
    }
    JsonNode p = req.get("prompt");
    if (p == null || !p.isTextual()) {
      throw new BadRequest(400, "the policy fake takes one prompt string");
    }
    String prompt = p.asText();
    Problem problem = null;
    String rest = null;
    for (Map.Entry<String, Problem> e : byRendered.entrySet()) {
      if (prompt.startsWith(e.getKey()) && (rest == null || prompt.length() - e.getKey().length() < rest.length())) {
        problem = e.getValue();
        rest = prompt.substring(e.getKey().length());
      }
    }
    if (problem == null) {
      throw new BadRequest(400, "unknown problem in prompt");
    }
    Trajectory prefix = Trajectory.empty();
    if (!rest.isEmpty()) {
      if (!rest.endsWith(Trajectory.STEP_SEPARATOR)) {
        throw new BadRequest(400, "a continued prompt must end with the step separator");
      }
      String text = rest.substring(0, rest.length() - Trajectory.STEP_SEPARATOR.length());
      prefix = byText.get(key(problem, text));
      if (prefix == null) {
        throw new BadRequest(400, "unknown prefix");
      }
    }
    return generate(req, problem, prefix, false, prompt.length());
  }

  private ObjectNode chat(JsonNode req) {
    if (!POLICY.equals(req.path("model").asText())) {
      throw new BadRequest(404, "The model does not exist.");
    }
    Problem problem = null;
    for (JsonNode m : req.path("messages")) {
      if ("user".equals(m.path("role").asText())) {
        problem = byPrompt.get(m.path("content").asText());
      }
    }
    if (problem == null) {
      throw new BadRequest(400, "unknown problem in messages");
    }
    return generate(req, problem, Trajectory.empty(), true, 0);
  }

  private ObjectNode generate(JsonNode req, Problem problem, Trajectory prefix, boolean chat, int promptChars) {
    int n = req.path("n").asInt(1);
    if (oneChoiceOnly && n > 1) {
      throw new BadRequest(400, "Only one completion choice is allowed");
    }
    int maxTokens = req.path("max_tokens").asInt(16); // vLLM's default when absent
    double temperature = req.path("temperature").asDouble(1.0);
    double topP = req.path("top_p").asDouble(1.0);
    long seed = req.has("seed") ? req.get("seed").asLong() : System.nanoTime();
    List<String> stop = new ArrayList<>();
    JsonNode s = req.get("stop");
    if (s != null && s.isTextual()) {
      stop.add(s.asText());
    } else if (s != null && s.isArray()) {
      s.forEach(x -> stop.add(x.asText()));
    }
    GenerationMode mode = stop.contains(Trajectory.STEP_SEPARATOR) ? GenerationMode.ONE_STEP : GenerationMode.TO_END;
    boolean logprobs = req.has("logprobs") && !req.get("logprobs").isNull()
        && !(req.get("logprobs").isBoolean() && !req.get("logprobs").asBoolean());
    SamplingSpec spec = new SamplingSpec(n, temperature, topP, maxTokens, stop, seed, mode, logprobs);
    GenerationResult g = generator.generate(problem, prefix, spec).join();
    ObjectNode out = JSON.createObjectNode();
    out.put("id", (chat ? "chatcmpl-" : "cmpl-") + requests.get());
    out.put("object", chat ? "chat.completion" : "text_completion");
    out.put("created", 1_700_000_000L);
    out.put("model", POLICY);
    ArrayNode choices = out.putArray("choices");
    for (int i = 0; i < g.continuations().size(); i++) {
      Continuation c = g.continuations().get(i);
      Trajectory t = prefix;
      for (Step st : c.steps()) {
        t = t.append(st);
        byText.putIfAbsent(key(problem, t.text()), t);
        byStripped.putIfAbsent(key(problem, stripped(t)), t);
      }
      List<String> texts = new ArrayList<>();
      c.steps().forEach(st -> texts.add(st.text()));
      String text = String.join(Trajectory.STEP_SEPARATOR, texts);
      StepEnd end = c.steps().get(c.steps().size() - 1).end();
      ObjectNode choice = choices.addObject();
      choice.put("index", i);
      if (chat) {
        choice.putObject("message").put("role", "assistant").put("content", text);
      } else {
        choice.put("text", text);
      }
      if (logprobs) {
        logprobs(choice, c, chat, promptChars);
      } else {
        choice.putNull("logprobs");
      }
      choice.put("finish_reason", end == StepEnd.LENGTH ? "length" : "stop");
      if (!omitStopReason) {
        if (end == StepEnd.STEP_BOUNDARY) {
          choice.put("stop_reason", Trajectory.STEP_SEPARATOR);
        } else {
          choice.putNull("stop_reason");
        }
      }
    }
    usage(out, g.usage().promptTokens(), g.usage().completionTokens());
    return out;
  }

  /** Each step split into exactly its token count of pieces; the separator rides on a step's last piece. */
  private static void logprobs(ObjectNode choice, Continuation c, boolean chat, int promptChars) {
    ObjectNode lp = choice.putObject("logprobs");
    ArrayNode content = chat ? lp.putArray("content") : null;
    ArrayNode tokens = chat ? null : lp.putArray("tokens");
    ArrayNode values = chat ? null : lp.putArray("token_logprobs");
    ArrayNode tops = chat ? null : lp.putArray("top_logprobs");
    ArrayNode offsets = chat ? null : lp.putArray("text_offset");
    int offset = promptChars;
    List<Step> steps = c.steps();
    for (int si = 0; si < steps.size(); si++) {
      Step st = steps.get(si);
      int k = st.tokens();
      String text = st.text();
      double each = st.logProbability() / Math.max(1, k);
      for (int j = 0; j < k; j++) {
        String piece = text.substring(j * text.length() / k, (j + 1) * text.length() / k);
        if (j == k - 1 && si < steps.size() - 1) {
          piece += Trajectory.STEP_SEPARATOR;
        }
        if (chat) {
          ObjectNode t = content.addObject();
          t.put("token", piece).put("logprob", each);
          ArrayNode b = t.putArray("bytes");
          for (byte x : piece.getBytes(StandardCharsets.UTF_8)) {
            b.add(x & 0xFF);
          }
          t.putArray("top_logprobs");
        } else {
          tokens.add(piece);
          values.add(each);
          tops.addObject().put(piece, each);
          offsets.add(offset);
        }
        offset += piece.length();
      }
    }
  }

  private void usage(ObjectNode out, long prompt, long completion) {
    ObjectNode u = out.putObject("usage");
    u.put("prompt_tokens", prompt).put("total_tokens", prompt + completion).put("completion_tokens", completion);
    if (reportCachedTokens) {
      u.putObject("prompt_tokens_details").put("cached_tokens", prompt / 2);
    } else {
      u.putNull("prompt_tokens_details");
    }
  }

  // ---------------------------------------------------------------- reward models

  private ObjectNode pooling(JsonNode req) {
    if (!POOLING_PRM.equals(req.path("model").asText())) {
      throw new BadRequest(404, "The model does not exist.");
    }
    JsonNode input = req.get("input");
    List<String> inputs = new ArrayList<>();
    if (input != null && input.isTextual()) {
      inputs.add(input.asText());
    } else if (input != null && input.isArray()) {
      input.forEach(x -> inputs.add(x.asText()));
    } else {
      throw new BadRequest(400, "input required");
    }
    ObjectNode out = JSON.createObjectNode();
    out.put("id", "pool-" + requests.get()).put("object", "list").put("created", 1_700_000_000L)
        .put("model", POOLING_PRM);
    ArrayNode data = out.putArray("data");
    long promptTokens = 0;
    for (int i = 0; i < inputs.size(); i++) {
      String in = inputs.get(i);
      String userOpen = "<|im_start|>user\n";
      String assistantOpen = "<|im_end|>\n<|im_start|>assistant\n";
      int u = in.indexOf(userOpen);
      int a = in.indexOf(assistantOpen);
      if (u < 0 || a < 0 || !in.endsWith("<|im_end|>\n")) {
        throw new BadRequest(400, "input " + i + " is not a ChatML conversation");
      }
      Problem problem = byPrompt.get(in.substring(u + userOpen.length(), a));
      if (problem == null) {
        throw new BadRequest(400, "unknown problem in input " + i);
      }
      String answer = in.substring(a + assistantOpen.length(), in.length() - "<|im_end|>\n".length());
      if (!answer.endsWith("<extra_0>")) {
        throw new BadRequest(400, "input " + i + " does not end its last step with the step tag");
      }
      String[] steps = answer.substring(0, answer.length() - "<extra_0>".length()).split("<extra_0>", -1);
      Trajectory t = byText.get(key(problem, String.join(Trajectory.STEP_SEPARATOR, steps)));
      if (t == null) {
        throw new BadRequest(400, "unknown trajectory in input " + i);
      }
      RewardScores scored = prm.score(problem, List.of(t)).join();
      double[] s = scored.stepScores().get(0);
      // the tokens the in-process reward model reports for this trajectory, so served and in-process agree
      promptTokens += scored.usage().prmTokens();
      ObjectNode item = data.addObject();
      item.put("index", i).put("object", "pooling");
      ArrayNode rows = item.putArray("data");
      for (double p : s) {
        rows.addArray().add(1 - p).add(p);
      }
      if (poolingEveryToken) {
        rows.addArray().add(0.5).add(0.5); // as if the server pooled more than the step tags
      }
    }
    prmPromptTokens.addAndGet(promptTokens);
    ObjectNode u = out.putObject("usage");
    u.put("prompt_tokens", promptTokens).put("total_tokens", promptTokens).put("completion_tokens", 0);
    u.putNull("prompt_tokens_details");
    return out;
  }

  private ObjectNode plusMinus(JsonNode req) {
    JsonNode prompts = req.get("prompt");
    if (prompts == null || !prompts.isArray()) {
      throw new BadRequest(400, "the +/- fake takes a list of prompts");
    }
    if (req.path("max_tokens").asInt(16) != 1 || req.path("logprobs").asInt(0) < 2) {
      throw new BadRequest(400, "the +/- fake wants max_tokens 1 and logprobs >= 2");
    }
    ObjectNode out = JSON.createObjectNode();
    out.put("id", "cmpl-" + requests.get()).put("object", "text_completion").put("created", 1_700_000_000L)
        .put("model", LOGPROB_PRM);
    ArrayNode choices = out.putArray("choices");
    long promptTokens = 0;
    for (int i = 0; i < prompts.size(); i++) {
      String prompt = prompts.get(i).asText();
      promptTokens += prompt.length() / 4;
      double p = plusProbability(prompt, i);
      ObjectNode c = choices.addObject();
      c.put("index", i).put("text", "+");
      ObjectNode lp = c.putObject("logprobs");
      double plus = Math.log(p);
      double minus = Math.log1p(-p);
      lp.putArray("tokens").add(prmNoJudgement ? "Step" : "+");
      lp.putArray("token_logprobs").add(prmNoJudgement ? -9.5 : plus);
      ObjectNode top = lp.putArray("top_logprobs").addObject();
      if (!prmNoJudgement) {
        top.put("+", plus);
        if (!prmOmitMinus) {
          top.put("-", minus);
        }
      }
      top.put("Step", -9.5);
      top.put(" The", -11.25);
      lp.putArray("text_offset").add(prompt.length());
      c.put("finish_reason", "length");
      c.putNull("stop_reason");
    }
    prmPromptTokens.addAndGet(promptTokens);
    usage(out, promptTokens, prompts.size());
    return out;
  }

  /** The simulator PRM's score of the last step of the Llama 3 conversation {@code prompt}. */
  private double plusProbability(String prompt, int i) {
    String header = "<|start_header_id|>";
    String[] turns = prompt.split(java.util.regex.Pattern.quote(header), -1);
    List<String> users = new ArrayList<>();
    for (int t = 1; t < turns.length; t++) {
      String turn = turns[t];
      int h = turn.indexOf("<|end_header_id|>\n\n");
      String role = turn.substring(0, h);
      String content = turn.substring(h + "<|end_header_id|>\n\n".length());
      boolean last = t == turns.length - 1;
      if (last) {
        if (!role.equals("assistant") || !content.isEmpty()) {
          throw new BadRequest(400, "prompt " + i + " must end with the assistant header");
        }
        continue;
      }
      if (!content.endsWith("<|eot_id|>")) {
        throw new BadRequest(400, "prompt " + i + " has an unterminated turn");
      }
      content = content.substring(0, content.length() - "<|eot_id|>".length());
      if (role.equals("user")) {
        users.add(content);
      } else if (!role.equals("assistant") || !content.equals("+")) {
        throw new BadRequest(400, "prompt " + i + " has an unexpected " + role + " turn");
      }
    }
    if (users.isEmpty()) {
      throw new BadRequest(400, "prompt " + i + " has no user turn");
    }
    Problem problem = null;
    String first = null;
    for (Problem p : problems) {
      String head = (p.prompt() + " ").stripLeading();
      if (users.get(0).startsWith(head) && (first == null || users.get(0).length() - head.length() < first.length())) {
        problem = p;
        first = users.get(0).substring(head.length());
      }
    }
    if (problem == null) {
      throw new BadRequest(400, "unknown problem in prompt " + i);
    }
    users.set(0, first);
    Trajectory t = byStripped.get(key(problem, String.join(Trajectory.STEP_SEPARATOR, users)));
    if (t == null) {
      throw new BadRequest(400, "unknown trajectory in prompt " + i);
    }
    double[] s = prm.score(problem, List.of(t)).join().stepScores().get(0);
    return s[s.length - 1];
  }

  private static String key(Problem p, String text) {
    return p.id() + '\u0001' + text;
  }

  private static String stripped(Trajectory t) {
    List<String> parts = new ArrayList<>();
    for (Step s : t.steps()) {
      parts.add(s.text().strip());
    }
    return String.join(Trajectory.STEP_SEPARATOR, parts);
  }

  /** The simulator behind this server. */
  Simulator simulator() {
    return sim;
  }
}
