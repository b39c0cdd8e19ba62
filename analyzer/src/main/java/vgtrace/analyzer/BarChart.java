package vgtrace.analyzer;

import java.awt.BasicStroke;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * A horizontal bar chart: one row per label, one bar per series in each row, drawn with Java2D.
 *
 * @param title   chart title
 * @param unit    what the values measure, shown on the axis
 * @param labels  one per row
 * @param series  series names, one per bar of a row
 * @param values  {@code values[row][series]}; NaN draws no bar
 * @param logScale draw values on a log10 axis (latencies spanning decades)
 */
public record BarChart(String title, String unit, List<String> labels, List<String> series, double[][] values,
                       boolean logScale) {

    private static final int WIDTH = 900;
    private static final int ROW = 22;
    private static final int LABEL_WIDTH = 260;

    public BarChart {
        labels = List.copyOf(labels);
        series = List.copyOf(series);
        if (values.length != labels.size()) throw new IllegalArgumentException("one value row per label");
    }

    public BufferedImage render() {
        int barH = series.size() == 1 ? ROW - 6 : 13;
        int rowH = Math.max(ROW, barH * series.size() + 8);
        int height = ChartStyle.TOP + Math.max(1, labels.size()) * rowH + ChartStyle.BOTTOM;
        BufferedImage img = ChartStyle.canvas(WIDTH, height);
        Graphics2D g = img.createGraphics();
        ChartStyle.setUp(g);
        ChartStyle.title(g, title, WIDTH);
        ChartStyle.legend(g, series, WIDTH - 10 - 110 * series.size(), 24);
        double max = 0;
        for (double[] row : values) for (double v : row) if (!Double.isNaN(v)) max = Math.max(max, v);
        int plotW = WIDTH - LABEL_WIDTH - 90;
        Scale scale = logScale ? Scale.log(max) : Scale.linear(max);
        if (labels.isEmpty()) g.drawString("(nothing to show)", LABEL_WIDTH, ChartStyle.TOP + 16);
        for (int r = 0; r < labels.size(); r++) {
            int y = ChartStyle.TOP + r * rowH;
            g.setColor(ChartStyle.TEXT);
            g.drawString(ChartStyle.fit(g, labels.get(r), LABEL_WIDTH - 10), 8, y + rowH / 2 + 5);
            for (int s = 0; s < series.size(); s++) {
                double v = values[r][s];
                if (Double.isNaN(v)) continue;
                int w = (int) Math.round(scale.fraction(v) * plotW);
                g.setColor(ChartStyle.color(s));
                g.fillRect(LABEL_WIDTH, y + 3 + s * barH, Math.max(1, w), barH - 1);
                g.setColor(ChartStyle.TEXT);
                g.drawString(ChartStyle.number(v), LABEL_WIDTH + w + 4, y + 3 + s * barH + barH - 2);
            }
        }
        int axisY = ChartStyle.TOP + labels.size() * rowH + 4;
        g.setColor(ChartStyle.AXIS);
        g.setStroke(new BasicStroke(1));
        g.drawLine(LABEL_WIDTH, ChartStyle.TOP, LABEL_WIDTH, axisY);
        g.setColor(ChartStyle.TEXT);
        g.drawString(unit + (logScale ? " (log scale)" : ""), LABEL_WIDTH, axisY + 16);
        g.dispose();
        return img;
    }

    /** Maps a value to 0..1 of the plot width. */
    private interface Scale {
        double fraction(double v);

        static Scale linear(double max) {
            return v -> max <= 0 ? 0 : v / max;
        }

        static Scale log(double max) {
            double top = Math.log10(Math.max(10, max));
            return v -> v <= 1 ? 0 : Math.log10(v) / top;
        }
    }

}
