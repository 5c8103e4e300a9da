package io.ttc4j.prm.game24;

import io.ttc4j.core.AnswerExtractor;
import io.ttc4j.core.PriceModel;
import io.ttc4j.core.Problem;
import io.ttc4j.core.Usage;
import io.ttc4j.prm.Verifier;
import io.ttc4j.prm.Verifiers;
import io.ttc4j.prm.internal.Game24;
import io.ttc4j.prm.internal.UsageSplit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Replays of the published Tree of Thoughts Game of 24 runs: correctness of every logged output is
 * recomputed with a ttc4j {@link Verifier} (by default {@link Verifiers#game24()} on the answer
 * {@link Verifiers#game24Answers()} extracts), then success curves and costs are derived from the
 * logs alone, without calling any model.
 *
 * <pre>{@code
 * Game24Report report = Game24Replay.bundled();     // the three bundled GPT-4 logs
 * report.cot().passAt(100);                          // 0.49
 * report.tot().anyOfFinal();                         // 0.69
 * System.out.println(report.toMarkdown());
 * }</pre>
 *
 * <p>A puzzle's problem is {@code Problem.of("game24-" + idx, puzzles.get(idx))}. Every method is
 * stateless and thread-safe.
 */
public final class Game24Replay {

  /**
   * The most completions the Tree of Thoughts scripts ask for in one API call (their {@code n} is
   * split into calls of at most 20); each call pays the prompt once.
   */
  public static final int SAMPLES_PER_CALL = 20;

  private Game24Replay() {}

  /**
   * Replays the bundled logs against the bundled {@code 24.csv} with ttc4j's Game of 24 checker at
   * {@link ToTLogs#GPT4_2023} prices. Reads and checks about 3.6 MB: keep the report.
   */
  public static Game24Report bundled() {
    return evaluate(ToTLogs.bundledPuzzles(), ToTLogs.bundledIo(), ToTLogs.bundledCot(), ToTLogs.bundledBfs());
  }

  /**
   * Replays an IO, a CoT and a ToT BFS log with ttc4j's Game of 24 checker at
   * {@link ToTLogs#GPT4_2023} prices.
   *
   * @param puzzles the puzzle list ({@link ToTLogs#readPuzzles}), indexed by {@code idx}
   */
  public static Game24Report evaluate(List<String> puzzles, ToTLog io, ToTLog cot, ToTLog bfs) {
    return evaluate(puzzles, io, cot, bfs, Verifiers.game24(), Verifiers.game24Answers(), ToTLogs.GPT4_2023);
  }

  /**
   * Replays an IO, a CoT and a ToT BFS log with the given checker, answer extraction and prices.
   *
   * @throws IllegalArgumentException when a log is of the wrong method or does not match the puzzles
   *     (see {@link #sampling} and {@link #bfs})
   */
  public static Game24Report evaluate(List<String> puzzles, ToTLog io, ToTLog cot, ToTLog bfs, Verifier verifier,
      AnswerExtractor answers, PriceModel prices) {
    return new Game24Report(sampling(io, puzzles, verifier, answers, prices), sampling(cot, puzzles, verifier, answers, prices),
        bfs(bfs, puzzles, verifier, answers, prices));
  }

  /**
   * Replays an IO or CoT log; see {@link SamplingReplay} for what is computed and how.
   *
   * @throws IllegalArgumentException when the log is a BFS log, when its puzzles do not all have the
   *     same number of samples, or when an {@code idx} is not a row of {@code puzzles}
   */
  public static SamplingReplay sampling(ToTLog log, List<String> puzzles, Verifier verifier, AnswerExtractor answers,
      PriceModel prices) {
    Objects.requireNonNull(log, "log");
    Objects.requireNonNull(prices, "prices");
    if (log.method() == ToTLog.Method.BFS) {
      throw new IllegalArgumentException("log must be an IO or CoT log, got a BFS log: " + log.source());
    }
    int n = log.puzzles().get(0).outputs().size();
    for (LoggedPuzzle p : log.puzzles()) {
      if (p.outputs().size() != n) {
        throw new IllegalArgumentException(log.source() + ": every puzzle must have the same number of samples for "
            + "best-of-k; puzzle " + log.puzzles().get(0).idx() + " has " + n + ", puzzle " + p.idx() + " has "
            + p.outputs().size());
      }
    }
    Judged judged = judge(log, puzzles, verifier, answers);
    LogCost cost = LogCost.of(log, prices);
    int count = log.puzzles().size();
    int[] correct = new int[count];
    int[] logged = new int[count];
    double[] firstK = new double[n];
    double[] majority = new double[n];
    double[] loggedMajority = new double[n];
    double[] firstKCompletion = new double[n];
    for (int p = 0; p < count; p++) {
      LoggedPuzzle puzzle = log.puzzles().get(p);
      boolean[] ours = judged.ours[p];
      int first = n;
      for (int i = 0; i < n; i++) {
        correct[p] += ours[i] ? 1 : 0;
        logged[p] += puzzle.outputs().get(i).loggedCorrect() ? 1 : 0;
        if (ours[i] && first == n) {
          first = i;
        }
      }
      for (int k = first + 1; k <= n; k++) {
        firstK[k - 1]++;
      }
      boolean[] theirs = new boolean[n];
      for (int i = 0; i < n; i++) {
        theirs[i] = puzzle.outputs().get(i).loggedCorrect();
      }
      boolean[] votes = majorityOfFirstK(judged.answers[p], ours);
      boolean[] loggedVotes = majorityOfFirstK(judged.answers[p], theirs);
      for (int k = 0; k < n; k++) {
        majority[k] += votes[k] ? 1 : 0;
        loggedMajority[k] += loggedVotes[k] ? 1 : 0;
      }
      long[] shares = completionShares(puzzle, cost.perPuzzle().get(p).completionTokens());
      long sum = 0;
      for (int k = 0; k < n; k++) {
        sum += shares[k];
        firstKCompletion[k] += sum;
      }
    }
    for (int k = 0; k < n; k++) {
      firstK[k] /= count;
      majority[k] /= count;
      loggedMajority[k] /= count;
      firstKCompletion[k] /= count;
    }
    return new SamplingReplay(log.source(), log.method(), n, correct, logged, firstK, majority, loggedMajority,
        firstKCompletion, judged.agreement, cost, prices);
  }

  /**
   * Replays a ToT BFS log; see {@link BfsReplay}.
   *
   * @throws IllegalArgumentException when the log is not a BFS log, when an {@code idx} is not a row
   *     of {@code puzzles}, or when a puzzle's first step searched other numbers than that row's
   */
  public static BfsReplay bfs(ToTLog log, List<String> puzzles, Verifier verifier, AnswerExtractor answers,
      PriceModel prices) {
    Objects.requireNonNull(log, "log");
    Objects.requireNonNull(prices, "prices");
    if (log.method() != ToTLog.Method.BFS) {
      throw new IllegalArgumentException("log must be a BFS log, got a " + log.method() + " log: " + log.source());
    }
    Judged judged = judge(log, puzzles, verifier, answers);
    double[] ours = new double[3];
    double[] logged = new double[2];
    int width = 0;
    for (int p = 0; p < log.puzzles().size(); p++) {
      LoggedPuzzle puzzle = log.puzzles().get(p);
      boolean[] mine = judged.ours[p];
      width = Math.max(width, mine.length);
      boolean any = false;
      boolean loggedAny = false;
      int right = 0;
      for (int i = 0; i < mine.length; i++) {
        any |= mine[i];
        loggedAny |= puzzle.outputs().get(i).loggedCorrect();
        right += mine[i] ? 1 : 0;
      }
      ours[0] += mine[0] ? 1 : 0;
      ours[1] += any ? 1 : 0;
      ours[2] += (double) right / mine.length;
      logged[0] += puzzle.outputs().get(0).loggedCorrect() ? 1 : 0;
      logged[1] += loggedAny ? 1 : 0;
    }
    int count = log.puzzles().size();
    for (int i = 0; i < ours.length; i++) {
      ours[i] /= count;
    }
    for (int i = 0; i < logged.length; i++) {
      logged[i] /= count;
    }
    return new BfsReplay(log.source(), count, width, ours, logged, judged.agreement, LogCost.of(log, prices));
  }

  /** Correctness by our checker and the extracted answer of every output. */
  private record Judged(boolean[][] ours, String[][] answers, Agreement agreement) {}

  private static Judged judge(ToTLog log, List<String> puzzles, Verifier verifier, AnswerExtractor extractor) {
    Objects.requireNonNull(puzzles, "puzzles");
    Objects.requireNonNull(verifier, "verifier");
    Objects.requireNonNull(extractor, "answers");
    int count = log.puzzles().size();
    boolean[][] ours = new boolean[count][];
    String[][] answers = new String[count][];
    int outputs = 0;
    int loggedCorrect = 0;
    int ourCorrect = 0;
    int disagreements = 0;
    List<String> examples = new ArrayList<>();
    for (int p = 0; p < count; p++) {
      LoggedPuzzle puzzle = log.puzzles().get(p);
      Problem problem = problem(log, puzzle, puzzles);
      int n = puzzle.outputs().size();
      ours[p] = new boolean[n];
      answers[p] = new String[n];
      Map<String, Boolean> verdicts = new HashMap<>();
      for (int i = 0; i < n; i++) {
        LoggedSample sample = puzzle.outputs().get(i);
        Optional<String> answer = extractor.extract(sample.text());
        answers[p][i] = answer.orElse(null);
        boolean right = answer.isPresent() && verdicts.computeIfAbsent(answer.get(), a -> verifier.verify(problem, a));
        ours[p][i] = right;
        outputs++;
        loggedCorrect += sample.loggedCorrect() ? 1 : 0;
        ourCorrect += right ? 1 : 0;
        if (right != sample.loggedCorrect()) {
          disagreements++;
          if (examples.size() < Agreement.MAX_EXAMPLES) {
            examples.add("idx " + puzzle.idx() + " #" + i + ": logged " + sample.loggedCorrect() + ", ours " + right + ": "
                + answer.orElse("(no answer)"));
          }
        }
      }
    }
    return new Judged(ours, answers, new Agreement(outputs, loggedCorrect, ourCorrect, disagreements, examples));
  }

  private static Problem problem(ToTLog log, LoggedPuzzle puzzle, List<String> puzzles) {
    int idx = puzzle.idx();
    if (idx >= puzzles.size()) {
      throw new IllegalArgumentException(log.source() + ": puzzle idx " + idx + " is beyond the " + puzzles.size()
          + " puzzles given");
    }
    String numbers = puzzles.get(idx);
    if (!puzzle.steps().isEmpty()) {
      String searched = puzzle.steps().get(0).x();
      boolean same;
      try {
        same = Arrays.equals(Game24.numbers("x", searched), Game24.numbers("puzzle", numbers));
      } catch (IllegalArgumentException e) {
        same = false;
      }
      if (!same) {
        throw new IllegalArgumentException(log.source() + ": puzzle idx " + idx + " searched '" + searched
            + "' (steps[0].x) but puzzle " + idx + " is '" + numbers + "': the log and the puzzle list do not match");
      }
    }
    return Problem.of("game24-" + idx, numbers);
  }

  /**
   * Whether the majority answer of the first k samples is correct, for k = 1 … n: most frequent
   * answer among those present, ties to the answer that appeared first; no answer at all is wrong.
   * The answer is judged by {@code correct} of the first sample that gave it.
   */
  private static boolean[] majorityOfFirstK(String[] answers, boolean[] correct) {
    int n = answers.length;
    boolean[] out = new boolean[n];
    Map<String, int[]> seen = new HashMap<>(); // answer -> {count, first index}
    int[] leader = null;
    for (int i = 0; i < n; i++) {
      if (answers[i] != null) {
        int at = i;
        int[] entry = seen.computeIfAbsent(answers[i], a -> new int[] {0, at});
        entry[0]++;
        if (leader == null || entry[0] > leader[0] || (entry[0] == leader[0] && entry[1] < leader[1])) {
          leader = entry;
        }
      }
      out[i] = leader != null && correct[leader[1]];
    }
    return out;
  }

  /** The puzzle's completion tokens shared over its samples in proportion to their length. */
  private static long[] completionShares(LoggedPuzzle puzzle, long completionTokens) {
    int n = puzzle.outputs().size();
    int[] weights = new int[n];
    for (int i = 0; i < n; i++) {
      weights[i] = Math.max(1, puzzle.outputs().get(i).text().length());
    }
    Usage[] parts = UsageSplit.proportional(Usage.ofGeneration(0, 0, 0, completionTokens), weights);
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      out[i] = parts[i].completionTokens();
    }
    return out;
  }
}
