package io.ttc4j.datasets;

import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.longs;

import io.ttc4j.core.AnswerEquivalence;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.quicktheories.QuickTheory;
import org.quicktheories.core.Gen;

/**
 * Properties of {@link MathAnswers#equivalence()} on generated answers whose meaning is known:
 * numbers (integers, fractions, decimals, mixed numbers), tuples and intervals, sets of solutions and
 * polynomials, each rendered in one of many equivalent ways. The verdict must be value equality,
 * symmetric and reflexive, and formatting noise (spaces, {@code \left}/{@code \right},
 * {@code \dfrac}, {@code $}, {@code \!}) must never change it.
 */
class MathGraderPropertiesTest {

  private static final AnswerEquivalence EQ = MathAnswers.equivalence();

  /** Fixed seed: a failure is reproducible. */
  private static QuickTheory qt() {
    return QuickTheory.qt().withFixedSeed(20_240_612L).withExamples(1_500);
  }

  // ---------------------------------------------------------------- the answer model

  /** A generated answer: it renders itself, and knows which other answers have its value. */
  interface Model {
    String render(Random r);

    /** This answer with no redundant structure, so that equal values are equal records. */
    default Model canonical() {
      return this;
    }
  }

  private static final long[] DENOMINATORS = {1, 1, 1, 2, 3, 4, 5, 8, 10};

  /** A rational number {@code num/den} in lowest terms. */
  record Num(long num, long den) implements Model {
    static Num of(long num, long den) {
      long g = gcd(Math.abs(num), den);
      return new Num(num / g, den / g);
    }

    static Num random(Random r) {
      return of(r.nextInt(25) - 12, DENOMINATORS[r.nextInt(DENOMINATORS.length)]);
    }

    @Override
    public String render(Random r) {
      String sign = num < 0 ? "-" : "";
      long p = Math.abs(num);
      List<String> forms = new ArrayList<>();
      if (den == 1) {
        forms.add(Long.toString(num));
        forms.add(num + ".0");
        forms.add(sign + "\\frac{" + 2 * p + "}{2}");
        if (num > 0) {
          forms.add("+" + num);
        }
      } else {
        forms.add(sign + "\\frac{" + p + "}{" + den + "}");
        forms.add(sign + "\\dfrac{" + p + "}{" + den + "}");
        forms.add("\\frac{" + num + "}{" + den + "}");
        forms.add(num + "/" + den);
        forms.add(sign + "\\frac{" + 3 * p + "}{" + 3 * den + "}");
        if (p > den) {
          forms.add(sign + p / den + "\\frac{" + p % den + "}{" + den + "}");
        }
        if (p < 10 && den < 10) {
          forms.add(sign + "\\frac" + p + den);
        }
      }
      String decimal = decimal();
      if (decimal != null) {
        forms.add(decimal);
        forms.add(decimal + (decimal.contains(".") ? "0" : ".00"));
      }
      return forms.get(r.nextInt(forms.size()));
    }

    /** The terminating decimal, or null. */
    private String decimal() {
      long d = den;
      int places = 0;
      while (d % 10 == 0 || d % 2 == 0 || d % 5 == 0) {
        if (d % 10 == 0) {
          d /= 10;
        } else if (d % 2 == 0) {
          d /= 2;
        } else {
          d /= 5;
        }
        places++;
      }
      if (d != 1) {
        return null;
      }
      return new java.math.BigDecimal(num).divide(new java.math.BigDecimal(den)).setScale(places).toPlainString();
    }
  }

  /** An ordered pair or interval between brackets. */
  record Tuple(char open, List<Num> items, char close) implements Model {
    @Override
    public String render(Random r) {
      List<String> parts = new ArrayList<>();
      for (Num n : items) {
        parts.add(n.render(r));
      }
      return open + String.join(r.nextBoolean() ? "," : ", ", parts) + close;
    }
  }

  /** Solutions, unordered: a set in braces or a bare list, in any order. */
  record Solutions(List<Num> sorted) implements Model {
    @Override
    public String render(Random r) {
      List<String> parts = new ArrayList<>();
      for (Num n : sorted) {
        parts.add((r.nextInt(4) == 0 ? "x = " : "") + n.render(r));
      }
      Collections.shuffle(parts, r);
      String list = String.join(", ", parts);
      return r.nextBoolean() ? "\\{" + list + "\\}" : list;
    }
  }

  /** {@code a x^2 + b x + c} with integer coefficients. */
  record Poly(long a, long b, long c) implements Model {
    @Override
    public Model canonical() {
      return a == 0 && b == 0 ? new Num(c, 1) : this;
    }

    @Override
    public String render(Random r) {
      if (a != 0 && b != 0 && r.nextInt(3) == 0) {
        // x(ax + b) + c
        return "x(" + terms(List.of(term(a, "x", r), term(b, "", r)), r, false) + ")" + (c == 0 ? "" : signed(c));
      }
      List<String> ts = new ArrayList<>();
      if (a != 0) {
        ts.add(term(a, r.nextBoolean() ? "x^2" : "x^{2}", r));
      }
      if (b != 0) {
        ts.add(term(b, "x", r));
      }
      if (c != 0) {
        ts.add(Long.toString(c));
      }
      return ts.isEmpty() ? "0" : terms(ts, r, true);
    }

    private static String term(long k, String x, Random r) {
      if (x.isEmpty()) {
        return Long.toString(k);
      }
      String times = r.nextInt(3) == 0 ? " \\cdot " : "";
      return k == 1 ? x : k == -1 ? "-" + x : k + times + x;
    }

    private static String signed(long k) {
      return k < 0 ? " - " + -k : " + " + k;
    }

    private static String terms(List<String> ts, Random r, boolean shuffle) {
      List<String> order = new ArrayList<>(ts);
      if (shuffle) {
        Collections.shuffle(order, r);
      }
      StringBuilder b = new StringBuilder(order.get(0));
      for (String t : order.subList(1, order.size())) {
        b.append(t.startsWith("-") ? " - " + t.substring(1) : " + " + t);
      }
      return b.toString();
    }
  }

  private static long gcd(long a, long b) {
    return b == 0 ? Math.max(a, 1) : gcd(b, a % b);
  }

  private static Model model(Random r) {
    switch (r.nextInt(4)) {
      case 0:
        return Num.random(r);
      case 1: {
        char[][] brackets = {{'(', ')'}, {'[', ']'}, {'(', ']'}, {'[', ')'}};
        char[] b = brackets[r.nextInt(brackets.length)];
        return new Tuple(b[0], List.of(Num.random(r), Num.random(r)), b[1]);
      }
      case 2: {
        List<Num> items = new ArrayList<>();
        int size = 2 + r.nextInt(2);
        for (int i = 0; i < size; i++) {
          items.add(Num.random(r));
        }
        items.sort((x, y) -> Long.compare(x.num() * y.den(), y.num() * x.den()));
        return new Solutions(items);
      }
      default:
        return new Poly(r.nextInt(5) - 2, r.nextInt(7) - 3, r.nextInt(9) - 4);
    }
  }

  /**
   * A pair of models: the same one (when {@code same}), else a near miss (one detail changed) or
   * another model, half and half.
   */
  private static Model[] pair(long seed, boolean same) {
    Random r = new Random(seed);
    Model a = model(r);
    Model b = same ? a : r.nextBoolean() ? nearMiss(a, r) : model(r);
    return new Model[] {a, b};
  }

  /** {@code m} with one detail changed: a number off by one, tuple items swapped, a bracket flipped, a coefficient. */
  private static Model nearMiss(Model m, Random r) {
    if (m instanceof Num n) {
      return r.nextBoolean() ? Num.of(n.num() + (r.nextBoolean() ? 1 : -1), n.den()) : Num.of(n.num(), n.den() + 1);
    }
    if (m instanceof Tuple t) {
      switch (r.nextInt(4)) {
        case 0:
          return new Tuple(t.open(), List.of(t.items().get(1), t.items().get(0)), t.close());
        case 1:
          return new Tuple(t.open() == '(' ? '[' : '(', t.items(), t.close());
        case 2:
          return new Tuple(t.open(), t.items(), t.close() == ')' ? ']' : ')');
        default:
          return new Tuple(t.open(), List.of(t.items().get(0), (Num) nearMiss(t.items().get(1), r)), t.close());
      }
    }
    if (m instanceof Solutions s) {
      List<Num> items = new ArrayList<>(s.sorted());
      int i = r.nextInt(items.size());
      items.set(i, (Num) nearMiss(items.get(i), r));
      items.sort((x, y) -> Long.compare(x.num() * y.den(), y.num() * x.den()));
      return new Solutions(items);
    }
    Poly p = (Poly) m;
    return switch (r.nextInt(3)) {
      case 0 -> new Poly(p.a() + 1, p.b(), p.c());
      case 1 -> new Poly(p.a(), p.b() - 1, p.c());
      default -> new Poly(p.a(), p.b(), p.c() + 1);
    };
  }

  private static boolean sameValue(Model a, Model b) {
    return a.canonical().equals(b.canonical());
  }

  private static Gen<Long> seeds() {
    return longs().all();
  }

  // ---------------------------------------------------------------- properties

  @Test
  void theVerdictIsValueEquality() {
    qt().forAll(seeds(), booleans().all(), seeds()).check((seed, same, renderSeed) -> {
      Model[] m = pair(seed, same);
      Random r = new Random(renderSeed);
      String x = m[0].render(r);
      String y = m[1].render(r);
      return EQ.equivalent(x, y) == sameValue(m[0], m[1]);
    });
  }

  @Test
  void equivalenceIsReflexiveAndSymmetric() {
    qt().forAll(seeds(), booleans().all(), seeds()).check((seed, same, renderSeed) -> {
      Model[] m = pair(seed, same);
      Random r = new Random(renderSeed);
      String x = m[0].render(r);
      String y = m[1].render(r);
      return EQ.equivalent(x, x) && EQ.equivalent(y, y) && EQ.equivalent(x, y) == EQ.equivalent(y, x);
    });
  }

  /** Rewrites of how an answer is written; none changes what it is. */
  private static final List<UnaryOperator<String>> NOISE = List.of(
      s -> " " + s.replace(",", " , ").replace("+", " + ").replace("=", " = ") + "  ",
      s -> s.replace("(", "\\left(").replace(")", "\\right)").replace("[", "\\left[").replace("]", "\\right]")
          .replace("\\{", "\\left\\{").replace("\\}", "\\right\\}"),
      s -> s.replace("\\frac", "\\dfrac"),
      s -> s.replace("\\frac", "\\tfrac"),
      s -> "$" + s + "$",
      s -> s.replace(",", ",\\!"),
      s -> s.replaceAll("(?<![\\d}])\\\\frac\\{1\\}\\{2\\}", "0.5"),
      s -> s.replace("0.5", "\\frac12"),
      s -> "\\boxed{" + s + "}",
      s -> s.replace("x", "x \\,"));

  @Test
  void formattingNoiseNeverChangesTheVerdict() {
    qt().forAll(seeds(), booleans().all(), seeds(), arbitrary().pick(NOISE)).check((seed, same, renderSeed, noise) -> {
      Model[] m = pair(seed, same);
      Random r = new Random(renderSeed);
      String x = m[0].render(r);
      String y = m[1].render(r);
      boolean verdict = EQ.equivalent(x, y);
      return EQ.equivalent(noise.apply(x), y) == verdict && EQ.equivalent(x, noise.apply(y)) == verdict
          && EQ.equivalent(noise.apply(x), noise.apply(y)) == verdict;
    });
  }

  @Test
  void aPercentageEqualsItsFractionButPlainNumbersAreNeverScaled() {
    qt().forAll(seeds()).check(seed -> {
      Random r = new Random(seed);
      Num n = Num.of(r.nextInt(2001) - 1000, DENOMINATORS[r.nextInt(DENOMINATORS.length)]);
      Num hundredth = Num.of(n.num(), n.den() * 100);
      String p = n.render(r) + (r.nextBoolean() ? "\\%" : "%");
      boolean scaled = n.num() != 0 && n.den() * 100 % n.den() == 0;
      return EQ.equivalent(p, hundredth.render(r)) && EQ.equivalent(p, n.render(r))
          && (!scaled || n.num() == 0 || !EQ.equivalent(n.render(r), hundredth.render(r)));
    });
  }
}
