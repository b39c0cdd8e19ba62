package vgtrace.analyzer;

import java.awt.BasicStroke;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * A step chart of series over a shared x axis, drawn with Java2D: each value holds until the next
 * point, as a queue depth does.
 *
 * @param title  chart title
 * @param xUnit  x axis label
 * @param yUnit  y axis label
 * @param series the lines
 */
public record LineChart(String title, String xUnit, String yUnit, List<Series> series) {

    /** One line: points in x order. */
    public record Series(String name, double[] x, double[] y) {
        public Series {
            if (x.length != y.length) throw new IllegalArgumentException("x and y differ in length");
        }
    }

    private static final int WIDTH = 900;
    private static final int HEIGHT = 360;
    private static final int LEFT = 70;

    public LineChart {
        series = List.copyOf(series);
    }

    public BufferedImage render() {
        BufferedImage img = ChartStyle.canvas(WIDTH, HEIGHT);
        Graphics2D g = img.createGraphics();
        ChartStyle.setUp(g);
        ChartStyle.title(g, title, WIDTH);
        ChartStyle.legend(g, series.stream().map(Series::name).toList(), WIDTH - 10 - 110 * series.size(), 24);
        double minX = Double.POSITIVE_INFINITY, maxX = Double.NEGATIVE_INFINITY, maxY = 0;
        for (Series s : series) {
            for (int i = 0; i < s.x.length; i++) {
                minX = Math.min(minX, s.x[i]);
                maxX = Math.max(maxX, s.x[i]);
                maxY = Math.max(maxY, s.y[i]);
            }
        }
        int top = ChartStyle.TOP, bottom = HEIGHT - ChartStyle.BOTTOM, right = WIDTH - 20;
        g.setColor(ChartStyle.AXIS);
        g.drawLine(LEFT, top, LEFT, bottom);
        g.drawLine(LEFT, bottom, right, bottom);
        g.setColor(ChartStyle.TEXT);
        g.drawString(ChartStyle.number(maxY), 6, top + 10);
        g.drawString("0", LEFT - 14, bottom);
        g.drawString(yUnit, 6, top - 6);
        if (minX > maxX) {
            g.drawString("(nothing to show)", LEFT + 10, top + 20);
        } else {
            g.drawString(ChartStyle.number(minX), LEFT, bottom + 16);
            String end = ChartStyle.number(maxX);
            g.drawString(end, right - g.getFontMetrics().stringWidth(end), bottom + 16);
            g.drawString(xUnit, (LEFT + right) / 2 - g.getFontMetrics().stringWidth(xUnit) / 2, bottom + 16);
            double spanX = Math.max(1e-9, maxX - minX), spanY = Math.max(1e-9, maxY);
            g.setStroke(new BasicStroke(1.5f));
            for (int s = 0; s < series.size(); s++) {
                Series line = series.get(s);
                g.setColor(ChartStyle.color(s));
                for (int i = 1; i < line.x.length; i++) {
                    int x0 = LEFT + (int) ((line.x[i - 1] - minX) / spanX * (right - LEFT));
                    int x1 = LEFT + (int) ((line.x[i] - minX) / spanX * (right - LEFT));
                    int y0 = bottom - (int) (line.y[i - 1] / spanY * (bottom - top));
                    int y1 = bottom - (int) (line.y[i] / spanY * (bottom - top));
                    g.drawLine(x0, y0, x1, y0);
                    g.drawLine(x1, y0, x1, y1);
                }
            }
        }
        g.dispose();
        return img;
    }
}
