package io.ttc4j.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ttc4j.core.Budget;
import io.ttc4j.core.GenerationResult;
import io.ttc4j.core.Generator;
import io.ttc4j.core.Problem;
import io.ttc4j.core.SamplingSpec;
import io.ttc4j.core.Search;
import io.ttc4j.core.SearchResult;
import io.ttc4j.core.Selection;
import io.ttc4j.core.StopReason;
import io.ttc4j.core.Trajectory;
import io.ttc4j.datasets.MathAnswers;
import io.ttc4j.strategies.BestOfN;
import io.ttc4j.serving.FakeServer.Fault;
import io.ttc4j.serving.FakeServer.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ResilienceTest {

  private final List<Problem> problems = Fixtures.problems(4);
  private final SamplingSpec spec = SamplingSpec.toEnd(4, 0.8, 1024, 21);
  private FakeServer server;
  private GenerationResult expected;

  @BeforeEach
  void start() throws Exception {
    server = new FakeServer(Fixtures.sim(), problems, Fixtures.TEMPLATE, null);
    expected = Fixtures.sim().generator().generate(problems.get(0), Trajectory.empty(), spec).join();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static ServingException failure(CompletableFuture<?> f) {
    CompletionException e = assertThrows(CompletionException.class, f::join);
    return assertInstanceOf(ServingException.class, e.getCause());
  }

  private void assertExpected(GenerationResult r) {
    assertEquals(expected.usage(), r.usage());
    for (int i = 0; i < expected.continuations().size(); i++) {
      assertTrue(Trajectory.empty().appendAll(expected.continuations().get(i).steps())
          .sameSteps(Trajectory.empty().appendAll(r.continuations().get(i).steps())), "continuation " + i);
    }
  }

  @Test
  void retriesServerErrorsGarbageTruncationAndDroppedConnectionsToTheSameAnswer() {
    server.script(Fault.status(503), Fault.status(500), Fault.of(Kind.GARBAGE), Fault.of(Kind.TRUNCATED),
        Fault.of(Kind.DISCONNECT), Fault.status(429, "0"), Fault.status(502));
    try (ServerEndpoint e = Fixtures.endpoint(server, Fixtures.fastConfig(8, Duration.ofSeconds(5)))) {
      GenerationResult r = Fixtures.generator(e, false).generate(problems.get(0), Trajectory.empty(), spec).join();
      assertExpected(r);
      assertEquals(8, server.requests.get(), "seven failures, then the answer");
    }
  }

  @Test
  void slowAnswersAndStalledBodiesTimeOutAndAreRetried() {
    server.script(Fault.of(Kind.SLOW, 1500), Fault.of(Kind.STALL_BODY, 1500));
    try (ServerEndpoint e = Fixtures.endpoint(server, Fixtures.fastConfig(3, Duration.ofMillis(400)))) {
      long t0 = System.nanoTime();
      GenerationResult r = Fixtures.generator(e, false).generate(problems.get(0), Trajectory.empty(), spec).join();
      assertExpected(r);
      assertEquals(3, server.requests.get());
      assertTrue(System.nanoTime() - t0 < TimeUnit.MILLISECONDS.toNanos(2500), "each attempt cut at 400 ms, not 1500");
    }
  }

  @Test
  void clientErrorsAreNotRetried() {
    server.script(Fault.status(400));
    try (ServerEndpoint e = Fixtures.endpoint(server, Fixtures.fastConfig(5, Duration.ofSeconds(5)))) {
      ServingException x = failure(Fixtures.generator(e, false).generate(problems.get(0), Trajectory.empty(), spec));
      assertEquals(400, x.statusCode());
      assertEquals(1, x.attempts());
      assertFalse(x.isRetryable());
      assertEquals(1, server.requests.get());
      assertTrue(x.getMessage().contains("POST " + server.baseUrl() + "/v1/chat/completions"), x.getMessage());
      assertTrue(x.getMessage().contains("HTTP 400: injected 400"), x.getMessage());
    }
  }

  @Test
  void exhaustedRetriesReportTheLastErrorAndTheAttempts() {
    server.script(Fault.status(503), Fault.status(503), Fault.status(503));
    try (ServerEndpoint e = Fixtures.endpoint(server, Fixtures.fastConfig(3, Duration.ofSeconds(5)))) {
      ServingException x = failure(Fixtures.generator(e, false).generate(problems.get(0), Trajectory.empty(), spec));
      assertEquals(503, x.statusCode());
      assertEquals(3, x.attempts());
      assertTrue(x.isRetryable());
      assertTrue(x.getMessage().contains("failed after 3 attempts: HTTP 503: injected 503"), x.getMessage());
    }
    server.script(Fault.of(Kind.GARBAGE), Fault.of(Kind.TRUNCATED));
    try (ServerEndpoint e = Fixtures.endpoint(server, Fixtures.fastConfig(2, Duration.ofSeconds(5)))) {
      ServingException x = failure(Fixtures.generator(e, false).generate(problems.get(0), Trajectory.empty(), spec));
      assertEquals(200, x.statusCode());
      assertTrue(x.getMessage().contains("failed after 2 attempts: malformed JSON body"), x.getMessage());
    }
  }

  @Test
  void retryAfterIsHonouredAndAnExcessiveOneFailsFast() {
    server.script(Fault.status(429, "1"));
    try (ServerEndpoint e = Fixtures.endpoint(server, Fixtures.fastConfig(3, Duration.ofSeconds(5)))) {
      long t0 = System.nanoTime();
      assertExpected(Fixtures.generator(e, false).generate(problems.get(0), Trajectory.empty(), spec).join());
      assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(950), "waited for Retry-After: 1");
    }
    server.script(Fault.status(503, "120"));
    try (ServerEndpoint e = Fixtures.endpoint(server, Fixtures.fastConfig(3, Duration.ofSeconds(5)))) {
      long t0 = System.nanoTime();
      ServingException x = failure(Fixtures.generator(e, false).generate(problems.get(0), Trajectory.empty(), spec));
      assertTrue(x.getMessage().contains("asked to retry after 120000 ms, more than maxRetryAfter 5000 ms"),
          x.getMessage());
      assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(2));
    }
  }

  @Test
  void fewerChoicesThanAskedIsAClearErrorNotASilentPartialAnswer() {
    server.script(Fault.of(Kind.FEWER_CHOICES));
    try (ServerEndpoint e = Fixtures.endpoint(server, Fixtures.fastConfig(3, Duration.ofSeconds(5)))) {
      ServingException x = failure(Fixtures.generator(e, false).generate(problems.get(0), Trajectory.empty(), spec));
      assertTrue(x.getMessage().contains("POST " + server.baseUrl() + "/v1/chat/completions"), x.getMessage());
      assertTrue(x.getMessage().contains("3 choices for n=4"), x.getMessage());
      assertEquals(1, x.attempts());
    }
  }

  @Test
  void cancellingAbortsTheExchangeInFlight() throws Exception {
    server.script(Fault.of(Kind.HANG));
    try (ServerEndpoint e = Fixtures.endpoint(server, Fixtures.fastConfig(3, Duration.ofSeconds(30)))) {
      CompletableFuture<GenerationResult> f =
          Fixtures.generator(e, false).generate(problems.get(0), Trajectory.empty(), spec);
      assertTrue(server.hanging.await(5, TimeUnit.SECONDS), "the request reached the server");
      assertEquals(1, e.requestsInFlight());
      f.cancel(true);
      assertTrue(server.clientWentAway.await(5, TimeUnit.SECONDS), "the server saw the connection close");
      assertEquals(0, e.requestsInFlight(), "the permit came back");
      assertEquals(1, server.requests.get(), "no retry after a cancel");
    }
  }

  @Test
  void cancellingASearchOrItsDeadlineAbortsTheServedCall() throws Exception {
    server.script(Fault.of(Kind.HANG));
    try (ServerEndpoint e = Fixtures.endpoint(server, Fixtures.fastConfig(3, Duration.ofSeconds(30)))) {
      Search search = Search.builder().generator(Fixtures.generator(e, false))
          .strategy(BestOfN.of(4, Selection.MAJORITY)).answerExtractor(MathAnswers.extractor()).build();
      CompletableFuture<SearchResult> f = search.solve(problems.get(0));
      assertTrue(server.hanging.await(5, TimeUnit.SECONDS));
      f.cancel(true);
      assertTrue(server.clientWentAway.await(5, TimeUnit.SECONDS), "the search's cancel reached the socket");

      server.hanging = new java.util.concurrent.CountDownLatch(1);
      server.clientWentAway = new java.util.concurrent.CountDownLatch(1);
      server.script(Fault.of(Kind.HANG));
      Budget deadline = Budget.builder().deadline(Duration.ofMillis(500)).build();
      SearchResult r = search.solve(problems.get(1), deadline, 1).get(10, TimeUnit.SECONDS);
      assertEquals(StopReason.DEADLINE, r.stopReason(), "the deadline stopped the search");
      assertTrue(server.clientWentAway.await(5, TimeUnit.SECONDS), "the deadline aborted the exchange");
      assertEquals(0, e.requestsInFlight());
    }
  }

  @Test
  void aQueuedCallCancelledBeforeItsTurnIsNeverSent() throws Exception {
    server.script(Fault.of(Kind.HANG));
    EndpointConfig one = Fixtures.fastConfig(3, Duration.ofSeconds(30)).withMaxConcurrentRequests(1);
    try (ServerEndpoint e = Fixtures.endpoint(server, one)) {
      Generator g = Fixtures.generator(e, false);
      CompletableFuture<GenerationResult> first = g.generate(problems.get(0), Trajectory.empty(), spec);
      assertTrue(server.hanging.await(5, TimeUnit.SECONDS));
      CompletableFuture<GenerationResult> second = g.generate(problems.get(1), Trajectory.empty(), spec);
      assertEquals(1, e.requestsQueued());
      second.cancel(true);
      first.cancel(true);
      CompletableFuture<GenerationResult> third = g.generate(problems.get(2), Trajectory.empty(), spec);
      assertEquals(4, third.get(10, TimeUnit.SECONDS).continuations().size());
      assertEquals(2, server.requests.get(), "the cancelled queued call never reached the server");
    }
  }

  @Test
  void concurrencyLimitQueuesWithoutBlockingTheCaller() {
    EndpointConfig three = Fixtures.fastConfig(3, Duration.ofSeconds(10)).withMaxConcurrentRequests(3);
    try (ServerEndpoint e = Fixtures.endpoint(server, three)) {
      Generator g = Fixtures.generator(e, false);
      g.generate(problems.get(0), Trajectory.empty(), spec).join(); // warm up the client
      server.delayMillis = 400;
      List<CompletableFuture<GenerationResult>> calls = new ArrayList<>();
      for (int i = 0; i < 9; i++) {
        calls.add(g.generate(problems.get(i % problems.size()), Trajectory.empty(),
            SamplingSpec.toEnd(2, 0.8, 256, i)));
      }
      // a blocking semaphore would have waited for the first answers before taking call 4
      assertTrue(calls.stream().noneMatch(CompletableFuture::isDone), "9 calls submitted before any answer");
      assertTrue(e.requestsQueued() + e.requestsInFlight() <= 9);
      calls.forEach(CompletableFuture::join);
      assertTrue(server.maxConcurrent() <= 3, "at most 3 in flight, saw " + server.maxConcurrent());
      assertTrue(server.maxConcurrent() >= 2, "the limit was used, saw " + server.maxConcurrent());
      assertEquals(0, e.requestsInFlight());
      assertEquals(0, e.requestsQueued());
    }
  }

  private static long ownedThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith("ttc4j-serving-leakcheck-")).count();
  }

  @Test
  void closingStopsTheOwnedThreadsAndLeavesASuppliedExecutorAlone() throws Exception {
    ServerEndpoint e = ServerEndpoint.builder(server.baseUrl()).name("leakcheck")
        .config(Fixtures.fastConfig(2, Duration.ofSeconds(5))).build();
    Generator g = Fixtures.generator(e, false);
    for (int i = 0; i < 4; i++) {
      g.generate(problems.get(i), Trajectory.empty(), spec).join();
    }
    assertTrue(ownedThreads() > 0);
    e.close();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (ownedThreads() > 0 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertEquals(0, ownedThreads(), "no thread left behind");
    ServingException x = failure(g.generate(problems.get(0), Trajectory.empty(), spec));
    assertTrue(x.getMessage().contains("closed"), x.getMessage());

    ExecutorService mine = Executors.newFixedThreadPool(2);
    try {
      ServerEndpoint s = ServerEndpoint.builder(server.baseUrl()).executor(mine)
          .config(Fixtures.fastConfig(2, Duration.ofSeconds(5))).build();
      Fixtures.generator(s, false).generate(problems.get(0), Trajectory.empty(), spec).join();
      s.close();
      assertFalse(mine.isShutdown(), "a supplied executor belongs to the caller");
    } finally {
      mine.shutdownNow();
    }
  }

  @Test
  void aRetryRefusedByAShutDownSuppliedExecutorFailsTheCall() throws Exception {
    ExecutorService mine = Executors.newFixedThreadPool(2);
    server.script(Fault.status(503));
    EndpointConfig slowRetry = Fixtures.fastConfig(3, Duration.ofSeconds(5))
        .withRetry(Fixtures.fastRetries(3).withBackoff(Duration.ofMillis(300), Duration.ofMillis(300)));
    try (ServerEndpoint e = ServerEndpoint.builder(server.baseUrl()).executor(mine).config(slowRetry).build()) {
      CompletableFuture<GenerationResult> f =
          Fixtures.generator(e, false).generate(problems.get(0), Trajectory.empty(), spec);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (server.requests.get() < 1 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      Thread.sleep(50); // the 503 is in, the retry is pausing
      mine.shutdownNow();
      ServingException x = assertInstanceOf(ServingException.class,
          assertThrows(java.util.concurrent.ExecutionException.class, () -> f.get(5, TimeUnit.SECONDS)).getCause());
      assertTrue(x.getMessage().contains("refused"), x.getMessage());
    } finally {
      mine.shutdownNow();
    }
  }

  @Test
  void closingFailsCallsInFlight() throws Exception {
    server.script(Fault.of(Kind.HANG));
    ServerEndpoint e = Fixtures.endpoint(server, Fixtures.fastConfig(3, Duration.ofSeconds(30)));
    CompletableFuture<GenerationResult> f =
        Fixtures.generator(e, false).generate(problems.get(0), Trajectory.empty(), spec);
    assertTrue(server.hanging.await(5, TimeUnit.SECONDS));
    e.close();
    ServingException x = failure(f);
    assertTrue(x.getMessage().contains("closed"), x.getMessage());
    assertTrue(server.clientWentAway.await(5, TimeUnit.SECONDS));
  }

  @Test
  void backoffIsReproducibleBoundedAndJittered() {
    RetryPolicy p = RetryPolicy.ofDefaults();
    assertEquals(p.backoff(2, 77), p.backoff(2, 77));
    for (int r = 1; r <= 10; r++) {
      Duration d = p.backoff(r, r * 31L);
      Duration full = Duration.ofNanos((long) Math.min(250e6 * Math.pow(2, r - 1), 8e9));
      assertTrue(d.compareTo(full) <= 0 && d.toNanos() >= full.toNanos() / 2 - 1, r + ": " + d);
    }
    assertThrows(IllegalArgumentException.class, () -> p.withMaxAttempts(0));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new RetryPolicy(3, Duration.ofSeconds(2), Duration.ofSeconds(1), 2, 0.5, Duration.ZERO, 0));
    assertTrue(e.getMessage().contains("maxBackoff"));
    assertThrows(IllegalArgumentException.class, () -> EndpointConfig.ofDefaults().withMaxConcurrentRequests(0));
    assertThrows(IllegalArgumentException.class, () -> EndpointConfig.ofDefaults().withRequestTimeout(Duration.ZERO));
  }
}
