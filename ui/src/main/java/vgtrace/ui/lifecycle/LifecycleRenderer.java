package vgtrace.ui.lifecycle;

import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import vgtrace.ui.Theme.Palette;
import vgtrace.ui.CanvasParts;
import vgtrace.ui.CanvasParts.LegendItem;
import vgtrace.ui.data.Lifetime;
import vgtrace.ui.data.TimeWindow;

import java.util.List;

/**
 * Paints the lifecycle Gantt: one row per resource generation, a bar from create to unref, the
 * mapped stretch of a blob drawn solid, markers for backing attach, map, unmap and unref. Leaks end
 * in an open red edge at the end of the trace; long-mapped blobs are orange.
 */
final class LifecycleRenderer {

    static final double HEADER_WIDTH = 200;
    static final double RULER_HEIGHT = 26;
    static final double LEGEND_HEIGHT = 22;
    static final double ROW_HEIGHT = 18;

    /** What to draw: {@code rows} start at row {@code firstRow}; {@code selectedRow} is -1 for none. */
    record Input(double width, double height, TimeWindow window, TimeWindow extent, List<Lifetime> rows,
                 long firstRow, long totalRows, long selectedRow, Palette palette, List<String> hover, double hoverX,
                 double hoverY) {

        double plotWidth() {
            return Math.max(1, width - HEADER_WIDTH);
        }

        double x(long ts) {
            return HEADER_WIDTH + window.x(ts, plotWidth());
        }

        double rowTop(long row) {
            return RULER_HEIGHT + (row - firstRow) * ROW_HEIGHT;
        }
    }

    private static final Font LABEL = Font.font("DejaVu Sans", 11);

    private LifecycleRenderer() {
    }

    /** Rows that fit between the ruler and the legend. */
    static int visibleRows(double height) {
        return (int) Math.max(0, Math.floor((height - RULER_HEIGHT - LEGEND_HEIGHT) / ROW_HEIGHT));
    }

    static Color kindColor(String kind) {
        return switch (kind) {
            case "2D" -> Color.web("#5b8fd1");
            case "3D" -> Color.web("#4aa57a");
            default -> Color.web("#9b6fd0");
        };
    }

    static void draw(GraphicsContext g, Input in) {
        Palette p = in.palette();
        g.setFill(p.background());
        g.fillRect(0, 0, in.width(), in.height());
        for (int i = 0; i < in.rows().size(); i++) row(g, in, in.firstRow() + i, in.rows().get(i));
        ruler(g, in);
        legend(g, in);
        CanvasParts.hoverBox(g, p, in.hover(), in.hoverX(), in.hoverY(), in.width(), in.height());
    }

    private static void row(GraphicsContext g, Input in, long index, Lifetime l) {
        Palette p = in.palette();
        double top = in.rowTop(index);
        if (index == in.selectedRow()) {
            g.setFill(p.selection().deriveColor(0, 1, 1, 0.15));
            g.fillRect(0, top, in.width(), ROW_HEIGHT);
        } else if (index % 2 == 1) {
            g.setFill(p.laneStripe());
            g.fillRect(0, top, in.width(), ROW_HEIGHT);
        }
        double y = top + 4;
        double h = ROW_HEIGHT - 8;
        double x0 = Math.max(HEADER_WIDTH, in.x(l.createTs()));
        double x1 = Math.min(in.width(), in.x(l.endTs()));
        if (x1 >= HEADER_WIDTH && x0 <= in.width()) {
            Color kind = kindColor(l.kind());
            g.setFill(kind.deriveColor(0, 0.6, 1.1, 0.45));
            g.fillRect(x0, y, Math.max(1.5, x1 - x0), h);
            if (l.mapped()) {
                double m0 = Math.max(HEADER_WIDTH, in.x(l.mapTs()));
                double m1 = Math.min(in.width(), in.x(l.mapEndTs()));
                g.setFill(l.longMapped() ? p.warning() : kind);
                if (m1 >= m0) g.fillRect(m0, y - 1, Math.max(1.5, m1 - m0), h + 2);
            }
            marker(g, in, l.attachTs(), y, h, p.muted());
            marker(g, in, l.unrefTs(), y, h, p.text());
            if (l.leaked()) {
                g.setStroke(p.error());
                g.setLineWidth(2);
                g.strokeRect(x0 + 1, y + 1, Math.max(1, x1 - x0 - 2), h - 2);
                g.setLineWidth(1);
            }
        }
        g.setFill(p.laneStripe());
        g.fillRect(0, top, HEADER_WIDTH, ROW_HEIGHT);
        g.setFont(LABEL);
        g.setTextBaseline(VPos.CENTER);
        g.setFill(l.leaked() ? p.error() : p.text());
        String mem = l.memType() == null ? "" : " " + l.memType();
        g.fillText("res " + Integer.toUnsignedString(l.resourceId()) + " " + l.kind() + mem
                + (l.ctxId() != 0 ? " ctx " + l.ctxId() : ""), 8, top + ROW_HEIGHT / 2);
    }

    private static void marker(GraphicsContext g, Input in, long ts, double y, double h, Color color) {
        if (ts == Lifetime.NONE || !in.window().contains(ts)) return;
        double x = in.x(ts);
        g.setStroke(color);
        g.setLineWidth(2);
        g.strokeLine(x, y - 2, x, y + h + 2);
        g.setLineWidth(1);
    }

    private static void ruler(GraphicsContext g, Input in) {
        CanvasParts.ruler(g, in.palette(), in.window(), in.extent().startNs(), HEADER_WIDTH, in.plotWidth(),
                RULER_HEIGHT, RULER_HEIGHT);
        g.setFill(in.palette().text());
        g.fillText(in.totalRows() + " resources", 8, RULER_HEIGHT / 2);
    }

    private static void legend(GraphicsContext g, Input in) {
        Palette p = in.palette();
        CanvasParts.legend(g, p, List.of(new LegendItem(kindColor("2D"), null, "2D"),
                new LegendItem(kindColor("3D"), null, "3D"), new LegendItem(kindColor("BLOB"), null, "blob (solid: mapped)"),
                new LegendItem(p.warning(), null, "long mapped"), new LegendItem(p.background(), p.error(), "leaked (never unreferenced)"),
                new LegendItem(p.text(), null, "unref")), in.height() - LEGEND_HEIGHT, in.width(), LEGEND_HEIGHT);
    }
}
