package io.ttc4j.serving.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.ttc4j.core.Continuation;
import io.ttc4j.core.GenerationResult;
import io.ttc4j.core.SamplingSpec;
import io.ttc4j.core.Step;
import io.ttc4j.core.StepEnd;
import io.ttc4j.core.Usage;
import io.ttc4j.serving.OpenAiCompatibleGenerator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Decoding of response bodies shaped like vLLM's, OpenAI's and SGLang's. */
class CompletionDecoderTest {

  private static JsonNode json(String s) throws Exception {
    return ResilientHttp.MAPPER.readTree(s.replace('\'', '"'));
  }

  private static GenerationResult decode(String body, boolean chat, SamplingSpec spec) throws Exception {
    return CompletionDecoder.decode(json(body), chat, spec, OpenAiCompatibleGenerator.STATES_BOXED_ANSWER);
  }

  private static final String USAGE = "'usage':{'prompt_tokens':120,'total_tokens':150,'completion_tokens':30,"
      + "'prompt_tokens_details':{'cached_tokens':96}}";

  @Test
  void vllmOneStepFinishReasonsMapToStepEnds() throws Exception {
    String body = "{'id':'cmpl-1','object':'text_completion','created':1,'model':'m','choices':["
        + "{'index':0,'text':'Step A.','logprobs':null,'finish_reason':'stop','stop_reason':'\\n\\n'},"
        + "{'index':1,'text':'So \\\\boxed{3}.','logprobs':null,'finish_reason':'stop','stop_reason':null},"
        + "{'index':2,'text':'Cut he','logprobs':null,'finish_reason':'length','stop_reason':null},"
        + "{'index':3,'text':'Done.','logprobs':null,'finish_reason':'stop','stop_reason':151643}],"
        + USAGE + "}";
    GenerationResult r = decode(body, false, SamplingSpec.oneStep(4, 0.8, 64, 1));
    List<StepEnd> ends = r.continuations().stream().map(c -> c.steps().get(0).end()).toList();
    assertEquals(List.of(StepEnd.STEP_BOUNDARY, StepEnd.END_OF_SOLUTION, StepEnd.LENGTH, StepEnd.END_OF_SOLUTION),
        ends);
    assertEquals(Usage.ofGeneration(4, 120, 96, 30), r.usage());
    assertEquals(30, r.continuations().stream().mapToLong(Continuation::tokens).sum());
  }

  @Test
  void sglangMatchedStopAndServersThatSayNothingUseTheHeuristic() throws Exception {
    String sglang = "{'choices':[{'index':0,'text':'x = 2','finish_reason':'stop','matched_stop':'\\n\\n'},"
        + "{'index':1,'text':'x = 2','finish_reason':'stop','matched_stop':2}],"
        + "'usage':{'prompt_tokens':10,'completion_tokens':6,'total_tokens':16}}";
    GenerationResult r = decode(sglang, false, SamplingSpec.oneStep(2, 0.8, 64, 1));
    assertEquals(StepEnd.STEP_BOUNDARY, r.continuations().get(0).steps().get(0).end());
    assertEquals(StepEnd.END_OF_SOLUTION, r.continuations().get(1).steps().get(0).end());
    assertEquals(0, r.usage().cachedPromptTokens(), "no prompt_tokens_details: nothing cached");
    String plain = "{'choices':[{'index':0,'text':'x = 2','finish_reason':'stop'},"
        + "{'index':1,'text':'The answer is $\\\\boxed{2}$.','finish_reason':'stop'}],"
        + "'usage':{'prompt_tokens':10,'completion_tokens':6,'total_tokens':16}}";
    r = decode(plain, false, SamplingSpec.oneStep(2, 0.8, 64, 1));
    assertEquals(StepEnd.STEP_BOUNDARY, r.continuations().get(0).steps().get(0).end());
    assertEquals(StepEnd.END_OF_SOLUTION, r.continuations().get(1).steps().get(0).end());
  }

  @Test
  void aOneStepTextThatStillHoldsTheSeparatorIsCutThere() throws Exception {
    String body = "{'choices':[{'index':0,'text':'First.\\n\\nSecond.','finish_reason':'length'}],"
        + "'usage':{'prompt_tokens':10,'completion_tokens':9}}";
    Step s = decode(body, false, SamplingSpec.oneStep(1, 0.8, 9, 1)).continuations().get(0).steps().get(0);
    assertEquals("First.", s.text());
    assertEquals(StepEnd.STEP_BOUNDARY, s.end());
    assertEquals(9, s.tokens(), "the discarded text was generated and is charged");
  }

  @Test
  void toEndSplitsAtBlankLinesAndApportionsByBytesExactly() throws Exception {
    // choice 0: 3 steps; choice 1: leading and doubled separators are dropped
    String body = "{'id':'chatcmpl-1','object':'chat.completion','choices':["
        + "{'index':1,'message':{'role':'assistant','content':'\\n\\nOnly.\\n\\n\\n\\n'},'logprobs':null,"
        + "'finish_reason':'length','stop_reason':null},"
        + "{'index':0,'message':{'role':'assistant','content':'Let x = 1.\\n\\nThen x + 1 = 2.\\n\\n\\\\boxed{2}'},"
        + "'logprobs':null,'finish_reason':'stop','stop_reason':null}],"
        + "'usage':{'prompt_tokens':50,'total_tokens':127,'completion_tokens':77}}";
    GenerationResult r = decode(body, true, SamplingSpec.toEnd(2, 0.8, 512, 1));
    Continuation a = r.continuations().get(0);
    assertEquals(List.of("Let x = 1.", "Then x + 1 = 2.", "\\boxed{2}"), a.steps().stream().map(Step::text).toList());
    assertEquals(List.of(StepEnd.STEP_BOUNDARY, StepEnd.STEP_BOUNDARY, StepEnd.END_OF_SOLUTION),
        a.steps().stream().map(Step::end).toList());
    Continuation b = r.continuations().get(1);
    assertEquals(List.of("Only."), b.steps().stream().map(Step::text).toList());
    assertEquals(StepEnd.LENGTH, b.steps().get(0).end());
    assertEquals(77, a.tokens() + b.tokens(), "shares sum to the reported completion tokens");
    // choice weights: UTF-8 bytes + 1 = 39 and 12 of 51 -> 58.88 and 18.12 -> 59 and 18
    assertEquals(59, a.tokens());
    assertEquals(18, b.tokens());
    // step weights (text + following separator) 12, 17, 9 of 38 -> 18.63, 26.39, 13.97 -> 19, 26, 14
    assertEquals(List.of(19, 26, 14), a.steps().stream().map(Step::tokens).toList());
  }

  @Test
  void logprobTokensGiveExactStepCountsEvenWithUnicode() throws Exception {
    // completions: text_offset counts code points from the start of the prompt (100 here)
    String text = "Let π = 3.\\n\\nSo 2π = 6.";
    String body = "{'choices':[{'index':0,'text':'" + text + "','finish_reason':'stop','stop_reason':null,"
        + "'logprobs':{'tokens':['Let',' π',' = 3.','\\n\\n','So',' 2π',' = 6.',''],"
        + "'token_logprobs':[-0.5,-0.25,-0.125,-0.5,-1.0,-0.5,-0.25,-0.125],"
        + "'top_logprobs':[null,null,null,null,null,null,null,null],"
        + "'text_offset':[100,103,105,110,112,114,117,121]}}],"
        + "'usage':{'prompt_tokens':100,'completion_tokens':8}}";
    Continuation c = decode(body, false, SamplingSpec.toEnd(1, 0.8, 64, 1)).continuations().get(0);
    assertEquals(4, c.steps().get(0).tokens(), "the separator token goes to the step before it");
    assertEquals(4, c.steps().get(1).tokens(), "the end token goes to the last step");
    assertEquals(-1.375, c.steps().get(0).logProbability(), 1e-12);
    assertEquals(-1.875, c.steps().get(1).logProbability(), 1e-12);
    // chat: positions from the UTF-8 bytes of each token
    String chat = "{'choices':[{'index':0,'message':{'role':'assistant','content':'" + text + "'},"
        + "'finish_reason':'stop','logprobs':{'content':["
        + "{'token':'Let','logprob':-0.5,'bytes':[76,101,116],'top_logprobs':[]},"
        + "{'token':' π','logprob':-0.5,'bytes':[32,207,128],'top_logprobs':[]},"
        + "{'token':' = 3.\\n\\n','logprob':-0.5,'bytes':[32,61,32,51,46,10,10],'top_logprobs':[]},"
        + "{'token':'So 2π = 6.','logprob':-0.5,'bytes':[83,111,32,50,207,128,32,61,32,54,46],'top_logprobs':[]}"
        + "]}}],'usage':{'prompt_tokens':100,'completion_tokens':4}}";
    c = decode(chat, true, SamplingSpec.toEnd(1, 0.8, 64, 1)).continuations().get(0);
    assertEquals(List.of(3, 1), c.steps().stream().map(Step::tokens).toList());
  }

  @Test
  void brokenProtocolIsAClearError() {
    String few = "{'choices':[{'index':0,'text':'a','finish_reason':'stop'}],"
        + "'usage':{'prompt_tokens':1,'completion_tokens':1}}";
    MalformedResponseException e = assertThrows(MalformedResponseException.class,
        () -> decode(few, false, SamplingSpec.toEnd(3, 0.8, 8, 1)));
    assertTrue(e.getMessage().contains("1 choices for n=3"), e.getMessage());
    String noUsage = "{'choices':[{'index':0,'text':'a','finish_reason':'stop'}]}";
    e = assertThrows(MalformedResponseException.class, () -> decode(noUsage, false, SamplingSpec.toEnd(1, 0.8, 8, 1)));
    assertTrue(e.getMessage().contains("'usage'"), e.getMessage());
    String noFinish = "{'choices':[{'index':0,'text':'a','finish_reason':null}],"
        + "'usage':{'prompt_tokens':1,'completion_tokens':1}}";
    e = assertThrows(MalformedResponseException.class,
        () -> decode(noFinish, false, SamplingSpec.toEnd(1, 0.8, 8, 1)));
    assertTrue(e.getMessage().contains("finish_reason"), e.getMessage());
    String cached = "{'choices':[{'index':0,'text':'a','finish_reason':'stop'}],"
        + "'usage':{'prompt_tokens':1,'completion_tokens':1,'prompt_tokens_details':{'cached_tokens':5}}}";
    e = assertThrows(MalformedResponseException.class, () -> decode(cached, false, SamplingSpec.toEnd(1, 0.8, 8, 1)));
    assertTrue(e.getMessage().contains("5 cached prompt tokens of 1"), e.getMessage());
    String twice = "{'choices':[{'index':0,'text':'a','finish_reason':'stop'},{'index':0,'text':'b',"
        + "'finish_reason':'stop'}],'usage':{'prompt_tokens':1,'completion_tokens':1}}";
    e = assertThrows(MalformedResponseException.class, () -> decode(twice, false, SamplingSpec.toEnd(2, 0.8, 8, 1)));
    assertTrue(e.getMessage().contains("two choices have index 0"), e.getMessage());
  }
}
