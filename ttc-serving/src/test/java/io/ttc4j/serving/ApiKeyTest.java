package io.ttc4j.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ttc4j.core.Problem;
import io.ttc4j.core.SamplingSpec;
import io.ttc4j.core.Trajectory;
import io.ttc4j.serving.FakeServer.Fault;
import io.ttc4j.serving.FakeServer.Kind;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class ApiKeyTest {

  private static final String KEY = "sk-ttc4j-test-7f3a9c2e5b1d";
  private static final String WRONG = "sk-wrong-0c9e8d7f6a5b";

  private final List<Problem> problems = Fixtures.problems(2);
  private final SamplingSpec spec = SamplingSpec.toEnd(2, 0.8, 512, 3);
  private FakeServer server;
  private final List<String> exceptionTexts = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    server = new FakeServer(Fixtures.sim(), problems, Fixtures.TEMPLATE, KEY);
    server.echoAuthorization = true;
    CapturedLogs.clear();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private ServerEndpoint endpoint(String key, int attempts) {
    return ServerEndpoint.builder(server.baseUrl()).apiKey(key).name("keytest")
        .config(Fixtures.fastConfig(attempts, Duration.ofSeconds(5))).build();
  }

  private ServingException failure(CompletableFuture<?> f) {
    CompletionException e = assertThrows(CompletionException.class, f::join);
    StringWriter w = new StringWriter();
    e.printStackTrace(new PrintWriter(w));
    exceptionTexts.add(w.toString());
    exceptionTexts.add(String.valueOf(e.getCause()));
    return assertInstanceOf(ServingException.class, e.getCause());
  }

  @Test
  void theKeyIsSentButNeverLoggedThrownOrPrinted() {
    assertEquals(CapturedLogs.class.getName() + "$Capturing",
        LoggerFactory.getLogger(ApiKeyTest.class).getClass().getName(), "logs are captured for the scan");

    // the right key, through retries that log at debug level with error bodies echoing the header
    server.script(Fault.status(503), Fault.of(Kind.GARBAGE), Fault.status(500));
    try (ServerEndpoint e = endpoint(KEY, 5)) {
      Fixtures.generator(e, false).generate(problems.get(0), Trajectory.empty(), spec).join();
      assertFalse(e.toString().contains(KEY), e.toString());
      assertTrue(e.toString().contains("apiKey=set"));
      OpenAiCompatibleGenerator g = Fixtures.generator(e, false);
      assertFalse(g.toString().contains(KEY));
      VllmPoolingRewardModel pooling = VllmPoolingRewardModel.builder().endpoint(e).model("m").build();
      LogprobRewardModel plusMinus = LogprobRewardModel.builder().endpoint(e).model("m").build();
      assertFalse(pooling.toString().contains(KEY));
      assertFalse(plusMinus.toString().contains(KEY));

      // retries run out on an error body that echoes the key
      server.script(Fault.status(503), Fault.status(503), Fault.status(503), Fault.status(503), Fault.status(503));
      ServingException x = failure(Fixtures.generator(e, false).generate(problems.get(0), Trajectory.empty(), spec));
      assertTrue(x.getMessage().contains("[redacted]"), x.getMessage());
    }
    for (FakeServer.Received r : server.received()) {
      assertEquals("Bearer " + KEY, r.authorization(), "the key travels in the Authorization header");
    }

    // a wrong key: the 401 body echoes it back
    try (ServerEndpoint e = endpoint(WRONG, 3)) {
      ServingException x = failure(Fixtures.generator(e, false).generate(problems.get(0), Trajectory.empty(), spec));
      assertEquals(401, x.statusCode());
      assertEquals(1, x.attempts(), "401 is not retried");
      assertTrue(x.getMessage().contains("Incorrect API key provided: Bearer [redacted]"), x.getMessage());
    }

    List<String> logs = CapturedLogs.lines();
    assertTrue(logs.stream().anyMatch(l -> l.contains("retrying in")), "retries were logged: " + logs);
    for (String secret : List.of(KEY, WRONG)) {
      for (String line : logs) {
        assertFalse(line.contains(secret), "a log line shows the key: " + line);
      }
      for (String text : exceptionTexts) {
        assertFalse(text.contains(secret), "an exception shows the key: " + text);
      }
    }
  }

  @Test
  void aMissingEnvironmentVariableIsNamedAndAKeyIsNeverEchoedByValidation() {
    String var = "TTC4J_SURELY_UNSET_VARIABLE_4711";
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ServerEndpoint.builder(server.baseUrl()).apiKeyFromEnv(var));
    assertTrue(e.getMessage().contains(var) && e.getMessage().contains("unset"), e.getMessage());
    IllegalArgumentException b = assertThrows(IllegalArgumentException.class,
        () -> ServerEndpoint.builder(server.baseUrl()).apiKey("sk-line\nbreak"));
    assertFalse(b.getMessage().contains("sk-line"));
  }
}
