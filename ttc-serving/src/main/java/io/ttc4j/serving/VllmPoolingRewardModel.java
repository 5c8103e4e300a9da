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
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A process reward model served by vLLM's pooling API ({@code POST /pooling}) with step pooling,
 * such as Qwen2.5-Math-PRM-7B or -72B.
 *
 * <p><b>Input.</b> Each trajectory becomes one input string: the conversation system prompt (by
 * default Qwen's chain-of-thought prompt), the problem as the user turn, and as the assistant turn
 * the step texts each followed by the step tag ({@code <extra_0>} for Qwen2.5-Math-PRM), rendered
 * with {@link ChatFormat#CHATML} without a generation prompt, as Qwen's model card does with
 * {@code apply_chat_template}. Many trajectories go in one request ({@code "input": [...]}), at most
 * {@link Builder#maxBatchSize} each; larger calls are split into concurrent requests.
 *
 * <p><b>Output.</b> vLLM's step pooler returns, per input, one row per step tag with the
 * class probabilities ({@code [[p_bad, p_good], ...]} for Qwen's two-class head, softmax applied).
 * The score of step {@code j} is column {@link Builder#positiveClass} (default 1) of row {@code j};
 * a row of one value is that value. A row count different from the number of steps (a server
 * pooling every token rather than the step tags) or a value outside [0, 1] is an error that says so.
 * Trajectories without steps get an empty score array and are not sent.
 *
 * <p><b>Serving.</b> {@code vllm serve Qwen/Qwen2.5-Math-PRM-7B --runner pooling} (vLLM 0.10 and
 * later; {@code --task reward} before). Qwen2.5-Math-PRM's vLLM implementation pools at token
 * 151651 ({@code <extra_0>}) by default; other step-tag PRMs need
 * {@code --pooler-config '{"pooling_type": "STEP", "step_tag_id": ..., "returned_token_ids": [...]}'}.
 * Usage: one PRM call per scored trajectory.
 */
public final class VllmPoolingRewardModel implements ProcessRewardModel, AutoCloseable {

  private final ServerEndpoint endpoint;
  private final boolean ownsEndpoint;
  private final String model;
  private final String systemPrompt;
  private final String stepTag;
  private final int positiveClass;
  private final int maxBatchSize;
  private final String poolingTask;

  private VllmPoolingRewardModel(Builder b) {
    ServerEndpoint resolved = Endpoints.resolve(b.endpoint, b.baseUrl, b.model, "prm");
    this.model = b.model;
    this.systemPrompt = b.systemPrompt;
    this.stepTag = b.stepTag;
    this.positiveClass = b.positiveClass;
    this.maxBatchSize = b.maxBatchSize;
    this.poolingTask = b.poolingTask;
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
    List<Integer> sent = new ArrayList<>(all.size());
    for (int i = 0; i < all.size(); i++) {
      if (!all.get(i).isEmpty()) {
        sent.add(i);
      }
    }
    java.util.concurrent.atomic.LongAdder tokens = new java.util.concurrent.atomic.LongAdder();
    return Chunked.all(sent, maxBatchSize, (List<Integer> chunk) -> request(problem, all, chunk, tokens))
        .thenApply(scored -> {
          List<double[]> out = new ArrayList<>(all.size());
          for (int i = 0; i < all.size(); i++) {
            out.add(new double[0]);
          }
          for (int k = 0; k < sent.size(); k++) {
            out.set(sent.get(k), scored.get(k));
          }
          return new RewardScores(out, Usage.ofPrm(sent.size(), tokens.sum()));
        });
  }

  private CompletableFuture<List<double[]>> request(Problem problem, List<Trajectory> all, List<Integer> chunk,
      java.util.concurrent.atomic.LongAdder tokens) {
    ObjectNode body = ResilientHttp.MAPPER.createObjectNode();
    body.put("model", model);
    ArrayNode input = body.putArray("input");
    int[] depths = new int[chunk.size()];
    for (int k = 0; k < chunk.size(); k++) {
      Trajectory t = all.get(chunk.get(k));
      input.add(input(problem, t));
      depths[k] = t.depth();
    }
    if (poolingTask != null) {
      body.put("task", poolingTask);
    }
    return endpoint.http().post("pooling", body, root -> {
      List<double[]> scores = decode(root, depths);
      tokens.add(Json.promptTokens(root));
      return scores;
    });
  }

  /** The input string for {@code trajectory} (see the class comment). */
  public String input(Problem problem, Trajectory trajectory) {
    StringBuilder answer = new StringBuilder(256);
    for (Step s : trajectory.steps()) {
      answer.append(s.text()).append(stepTag);
    }
    List<ChatMessage> messages = new ArrayList<>(3);
    if (systemPrompt != null) {
      messages.add(ChatMessage.system(systemPrompt));
    }
    messages.add(ChatMessage.user(problem.prompt()));
    messages.add(ChatMessage.assistant(answer.toString()));
    return ChatFormat.CHATML.render(messages, false);
  }

  private List<double[]> decode(JsonNode root, int[] depths) {
    JsonNode data = Json.array(root, "data", "the pooling response");
    if (data.size() != depths.length) {
      throw new MalformedResponseException("the pooling response has " + data.size() + " results for "
          + depths.length + " inputs");
    }
    double[][] out = new double[depths.length][];
    for (int pos = 0; pos < data.size(); pos++) {
      JsonNode item = data.get(pos);
      int index = item.path("index").isIntegralNumber() ? item.get("index").asInt() : pos;
      if (index < 0 || index >= depths.length || out[index] != null) {
        throw new MalformedResponseException("pooling result " + pos + " has a bad or repeated index " + index);
      }
      String where = "pooling result " + index;
      JsonNode rows = Json.array(item, "data", where);
      int depth = depths[index];
      if (rows.size() != depth) {
        throw new MalformedResponseException(where + " has " + rows.size() + " rows for a trajectory of " + depth
            + " steps; the server must pool at the step tag '" + stepTag + "' (STEP pooling with its step_tag_id)");
      }
      double[] s = new double[depth];
      for (int j = 0; j < depth; j++) {
        JsonNode row = rows.get(j);
        JsonNode v;
        if (row.isArray()) {
          v = row.size() == 1 ? row.get(0) : row.get(positiveClass);
          if (v == null) {
            throw new MalformedResponseException(where + " row " + j + " has " + row.size()
                + " values, no class " + positiveClass);
          }
        } else {
          throw new MalformedResponseException(where + " row " + j + " is not an array of class probabilities");
        }
        double p = Json.finite(v, where + " row " + j);
        if (p < 0 || p > 1) {
          throw new MalformedResponseException(where + " row " + j + " has probability " + p
              + " outside [0, 1] (is softmax applied?)");
        }
        s[j] = p;
      }
      out[index] = s;
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
    return "VllmPoolingRewardModel[" + model + " at " + endpoint.baseUrl() + ", stepTag=" + stepTag + "]";
  }

  /** Assembles a {@link VllmPoolingRewardModel}. */
  public static final class Builder {
    private ServerEndpoint endpoint;
    private String baseUrl;
    private String model;
    private String systemPrompt = PromptTemplate.QWEN25_MATH_SYSTEM_PROMPT;
    private String stepTag = "<extra_0>";
    private int positiveClass = 1;
    private int maxBatchSize = 32;
    private String poolingTask;

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

    /** The system prompt, or {@code null} for none (default: Qwen's chain-of-thought prompt). */
    public Builder systemPrompt(String prompt) {
      systemPrompt = prompt;
      return this;
    }

    /** The text placed after every step (default {@code <extra_0>}). */
    public Builder stepTag(String tag) {
      Objects.requireNonNull(tag, "stepTag");
      if (tag.isEmpty()) {
        throw new IllegalArgumentException("stepTag must not be empty");
      }
      stepTag = tag;
      return this;
    }

    /** The column of the positive class in each returned row, at least 0 (default 1). */
    public Builder positiveClass(int column) {
      if (column < 0) {
        throw new IllegalArgumentException("positiveClass must be >= 0, got " + column);
      }
      positiveClass = column;
      return this;
    }

    /** The most trajectories in one request, at least 1 (default 32). */
    public Builder maxBatchSize(int max) {
      if (max < 1) {
        throw new IllegalArgumentException("maxBatchSize must be >= 1, got " + max);
      }
      maxBatchSize = max;
      return this;
    }

    /**
     * The {@code task} field of the request, or {@code null} to let the server pick its default
     * (default {@code null}; vLLM's names changed across versions: {@code encode} in 0.10,
     * {@code token_classify} from 0.11).
     */
    public Builder poolingTask(String task) {
      poolingTask = task;
      return this;
    }

    /** The reward model. */
    public VllmPoolingRewardModel build() {
      return new VllmPoolingRewardModel(this);
    }
  }
}
