package io.ttc4j.prm.internal;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Fenced code blocks in Markdown text, as language models write them. */
public final class CodeBlocks {

  private CodeBlocks() {}

  /**
   * The content of the last closed, non-blank fenced block of {@code text} whose language (the
   * first word after the opening fence, lower case) is in {@code languages}; any block when
   * {@code languages} is empty.
   *
   * <p>A fence is a line of at least three backticks or three tildes, leading white space allowed;
   * the block ends at a line of the same character, at least as long, and nothing else. An opening
   * backtick fence whose info string holds a backtick is not a fence (it is inline code). A block
   * still open at the end of the text is ignored: a solution cut by the length limit states no
   * finished program. The content is the lines between the fences, each ending in a newline.
   *
   * @param languages lower-case language names
   */
  public static Optional<String> last(String text, Set<String> languages) {
    String[] lines = text.split("\n", -1);
    String found = null;
    int i = 0;
    while (i < lines.length) {
      Fence open = Fence.of(lines[i]);
      if (open == null || open.hasBacktickInInfo) {
        i++;
        continue;
      }
      StringBuilder content = new StringBuilder();
      int j = i + 1;
      boolean closed = false;
      for (; j < lines.length; j++) {
        if (open.closedBy(lines[j])) {
          closed = true;
          break;
        }
        content.append(stripCr(lines[j])).append('\n');
      }
      if (!closed) {
        break; // an unclosed block runs to the end of the text
      }
      if ((languages.isEmpty() || languages.contains(open.language)) && !content.toString().isBlank()) {
        found = content.toString();
      }
      i = j + 1;
    }
    return Optional.ofNullable(found);
  }

  private static String stripCr(String line) {
    return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
  }

  /** An opening fence: its character, its length and the language it names. */
  private static final class Fence {
    final char mark;
    final int length;
    final String language;
    final boolean hasBacktickInInfo;

    private Fence(char mark, int length, String language, boolean hasBacktickInInfo) {
      this.mark = mark;
      this.length = length;
      this.language = language;
      this.hasBacktickInInfo = hasBacktickInInfo;
    }

    static Fence of(String line) {
      String s = stripCr(line).strip();
      if (s.length() < 3 || (s.charAt(0) != '`' && s.charAt(0) != '~')) {
        return null;
      }
      char mark = s.charAt(0);
      int n = 0;
      while (n < s.length() && s.charAt(n) == mark) {
        n++;
      }
      if (n < 3) {
        return null;
      }
      String info = s.substring(n).strip();
      int space = 0;
      while (space < info.length() && !Character.isWhitespace(info.charAt(space))) {
        space++;
      }
      String language = info.substring(0, space).toLowerCase(Locale.ROOT);
      return new Fence(mark, n, language, mark == '`' && info.indexOf('`') >= 0);
    }

    boolean closedBy(String line) {
      String s = stripCr(line).strip();
      if (s.length() < length) {
        return false;
      }
      for (int k = 0; k < s.length(); k++) {
        if (s.charAt(k) != mark) {
          return false;
        }
      }
      return true;
    }
  }
}
