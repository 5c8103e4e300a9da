package io.ttc4j.datasets.internal;

import java.util.Optional;

/**
 * Finds the final answer of a solution: the content of its last {@code \boxed{...}} or
 * {@code \fbox{...}}, braces matched with nesting, or the token after {@code \boxed } written
 * without braces.
 */
public final class BoxedAnswers {

  private static final String[] COMMANDS = {"\\boxed", "\\fbox"};

  private BoxedAnswers() {}

  /**
   * The content of the last box in {@code text}; empty when there is none, when the last box is
   * never closed (a solution cut by its length limit), or when its content is blank.
   */
  public static Optional<String> lastBoxed(String text) {
    int at = lastCommand(text, text.length());
    if (at < 0) {
      return Optional.empty();
    }
    String content = boxContent(text, at);
    return content == null || content.isBlank() ? Optional.empty() : Optional.of(content.strip());
  }

  /** Start of the last box command that begins before {@code end}, or -1. */
  private static int lastCommand(String text, int end) {
    int best = -1;
    for (String command : COMMANDS) {
      int from = end;
      while (from >= 0) {
        int i = text.lastIndexOf(command, from);
        if (i < 0) {
          break;
        }
        int after = i + command.length();
        // \boxedxyz would be another command; so would \fboxsep
        if (after >= text.length() || !Character.isLetter(text.charAt(after))) {
          best = Math.max(best, i);
          break;
        }
        from = i - 1;
      }
    }
    return best;
  }

  /** The content of the box whose command starts at {@code at}, or null when it has none. */
  private static String boxContent(String text, int at) {
    int i = at + (text.startsWith("\\boxed", at) ? "\\boxed".length() : "\\fbox".length());
    int n = text.length();
    int spaceStart = i;
    while (i < n && Character.isWhitespace(text.charAt(i))) {
      i++;
    }
    if (i >= n) {
      return null;
    }
    if (text.charAt(i) == '{') {
      return braced(text, i);
    }
    if (i == spaceStart) {
      return null; // "\boxed5" is not LaTeX for a box around 5; "\boxed$" has nothing in it
    }
    // "\boxed 5": one token, up to white space or the end of the math
    int start = i;
    while (i < n && !Character.isWhitespace(text.charAt(i)) && text.charAt(i) != '$') {
      i++;
    }
    String token = text.substring(start, i);
    while (token.endsWith(".") || token.endsWith(",")) {
      token = token.substring(0, token.length() - 1);
    }
    return token;
  }

  /** The text between the brace at {@code open} and its matching brace, or null when unmatched. */
  private static String braced(String text, int open) {
    int depth = 0;
    for (int i = open; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\') {
        i++; // \{ and \} are literal braces, not grouping
      } else if (c == '{') {
        depth++;
      } else if (c == '}') {
        depth--;
        if (depth == 0) {
          return text.substring(open + 1, i);
        }
      }
    }
    return null;
  }
}
