package io.ttc4j.prm.game24;

import io.ttc4j.core.MalformedDataException;
import io.ttc4j.core.PriceModel;
import io.ttc4j.prm.internal.Game24;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Readers of the Tree of Thoughts Game of 24 files (Yao et al., 2023): the puzzle list
 * {@code 24.csv} and the JSON logs of its GPT-4 runs, from a path or from the copies bundled with
 * this module (MIT; sources in {@code io/ttc4j/prm/data/game24/NOTICE.md} on the classpath).
 *
 * <p>A log is a JSON array with one object per puzzle:
 * <ul>
 *   <li>{@code idx}: the puzzle's 0-based row in {@code 24.csv}, an integer, unique in the file;</li>
 *   <li>{@code ys}: the outputs, a non-empty array of strings;</li>
 *   <li>the authors' judgement of each output, one per output: {@code accs} (booleans, the IO log)
 *       or {@code infos} (objects whose {@code r} is 0 or 1, the CoT and ToT logs); when both are
 *       present {@code accs} is used;</li>
 *   <li>{@code usage_so_far}: {@code prompt_tokens}, {@code completion_tokens} (integers) and
 *       {@code cost} (dollars), cumulative, see {@link LoggedUsage};</li>
 *   <li>ToT only, {@code steps}: per depth {@code step}, {@code x}, {@code ys}, {@code new_ys},
 *       {@code values} (one finite number per {@code new_ys}) and {@code select_new_ys}.</li>
 * </ul>
 * Other keys are ignored. A file that breaks any of this raises {@link MalformedDataException}
 * naming the file, the line on which the offending value starts and its path (for example
 * {@code [12].usage_so_far.cost}); nothing is skipped.
 *
 * <p>All methods are stateless and thread-safe; every call reads the file again.
 */
public final class ToTLogs {

  /** The classpath folder of the bundled files. */
  public static final String BUNDLED_FOLDER = "io/ttc4j/prm/data/game24/";
  /** The bundled IO log's file name. */
  public static final String IO_LOG = "gpt-4_0.7_naive_standard_sample_100_start900_end1000.json";
  /** The bundled CoT log's file name. */
  public static final String COT_LOG = "gpt-4_0.7_naive_cot_sample_100_start900_end1000.json";
  /** The bundled ToT BFS log's file name. */
  public static final String BFS_LOG = "gpt-4_0.7_propose1_value3_greedy5_start900_end1000.json";
  /** The bundled puzzle list's file name. */
  public static final String PUZZLES = "24.csv";

  /**
   * GPT-4 (8K context) prices when the logs were made (May 2023), as the scripts charged them: $0.03
   * per 1K prompt tokens and $0.06 per 1K completion tokens, that is $30 and $60 per million.
   */
  public static final PriceModel GPT4_2023 = PriceModel.of(30, 60);

  private ToTLogs() {}

  /** Reads an IO-prompting log (n samples per puzzle). */
  public static ToTLog readIo(Path file) {
    return read(file, ToTLog.Method.IO);
  }

  /** Reads a chain-of-thought log (n samples per puzzle). */
  public static ToTLog readCot(Path file) {
    return read(file, ToTLog.Method.COT);
  }

  /** Reads a ToT breadth-first-search log ({@code steps} required). */
  public static ToTLog readBfs(Path file) {
    return read(file, ToTLog.Method.BFS);
  }

  /**
   * Reads a log of {@code method} from a file.
   *
   * @throws MalformedDataException when the file is not a log as documented in the class comment
   * @throws UncheckedIOException   when the file cannot be read
   */
  public static ToTLog read(Path file, ToTLog.Method method) {
    Objects.requireNonNull(file, "file");
    try {
      return read(Files.newInputStream(file), file.toString(), method);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /**
   * Reads a log of {@code method} from a stream (UTF-8, closed at the end).
   *
   * @param source the name to give in messages, for example the file name
   * @throws MalformedDataException when the content is not a log as documented in the class comment
   */
  public static ToTLog read(InputStream in, String source, ToTLog.Method method) {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(method, "method");
    JsonTree root = JsonTree.parse(in, source);
    List<JsonTree> entries = root.nonEmptyArray();
    List<LoggedPuzzle> puzzles = new ArrayList<>(entries.size());
    Map<Integer, Integer> seen = new HashMap<>();
    for (JsonTree entry : entries) {
      entry.object();
      JsonTree idxNode = entry.field("idx");
      int idx = idxNode.nonNegativeInt();
      Integer before = seen.putIfAbsent(idx, idxNode.line());
      if (before != null) {
        throw idxNode.fail("puzzle " + idx + " appears twice (first on line " + before + ")");
      }
      puzzles.add(puzzle(entry, idx, method));
    }
    return new ToTLog(source, method, puzzles);
  }

  private static LoggedPuzzle puzzle(JsonTree entry, int idx, ToTLog.Method method) {
    JsonTree ysNode = entry.field("ys");
    List<JsonTree> ys = ysNode.nonEmptyArray();
    boolean[] correct = judgements(entry, ys.size(), method);
    List<LoggedSample> outputs = new ArrayList<>(ys.size());
    for (int i = 0; i < ys.size(); i++) {
      outputs.add(new LoggedSample(ys.get(i).string(), correct[i]));
    }
    JsonTree u = entry.field("usage_so_far");
    u.object();
    LoggedUsage usage = new LoggedUsage(u.field("prompt_tokens").nonNegativeLong(),
        u.field("completion_tokens").nonNegativeLong(), u.field("cost").finiteNonNegative());
    List<BfsStep> steps = method == ToTLog.Method.BFS ? steps(entry.field("steps")) : List.of();
    return new LoggedPuzzle(idx, outputs, usage, steps);
  }

  private static boolean[] judgements(JsonTree entry, int outputs, ToTLog.Method method) {
    boolean[] out = new boolean[outputs];
    if (method != ToTLog.Method.BFS && entry.has("accs")) {
      List<JsonTree> accs = sized(entry.field("accs"), outputs);
      for (int i = 0; i < outputs; i++) {
        out[i] = accs.get(i).bool();
      }
      return out;
    }
    if (!entry.has("infos") && method != ToTLog.Method.BFS) {
      throw entry.fail("must hold the judgement of each output, as 'accs' or 'infos', and holds neither");
    }
    List<JsonTree> infos = sized(entry.field("infos"), outputs);
    for (int i = 0; i < outputs; i++) {
      JsonTree r = infos.get(i).field("r");
      long v = r.nonNegativeLong();
      if (v > 1) {
        throw r.fail("must be 0 or 1, got " + r.describe());
      }
      out[i] = v == 1;
    }
    return out;
  }

  private static List<JsonTree> sized(JsonTree array, int size) {
    List<JsonTree> items = array.array();
    if (items.size() != size) {
      throw array.fail("must hold one judgement per output in 'ys' (" + size + "), got " + items.size());
    }
    return items;
  }

  private static List<BfsStep> steps(JsonTree stepsNode) {
    List<BfsStep> out = new ArrayList<>();
    for (JsonTree s : stepsNode.nonEmptyArray()) {
      s.object();
      JsonTree newYsNode = s.field("new_ys");
      List<String> newYs = newYsNode.strings();
      JsonTree valuesNode = s.field("values");
      List<JsonTree> valueNodes = valuesNode.array();
      if (valueNodes.size() != newYs.size()) {
        throw valuesNode.fail("must hold one value per state in 'new_ys' (" + newYs.size() + "), got " + valueNodes.size());
      }
      List<Double> values = new ArrayList<>(valueNodes.size());
      for (JsonTree v : valueNodes) {
        values.add(v.finite());
      }
      out.add(new BfsStep(s.field("step").nonNegativeInt(), s.field("x").string(), s.field("ys").strings(), newYs,
          values, s.field("select_new_ys").strings()));
    }
    return out;
  }

  /**
   * Reads the puzzle list: a CSV file with a header row naming a {@code Puzzles} column, then one
   * puzzle per row, four integers separated by spaces ({@code "4 5 6 10"}). Fields hold no commas
   * or quotes. Blank lines are ignored.
   *
   * @return the puzzles in row order: element i is the puzzle a log calls {@code idx} i
   * @throws MalformedDataException when the header has no {@code Puzzles} column or a row's puzzle
   *     is missing or not four integers
   */
  public static List<String> readPuzzles(Path csv) {
    Objects.requireNonNull(csv, "csv");
    try {
      return readPuzzles(Files.newInputStream(csv), csv.toString());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + csv, e);
    }
  }

  /** As {@link #readPuzzles(Path)}, from a stream (UTF-8, closed at the end). */
  public static List<String> readPuzzles(InputStream in, String source) {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(source, "source");
    var decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    List<String> out = new ArrayList<>();
    int column = -1;
    int number = 0;
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, decoder))) {
      while (true) {
        String text;
        try {
          text = reader.readLine();
        } catch (CharacterCodingException e) {
          throw new MalformedDataException(source, number + 1, null, "is not valid UTF-8", e);
        }
        if (text == null) {
          break;
        }
        number++;
        if (number == 1 && text.startsWith("\uFEFF")) {
          text = text.substring(1);
        }
        if (text.isBlank()) {
          continue;
        }
        String[] cells = text.split(",", -1);
        if (column < 0) {
          for (int i = 0; i < cells.length; i++) {
            if (cells[i].strip().equals("Puzzles")) {
              column = i;
            }
          }
          if (column < 0) {
            throw new MalformedDataException(source, number, null, "must be a header row naming a 'Puzzles' column");
          }
          continue;
        }
        if (column >= cells.length) {
          throw new MalformedDataException(source, number, "Puzzles", "is missing (the row has " + cells.length + " fields)");
        }
        String puzzle = cells[column].strip();
        try {
          Game24.numbers(source + ":" + number, puzzle);
        } catch (IllegalArgumentException e) {
          throw new MalformedDataException(source, number, "Puzzles",
              "must be four integers such as \"4 5 6 10\", got '" + puzzle + "'", e);
        }
        out.add(puzzle);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + source + " (after line " + number + ")", e);
    }
    if (column < 0) {
      throw new MalformedDataException(source, 1, null, "is empty: expected a header row naming a 'Puzzles' column");
    }
    return List.copyOf(out);
  }

  /** The bundled IO log (GPT-4, 100 samples per puzzle, puzzles 900-999). */
  public static ToTLog bundledIo() {
    return read(bundled(IO_LOG), BUNDLED_FOLDER + IO_LOG, ToTLog.Method.IO);
  }

  /** The bundled CoT log (GPT-4, 100 samples per puzzle, puzzles 900-999). */
  public static ToTLog bundledCot() {
    return read(bundled(COT_LOG), BUNDLED_FOLDER + COT_LOG, ToTLog.Method.COT);
  }

  /** The bundled ToT BFS log (GPT-4, propose 1, value 3, keep 5, puzzles 900-999). */
  public static ToTLog bundledBfs() {
    return read(bundled(BFS_LOG), BUNDLED_FOLDER + BFS_LOG, ToTLog.Method.BFS);
  }

  /** The bundled {@code 24.csv}: 1362 puzzles, index = {@code idx}. */
  public static List<String> bundledPuzzles() {
    return readPuzzles(bundled(PUZZLES), BUNDLED_FOLDER + PUZZLES);
  }

  /**
   * A bundled file as a stream, by its name in {@link #BUNDLED_FOLDER} (the data files, {@code
   * NOTICE.md} and the licence {@code princeton-nlp-tree-of-thought-llm.txt}).
   *
   * @throws IllegalArgumentException when no such file is bundled
   */
  public static InputStream bundled(String name) {
    Objects.requireNonNull(name, "name");
    InputStream in = ToTLogs.class.getResourceAsStream("/" + BUNDLED_FOLDER + name);
    if (in == null) {
      throw new IllegalArgumentException("no bundled file '" + name + "' in " + BUNDLED_FOLDER);
    }
    return in;
  }
}
