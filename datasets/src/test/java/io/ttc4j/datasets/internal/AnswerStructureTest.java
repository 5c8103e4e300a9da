package io.ttc4j.datasets.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.ttc4j.datasets.internal.AnswerStructure.Collection;
import io.ttc4j.datasets.internal.AnswerStructure.Kind;
import io.ttc4j.datasets.internal.AnswerStructure.Matrix;
import io.ttc4j.datasets.internal.AnswerStructure.Part;
import io.ttc4j.datasets.internal.AnswerStructure.Relation;
import io.ttc4j.datasets.internal.AnswerStructure.Scalar;
import io.ttc4j.datasets.internal.AnswerStructure.Sequence;
import org.junit.jupiter.api.Test;

/** The shapes the structure parser reads. */
class AnswerStructureTest {

  private static Part parse(String latex) {
    return AnswerStructure.parse(AnswerNormalizer.gradingForm(latex), new Budget(1_000_000));
  }

  private static String text(Part p) {
    return ((Scalar) p).text();
  }

  @Test
  void aValueIsAScalar() {
    assertEquals("\\frac{1}{2}", text(parse("\\frac12")));
    assertEquals("(x+1)", text(parse("(x+1)")), "brackets around one value are grouping");
    assertEquals("(a+5)(b+2)", text(parse("(a+5)(b+2)")));
  }

  @Test
  void tuplesAndIntervalsKeepTheirBrackets() {
    Sequence s = assertInstanceOf(Sequence.class, parse("(1, 2]"));
    assertEquals("(", s.open());
    assertEquals("]", s.close());
    assertEquals(2, s.items().size());
    assertInstanceOf(Sequence.class, parse("\\langle 1, 2, 3 \\rangle"));
  }

  @Test
  void listsSetsAndPlusMinusAreUnordered() {
    assertEquals(Kind.SET, assertInstanceOf(Collection.class, parse("1, 2")).kind());
    assertEquals(2, assertInstanceOf(Collection.class, parse("\\{1, 2\\}")).items().size());
    assertEquals(2, assertInstanceOf(Collection.class, parse("1\\pm\\sqrt{2}")).items().size());
    assertEquals(3, assertInstanceOf(Collection.class, parse("\\{1\\pm\\sqrt{5},-2\\}")).items().size());
    assertEquals(0, assertInstanceOf(Collection.class, parse("\\emptyset")).items().size());
    assertEquals(Kind.UNION, assertInstanceOf(Collection.class, parse("(0,1)\\cup(2,3)")).kind());
  }

  @Test
  void assignmentsToOneVariableBecomeTheirValues() {
    Collection c = assertInstanceOf(Collection.class, parse("x = 1, x = -2"));
    assertEquals("1", text(c.items().get(0)));
    assertEquals("-2", text(c.items().get(1)));
    assertEquals("2x+1", text(parse("2x + 1 = y")));
    Collection two = assertInstanceOf(Collection.class, parse("x = 1, y = 2"));
    assertInstanceOf(Relation.class, two.items().get(0));
  }

  @Test
  void oneVariableInequalitiesAreIntervals() {
    Sequence s = assertInstanceOf(Sequence.class, parse("-1 < x \\le 2"));
    assertEquals("(", s.open());
    assertEquals("]", s.close());
    Sequence t = assertInstanceOf(Sequence.class, parse("5 \\ge x > 1"));
    assertEquals("(", t.open());
    assertEquals("]", t.close());
    assertEquals("1", text(t.items().get(0)));
    assertEquals("-\\infty", text(assertInstanceOf(Sequence.class, parse("x < 3")).items().get(0)));
    assertInstanceOf(Relation.class, parse("x + y < 3"));
    assertInstanceOf(Sequence.class, parse("x \\in [-2, 7]"));
  }

  @Test
  void matrices() {
    Matrix m = assertInstanceOf(Matrix.class, parse("\\begin{pmatrix} 1 & 2 \\\\ 3 & 4 \\end{pmatrix}"));
    assertEquals(2, m.rows());
    assertEquals(2, m.columns());
    Matrix v = assertInstanceOf(Matrix.class, parse("\\left(\\begin{array}{c} 1 \\\\ 2 \\\\ 3 \\end{array}\\right)"));
    assertEquals(3, v.rows());
    assertEquals(1, v.columns());
    assertInstanceOf(Scalar.class, parse("\\begin{pmatrix} 1 & 2 \\\\ 3 \\end{pmatrix}"), "ragged rows");
  }

  @Test
  void tooManyItemsIsText() {
    assertInstanceOf(Scalar.class, parse("1,".repeat(AnswerStructure.MAX_ITEMS) + "1"));
  }
}
