package io.ttc4j.eval.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ttc4j.core.Budget;
import io.ttc4j.core.Generator;
import io.ttc4j.core.PriceModel;
import io.ttc4j.core.Problem;
import io.ttc4j.core.ProcessRewardModel;
import io.ttc4j.core.Search;
import io.ttc4j.core.SearchResult;
import io.ttc4j.core.SearchStrategy;
import io.ttc4j.core.Selection;
import io.ttc4j.core.StopReason;
import io.ttc4j.datasets.MathAnswers;
import io.ttc4j.eval.trace.Results;
import io.ttc4j.eval.trace.Trace;
import io.ttc4j.eval.trace.TraceRecorder;
import io.ttc4j.serving.OpenAiCompatibleGenerator;
import io.ttc4j.serving.PromptTemplate;
import io.ttc4j.serving.VllmPoolingRewardModel;
import io.ttc4j.sim.Simulator;
import io.ttc4j.sim.SimulatorPreset;
import io.ttc4j.strategies.BeamSearch;
import io.ttc4j.strategies.BestOfN;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --trace} and {@code --replay-trace} of {@code ttc solve} and {@code ttc sweep}, against loopback fakes. */
class TraceCommandTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** A made-up key, only ever in the fake environment of the commands under test. */
  private static final String SECRET = "sk-trace-cli-7e6d5c4b3a21";
  private static final String KEY_VAR = "TTC_TRACE_TEST_KEY";
  private static final String QUESTION = "What is 6 times 7?";

  @TempDir
  Path tmp;

  // ---------------------------------------------------------------------------------------------
  // the library against a served model

  @Test
  void aServedSearchRecordedOnceReplaysWithoutTheServer() throws Exception {
    Path file = tmp.resolve("served.jsonl");
    Problem problem = Problem.of("test/algebra/1", QUESTION);
    Budget budget = Budget.builder().priceModel(PriceModel.of(3, 15)).build();
    List<SearchStrategy> strategies = List.of(BestOfN.of(new BestOfN.Config(4, Selection.WEIGHTED,
        io.ttc4j.core.Aggregation.LAST, 0.8, 256, true)), BeamSearch.of(BeamSearch.Config.of(4, 2).withMaxTokens(64)));
    List<SearchResult> recorded = new ArrayList<>();
    try (SolveCommandTest.Fake server = new SolveCommandTest.Fake();
        OpenAiCompatibleGenerator g = OpenAiCompatibleGenerator.builder().baseUrl(server.baseUrl()).model("policy")
            .promptTemplate(PromptTemplate.plain()).build();
        VllmPoolingRewardModel p = VllmPoolingRewardModel.builder().baseUrl(server.baseUrl()).model("prm").build();
        TraceRecorder rec = TraceRecorder.create(file)) {
      Generator rg = rec.recording(g);
      ProcessRewardModel rp = rec.recording(p);
      for (SearchStrategy s : strategies) {
        recorded.add(search(rg, rp, s, budget).solve(problem).join());
      }
      assertTrue(server.requests("/pooling") > 0);
    }
    for (SearchResult r : recorded) {
      assertEquals(StopReason.COMPLETED, r.stopReason());
      assertEquals("42", r.answer());
      assertTrue(r.usage().cachedPromptTokens() > 0, "the fake reports cached tokens");
      assertTrue(r.usage().costNanoUsd() > 0);
    }
    // the server is gone
    Trace trace = Trace.read(file);
    assertEquals(List.of("policy"), trace.generatorNames());
    for (int i = 0; i < strategies.size(); i++) {
      SearchResult replayed = search(trace.replayingGenerator(), trace.replayingRewardModel(), strategies.get(i), budget)
          .solve(problem).join();
      Results.assertSame(recorded.get(i), replayed);
    }
  }

  private static Search search(Generator g, ProcessRewardModel p, SearchStrategy s, Budget b) {
    return Search.builder().generator(g).prm(p).strategy(s).budget(b).answerExtractor(MathAnswers.extractor())
        .equivalence(MathAnswers.equivalence()).build();
  }

  // ---------------------------------------------------------------------------------------------
  // ttc solve

  private static SolveCommandTest.Run solve(String... args) {
    return SolveCommandTest.ttc(Map.of(KEY_VAR, SECRET), args);
  }

  private static List<String> served(SolveCommandTest.Fake server, String... more) {
    List<String> a = new ArrayList<>(List.of("solve", "--base-url", server.baseUrl(), "--model", "policy",
        "--api-key-env", KEY_VAR, "--prm-url", server.baseUrl(), "--prm-model", "prm"));
    a.addAll(List.of(more));
    return a;
  }

  private static String[] array(List<String> a) {
    return a.toArray(String[]::new);
  }

  private static final String[] SEARCH = {"--strategy", "best-of-n", "--n", "4", "--price-input", "1",
      "--price-output", "2", "--seed", "5", QUESTION};

  @Test
  void solveRecordsATraceAndReplaysItWithoutAServerWithTheSameAnswerAndSpend() throws IOException {
    Path file = tmp.resolve("solve.jsonl");
    SolveCommandTest.Run recorded;
    try (SolveCommandTest.Fake server = new SolveCommandTest.Fake()) {
      List<String> a = served(server, "--trace", file.toString());
      a.addAll(List.of(SEARCH));
      recorded = solve(array(a));
      assertEquals(0, recorded.code(), recorded.err());
      assertEquals(1, server.requests("/v1/chat/completions"));
      assertEquals(1, server.requests("/pooling"));
      assertTrue(server.authorizations.contains("Bearer " + SECRET));
    }
    assertTrue(recorded.out().contains("answer: 42"), recorded.out());
    assertTrue(recorded.out().contains("prompt tokens:     100 (cached 40)"), recorded.out());
    String content = Files.readString(file, StandardCharsets.UTF_8);
    assertFalse(content.contains(SECRET), "the key is in the trace");
    assertFalse(content.contains(KEY_VAR), "not even the key's variable is in the trace");
    Trace trace = Trace.read(file);
    assertEquals("policy", trace.metadata().get("model"));
    assertEquals("ttc solve", trace.metadata().get("command"));
    assertEquals(2, trace.calls());

    List<String> replay = new ArrayList<>(List.of("solve", "--replay-trace", file.toString()));
    replay.addAll(List.of(SEARCH));
    SolveCommandTest.Run replayed = SolveCommandTest.ttc(Map.of(), array(replay));
    assertEquals(0, replayed.code(), replayed.err());
    assertEquals(recorded.out(), replayed.out());
    assertEquals("", replayed.err());
  }

  @Test
  void solveReplaysStepWiseBeamSearch() throws IOException {
    Path file = tmp.resolve("beam.jsonl");
    String[] beam = {"--strategy", "beam", "--n", "4", "--beam-width", "2", "--max-tokens", "64", QUESTION};
    SolveCommandTest.Run recorded;
    try (SolveCommandTest.Fake server = new SolveCommandTest.Fake()) {
      List<String> a = served(server, "--template", "plain", "--trace", file.toString());
      a.addAll(List.of(beam));
      recorded = solve(array(a));
      assertEquals(0, recorded.code(), recorded.err());
    }
    List<String> replay = new ArrayList<>(List.of("solve", "--replay-trace", file.toString()));
    replay.addAll(List.of(beam));
    SolveCommandTest.Run replayed = SolveCommandTest.ttc(Map.of(), array(replay));
    assertEquals(0, replayed.code(), replayed.err());
    assertEquals(recorded.out(), replayed.out());
  }

  @Test
  void solveReplayWithOtherSettingsFailsNamingWhatDiffered() throws IOException {
    Path file = tmp.resolve("other.jsonl");
    try (SolveCommandTest.Fake server = new SolveCommandTest.Fake()) {
      List<String> a = served(server, "--trace", file.toString());
      a.addAll(List.of(SEARCH));
      assertEquals(0, solve(array(a)).code());
    }
    SolveCommandTest.Run r = SolveCommandTest.ttc(Map.of(), "solve", "--replay-trace", file.toString(),
        "--strategy", "best-of-n", "--n", "8", "--seed", "5", QUESTION);
    assertEquals(1, r.code(), r.out() + r.err());
    assertTrue(r.err().startsWith("ttc solve: the search failed: no recorded generate call of generator 'policy' "
        + "for problem 'cli'"), r.err());
    assertTrue(r.err().contains("n (recorded 4, asked 8)"), r.err());

    SolveCommandTest.Run other = SolveCommandTest.ttc(Map.of(), "solve", "--replay-trace", file.toString(),
        "--strategy", "best-of-n", "--n", "4", "--seed", "5", "What is 7 times 6?");
    assertEquals(1, other.code(), other.out() + other.err());
    assertTrue(other.err().contains("another prompt"), other.err());
  }

  @Test
  void solveRecordsAServerFailureAndReplaysTheSameFailure() throws IOException {
    Path file = tmp.resolve("failing.jsonl");
    SolveCommandTest.Run recorded;
    try (SolveCommandTest.Fake server = new SolveCommandTest.Fake()) {
      server.failing = true;
      recorded = solve("solve", "--base-url", server.baseUrl(), "--model", "policy", "--api-key-env", KEY_VAR,
          "--max-attempts", "1", "--trace", file.toString(), "--strategy", "majority", "--n", "2", QUESTION);
    }
    assertEquals(1, recorded.code(), recorded.out() + recorded.err());
    assertFalse(Files.readString(file).contains(SECRET), "the key is in the trace");
    SolveCommandTest.Run replayed = SolveCommandTest.ttc(Map.of(), "solve", "--replay-trace", file.toString(),
        "--strategy", "majority", "--n", "2", QUESTION);
    assertEquals(1, replayed.code(), replayed.out() + replayed.err());
    assertEquals(recorded.err(), replayed.err());
  }

  @Test
  void solveTraceUsageErrorsNameTheOption() throws IOException {
    Path used = tmp.resolve("used.jsonl");
    Files.writeString(used, "{}\n");
    SolveCommandTest.Run exists = SolveCommandTest.ttc(Map.of(), "solve", "--base-url", "http://127.0.0.1:9",
        "--model", "m", "--trace", used.toString(), "--strategy", "majority", QUESTION);
    assertEquals(2, exists.code(), exists.err());
    assertTrue(exists.err().contains("--trace " + used + " is not empty"), exists.err());
    assertEquals("{}\n", Files.readString(used));

    Path file = tmp.resolve("t.jsonl");
    try (TraceRecorder rec = TraceRecorder.create(file)) {
      rec.recording(Simulator.create(SimulatorPreset.named("math500"), 0).generator());
    }
    SolveCommandTest.Run both = SolveCommandTest.ttc(Map.of(), "solve", "--replay-trace", file.toString(),
        "--base-url", "http://127.0.0.1:9", "--strategy", "majority", QUESTION);
    assertEquals(2, both.code(), both.err());
    assertTrue(both.err().contains("leave out --base-url"), both.err());

    SolveCommandTest.Run noPrm = SolveCommandTest.ttc(Map.of(), "solve", "--replay-trace", file.toString(),
        "--strategy", "beam", QUESTION);
    assertEquals(2, noPrm.code(), noPrm.err());
    assertTrue(noPrm.err().contains("holds none"), noPrm.err());

    SolveCommandTest.Run noServer = SolveCommandTest.ttc(Map.of(), "solve", "--strategy", "majority", QUESTION);
    assertEquals(2, noServer.code(), noServer.err());
    assertTrue(noServer.err().contains("--base-url"), noServer.err());

    SolveCommandTest.Run missing = SolveCommandTest.ttc(Map.of(), "solve", "--replay-trace",
        tmp.resolve("nope.jsonl").toString(), "--strategy", "majority", QUESTION);
    assertEquals(1, missing.code(), missing.err());
    assertTrue(missing.err().contains("no such file"), missing.err());
  }

  @Test
  void aTraceOfSeveralGeneratorsWhoseHeaderNamesNoneIsRefused() throws IOException {
    Path file = tmp.resolve("two.jsonl");
    Simulator sim = Simulator.create(SimulatorPreset.named("math500"), 0);
    try (TraceRecorder rec = TraceRecorder.create(file)) {
      rec.recording(sim.generator());
      rec.recording(sim.generator(3.0));
    }
    SolveCommandTest.Run r = SolveCommandTest.ttc(Map.of(), "solve", "--replay-trace", file.toString(),
        "--strategy", "majority", QUESTION);
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains("holds several generators"), r.err());
  }

  // ---------------------------------------------------------------------------------------------
  // ttc sweep

  private Path dataset() throws IOException {
    Path d = tmp.resolve("four.jsonl");
    Files.writeString(d, String.join("\n",
        "{\"id\":\"p1\",\"problem\":\"What is 1+1?\",\"answer\":\"2\"}",
        "{\"id\":\"p2\",\"problem\":\"What is 2+2?\",\"answer\":\"4\"}",
        "{\"id\":\"p3\",\"problem\":\"What is 3+3?\",\"answer\":\"6\"}",
        "{\"id\":\"p4\",\"problem\":\"What is 10/2?\",\"answer\":\"5\"}") + "\n", StandardCharsets.UTF_8);
    return d;
  }

  private static SweepServerTest.Run sweep(List<String> args) {
    return SweepServerTest.ttc(Map.of(KEY_VAR, SECRET), args.toArray(String[]::new));
  }

  private static List<String> sweepArgs(Path dataset, Path out, String... more) {
    List<String> a = new ArrayList<>(List.of("sweep", "--dataset", dataset.toString(), "--seeds", "0,1", "--n", "1,2",
        "--quiet", "--no-charts", "--concurrency", "3", "--out", out.toString()));
    a.addAll(List.of(more));
    return a;
  }

  @Test
  void aServedSweepRecordedOnceReplaysIdenticallyAndWithOtherRules() throws IOException {
    Path dataset = dataset();
    Path served = tmp.resolve("served");
    // inside the run folder, which the sweep creates only after it opened the clients
    Path file = served.resolve("trace.jsonl");
    try (SweepServerTest.Fake server = new SweepServerTest.Fake()) {
      SweepServerTest.Run r = sweep(sweepArgs(dataset, served, "--base-url", server.baseUrl(), "--model", "policy",
          "--api-key-env", KEY_VAR, "--prm-url", server.baseUrl(), "--prm-model", "prm",
          "--strategies", "weighted,majority", "--trace", file.toString()));
      assertEquals(0, r.code(), r.err());
      assertTrue(server.requests("/pooling") > 0);
    }
    assertFalse(Files.readString(file).contains(SECRET), "the key is in the trace");

    // the server is gone: the same sweep from the trace
    Path replayed = tmp.resolve("replayed");
    SweepServerTest.Run again = sweep(sweepArgs(dataset, replayed, "--strategies", "weighted,majority",
        "--replay-trace", file.toString()));
    assertEquals(0, again.code(), again.err());
    assertEquals("", again.err());
    for (String f : List.of("results.jsonl", "summary.csv", "samples.jsonl", "compute.csv")) {
      assertEquals(Files.readString(served.resolve(f)), Files.readString(replayed.resolve(f)), f);
    }
    String report = Files.readString(replayed.resolve("report.md"));
    assertTrue(report.contains("policy at "), report);
    assertTrue(report.contains("replayed from " + file), report);
    JsonNode srv = JSON.readTree(replayed.resolve("sweep.json").toFile()).get("server");
    assertEquals(file.toAbsolutePath().normalize().toString(), srv.get("replay_trace").asText());
    assertEquals("policy", srv.get("model").asText());

    // other selection rules on the same recorded calls, for free
    Path rules = tmp.resolve("rules");
    SweepServerTest.Run other = sweep(sweepArgs(dataset, rules, "--strategies", "first,naive,weighted,majority,oracle",
        "--replay-trace", file.toString()));
    assertEquals(0, other.code(), other.err());
    List<String> rows = Files.readAllLines(rules.resolve("results.jsonl"));
    assertEquals(4 * 2 * 2 * 5, rows.size());
    assertTrue(rows.stream().noneMatch(l -> l.contains("\"error\"")), rows.toString());

    // a killed replay resumes from the trace named in sweep.json
    List<String> lines = Files.readAllLines(replayed.resolve("results.jsonl"));
    Files.write(replayed.resolve("results.jsonl"), lines.subList(0, lines.size() - 4));
    SweepServerTest.Run resumed = sweep(List.of("sweep", "--resume", replayed.toString(), "--quiet", "--no-charts"));
    assertEquals(0, resumed.code(), resumed.err());
    assertEquals(Files.readString(served.resolve("results.jsonl")), Files.readString(replayed.resolve("results.jsonl")));
  }

  @Test
  void aSweepReplayAskingForUnrecordedCallsSaysWhichDiffered() throws IOException {
    Path dataset = dataset();
    Path file = tmp.resolve("small.trace.jsonl");
    try (SweepServerTest.Fake server = new SweepServerTest.Fake()) {
      SweepServerTest.Run r = sweep(sweepArgs(dataset, tmp.resolve("a"), "--base-url", server.baseUrl(), "--model",
          "policy", "--strategies", "majority", "--trace", file.toString()));
      assertEquals(0, r.code(), r.err());
    }
    List<String> more = sweepArgs(dataset, tmp.resolve("b"), "--strategies", "majority", "--replay-trace",
        file.toString());
    more.set(more.indexOf("1,2"), "1,4");
    SweepServerTest.Run r = sweep(more);
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("searches failed and count as wrong"), r.err());
    assertTrue(r.err().contains("n (recorded 2, asked 4)") || r.err().contains("n (recorded 1, asked 4)"), r.err());
  }

  @Test
  void sweepTraceUsageErrors() throws IOException {
    Path dataset = dataset();
    SweepServerTest.Run sim = sweep(sweepArgs(dataset, tmp.resolve("sim"), "--trace", tmp.resolve("x.jsonl").toString()));
    assertEquals(2, sim.code(), sim.err());
    assertTrue(sim.err().contains("--trace records the calls to a server and needs --base-url"), sim.err());

    Path used = tmp.resolve("used.jsonl");
    Files.writeString(used, "x\n");
    SweepServerTest.Run exists = sweep(sweepArgs(dataset, tmp.resolve("e"), "--base-url", "http://127.0.0.1:9",
        "--model", "m", "--trace", used.toString()));
    assertEquals(2, exists.code(), exists.err());
    assertTrue(exists.err().contains("is not empty"), exists.err());
    assertFalse(Files.exists(tmp.resolve("e").resolve("sweep.json")));

    SweepServerTest.Run both = sweep(sweepArgs(dataset, tmp.resolve("b"), "--replay-trace", used.toString(),
        "--model", "m"));
    assertEquals(2, both.code(), both.err());
    assertTrue(both.err().contains("leave out --model"), both.err());

    SweepServerTest.Run broken = sweep(sweepArgs(dataset, tmp.resolve("c"), "--replay-trace", used.toString()));
    assertEquals(1, broken.code(), broken.err());
    assertTrue(broken.err().contains(used + ":1:"), broken.err());
  }
}
