package io.ttc4j.eval.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class HelpTest {

  /** Every command's help formats cleanly: picocli warns on stderr about an unescaped '%' in a description. */
  @Test
  void everyCommandsHelpFormatsWithoutWarnings() {
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      Map<String, CommandLine> commands = TtcCommand.commandLine().getSubcommands();
      assertTrue(commands.size() >= 10, commands.keySet().toString());
      for (Map.Entry<String, CommandLine> c : commands.entrySet()) {
        String usage = c.getValue().getUsageMessage(CommandLine.Help.Ansi.OFF);
        assertFalse(usage.isBlank(), c.getKey());
      }
    } finally {
      System.setErr(err);
    }
    assertEquals("", captured.toString(StandardCharsets.UTF_8));
  }
}
