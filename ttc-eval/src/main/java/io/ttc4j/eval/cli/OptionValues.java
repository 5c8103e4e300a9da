package io.ttc4j.eval.cli;

import io.ttc4j.core.Aggregation;
import io.ttc4j.eval.SweepStrategy;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Converters of option values. picocli prefixes their messages with the option name ("Invalid
 * value for option '--n': ..."), so each message says what was expected and what was given.
 */
final class OptionValues {

  private OptionValues() {}

  /** A comma-separated list of distinct integers >= 1, for example {@code 1,2,4,8}. */
  static final class PositiveInts implements ITypeConverter<List<Integer>> {
    @Override
    public List<Integer> convert(String value) {
      Set<Integer> out = new LinkedHashSet<>();
      for (String part : parts(value)) {
        int n;
        try {
          n = Integer.parseInt(part);
        } catch (NumberFormatException e) {
          throw new TypeConversionException("expected comma-separated integers >= 1, got '" + value + "' ('"
              + part + "' is not an integer)");
        }
        if (n < 1) {
          throw new TypeConversionException("expected comma-separated integers >= 1, got '" + value + "' (" + n + " < 1)");
        }
        if (!out.add(n)) {
          throw new TypeConversionException("expected distinct values, got '" + value + "' (" + n + " twice)");
        }
      }
      return List.copyOf(out);
    }
  }

  /**
   * Seeds: a comma-separated list of integers and inclusive ranges {@code a..b}, for example
   * {@code 0,1,2}, {@code 0..2} or {@code 5,10..12}. A single number is that one seed.
   */
  static final class Seeds implements ITypeConverter<List<Long>> {
    @Override
    public List<Long> convert(String value) {
      Set<Long> out = new LinkedHashSet<>();
      for (String part : parts(value)) {
        int dots = part.indexOf("..");
        try {
          if (dots < 0) {
            addSeed(out, Long.parseLong(part), value);
          } else {
            long from = Long.parseLong(part.substring(0, dots).trim());
            long to = Long.parseLong(part.substring(dots + 2).trim());
            if (to < from || to - from >= 100_000) {
              throw new TypeConversionException("expected a range a..b with a <= b and at most 100000 seeds, got '"
                  + part + "'");
            }
            for (long s = from; s <= to; s++) {
              addSeed(out, s, value);
            }
          }
        } catch (NumberFormatException e) {
          throw new TypeConversionException("expected comma-separated integers or ranges a..b, got '" + value
              + "' ('" + part + "' is neither)");
        }
      }
      return List.copyOf(out);
    }

    private static void addSeed(Set<Long> out, long seed, String value) {
      if (!out.add(seed)) {
        throw new TypeConversionException("expected distinct seeds, got '" + value + "' (" + seed + " twice)");
      }
    }
  }

  /**
   * A comma-separated list of distinct sweep strategies: first, naive, weighted, majority, oracle,
   * beam, dvts, rebase, lookahead, mcts, sc, each optionally with settings in brackets.
   */
  static final class Strategies implements ITypeConverter<List<SweepStrategy>> {
    @Override
    public List<SweepStrategy> convert(String value) {
      Set<SweepStrategy> out = new LinkedHashSet<>();
      List<SweepStrategy> parsed;
      try {
        parsed = SweepStrategy.parseList(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage() + " (in '" + value + "')");
      }
      if (parsed.isEmpty()) {
        throw new TypeConversionException("expected at least one strategy, got '" + value + "'");
      }
      for (SweepStrategy s : parsed) {
        if (!out.add(s)) {
          throw new TypeConversionException("expected distinct strategies, got '" + value + "' ('" + s + "' twice)");
        }
      }
      return new ArrayList<>(out);
    }
  }

  /** A comma-separated list of distinct selection rules: first, naive, weighted, majority, oracle. */
  static final class SelectionRules implements ITypeConverter<List<io.ttc4j.core.Selection>> {
    @Override
    public List<io.ttc4j.core.Selection> convert(String value) {
      Set<io.ttc4j.core.Selection> out = new LinkedHashSet<>();
      for (String part : parts(value)) {
        io.ttc4j.core.Selection s;
        try {
          s = io.ttc4j.core.Selection.parse(part);
        } catch (IllegalArgumentException e) {
          throw new TypeConversionException("expected a comma-separated list of first, naive, weighted, majority, "
              + "oracle; got '" + value + "' ('" + part + "' is none of them)");
        }
        if (!out.add(s)) {
          throw new TypeConversionException("expected distinct strategies, got '" + value + "' ('" + part + "' twice)");
        }
      }
      return new ArrayList<>(out);
    }
  }

  /** An aggregation: last, min, product or mean. */
  static final class Aggregations implements ITypeConverter<Aggregation> {
    @Override
    public Aggregation convert(String value) {
      try {
        return Aggregation.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("expected one of last, min, product, mean; got '" + value + "'");
      }
    }
  }

  /** Parses the aggregations of {@code ttc-prm}'s {@link io.ttc4j.prm.StepAggregation}. */
  static final class StepAggregations implements ITypeConverter<io.ttc4j.prm.StepAggregation> {
    @Override
    public io.ttc4j.prm.StepAggregation convert(String value) {
      try {
        return io.ttc4j.prm.StepAggregation.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /**
   * {@code values} when they are distinct; picocli lets list options repeat ({@code --n 1,2 --n 4}),
   * and a value given twice is a usage error naming the option.
   */
  static <T> List<T> distinct(String option, List<T> values) {
    Set<T> seen = new LinkedHashSet<>();
    for (T v : values) {
      if (!seen.add(v)) {
        throw new IllegalArgumentException(option + " must not repeat a value, got " + v + " twice in " + values);
      }
    }
    return values;
  }

  private static List<String> parts(String value) {
    List<String> out = new ArrayList<>();
    for (String p : value.split(",", -1)) {
      String t = p.trim();
      if (t.isEmpty()) {
        throw new TypeConversionException("expected a comma-separated list without empty items, got '" + value + "'");
      }
      out.add(t);
    }
    return out;
  }
}
