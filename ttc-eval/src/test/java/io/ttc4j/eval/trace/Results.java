package io.ttc4j.eval.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ttc4j.core.Candidate;
import io.ttc4j.core.SearchResult;
import io.ttc4j.core.Step;
import java.util.List;

/** Bit-for-bit comparison of search results (trajectories are compared by content, scores by bits). */
public final class Results {

  private Results() {}

  public static void assertSame(SearchResult expected, SearchResult actual) {
    assertEquals(expected.answer(), actual.answer(), "answer");
    assertEquals(expected.stopReason(), actual.stopReason(), "stop reason");
    assertEquals(expected.usage(), actual.usage(), "usage");
    assertEquals(expected.failure() == null ? null : expected.failure().getMessage(),
        actual.failure() == null ? null : actual.failure().getMessage(), "failure");
    assertEquals(expected.candidates().size(), actual.candidates().size(), "candidates");
    for (int i = 0; i < expected.candidates().size(); i++) {
      Candidate e = expected.candidates().get(i);
      Candidate a = actual.candidates().get(i);
      String at = "candidate " + i;
      assertEquals(e.index(), a.index(), at + " index");
      assertEquals(e.answer(), a.answer(), at + " answer");
      assertEquals(Double.doubleToLongBits(e.score()), Double.doubleToLongBits(a.score()), at + " score bits");
      assertEquals(bits(e.stepScores()), bits(a.stepScores()), at + " step score bits");
      List<Step> es = e.trajectory().steps();
      List<Step> as = a.trajectory().steps();
      assertEquals(es, as, at + " steps");
      for (int j = 0; j < es.size(); j++) {
        assertEquals(Double.doubleToLongBits(es.get(j).logProbability()),
            Double.doubleToLongBits(as.get(j).logProbability()), at + " step " + j + " logprob bits");
      }
    }
  }

  public static List<Long> bits(double[] values) {
    if (values == null) return null;
    java.util.ArrayList<Long> out = new java.util.ArrayList<>();
    for (double d : values) out.add(Double.doubleToLongBits(d));
    return out;
  }
}
