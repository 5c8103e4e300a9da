package io.ttc4j.datasets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ttc4j.core.AnswerEquivalence;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The grader on a table of answer pairs, one rule per section, unequal pairs as many as equal ones
 * matter: {@code grader-cases.tsv} next to this class (verdict, a, b, why).
 */
class MathGraderCasesTest {

  private static final AnswerEquivalence EQ = MathAnswers.equivalence();

  /** One row of the table. */
  record Case(int line, boolean equivalent, String a, String b, String why) {
    @Override
    public String toString() {
      return "line " + line + ": '" + a + "' " + (equivalent ? "=" : "!=") + " '" + b + "'"
          + (why.isEmpty() ? "" : " (" + why + ")");
    }
  }

  private static List<Case> cases;

  @BeforeAll
  static void load() throws IOException {
    cases = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(Objects.requireNonNull(
        MathGraderCasesTest.class.getResourceAsStream("grader-cases.tsv")), StandardCharsets.UTF_8))) {
      String line;
      int number = 0;
      while ((line = r.readLine()) != null) {
        number++;
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t", -1);
        assertTrue(f.length == 3 || f.length == 4, "line " + number + " needs 3 or 4 tab-separated fields: " + line);
        assertTrue(f[0].equals("=") || f[0].equals("!="), "line " + number + ": verdict must be = or !=");
        cases.add(new Case(number, f[0].equals("="), f[1], f[2], f.length == 4 ? f[3] : ""));
      }
    }
  }

  @Test
  void everyPairGetsItsVerdictInBothOrders() {
    List<String> wrong = new ArrayList<>();
    for (Case c : cases) {
      boolean ab = EQ.equivalent(c.a(), c.b());
      boolean ba = EQ.equivalent(c.b(), c.a());
      if (ab != c.equivalent() || ba != c.equivalent()) {
        wrong.add(c + " but got " + ab + "/" + ba);
      }
    }
    long equal = cases.stream().filter(Case::equivalent).count();
    System.out.println("grader cases: " + cases.size() + " pairs (" + equal + " equivalent, " + (cases.size() - equal)
        + " not), wrong " + wrong.size());
    assertTrue(cases.size() >= 300, "the table shrank to " + cases.size());
    assertTrue(cases.size() - equal >= 100, "unequal pairs matter as much as equal ones");
    assertEquals(List.of(), wrong);
  }

  @Test
  void everyAnswerIsEquivalentToItself() {
    for (Case c : cases) {
      assertTrue(EQ.equivalent(c.a(), c.a()), c.a());
      assertTrue(EQ.equivalent(c.b(), c.b()), c.b());
    }
  }

  @Test
  void pairsWithEqualKeysAreEquivalent() {
    for (Case c : cases) {
      if (EQ.key(c.a()).equals(EQ.key(c.b()))) {
        assertTrue(c.equivalent(), "equal keys for a pair the table says differ: " + c);
      }
    }
  }

  /** Many threads grading the table at once get the verdicts one thread gets: no shared state. */
  @Test
  void gradingIsThreadSafe() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<List<Boolean>>> runs = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        runs.add(pool.submit(() -> cases.stream().map(c -> EQ.equivalent(c.a(), c.b())).toList()));
      }
      List<Boolean> expected = cases.stream().map(Case::equivalent).toList();
      for (Future<List<Boolean>> run : runs) {
        assertEquals(expected, run.get(60, TimeUnit.SECONDS));
      }
    } finally {
      pool.shutdownNow();
      assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
    }
  }
}
