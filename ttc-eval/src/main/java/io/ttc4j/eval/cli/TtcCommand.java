package io.ttc4j.eval.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code ttc}: the ttc4j command line. Exit status 0 on success, 1 when the command failed (bad
 * input file, unknown preset or data set, failed run), 2 on a usage error (unknown option, bad
 * option value, a bad key or value in a sweep spec).
 */
@Command(
    name = "ttc",
    mixinStandardHelpOptions = true,
    versionProvider = TtcCommand.Version.class,
    description = "Test-time compute search for the JVM: budget sweeps and reports, replays of recorded runs, "
        + "PRM quality metrics, and solving problems against OpenAI-compatible model servers.",
    subcommands = {SweepCommand.class, ReplayCommand.class, ReplayTotCommand.class, ReportCommand.class,
        PrmEvalCommand.class, SolveCommand.class, AllocateCommand.class, CascadeCommand.class, LoadtestCommand.class, FitPolicyCommand.class,
        CommandLine.HelpCommand.class},
    footer = {"", "Run 'ttc COMMAND --help' for the options of a command."})
public final class TtcCommand implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  /** Runs the command line and exits the JVM with its status. */
  public static void main(String[] args) {
    // charts are drawn off screen, also where a display is set
    System.setProperty("java.awt.headless", "true");
    System.exit(commandLine().execute(args));
  }

  /**
   * The configured command line: options in declaration order, case-insensitive enum values,
   * and failures of a command printed as one line {@code ttc COMMAND: message} with status 1
   * (set the environment variable {@code TTC_DEBUG=1} for the stack trace).
   */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new TtcCommand());
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    cl.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
      PrintWriter err = cmd.getErr();
      if ("1".equals(System.getenv("TTC_DEBUG"))) {
        ex.printStackTrace(err);
      }
      err.println(cmd.getCommandSpec().qualifiedName() + ": " + describe(ex));
      err.flush();
      return 1;
    });
    CommandLine.IParameterExceptionHandler usage = cl.getParameterExceptionHandler();
    cl.setParameterExceptionHandler((ex, args) -> {
      if (ex instanceof SweepCommand.SpecError) {
        PrintWriter err = ex.getCommandLine().getErr();
        err.println(ex.getCommandLine().getCommandSpec().qualifiedName() + ": " + ex.getMessage());
        err.println("Keys and values of sweep specs: specs/ttc-eval.md; options: '"
            + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
        err.flush();
        return ex.getCommandLine().getCommandSpec().exitCodeOnInvalidInput();
      }
      return usage.handleParseException(ex, args);
    });
    return cl;
  }

  /** A one-line description of a command's failure. */
  static String describe(Throwable ex) {
    Throwable t = ex;
    if (t instanceof UncheckedIOException u && u.getCause() != null) {
      t = u.getCause();
    }
    if (t instanceof NoSuchFileException n) {
      return "no such file: " + n.getFile();
    }
    if (t instanceof IOException) {
      return "I/O error: " + t.getMessage();
    }
    String message = t.getMessage();
    return message == null || message.isBlank() ? t.toString() : message;
  }

  @Override
  public void run() {
    // "ttc" alone: show what there is
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The version from the jar manifest (the project version), or "development" when run from classes. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = TtcCommand.class.getPackage().getImplementationVersion();
      return new String[] {"ttc " + (v == null ? "(development build)" : v) + ", Java " + System.getProperty("java.version")};
    }
  }
}
