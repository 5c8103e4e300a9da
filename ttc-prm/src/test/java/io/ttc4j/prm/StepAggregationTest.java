package io.ttc4j.prm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.lists;

import io.ttc4j.core.Aggregation;
import java.util.List;
import org.junit.jupiter.api.Test;

class StepAggregationTest {

  private static final double[] S = {0.9, 0.5, 0.8};

  @Test
  void values() {
    assertEquals(0.8, StepAggregation.LAST.aggregate(S));
    assertEquals(0.5, StepAggregation.MIN.aggregate(S));
    assertEquals(0.9, StepAggregation.MAX.aggregate(S));
    assertEquals(0.36, StepAggregation.PRODUCT.aggregate(S), 1e-12);
    assertEquals(2.2 / 3, StepAggregation.MEAN.aggregate(S), 1e-12);
    assertEquals(Math.cbrt(0.36), StepAggregation.GEOMETRIC_MEAN.aggregate(S), 1e-12);
    assertEquals(Math.log(0.36), StepAggregation.LOG_PRODUCT.aggregate(S), 1e-12);
    assertEquals(Math.log(9) + 0 + Math.log(4), StepAggregation.SUM_LOGITS.aggregate(S), 1e-12);
  }

  @Test
  void edgeCases() {
    for (StepAggregation a : StepAggregation.values()) {
      assertTrue(Double.isNaN(a.aggregate(new double[0])), a + " of nothing");
      assertTrue(Double.isNaN(a.aggregate(new double[] {0.5, Double.NaN})), a + " with a NaN step");
    }
    assertEquals(Double.NEGATIVE_INFINITY, StepAggregation.LOG_PRODUCT.aggregate(new double[] {0.5, 0}));
    assertTrue(Double.isFinite(StepAggregation.SUM_LOGITS.aggregate(new double[] {0, 1})), "clamped");
    assertEquals(0, StepAggregation.SUM_LOGITS.aggregate(new double[] {0, 1}), 1e-9);
  }

  @Test
  void coresFourAgreeWithCore() {
    for (Aggregation a : Aggregation.values()) {
      assertEquals(a.aggregate(S), StepAggregation.of(a).aggregate(S));
      assertEquals(a, StepAggregation.of(a).core().orElseThrow());
    }
    assertTrue(StepAggregation.MAX.core().isEmpty());
  }

  @Test
  void logProductAndGeometricMeanOrderLikeProduct() {
    qt().forAll(lists().of(doubles().between(0.01, 1)).ofSizeBetween(1, 30),
            lists().of(doubles().between(0.01, 1)).ofSizeBetween(1, 30))
        .checkAssert((a, b) -> {
          double[] x = toArray(a);
          double[] y = toArray(b);
          double px = StepAggregation.PRODUCT.aggregate(x);
          double py = StepAggregation.PRODUCT.aggregate(y);
          if (Math.abs(px - py) > 1e-9 * Math.max(px, py)) {
            assertEquals(px > py, StepAggregation.LOG_PRODUCT.aggregate(x) > StepAggregation.LOG_PRODUCT.aggregate(y));
          }
          double g = StepAggregation.GEOMETRIC_MEAN.aggregate(x);
          assertTrue(g <= StepAggregation.MEAN.aggregate(x) + 1e-12, "AM-GM");
          assertTrue(g >= StepAggregation.MIN.aggregate(x) - 1e-12);
        });
  }

  private static double[] toArray(List<Double> xs) {
    return xs.stream().mapToDouble(Double::doubleValue).toArray();
  }

  @Test
  void parsesNames() {
    assertEquals(StepAggregation.GEOMETRIC_MEAN, StepAggregation.parse("geometric-mean"));
    assertEquals(StepAggregation.SUM_LOGITS, StepAggregation.parse(" Sum_Logits "));
    assertEquals(StepAggregation.LAST, StepAggregation.parse("last"));
    assertEquals("log-product", StepAggregation.LOG_PRODUCT.label());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StepAggregation.parse("median"));
    assertTrue(e.getMessage().endsWith("got 'median'"), e.getMessage());
  }
}
