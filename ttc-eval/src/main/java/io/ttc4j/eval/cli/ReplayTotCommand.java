package io.ttc4j.eval.cli;

import io.ttc4j.prm.game24.Game24Replay;
import io.ttc4j.prm.game24.Game24Report;
import io.ttc4j.prm.game24.ToTLogs;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ttc replay-tot}: the Tree of Thoughts Game of 24 logs graded again by the project's Game of
 * 24 checker: best-of-k and self-consistency curves of the IO and CoT samples, the BFS result, each
 * method's logged cost, and the compute-matched comparison, as Markdown.
 */
@Command(
    name = "replay-tot",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Replays the Tree of Thoughts Game of 24 logs (IO and CoT sampling, ToT BFS b=5, puzzles 900-999) with "
            + "ttc4j's Game of 24 checker and prints success and cost per method as Markdown.",
        ""})
final class ReplayTotCommand implements Callable<Integer> {

  static final String IO_LOG = "gpt-4_0.7_naive_standard_sample_100_start900_end1000.json";
  static final String COT_LOG = "gpt-4_0.7_naive_cot_sample_100_start900_end1000.json";
  static final String BFS_LOG = "gpt-4_0.7_propose1_value3_greedy5_start900_end1000.json";

  @Spec
  CommandSpec spec;

  @Option(names = "--dir", paramLabel = "DIR",
      description = "A folder with 24.csv and the three logs under their upstream names (default: the bundled copies).")
  Path dir;

  @Option(names = "--out", paramLabel = "FILE", description = "Also write the Markdown to FILE.")
  Path out;

  @Override
  public Integer call() throws Exception {
    Game24Report report = dir == null ? Game24Replay.bundled()
        : Game24Replay.evaluate(ToTLogs.readPuzzles(dir.resolve("24.csv")), ToTLogs.readIo(dir.resolve(IO_LOG)),
            ToTLogs.readCot(dir.resolve(COT_LOG)), ToTLogs.readBfs(dir.resolve(BFS_LOG)));
    String md = report.toMarkdown();
    PrintWriter stdout = spec.commandLine().getOut();
    stdout.print(md);
    stdout.flush();
    if (out != null) {
      Files.writeString(out, md, StandardCharsets.UTF_8);
    }
    return 0;
  }
}
