package io.ttc4j.serving.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.ttc4j.core.Continuation;
import io.ttc4j.core.GenerationMode;
import io.ttc4j.core.GenerationResult;
import io.ttc4j.core.SamplingSpec;
import io.ttc4j.core.Step;
import io.ttc4j.core.StepEnd;
import io.ttc4j.core.Trajectory;
import io.ttc4j.core.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Turns an OpenAI-compatible {@code /v1/completions} or {@code /v1/chat/completions} response into
 * continuations made of steps, with token counts that add up exactly to the reported usage.
 *
 * <p><b>Choices.</b> Exactly {@code n} choices with indexes {@code 0..n-1} are required; anything
 * else is a {@link MalformedResponseException} that gives both counts.
 *
 * <p><b>Completion tokens per choice.</b> Servers report completion tokens per request. When every
 * choice carries token log-probabilities, the choice's token count is the number of its log-probability
 * entries; otherwise the weight of a choice is its text's UTF-8 byte length plus one (the end token).
 * The reported total is split over the choices in proportion to these weights with the
 * largest-remainder method ({@link Apportion}), so the shares sum to it exactly (and equal the
 * log-probability counts when those sum to the total).
 *
 * <p><b>Steps.</b> A {@code ONE_STEP} choice is one step; if its text still holds the separator
 * (a server that ignored {@code stop}, or returned the stop string) it is cut there, the step ends at
 * a step boundary, and all of the choice's tokens are charged to it. A {@code TO_END} choice is split
 * at every {@code "\n\n"}; empty pieces are dropped. Its tokens go to its steps: with log-probabilities,
 * each token to the step its text offset falls in (tokens of a separator go to the step before it);
 * without, in proportion to each step's UTF-8 bytes plus the two bytes of the separator that follows
 * it. Both are largest-remainder splits of the choice's share, so the steps sum to it exactly. A step's
 * log-probability is the sum of its tokens' log-probabilities, when reported.
 *
 * <p><b>How a step ended.</b> {@code finish_reason} {@code length} (and {@code content_filter} or
 * any unknown reason) ends it as {@link StepEnd#LENGTH}. {@code stop} is told apart with vLLM's
 * {@code stop_reason} or SGLang's {@code matched_stop}: the step separator gives
 * {@link StepEnd#STEP_BOUNDARY}; {@code null} (end of sequence), a stop token id or another stop
 * string gives {@link StepEnd#END_OF_SOLUTION}. A server that reports neither field leaves it to a
 * heuristic for {@code ONE_STEP}: a step that states a final answer (by default, contains
 * {@code \boxed}) ends the solution, any other ends at a step boundary.
 */
public final class CompletionDecoder {

  private static final String SEP = Trajectory.STEP_SEPARATOR;

  private CompletionDecoder() {}

  /** One decoded choice before steps are cut. */
  private record Choice(String text, String finishReason, boolean stopKnown, String stopString, int[] tokenStarts,
      double[] tokenLogprobs, boolean bytesUnit) {
    boolean hasTokens() {
      return tokenStarts != null;
    }
  }

  /**
   * Decodes {@code root}.
   *
   * @param chat      whether it is a chat completion (else a text completion)
   * @param spec      the spec the request was made with
   * @param finalStep the heuristic for servers that do not say why they stopped
   */
  public static GenerationResult decode(JsonNode root, boolean chat, SamplingSpec spec, Predicate<String> finalStep) {
    int n = spec.n();
    JsonNode choices = Json.array(root, "choices", "the response");
    if (choices.size() != n) {
      throw new MalformedResponseException("the response has " + choices.size() + " choices for n=" + n
          + (choices.size() < n ? " (fewer than asked: does the server support n > 1?)" : ""));
    }
    Choice[] byIndex = new Choice[n];
    for (int pos = 0; pos < n; pos++) {
      JsonNode c = choices.get(pos);
      String where = "choice " + pos;
      if (!c.isObject()) {
        throw new MalformedResponseException(where + " is not an object");
      }
      int index = pos;
      JsonNode idx = c.get("index");
      if (idx != null && !idx.isNull()) {
        if (!idx.isIntegralNumber() || idx.asLong() < 0 || idx.asLong() >= n) {
          throw new MalformedResponseException(where + " has index " + idx + ", outside 0.." + (n - 1));
        }
        index = idx.asInt();
      }
      if (byIndex[index] != null) {
        throw new MalformedResponseException("two choices have index " + index);
      }
      byIndex[index] = choice(c, chat, "choice " + index);
    }
    JsonNode usage = Json.object(root, "usage", "the response");
    long prompt = Json.count(usage, "prompt_tokens", "usage");
    long completion = Json.count(usage, "completion_tokens", "usage");
    long cached = 0;
    JsonNode cachedNode = usage.path("prompt_tokens_details").path("cached_tokens");
    if (!cachedNode.isMissingNode() && !cachedNode.isNull()) {
      cached = Json.count(usage.get("prompt_tokens_details"), "cached_tokens", "usage.prompt_tokens_details");
      if (cached > prompt) {
        throw new MalformedResponseException("usage reports " + cached + " cached prompt tokens of " + prompt);
      }
    }

    boolean allTokens = true;
    for (Choice c : byIndex) {
      allTokens &= c.hasTokens();
    }
    long[] weights = new long[n];
    for (int i = 0; i < n; i++) {
      weights[i] = allTokens ? byIndex[i].tokenStarts.length : utf8(byIndex[i].text) + 1L;
    }
    long[] perChoice = Apportion.largestRemainder(completion, weights);
    List<Continuation> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      if (perChoice[i] > Integer.MAX_VALUE) {
        throw new MalformedResponseException("choice " + i + " would cost " + perChoice[i] + " tokens");
      }
      out.add(spec.mode() == GenerationMode.ONE_STEP
          ? oneStep(byIndex[i], perChoice[i], finalStep)
          : toEnd(byIndex[i], perChoice[i], allTokens, finalStep));
    }
    return new GenerationResult(out, Usage.ofGeneration(n, prompt, cached, completion));
  }

  private static Choice choice(JsonNode c, boolean chat, String where) {
    String text;
    if (chat) {
      JsonNode message = Json.object(c, "message", where);
      JsonNode content = message.get("content");
      if (content != null && !content.isNull() && !content.isTextual()) {
        throw new MalformedResponseException(where + " has a non-text message content");
      }
      text = content == null || content.isNull() ? "" : content.asText();
    } else {
      text = Json.text(c, "text", where);
    }
    JsonNode fr = c.get("finish_reason");
    if (fr == null || !fr.isTextual()) {
      throw new MalformedResponseException(where + " has no finish_reason (was the generation cut off?)");
    }
    boolean stopKnown = false;
    String stopString = null;
    for (String field : new String[] {"stop_reason", "matched_stop"}) {
      if (c.has(field)) {
        stopKnown = true;
        JsonNode v = c.get(field);
        stopString = v != null && v.isTextual() ? v.asText() : null;
        break;
      }
    }
    int[] starts = null;
    double[] lps = null;
    boolean bytesUnit = chat;
    JsonNode lp = c.get("logprobs");
    if (lp != null && lp.isObject()) {
      if (chat) {
        JsonNode content = lp.get("content");
        if (content != null && content.isArray()) {
          int k = content.size();
          starts = new int[k];
          lps = new double[k];
          int pos = 0;
          for (int t = 0; t < k; t++) {
            JsonNode tok = content.get(t);
            starts[t] = pos;
            lps[t] = number(tok.get("logprob"));
            JsonNode bytes = tok.get("bytes");
            if (bytes != null && bytes.isArray()) {
              pos += bytes.size();
            } else {
              pos += utf8(tok.path("token").asText(""));
            }
          }
        }
      } else {
        JsonNode tokens = lp.get("tokens");
        if (tokens != null && tokens.isArray()) {
          int k = tokens.size();
          starts = new int[k];
          lps = new double[k];
          JsonNode offsets = lp.get("text_offset");
          JsonNode values = lp.get("token_logprobs");
          boolean useOffsets = offsets != null && offsets.isArray() && offsets.size() == k && k > 0;
          int pos = 0;
          for (int t = 0; t < k; t++) {
            if (useOffsets) {
              starts[t] = offsets.get(t).asInt() - offsets.get(0).asInt();
            } else {
              starts[t] = pos;
              String s = tokens.get(t).asText("");
              pos += s.codePointCount(0, s.length());
            }
            lps[t] = values != null && values.isArray() && t < values.size() ? number(values.get(t)) : Double.NaN;
          }
        }
      }
    }
    return new Choice(text, fr.asText(), stopKnown, stopString, starts, lps, bytesUnit);
  }

  private static double number(JsonNode v) {
    return v != null && v.isNumber() ? v.asDouble() : Double.NaN;
  }

  private static Continuation oneStep(Choice c, long tokens, Predicate<String> finalStep) {
    String text = c.text;
    int cut = text.indexOf(SEP);
    StepEnd end;
    if (cut >= 0) {
      text = text.substring(0, cut);
      end = StepEnd.STEP_BOUNDARY;
    } else {
      end = endOf(c, true, text, finalStep);
    }
    double lp = Double.NaN;
    if (c.hasTokens()) {
      int limit = position(c, c.text, text.length());
      lp = 0;
      for (int t = 0; t < c.tokenStarts.length; t++) {
        if (cut < 0 || c.tokenStarts[t] < limit) {
          lp += zeroIfNaN(c.tokenLogprobs[t]);
        }
      }
    }
    return new Continuation(List.of(new Step(text, (int) tokens, clamp(lp), end)));
  }

  private static Continuation toEnd(Choice c, long tokens, boolean useTokens, Predicate<String> finalStep) {
    String text = c.text;
    List<int[]> pieces = new ArrayList<>(); // [start, end) char indexes of non-empty pieces
    int from = 0;
    while (true) {
      int at = text.indexOf(SEP, from);
      int to = at < 0 ? text.length() : at;
      if (to > from) {
        pieces.add(new int[] {from, to});
      }
      if (at < 0) {
        break;
      }
      from = at + SEP.length();
    }
    if (pieces.isEmpty()) {
      pieces.add(new int[] {0, text.length()});
    }
    int k = pieces.size();
    long[] weights = new long[k];
    double[] lps = new double[k];
    java.util.Arrays.fill(lps, Double.NaN);
    boolean counted = false;
    if (useTokens) {
      int[] starts = new int[k];
      for (int s = 0; s < k; s++) {
        starts[s] = position(c, text, pieces.get(s)[0]);
      }
      java.util.Arrays.fill(lps, 0);
      int s = 0;
      for (int t = 0; t < c.tokenStarts.length; t++) {
        while (s + 1 < k && c.tokenStarts[t] >= starts[s + 1]) {
          s++;
        }
        weights[s]++;
        lps[s] += zeroIfNaN(c.tokenLogprobs[t]);
      }
      long sum = 0;
      for (long w : weights) {
        sum += w;
      }
      counted = sum > 0;
    }
    if (!counted) {
      for (int s = 0; s < k; s++) {
        int[] p = pieces.get(s);
        weights[s] = utf8(text.substring(p[0], p[1])) + (s < k - 1 ? SEP.length() : 0);
      }
    }
    long[] stepTokens = Apportion.largestRemainder(tokens, weights);
    List<Step> steps = new ArrayList<>(k);
    for (int s = 0; s < k; s++) {
      int[] p = pieces.get(s);
      String stepText = text.substring(p[0], p[1]);
      StepEnd end = s < k - 1 ? StepEnd.STEP_BOUNDARY : endOf(c, false, stepText, finalStep);
      steps.add(new Step(stepText, (int) stepTokens[s], clamp(lps[s]), end));
    }
    return new Continuation(steps);
  }

  private static StepEnd endOf(Choice c, boolean oneStep, String stepText, Predicate<String> finalStep) {
    switch (c.finishReason) {
      case "stop":
      case "eos":
      case "end_turn":
      case "stop_sequence":
        if (c.stopKnown) {
          return SEP.equals(c.stopString) ? StepEnd.STEP_BOUNDARY : StepEnd.END_OF_SOLUTION;
        }
        if (oneStep) {
          return finalStep.test(stepText) ? StepEnd.END_OF_SOLUTION : StepEnd.STEP_BOUNDARY;
        }
        return StepEnd.END_OF_SOLUTION;
      default:
        return StepEnd.LENGTH; // length, content_filter, abort, or anything else: the text was cut
    }
  }

  /** The position of char index {@code charIndex} of {@code text} in the unit of the choice's token starts. */
  private static int position(Choice c, String text, int charIndex) {
    return c.bytesUnit ? utf8(text.substring(0, charIndex)) : text.codePointCount(0, charIndex);
  }

  private static int utf8(String s) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch < 0x80) {
        n++;
      } else if (ch < 0x800) {
        n += 2;
      } else if (Character.isHighSurrogate(ch) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else {
        n += 3;
      }
    }
    return n;
  }

  /** UTF-8 length of {@code s} (lone surrogates count 3, as a replacement character would). */
  public static int utf8Length(String s) {
    return utf8(s);
  }

  private static double zeroIfNaN(double v) {
    return Double.isNaN(v) ? 0 : v;
  }

  private static double clamp(double lp) {
    return Double.isNaN(lp) ? lp : Math.min(0, lp);
  }
}
