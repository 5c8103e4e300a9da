package io.ttc4j.serving;

import io.ttc4j.serving.internal.Endpoints;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ttc4j.core.Problem;
import io.ttc4j.core.ProcessRewardModel;
import io.ttc4j.core.RewardScores;
import io.ttc4j.core.Step;
import io.ttc4j.core.Trajectory;
import io.ttc4j.core.Usage;
import io.ttc4j.serving.internal.Chunked;
import io.ttc4j.serving.internal.Json;
import io.ttc4j.serving.internal.MalformedResponseException;
import io.ttc4j.serving.internal.ResilientHttp;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A generative process reward model that judges each step with a "+" or "-" token, in the style of
 * RLHFlow's Llama3.1-8B-PRM models (Math-Shepherd labels), served by any OpenAI-compatible
 * {@code /v1/completions} endpoint that returns top log-probabilities.
 *
 * <p><b>Scoring, as RLHFlow's reference evaluation does.</b> The solution is a multi-turn chat: the
 * first user turn is the problem, a space and the first step; each later user turn is the next
 * step (steps stripped of surrounding white space); each assistant turn is {@code "+"}. The score of
 * step {@code k} is {@code p(+) / (p(+) + p(-))} for the assistant token that follows user turn
 * {@code k}: the reference takes the softmax of the two candidate logits at that position, which is
 * the same ratio. Here the prompt for step {@code k} is the conversation up to user turn {@code k}
 * plus the assistant header (the generation prompt), sent with {@code max_tokens} 1,
 * {@code temperature} 0 and {@code logprobs} {@link Builder#topLogprobs} (default 20), and the
 * probabilities are read from {@code top_logprobs} of the one generated position; no echo is needed.
 * A trajectory of {@code d} steps is {@code d} prompts that share their prefixes (a server with prefix
 * caching, vLLM's default, computes the shared part once); the prompts of many trajectories travel
 * in one request ({@code "prompt": [...]}), at most {@link Builder#maxPromptsPerRequest} per request.
 *
 * <p>When only one of the two tokens is among the top log-probabilities, the missing one is taken
 * at the lowest listed log-probability (an upper bound of its true value); when neither is listed
 * the call fails with a message suggesting a wrong template or model. The conversation is rendered
 * with {@link Builder#format} (default {@link ChatFormat#LLAMA3}, without a system prompt); the
 * server adds the beginning-of-sequence token. Usage: one PRM call per scored trajectory.
 */
public final class LogprobRewardModel implements ProcessRewardModel, AutoCloseable {

  private final ServerEndpoint endpoint;
  private final boolean ownsEndpoint;
  private final String model;
  private final ChatFormat format;
  private final String positive;
  private final String negative;
  private final int topLogprobs;
  private final int maxPrompts;

  private LogprobRewardModel(Builder b) {
    ServerEndpoint resolved = Endpoints.resolve(b.endpoint, b.baseUrl, b.model, "prm");
    this.model = b.model;
    this.format = b.format;
    this.positive = b.positive;
    this.negative = b.negative;
    this.topLogprobs = b.topLogprobs;
    this.maxPrompts = b.maxPrompts;
    this.ownsEndpoint = b.endpoint == null;
    this.endpoint = resolved;
  }

  /** A builder; {@code model} and an endpoint (or base URL) are required. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public CompletableFuture<RewardScores> score(Problem problem, List<Trajectory> trajectories) {
    Objects.requireNonNull(problem, "problem");
    List<Trajectory> all = List.copyOf(trajectories);
    List<String> prompts = new ArrayList<>();
    int scored = 0;
    for (Trajectory t : all) {
      prompts.addAll(prompts(problem, t));
      scored += t.isEmpty() ? 0 : 1;
    }
    long calls = scored;
    java.util.concurrent.atomic.LongAdder tokens = new java.util.concurrent.atomic.LongAdder();
    return Chunked.all(prompts, maxPrompts, (List<String> chunk) -> request(chunk, tokens)).thenApply(p -> {
      List<double[]> out = new ArrayList<>(all.size());
      int at = 0;
      for (Trajectory t : all) {
        double[] s = new double[t.depth()];
        for (int j = 0; j < s.length; j++) {
          s[j] = p.get(at++);
        }
        out.add(s);
      }
      return new RewardScores(out, Usage.ofPrm(calls, tokens.sum()));
    });
  }

  /** The prompts of {@code trajectory}, one per step (see the class comment). */
  public List<String> prompts(Problem problem, Trajectory trajectory) {
    List<Step> steps = trajectory.steps();
    List<String> out = new ArrayList<>(steps.size());
    List<ChatMessage> conversation = new ArrayList<>(2 * steps.size());
    for (int k = 0; k < steps.size(); k++) {
      String step = steps.get(k).text().strip();
      conversation.add(ChatMessage.user(k == 0 ? problem.prompt() + " " + step : step));
      out.add(format.render(conversation, true));
      conversation.add(ChatMessage.assistant(positive));
    }
    return out;
  }

  private CompletableFuture<List<Double>> request(List<String> prompts, java.util.concurrent.atomic.LongAdder tokens) {
    ObjectNode body = ResilientHttp.MAPPER.createObjectNode();
    body.put("model", model);
    ArrayNode p = body.putArray("prompt");
    prompts.forEach(p::add);
    body.put("max_tokens", 1);
    body.put("temperature", 0.0);
    body.put("n", 1);
    body.put("logprobs", topLogprobs);
    body.put("echo", false);
    body.put("stream", false);
    return endpoint.http().post("v1/completions", body, root -> {
      List<Double> scores = decode(root, prompts.size());
      tokens.add(Json.promptTokens(root));
      return scores;
    });
  }

  private List<Double> decode(JsonNode root, int count) {
    JsonNode choices = Json.array(root, "choices", "the response");
    if (choices.size() != count) {
      throw new MalformedResponseException("the response has " + choices.size() + " choices for " + count
          + " prompts");
    }
    Double[] out = new Double[count];
    for (int pos = 0; pos < count; pos++) {
      JsonNode c = choices.get(pos);
      int index = c.path("index").isIntegralNumber() ? c.get("index").asInt() : pos;
      if (index < 0 || index >= count || out[index] != null) {
        throw new MalformedResponseException("choice " + pos + " has a bad or repeated index " + index);
      }
      String where = "choice " + index;
      JsonNode lp = Json.object(c, "logprobs", where);
      JsonNode tops = Json.array(lp, "top_logprobs", where + " logprobs");
      if (tops.isEmpty() || !tops.get(0).isObject()) {
        throw new MalformedResponseException(where + " has no top log-probabilities for its first token");
      }
      double plus = Double.NaN;
      double minus = Double.NaN;
      double lowest = Double.POSITIVE_INFINITY;
      for (Map.Entry<String, JsonNode> e : tops.get(0).properties()) {
        double v = Json.finite(e.getValue(), where + " top log-probability of '" + e.getKey() + "'");
        lowest = Math.min(lowest, v);
        if (e.getKey().equals(positive)) {
          plus = v;
        } else if (e.getKey().equals(negative)) {
          minus = v;
        }
      }
      JsonNode tokens = lp.get("tokens");
      JsonNode values = lp.get("token_logprobs");
      if (tokens != null && tokens.isArray() && !tokens.isEmpty() && values != null && values.isArray()
          && !values.isEmpty() && values.get(0).isNumber()) {
        String sampled = tokens.get(0).asText();
        if (sampled.equals(positive) && Double.isNaN(plus)) {
          plus = values.get(0).asDouble();
        } else if (sampled.equals(negative) && Double.isNaN(minus)) {
          minus = values.get(0).asDouble();
        }
      }
      if (Double.isNaN(plus) && Double.isNaN(minus)) {
        throw new MalformedResponseException(where + ": neither '" + positive + "' nor '" + negative
            + "' is among the top " + tops.get(0).size() + " next tokens; is this a +/- reward model, and does the"
            + " conversation format match it?");
      }
      if (Double.isNaN(plus)) {
        plus = lowest;
      }
      if (Double.isNaN(minus)) {
        minus = lowest;
      }
      out[index] = 1 / (1 + Math.exp(minus - plus));
    }
    return List.of(out);
  }

  @Override
  public String name() {
    return model;
  }

  /** Closes the endpoint if this model created it. */
  @Override
  public void close() {
    if (ownsEndpoint) {
      endpoint.close();
    }
  }

  @Override
  public String toString() {
    return "LogprobRewardModel[" + model + " at " + endpoint.baseUrl() + ", " + format + ", '" + positive + "'/'"
        + negative + "']";
  }

  /** Assembles a {@link LogprobRewardModel}. */
  public static final class Builder {
    private ServerEndpoint endpoint;
    private String baseUrl;
    private String model;
    private ChatFormat format = ChatFormat.LLAMA3;
    private String positive = "+";
    private String negative = "-";
    private int topLogprobs = 20;
    private int maxPrompts = 64;

    private Builder() {}

    /** The server, shared and closed by the caller. */
    public Builder endpoint(ServerEndpoint e) {
      endpoint = Objects.requireNonNull(e, "endpoint");
      baseUrl = null;
      return this;
    }

    /** The server root, with a default endpoint this model owns. */
    public Builder baseUrl(String url) {
      baseUrl = Objects.requireNonNull(url, "baseUrl");
      endpoint = null;
      return this;
    }

    /** The served model name (required). */
    public Builder model(String m) {
      Objects.requireNonNull(m, "model");
      if (m.isBlank()) {
        throw new IllegalArgumentException("model must not be blank, got '" + m + "'");
      }
      model = m;
      return this;
    }

    /** The conversation format (default {@link ChatFormat#LLAMA3}). */
    public Builder format(ChatFormat f) {
      format = Objects.requireNonNull(f, "format");
      return this;
    }

    /** The good and bad judgement tokens as the server spells them (default {@code "+"} and {@code "-"}). */
    public Builder tokens(String good, String bad) {
      Objects.requireNonNull(good, "good");
      Objects.requireNonNull(bad, "bad");
      if (good.isEmpty() || bad.isEmpty() || good.equals(bad)) {
        throw new IllegalArgumentException("tokens must be two different non-empty strings, got '" + good + "' and '"
            + bad + "'");
      }
      positive = good;
      negative = bad;
      return this;
    }

    /** Top log-probabilities asked for, in [2, 20] (default 20, vLLM's default maximum). */
    public Builder topLogprobs(int k) {
      if (k < 2 || k > 20) {
        throw new IllegalArgumentException("topLogprobs must be in [2, 20], got " + k);
      }
      topLogprobs = k;
      return this;
    }

    /** The most prompts (steps) in one request, at least 1 (default 64). */
    public Builder maxPromptsPerRequest(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxPromptsPerRequest must be >= 1, got " + max);
      }
      maxPrompts = max;
      return this;
    }

    /** The reward model. */
    public LogprobRewardModel build() {
      return new LogprobRewardModel(this);
    }
  }
}
