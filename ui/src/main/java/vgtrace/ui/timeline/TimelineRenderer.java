package vgtrace.ui.timeline;

import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;
import vgtrace.ui.Theme.Palette;
import vgtrace.ui.CanvasParts;
import vgtrace.ui.TimeText;
import vgtrace.ui.TypeColors;
import vgtrace.ui.data.Lane;
import vgtrace.ui.data.MessageRef;
import vgtrace.ui.data.SpanBucket;
import vgtrace.ui.data.TickBucket;
import vgtrace.ui.data.TimeWindow;
import vgtrace.ui.data.TimelineFrame;

import java.util.List;

/**
 * Paints one timeline frame. Work is proportional to the frame's buckets (at most lanes x columns),
 * never to the trace. A frame fetched for an older window is drawn where its times fall in the current
 * one, so panning and zooming move at once while the new frame is queried.
 */
final class TimelineRenderer {

    /** What to draw. {@code hover} lines are drawn near (hoverX, hoverY); null for none. */
    record Input(TimelineLayout layout, List<Lane> lanes, TimeWindow window, TimeWindow extent, TimelineFrame frame,
                 Palette palette, MessageRef selection, List<String> hover, double hoverX, double hoverY) {
    }

    private static final Font LABEL = Font.font("DejaVu Sans", 12);

    private TimelineRenderer() {
    }

    static void draw(GraphicsContext g, Input in) {
        TimelineLayout l = in.layout();
        Palette p = in.palette();
        g.setFill(p.background());
        g.fillRect(0, 0, l.width(), l.height());
        lanes(g, in);
        spans(g, in);
        ticks(g, in);
        ruler(g, in);
        selection(g, in);
        headers(g, in);
        CanvasParts.hoverBox(g, p, in.hover(), in.hoverX(), in.hoverY(), l.width(), l.height());
    }

    private static void lanes(GraphicsContext g, Input in) {
        TimelineLayout l = in.layout();
        for (int lane = l.laneOffset(); lane < in.lanes().size(); lane++) {
            double top = l.laneTop(lane);
            if (top > l.height()) break;
            if (lane % 2 == 1) {
                g.setFill(in.palette().laneStripe());
                g.fillRect(0, top, l.width(), TimelineLayout.LANE_HEIGHT);
            }
            g.setStroke(in.palette().grid());
            g.setLineWidth(1);
            g.strokeLine(0, top + TimelineLayout.LANE_HEIGHT - 0.5, l.width(), top + TimelineLayout.LANE_HEIGHT - 0.5);
        }
    }

    /** The plot x of bucket column {@code column}'s left edge, mapped into the current window. */
    private static double x(Input in, int column) {
        TimelineFrame f = in.frame();
        long ts = f.window().timeAt(column, f.columns());
        return TimelineLayout.HEADER_WIDTH + in.window().x(ts, in.layout().columns());
    }

    /** How wide one bucket column of the frame is in the current window. */
    private static double columnWidth(Input in) {
        return Math.max(1, (double) in.frame().window().spanNs() / in.window().spanNs()
                * in.layout().columns() / Math.max(1, in.frame().columns()));
    }

    private static boolean visibleLane(Input in, int lane) {
        TimelineLayout l = in.layout();
        return lane >= l.laneOffset() && l.laneTop(lane) < l.height();
    }

    private static void spans(GraphicsContext g, Input in) {
        Palette p = in.palette();
        double cw = columnWidth(in);
        for (SpanBucket s : in.frame().spans()) {
            if (!visibleLane(in, s.lane())) continue;
            double top = in.layout().laneTop(s.lane()) + TimelineLayout.LANE_HEIGHT * 0.50;
            double h = TimelineLayout.LANE_HEIGHT * 0.38;
            double x0 = x(in, s.startColumn());
            double x1 = x(in, s.endColumn()) + cw;
            double alpha = Math.min(0.95, 0.45 + 0.1 * Math.log1p(s.count()));
            Color fill = s.errors() > 0 ? p.error() : p.span();
            g.setFill(fill.deriveColor(0, 1, 1, alpha));
            g.fillRect(x0, top, Math.max(1, x1 - x0), h);
            if (x1 - x0 >= 3) {
                g.setStroke(s.unsignalled() > 0 ? p.error() : p.spanEdge());
                g.setLineWidth(s.unsignalled() > 0 ? 2 : 1);
                g.strokeRect(x0 + 0.5, top + 0.5, x1 - x0 - 1, h - 1);
            }
        }
    }

    private static void ticks(GraphicsContext g, Input in) {
        Palette p = in.palette();
        double cw = columnWidth(in);
        double plotLeft = TimelineLayout.HEADER_WIDTH;
        for (TickBucket t : in.frame().ticks()) {
            if (!visibleLane(in, t.lane())) continue;
            double x = x(in, t.column());
            if (x + cw < plotLeft || x > in.layout().width()) continue;
            double top = in.layout().laneTop(t.lane());
            double h = Math.min(TimelineLayout.LANE_HEIGHT * 0.45, 5 + 2.2 * Math.log(t.count()) / Math.log(2));
            double base = top + TimelineLayout.LANE_HEIGHT * 0.48;
            g.setFill(TypeColors.of(t.dominantType()));
            g.fillRect(x, base - h, Math.max(1, Math.min(cw, 6)), h);
            if (t.errors() > 0) {
                g.setFill(p.error());
                double cx = x + Math.min(cw, 6) / 2;
                g.fillPolygon(new double[] {cx - 4, cx + 4, cx}, new double[] {top + 1, top + 1, top + 8}, 3);
            }
        }
    }

    private static void ruler(GraphicsContext g, Input in) {
        TimelineLayout l = in.layout();
        CanvasParts.ruler(g, in.palette(), in.window(), in.extent().startNs(), TimelineLayout.HEADER_WIDTH,
                l.columns(), TimelineLayout.RULER_HEIGHT, l.height());
    }

    private static void selection(GraphicsContext g, Input in) {
        MessageRef s = in.selection();
        if (s == null || !in.window().contains(s.tsNs())) return;
        double x = TimelineLayout.HEADER_WIDTH + in.window().x(s.tsNs(), in.layout().columns());
        g.setStroke(in.palette().selection());
        g.setLineWidth(1.5);
        g.setLineDashes(4, 3);
        g.strokeLine(x, TimelineLayout.RULER_HEIGHT, x, in.layout().height());
        g.setLineDashes();
        g.setLineWidth(1);
    }

    private static void headers(GraphicsContext g, Input in) {
        TimelineLayout l = in.layout();
        Palette p = in.palette();
        g.setFill(p.laneStripe());
        g.fillRect(0, TimelineLayout.RULER_HEIGHT, TimelineLayout.HEADER_WIDTH, l.height());
        g.setStroke(p.grid());
        g.strokeLine(TimelineLayout.HEADER_WIDTH - 0.5, 0, TimelineLayout.HEADER_WIDTH - 0.5, l.height());
        g.setFont(LABEL);
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.CENTER);
        g.setFill(p.text());
        for (int lane = l.laneOffset(); lane < in.lanes().size() && l.laneTop(lane) < l.height(); lane++) {
            g.fillText(in.lanes().get(lane).label(), 8, l.laneTop(lane) + TimelineLayout.LANE_HEIGHT / 2);
        }
        g.setFill(p.muted());
        g.setFont(CanvasParts.SMALL);
        g.fillText(TimeText.duration(in.window().spanNs()) + " shown", 8, TimelineLayout.RULER_HEIGHT / 2);
    }
}
