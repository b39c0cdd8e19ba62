package vgtrace.ui.timeline;

import java.util.Arrays;
import javafx.geometry.VPos;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.text.Font;
import javafx.scene.text.TextAlignment;
import vgtrace.ui.Theme.Palette;
import vgtrace.core.protocol.CtrlType;
import vgtrace.ui.CanvasParts;
import vgtrace.ui.CanvasParts.LegendItem;
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

    static void draw(GraphicsContext g, PlotRaster raster, Input in) {
        TimelineLayout l = in.layout();
        Palette p = in.palette();
        g.setFill(p.background());
        g.fillRect(0, 0, l.width(), l.height());
        int plotHeight = (int) Math.ceil(l.plotBottom() - TimelineLayout.RULER_HEIGHT);
        raster.reset(l.columns(), plotHeight, PlotRaster.argb(p.background()));
        lanes(raster, in);
        spans(raster, in);
        ticks(raster, in);
        g.drawImage(raster.image(), TimelineLayout.HEADER_WIDTH, TimelineLayout.RULER_HEIGHT);
        ruler(g, in);
        selection(g, in);
        headers(g, in);
        legend(g, in);
        CanvasParts.hoverBox(g, p, in.hover(), in.hoverX(), in.hoverY(), l.width(), l.height());
    }

    /** A lane's top within the raster (which starts below the ruler). */
    private static int top(Input in, int lane) {
        return (int) Math.round(in.layout().laneTop(lane) - TimelineLayout.RULER_HEIGHT);
    }

    private static final int LANE = (int) TimelineLayout.LANE_HEIGHT;

    private static void lanes(PlotRaster r, Input in) {
        TimelineLayout l = in.layout();
        int stripe = PlotRaster.argb(in.palette().laneStripe());
        int grid = PlotRaster.argb(in.palette().grid());
        for (int lane = l.laneOffset(); lane < in.lanes().size(); lane++) {
            int top = top(in, lane);
            if (top > r.height()) break;
            if (lane % 2 == 1) r.fillRect(0, top, r.width(), LANE, stripe);
            r.fillRect(0, top + LANE - 1, r.width(), 1, grid);
        }
    }

    /** The plot x of bucket column {@code column}'s left edge, mapped into the current window. */
    private static double x(Input in, int column) {
        TimelineFrame f = in.frame();
        long ts = f.window().timeAt(column, f.columns());
        return in.window().x(ts, in.layout().columns());
    }

    /** How wide one bucket column of the frame is in the current window. */
    private static double columnWidth(Input in) {
        return Math.max(1, (double) in.frame().window().spanNs() / in.window().spanNs()
                * in.layout().columns() / Math.max(1, in.frame().columns()));
    }

    private static boolean visibleLane(Input in, int lane) {
        TimelineLayout l = in.layout();
        return lane >= l.laneOffset() && l.laneTop(lane) < l.plotBottom();
    }

    private static void legend(GraphicsContext g, Input in) {
        Palette p = in.palette();
        TimelineLayout l = in.layout();
        CanvasParts.legend(g, p, List.of(
                new LegendItem(TypeColors.of(CtrlType.RESOURCE_FLUSH.code()), null, "2D command"),
                new LegendItem(TypeColors.of(CtrlType.TRANSFER_TO_HOST_3D.code()), null, "3D command"),
                new LegendItem(TypeColors.of(CtrlType.SUBMIT_3D.code()), null, "SUBMIT_3D"),
                new LegendItem(TypeColors.of(CtrlType.MOVE_CURSOR.code()), null, "cursor"),
                new LegendItem(p.span(), p.spanEdge(), "fence: submit to signal"),
                new LegendItem(p.span(), p.error(), "never signalled"),
                new LegendItem(p.error(), null, "failed command (red mark)")), l.plotBottom(), l.width(), TimelineLayout.LEGEND_HEIGHT);
    }

    /**
     * Fence spans, each pixel of a lane painted once: a bucket's bar starts where the lane's earlier
     * bars end (buckets come sorted by start column per lane), so overlapping fences do not cost
     * overdraw. Darker means more fences started there; a red edge marks fences that never signalled.
     */
    private static void spans(PlotRaster r, Input in) {
        Palette p = in.palette();
        double cw = columnWidth(in);
        int h = (int) (LANE * 0.38);
        int span = PlotRaster.argb(p.span());
        int error = PlotRaster.argb(p.error());
        int edge = PlotRaster.argb(p.spanEdge());
        int[] covered = new int[in.lanes().size()];
        Arrays.fill(covered, Integer.MIN_VALUE);
        for (SpanBucket s : in.frame().spans()) {
            if (!visibleLane(in, s.lane())) continue;
            int top = top(in, s.lane()) + LANE / 2;
            int x0 = (int) Math.floor(x(in, s.startColumn()));
            int x1 = (int) Math.ceil(x(in, s.endColumn()) + cw);
            int from = Math.max(x0, covered[s.lane()]);
            if (x1 > from) {
                double alpha = Math.min(0.95, 0.45 + 0.1 * Math.log1p(s.count()));
                r.blendRect(from, top, x1 - from, h, s.errors() > 0 ? error : span, alpha);
                covered[s.lane()] = x1;
            }
            if (s.unsignalled() > 0) {
                r.strokeRect(x0, top, Math.max(2, x1 - x0), h, 2, error);
            } else if (s.count() == 1 && x1 - x0 >= 3) {
                r.strokeRect(x0, top, x1 - x0, h, 1, edge);
            }
        }
    }

    private static void ticks(PlotRaster r, Input in) {
        double cw = columnWidth(in);
        int error = PlotRaster.argb(in.palette().error());
        for (TickBucket t : in.frame().ticks()) {
            if (!visibleLane(in, t.lane())) continue;
            int x = (int) Math.floor(x(in, t.column()));
            int w = (int) Math.max(1, Math.min(Math.round(cw), 6));
            if (x + w < 0 || x > r.width()) continue;
            int top = top(in, t.lane());
            int h = (int) Math.min(LANE * 0.45, 5 + 2.2 * Math.log(t.count()) / Math.log(2));
            int base = top + (int) (LANE * 0.48);
            r.fillRect(x, base - h, w, h, PlotRaster.argb(TypeColors.of(t.dominantType())));
            if (t.errors() > 0) r.triangleDown(x + w / 2, top + 1, 4, error);
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
        for (int lane = l.laneOffset(); lane < in.lanes().size() && l.laneTop(lane) < l.plotBottom(); lane++) {
            g.fillText(in.lanes().get(lane).label(), 8, l.laneTop(lane) + TimelineLayout.LANE_HEIGHT / 2);
        }
        g.setFill(p.muted());
        g.setFont(CanvasParts.SMALL);
        g.fillText(TimeText.duration(in.window().spanNs()) + " shown", 8, TimelineLayout.RULER_HEIGHT / 2);
    }
}
