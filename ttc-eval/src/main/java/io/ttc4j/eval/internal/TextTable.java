package io.ttc4j.eval.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A small table rendered either as aligned plain text (for a terminal) or as a Markdown table.
 * Columns whose every cell looks numeric are right-aligned.
 */
public final class TextTable {

  private final List<String> header;
  private final List<List<String>> rows = new ArrayList<>();

  /** A table with the given column names. */
  public TextTable(List<String> header) {
    this.header = List.copyOf(Objects.requireNonNull(header, "header"));
    if (this.header.isEmpty()) {
      throw new IllegalArgumentException("a table needs at least one column");
    }
  }

  /** Adds a row; it must have one cell per column. */
  public TextTable add(List<String> cells) {
    if (cells.size() != header.size()) {
      throw new IllegalArgumentException("row has " + cells.size() + " cells, the table " + header.size() + " columns");
    }
    rows.add(List.copyOf(cells));
    return this;
  }

  /** The table as aligned plain text, one line per row after a header and a rule. */
  public String toText() {
    int[] width = widths();
    boolean[] right = numericColumns();
    StringBuilder sb = new StringBuilder();
    appendLine(sb, header, width, right, "  ");
    for (int c = 0; c < width.length; c++) {
      if (c > 0) sb.append("  ");
      sb.append("-".repeat(width[c]));
    }
    sb.append('\n');
    for (List<String> r : rows) {
      appendLine(sb, r, width, right, "  ");
    }
    return sb.toString();
  }

  /** The table in Markdown. */
  public String toMarkdown() {
    int[] width = widths();
    boolean[] right = numericColumns();
    StringBuilder sb = new StringBuilder();
    sb.append("| ");
    appendCells(sb, header, width, right, " | ");
    sb.append(" |\n|");
    for (int c = 0; c < width.length; c++) {
      sb.append(right[c] ? "-".repeat(width[c] + 1) + ":|" : ":" + "-".repeat(width[c] + 1) + "|");
    }
    sb.append('\n');
    for (List<String> r : rows) {
      sb.append("| ");
      appendCells(sb, r, width, right, " | ");
      sb.append(" |\n");
    }
    return sb.toString();
  }

  private int[] widths() {
    int[] w = new int[header.size()];
    for (int c = 0; c < w.length; c++) {
      w[c] = header.get(c).length();
      for (List<String> r : rows) {
        w[c] = Math.max(w[c], r.get(c).length());
      }
    }
    return w;
  }

  private boolean[] numericColumns() {
    boolean[] numeric = new boolean[header.size()];
    for (int c = 0; c < numeric.length; c++) {
      boolean all = !rows.isEmpty();
      for (List<String> r : rows) {
        String cell = r.get(c);
        if (!cell.isEmpty() && !cell.matches("[-+]?[0-9][0-9.,]*%?|[-+]?[0-9.]+[–-][0-9.]+|\\[.*\\]")) {
          all = false;
          break;
        }
      }
      numeric[c] = all;
    }
    return numeric;
  }

  private static void appendLine(StringBuilder sb, List<String> cells, int[] width, boolean[] right, String sep) {
    appendCells(sb, cells, width, right, sep);
    // no trailing blanks
    int end = sb.length();
    while (end > 0 && sb.charAt(end - 1) == ' ') end--;
    sb.setLength(end);
    sb.append('\n');
  }

  private static void appendCells(StringBuilder sb, List<String> cells, int[] width, boolean[] right, String sep) {
    for (int c = 0; c < cells.size(); c++) {
      if (c > 0) sb.append(sep);
      String cell = cells.get(c);
      String pad = " ".repeat(width[c] - cell.length());
      sb.append(right[c] ? pad + cell : cell + pad);
    }
  }
}
