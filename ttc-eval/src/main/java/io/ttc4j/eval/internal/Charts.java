package io.ttc4j.eval.internal;

import io.ttc4j.eval.SweepStrategy;
import io.ttc4j.strategies.StrategySpec;
import io.ttc4j.eval.ComputeRow;
import io.ttc4j.eval.DifficultyRow;
import io.ttc4j.eval.stats.AtKCurve;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The PNG charts of a run folder (XChart): accuracy against N, against a compute axis, and the
 * unbiased at-k curves against the searched points. Every x axis is logarithmic in base 2 (the
 * sweep doubles N), drawn as log₂ of the value with tick labels showing the value itself; accuracy
 * has a fixed 0–1 axis so charts compare at a glance. Shaded bands are 95% cluster-bootstrap
 * intervals. {@code oracle} (pass@N, an upper bound) is dashed.
 */
public final class Charts {

  private static final int WIDTH = 1000;
  private static final int HEIGHT = 640;

  private static final Map<StrategySpec.Kind, Color> COLORS = Map.ofEntries(
      Map.entry(StrategySpec.Kind.FIRST, new Color(0x55, 0x55, 0x55)),
      Map.entry(StrategySpec.Kind.NAIVE, new Color(0xE6, 0x7E, 0x22)),
      Map.entry(StrategySpec.Kind.WEIGHTED, new Color(0x1F, 0x6F, 0xC8)),
      Map.entry(StrategySpec.Kind.MAJORITY, new Color(0x2E, 0x9E, 0x4F)),
      Map.entry(StrategySpec.Kind.ORACLE, new Color(0x8E, 0x44, 0xAD)),
      Map.entry(StrategySpec.Kind.BEAM, new Color(0xC0, 0x39, 0x2B)),
      Map.entry(StrategySpec.Kind.DVTS, new Color(0x16, 0xA0, 0x85)),
      Map.entry(StrategySpec.Kind.REBASE, new Color(0xD4, 0xAC, 0x0D)),
      Map.entry(StrategySpec.Kind.LOOKAHEAD, new Color(0x7F, 0x8C, 0x8D)),
      Map.entry(StrategySpec.Kind.MCTS, new Color(0x34, 0x49, 0x5E)),
      Map.entry(StrategySpec.Kind.SC, new Color(0x27, 0xAE, 0x60)));

  /** A strategy's colour: its kind's, shifted for variants with non-default settings so lines differ. */
  private static Color color(SweepStrategy s) {
    Color base = COLORS.get(s.kind());
    if (s.name().equals(s.kind().label())) return base;
    float[] hsb = Color.RGBtoHSB(base.getRed(), base.getGreen(), base.getBlue(), null);
    float shift = (Math.floorMod(s.name().hashCode(), 7) + 1) / 16f;
    return Color.getHSBColor((hsb[0] + shift) % 1f, hsb[1], Math.max(0.35f, hsb[2] * 0.85f));
  }

  private Charts() {}

  /** Accuracy against N (log₂ axis) per strategy, with cluster-bootstrap bands. */
  public static void accuracyVsN(List<ComputeRow> rows, String title, Path file) throws IOException {
    XYChart chart = chart(title, "N (samples per query, log\u2082 scale)", "accuracy (share of queries right)");
    Map<SweepStrategy, List<ComputeRow>> byStrategy = byStrategy(rows);
    byStrategy.forEach((s, list) -> addWithBand(chart, label(s), s, list, r -> r.n(), ComputeRow::accuracy,
        r -> r.clusterInterval().low(), r -> r.clusterInterval().high()));
    log2Axis(chart, rows.stream().mapToDouble(ComputeRow::n).toArray(), Charts::integer);
    save(chart, file);
  }

  /**
   * Accuracy against N (log₂ axis) per strategy over the problems of one difficulty bin, with
   * cluster-bootstrap bands: {@code rows} are the rows of that bin.
   */
  public static void accuracyVsNInBin(List<DifficultyRow> rows, String title, Path file) throws IOException {
    XYChart chart = chart(title, "N (samples or beams per query, log\u2082 scale)", "accuracy (share of queries right)");
    Map<SweepStrategy, List<DifficultyRow>> byStrategy = new LinkedHashMap<>();
    for (DifficultyRow r : rows) byStrategy.computeIfAbsent(r.strategy(), s -> new ArrayList<>()).add(r);
    byStrategy.forEach((s, list) -> addWithBand(chart, label(s), s, list, r -> r.n(), DifficultyRow::accuracy,
        r -> r.clusterInterval().low(), r -> r.clusterInterval().high()));
    log2Axis(chart, rows.stream().mapToDouble(DifficultyRow::n).toArray(), Charts::integer);
    save(chart, file);
  }

  /**
   * Accuracy against a compute axis (log₂), one line per strategy through its Ns, with bands.
   *
   * @param axis   the mean cost per query of a row; rows with cost 0 cannot be drawn on a log axis
   *               and are left out
   * @param format formats a cost for tick labels
   */
  public static void accuracyVsCost(List<ComputeRow> rows, ToDoubleFunction<ComputeRow> axis, String title, String xLabel,
      Function<Double, String> format, Path file) throws IOException {
    XYChart chart = chart(title, xLabel, "accuracy (share of queries right)");
    List<Double> xs = new ArrayList<>();
    byStrategy(rows).forEach((s, list) -> {
      List<ComputeRow> drawable = new ArrayList<>();
      for (ComputeRow r : list) {
        if (axis.applyAsDouble(r) > 0) drawable.add(r);
      }
      // equal costs at several N (first is charged one sample at every N): keep the first
      List<ComputeRow> distinct = new ArrayList<>();
      for (ComputeRow r : drawable) {
        if (distinct.isEmpty() || axis.applyAsDouble(r) > axis.applyAsDouble(distinct.get(distinct.size() - 1)) * (1 + 1e-9)) {
          distinct.add(r);
        }
      }
      if (distinct.isEmpty()) return;
      for (ComputeRow r : distinct) xs.add(axis.applyAsDouble(r));
      addWithBand(chart, label(s), s, distinct, axis, ComputeRow::accuracy, r -> r.clusterInterval().low(),
          r -> r.clusterInterval().high());
    });
    log2Axis(chart, xs.stream().mapToDouble(Double::doubleValue).toArray(), format);
    save(chart, file);
  }

  /**
   * The unbiased at-k curves (lines with bands) against the accuracy of the searches run at each N
   * (markers), per strategy.
   */
  public static void atK(List<AtKCurve.Point> curve, List<ComputeRow> searched, int samplesN, String title, Path file)
      throws IOException {
    XYChart chart = chart(title, "k (samples per query, log\u2082 scale)", "accuracy (share of queries right)");
    Map<SweepStrategy, List<AtKCurve.Point>> byStrategy = new LinkedHashMap<>();
    for (AtKCurve.Point p : curve) {
      byStrategy.computeIfAbsent(SweepStrategy.of(p.strategy()), s -> new ArrayList<>()).add(p);
    }
    // ten entries: a column in the empty top left (accuracy starts low and rises with k)
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
    chart.getStyler().setLegendLayout(Styler.LegendLayout.Vertical);
    chart.getStyler().setLegendBackgroundColor(new Color(255, 255, 255, 215));
    chart.getStyler().setLegendBorderColor(new Color(0xCC, 0xCC, 0xCC));
    byStrategy.forEach((s, list) -> addWithBand(chart, ResultsJsonl.name(s) + "@k from samples", s, list, p -> p.k(), AtKCurve.Point::accuracy, p -> p.interval().low(), p -> p.interval().high()));
    Map<SweepStrategy, List<ComputeRow>> rows = byStrategy(searched);
    rows.forEach((s, list) -> {
      if (!byStrategy.containsKey(s)) return;
      XYSeries series = chart.addSeries(ResultsJsonl.name(s) + ", searched", list.stream().mapToDouble(r -> log2(r.n())).toArray(),
          list.stream().mapToDouble(ComputeRow::accuracy).toArray());
      series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
      series.setMarker(SeriesMarkers.DIAMOND);
      series.setMarkerColor(color(s).darker());
    });
    log2Axis(chart, curve.stream().mapToDouble(AtKCurve.Point::k).toArray(), Charts::integer);
    save(chart, file);
  }

  /**
   * A cascade's held-out frontier (a line through the points in the order given) against single tiers
   * (labelled markers), accuracy over a log₂ cost axis. Points at cost 0 cannot sit on a log axis:
   * they are left out and a tier at 0 says its accuracy in its label.
   *
   * @param frontier pairs {cost, accuracy}
   * @param tiers    per tier name, {cost, accuracy}
   */
  public static void frontier(List<double[]> frontier, Map<String, double[]> tiers, String title, String xLabel,
      Function<Double, String> format, Path file) throws IOException {
    XYChart chart = chart(title, xLabel, "accuracy (share of queries right)");
    chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
    chart.getStyler().setLegendLayout(Styler.LegendLayout.Vertical);
    chart.getStyler().setLegendBackgroundColor(new Color(255, 255, 255, 215));
    List<Double> xs = new ArrayList<>();
    List<double[]> drawn = new ArrayList<>();
    for (double[] p : frontier) {
      if (p[0] > 0) {
        drawn.add(p);
        xs.add(p[0]);
      }
    }
    if (!drawn.isEmpty()) {
      XYSeries line = chart.addSeries("cascade (held out)", drawn.stream().mapToDouble(p -> log2(p[0])).toArray(),
          drawn.stream().mapToDouble(p -> p[1]).toArray());
      line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
      line.setLineColor(new Color(0x1F, 0x77, 0xB4));
      line.setMarkerColor(new Color(0x1F, 0x77, 0xB4));
      line.setMarker(SeriesMarkers.CIRCLE);
      line.setLineStyle(new BasicStroke(2.5f));
    }
    Color[] palette = {new Color(0x2C, 0xA0, 0x2C), new Color(0xFF, 0x7F, 0x0E), new Color(0xD6, 0x27, 0x28),
        new Color(0x94, 0x67, 0xBD), new Color(0x8C, 0x56, 0x4B), new Color(0x7F, 0x7F, 0x7F)};
    int k = 0;
    for (Map.Entry<String, double[]> e : tiers.entrySet()) {
      double[] p = e.getValue();
      Color c = palette[k++ % palette.length];
      if (p[0] <= 0) {
        // a zero-cost tier: a legend entry only
        XYSeries s = chart.addSeries(e.getKey() + " alone: " + String.format(Locale.ROOT, "%.3f", p[1]) + " at "
            + format.apply(0.0) + " (off the log axis)", new double[] {Double.NaN}, new double[] {Double.NaN});
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(c);
        continue;
      }
      xs.add(p[0]);
      XYSeries s = chart.addSeries(e.getKey() + " alone", new double[] {log2(p[0])}, new double[] {p[1]});
      s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
      s.setMarker(SeriesMarkers.DIAMOND);
      s.setMarkerColor(c);
    }
    log2Axis(chart, xs.stream().mapToDouble(Double::doubleValue).toArray(), format);
    save(chart, file);
  }

  /** Compact number for tick labels: 1, 512, 1.5k, 2.1M, 3.4e12. */
  public static String compact(double v) {
    double a = Math.abs(v);
    if (a >= 1e12) return String.format(Locale.ROOT, "%.2g", v).replace("e+", "e");
    if (a >= 1e9) return trim(v / 1e9) + "G";
    if (a >= 1e6) return trim(v / 1e6) + "M";
    if (a >= 1e3) return trim(v / 1e3) + "k";
    return trim(v);
  }

  /** Dollars for tick labels, with enough digits for fractions of a cent. */
  public static String dollars(double v) {
    if (v >= 1) return String.format(Locale.ROOT, "$%.2f", v);
    if (v >= 0.01) return String.format(Locale.ROOT, "$%.3f", v);
    return "$" + String.format(Locale.ROOT, "%.2g", v).replace("e-0", "e-");
  }

  /** Seconds for tick labels. */
  public static String seconds(double v) {
    if (v >= 60) return trim(v / 60) + " min";
    if (v >= 1) return trim(v) + " s";
    return trim(v * 1000) + " ms";
  }

  /** A count: whole numbers as such, fractions (ticks beyond the data) with their decimals, so labels stay distinct. */
  private static String integer(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : trim(v);
  }

  private static String trim(double v) {
    String s = String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.0f" : Math.abs(v) >= 10 ? "%.1f" : "%.2f", v);
    if (s.contains(".")) s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
    return s;
  }

  private static XYChart chart(String title, String xLabel, String yLabel) {
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xLabel)
        .yAxisTitle(yLabel).build();
    var st = chart.getStyler();
    st.setChartBackgroundColor(Color.WHITE);
    st.setPlotBackgroundColor(Color.WHITE);
    st.setPlotBorderVisible(true);
    st.setPlotGridLinesColor(new Color(0xDD, 0xDD, 0xDD));
    st.setLegendPosition(Styler.LegendPosition.OutsideS);
    st.setLegendLayout(Styler.LegendLayout.Horizontal);
    st.setLegendBorderColor(Color.WHITE);
    st.setChartTitleBoxVisible(false);
    st.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
    st.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
    st.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    st.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    st.setYAxisMin(0.0);
    st.setYAxisMax(1.0);
    st.setYAxisDecimalPattern("0.0");
    st.setMarkerSize(7);
    st.setAntiAlias(true);
    return chart;
  }

  private static <T> void addWithBand(XYChart chart, String name, SweepStrategy s, List<T> points,
      ToDoubleFunction<T> x, ToDoubleFunction<T> y, ToDoubleFunction<T> low, ToDoubleFunction<T> high) {
    Color color = color(s);
    int n = points.size();
    if (n >= 2) {
      double[] bx = new double[2 * n];
      double[] by = new double[2 * n];
      for (int i = 0; i < n; i++) {
        T p = points.get(i);
        bx[i] = log2(x.applyAsDouble(p));
        by[i] = high.applyAsDouble(p);
        T q = points.get(n - 1 - i);
        bx[n + i] = log2(x.applyAsDouble(q));
        by[n + i] = low.applyAsDouble(q);
      }
      XYSeries band = chart.addSeries(name + " (95% CI)", bx, by);
      band.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
      Color translucent = new Color(color.getRed(), color.getGreen(), color.getBlue(), 30);
      band.setFillColor(translucent);
      band.setLineColor(translucent);
      band.setMarker(SeriesMarkers.NONE);
      band.setShowInLegend(false);
    }
    XYSeries line = chart.addSeries(name, points.stream().mapToDouble(p -> log2(x.applyAsDouble(p))).toArray(),
        points.stream().mapToDouble(y).toArray());
    line.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
    line.setLineColor(color);
    line.setMarkerColor(color);
    line.setMarker(SeriesMarkers.CIRCLE);
    if (s.isBound()) {
      line.setLineStyle(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, new float[] {7f, 5f}, 0f));
    } else {
      line.setLineStyle(new BasicStroke(2.5f)); // solid: XChart cycles dash styles after a few series
    }
  }

  /** A log₂ x axis: ticks at whole powers of two, labelled with the value. */
  private static void log2Axis(XYChart chart, double[] values, Function<Double, String> format) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    for (double v : values) {
      if (v <= 0) continue;
      lo = Math.min(lo, log2(v));
      hi = Math.max(hi, log2(v));
    }
    if (lo > hi) return;
    double min = lo - 0.3;
    double max = Math.max(hi, lo + 1) + 0.3;
    var st = chart.getStyler();
    st.setXAxisMin(min);
    st.setXAxisMax(max);
    // XChart derives the tick step from the hint (pixels per tick) and rounds it to 1, 2, 2.5 or 5 times a
    // power of ten; a hint of about the pixels per unit gives one tick per power of two. It draws no
    // ticks when two labels are equal, so a tick between powers (should one appear) shows its value
    st.setXAxisTickMarkSpacingHint(Math.max(40, (int) (0.95 * (WIDTH - 120) / (max - min))));
    chart.setCustomXAxisTickLabelsFormatter(x -> Math.abs(x - Math.rint(x)) < 1e-6 ? format.apply(Math.pow(2, Math.rint(x)))
        : String.format(Locale.ROOT, "%.3g", Math.pow(2, x)));
  }

  private static Map<SweepStrategy, List<ComputeRow>> byStrategy(List<ComputeRow> rows) {
    Map<SweepStrategy, List<ComputeRow>> out = new LinkedHashMap<>();
    for (ComputeRow r : rows) out.computeIfAbsent(r.strategy(), s -> new ArrayList<>()).add(r);
    return out;
  }

  private static String label(SweepStrategy s) {
    return s.isBound() ? "oracle (pass@N, a bound)" : s.name();
  }

  private static double log2(double v) {
    return Math.log(v) / Math.log(2);
  }

  private static void save(XYChart chart, Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) Files.createDirectories(parent);
    try (OutputStream out = Files.newOutputStream(file)) {
      BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
    }
  }
}
