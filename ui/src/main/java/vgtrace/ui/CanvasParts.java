package vgtrace.ui;

import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;
import vgtrace.ui.Theme.Palette;
import vgtrace.ui.data.TimeWindow;

import java.util.List;

/** Pieces both canvases draw: the time ruler and the hover box. */
public final class CanvasParts {

    public static final Font SMALL = Font.font("DejaVu Sans", 10);
    private static final double LINE_HEIGHT = 14;
    private static final double CHAR_WIDTH = 6.2;

    private CanvasParts() {
    }

    /**
     * A ruler across the top, {@code height} tall, for the plot that starts at {@code left} and is
     * {@code plotWidth} wide; labels are times since {@code originNs}. Grid lines run down to {@code bottom}.
     */
    public static void ruler(GraphicsContext g, Palette p, TimeWindow window, long originNs, double left,
                             double plotWidth, double height, double bottom) {
        g.setFill(p.background());
        g.fillRect(0, 0, left + plotWidth, height);
        g.setStroke(p.grid());
        g.setLineWidth(1);
        g.strokeLine(0, height - 0.5, left + plotWidth, height - 0.5);
        long step = TimeText.niceStep(window.spanNs() / Math.max(1.0, plotWidth / 110.0));
        long first = Math.floorDiv(window.startNs() - originNs, step) * step + originNs;
        g.setFont(SMALL);
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.CENTER);
        for (long t = first; t <= window.endNs(); t += step) {
            double x = left + window.x(t, plotWidth);
            if (x < left) continue;
            g.setStroke(p.grid().deriveColor(0, 1, 1, 0.5));
            g.strokeLine(x + 0.5, height, x + 0.5, bottom);
            g.setStroke(p.muted());
            g.strokeLine(x + 0.5, height - 8, x + 0.5, height);
            g.setFill(p.muted());
            g.fillText(TimeText.duration(t - originNs), x + 3, height / 2 - 2);
        }
    }

    /** A legend entry: a swatch filled with {@code fill}, outlined with {@code edge} when not null. */
    public record LegendItem(Color fill, Color edge, String label) {
    }

    /** Legend entries in a strip {@code height} tall at {@code top}, across {@code width}. */
    public static void legend(GraphicsContext g, Palette p, List<LegendItem> items, double top, double width,
                              double height) {
        g.setFill(p.laneStripe());
        g.fillRect(0, top, width, height);
        g.setStroke(p.grid());
        g.strokeLine(0, top + 0.5, width, top + 0.5);
        g.setFont(SMALL);
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.CENTER);
        double x = 8;
        double y = top + height / 2;
        for (LegendItem item : items) {
            g.setFill(item.fill());
            g.fillRect(x, y - 5, 14, 10);
            if (item.edge() != null) {
                g.setStroke(item.edge());
                g.setLineWidth(2);
                g.strokeRect(x + 1, y - 4, 12, 8);
                g.setLineWidth(1);
            }
            g.setFill(p.text());
            g.fillText(item.label(), x + 18, y);
            x += 30 + item.label().length() * CHAR_WIDTH;
        }
    }

    /** A box of text lines near (x, y), kept inside a view of {@code width} x {@code height}. */
    public static void hoverBox(GraphicsContext g, Palette p, List<String> lines, double x, double y, double width,
                                double height) {
        if (lines == null || lines.isEmpty()) return;
        g.setFont(SMALL);
        double w = 8 + lines.stream().mapToDouble(s -> s.length() * CHAR_WIDTH).max().orElse(0);
        double h = 6 + LINE_HEIGHT * lines.size();
        double bx = Math.max(0, Math.min(x + 12, width - w - 2));
        double by = Math.max(0, Math.min(y + 12, height - h - 2));
        g.setFill(p.tooltip());
        g.fillRect(bx, by, w, h);
        g.setStroke(p.muted());
        g.strokeRect(bx + 0.5, by + 0.5, w - 1, h - 1);
        g.setFill(p.text());
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.TOP);
        for (int i = 0; i < lines.size(); i++) g.fillText(lines.get(i), bx + 4, by + 3 + i * LINE_HEIGHT);
    }
}
