package vgtrace.ui.timeline;

import javafx.application.Platform;
import javafx.beans.InvalidationListener;
import javafx.beans.WeakInvalidationListener;
import javafx.beans.property.ObjectProperty;
import javafx.scene.canvas.Canvas;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Region;
import vgtrace.core.protocol.CtrlType;
import vgtrace.ui.LinkedSelection;
import vgtrace.ui.Theme;
import vgtrace.ui.TimeText;
import vgtrace.ui.data.Lane;
import vgtrace.ui.data.SpanBucket;
import vgtrace.ui.data.TickBucket;
import vgtrace.ui.data.TimeWindow;
import vgtrace.ui.data.TimelineFrame;
import vgtrace.ui.data.TimelineSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The fence timeline: a lane per virtqueue and per (context, ring), command ticks coloured by type,
 * fence spans from submit to signal, errors marked, a time ruler. Wheel zooms around the pointer,
 * drag pans, a click selects the nearest command; keys are listed in the help panel. Frames are
 * queried on a background thread, latest request wins.
 */
public final class TimelineView extends Region {

    private static final double ZOOM_STEP = 1.25;
    private static final double PICK_PIXELS = 4;

    private final Canvas canvas = new Canvas();
    private final PlotRaster raster = new PlotRaster();
    private final TimelineSource source;
    private final Executor queries;
    private final LinkedSelection selection;
    private final ObjectProperty<Theme> theme;
    /** Held here: the theme property outlives the view and holds only a weak reference to it. */
    private final InvalidationListener themeChanged = o -> redraw();
    private final Consumer<String> status;
    private TimeWindow window;
    private TimelineFrame frame;
    private Map<Long, TickBucket> tickIndex = Map.of();
    private int laneOffset;
    private long requested;
    private List<String> hover;
    private double hoverX;
    private double hoverY;
    private double dragX = Double.NaN;
    private boolean dragged;

    public TimelineView(TimelineSource source, Executor queries, LinkedSelection selection,
                        ObjectProperty<Theme> theme, Consumer<String> status) {
        this.source = source;
        this.queries = queries;
        this.selection = selection;
        this.theme = theme;
        this.status = status;
        this.window = source.extent();
        this.frame = TimelineFrame.empty(window, 0);
        getChildren().add(canvas);
        setFocusTraversable(true);
        setMinSize(300, 120);
        theme.addListener(new WeakInvalidationListener(themeChanged));
        selection.selectedProperty().addListener((o, a, b) -> redraw());
        selection.revealOnTimelineProperty().addListener((o, a, b) -> {
            if (b != null) show(window.centredOn(b.tsNs()));
        });
        widthProperty().addListener((o, a, b) -> refresh());
        heightProperty().addListener((o, a, b) -> redraw());
        canvas.addEventHandler(ScrollEvent.SCROLL, this::onScroll);
        canvas.addEventHandler(MouseEvent.MOUSE_PRESSED, e -> {
            requestFocus();
            dragX = e.getX();
            dragged = false;
        });
        canvas.addEventHandler(MouseEvent.MOUSE_DRAGGED, this::onDrag);
        canvas.addEventHandler(MouseEvent.MOUSE_RELEASED, this::onRelease);
        canvas.addEventHandler(MouseEvent.MOUSE_MOVED, e -> onHover(e.getX(), e.getY()));
        canvas.addEventHandler(MouseEvent.MOUSE_EXITED, e -> {
            hover = null;
            redraw();
        });
        addEventHandler(KeyEvent.KEY_PRESSED, this::onKey);
    }

    @Override
    protected void layoutChildren() {
        canvas.setWidth(getWidth());
        canvas.setHeight(getHeight());
        redraw();
    }

    /** The window shown. */
    public TimeWindow window() {
        return window;
    }

    /** Shows {@code w} (kept inside the trace) and queries its frame. */
    public CompletableFuture<TimelineFrame> show(TimeWindow w) {
        window = w.within(source.extent());
        redraw();
        return refresh();
    }

    /** Queries the frame for the current window and width; completes on the FX thread once drawn. */
    public CompletableFuture<TimelineFrame> refresh() {
        TimelineLayout layout = geometry();
        long request = ++requested;
        TimeWindow w = window;
        CompletableFuture<TimelineFrame> done = new CompletableFuture<>();
        if (layout.columns() <= 0) {
            done.complete(frame);
            return done;
        }
        queries.execute(() -> {
            if (request != requested) {
                done.cancel(false);
                return;
            }
            try {
                TimelineFrame f = source.frame(w, layout.columns());
                Platform.runLater(() -> {
                    if (request == requested) accept(f);
                    done.complete(f);
                });
            } catch (RuntimeException e) {
                Platform.runLater(() -> status.accept("timeline: " + e.getMessage()));
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    private void accept(TimelineFrame f) {
        frame = f;
        Map<Long, TickBucket> index = new HashMap<>();
        for (TickBucket t : f.ticks()) index.put(key(t.lane(), t.column()), t);
        tickIndex = index;
        redraw();
    }

    /** The last frame drawn. */
    public TimelineFrame frame() {
        return frame;
    }

    private TimelineLayout geometry() {
        return new TimelineLayout(getWidth(), getHeight(), laneOffset);
    }

    void redraw() {
        TimelineLayout layout = geometry();
        if (layout.width() <= 0 || layout.height() <= 0) return;
        TimelineRenderer.draw(canvas.getGraphicsContext2D(), raster, new TimelineRenderer.Input(layout, source.lanes(), window,
                source.extent(), frame, theme.get().palette(), selection.selected(), hover, hoverX, hoverY));
    }

    private void zoom(double factor, double anchorX) {
        TimelineLayout layout = geometry();
        double anchor = layout.columns() == 0 ? 0.5 : (anchorX - TimelineLayout.HEADER_WIDTH) / layout.columns();
        show(window.zoom(factor, anchor));
    }

    private void onScroll(ScrollEvent e) {
        if (e.getDeltaY() == 0) return;
        if (e.isShiftDown()) {
            scrollLanes(e.getDeltaY() > 0 ? -1 : 1);
        } else {
            zoom(e.getDeltaY() > 0 ? 1 / ZOOM_STEP : ZOOM_STEP, e.getX());
        }
        e.consume();
    }

    private void onDrag(MouseEvent e) {
        if (Double.isNaN(dragX) || geometry().columns() == 0) return;
        double dx = e.getX() - dragX;
        if (Math.abs(dx) < 2 && !dragged) return;
        dragged = true;
        dragX = e.getX();
        window = window.pan(-dx / geometry().columns()).within(source.extent());
        redraw();
        refresh();
    }

    private void onRelease(MouseEvent e) {
        dragX = Double.NaN;
        if (dragged || e.getButton() != MouseButton.PRIMARY) return;
        if (e.getClickCount() == 2) {
            zoom(1 / (ZOOM_STEP * ZOOM_STEP), e.getX());
        } else {
            pick(e.getX(), e.getY());
        }
    }

    /** Selects the command nearest to the click on its lane. */
    public CompletableFuture<Void> pick(double x, double y) {
        TimelineLayout layout = geometry();
        int lane = layout.laneAt(y, source.lanes().size());
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (lane < 0 || layout.columnAt(x) < 0) {
            done.complete(null);
            return done;
        }
        Lane l = source.lanes().get(lane);
        long ts = window.timeAt(x - TimelineLayout.HEADER_WIDTH, layout.columns());
        long tolerance = Math.max(1, Math.round(PICK_PIXELS * window.spanNs() / layout.columns()));
        queries.execute(() -> {
            try {
                var seq = source.nearestCommand(l, ts, tolerance);
                Platform.runLater(() -> {
                    seq.ifPresent(s -> selection.select(s.seq(), s.tsNs()));
                    done.complete(null);
                });
            } catch (RuntimeException ex) {
                Platform.runLater(() -> status.accept("timeline: " + ex.getMessage()));
                done.completeExceptionally(ex);
            }
        });
        return done;
    }

    private void onHover(double x, double y) {
        hoverX = x;
        hoverY = y;
        hover = describe(x, y);
        redraw();
    }

    /** The hover text at (x, y) from the frame on screen: no query. */
    List<String> describe(double x, double y) {
        TimelineLayout layout = geometry();
        int lane = layout.laneAt(y, source.lanes().size());
        int column = layout.columnAt(x);
        if (lane < 0 || column < 0 || frame.columns() == 0) return null;
        long ts = window.timeAt(x - TimelineLayout.HEADER_WIDTH, layout.columns());
        List<String> lines = new ArrayList<>();
        lines.add(source.lanes().get(lane).label() + " @ " + TimeText.duration(ts - source.extent().startNs()));
        int frameColumn = (int) Math.floor(frame.window().x(ts, frame.columns()));
        TickBucket t = tickIndex.get(key(lane, frameColumn));
        if (t != null) {
            lines.add(t.count() + (t.count() == 1 ? " command: " : " commands, mostly ") + CtrlType.nameOf(t.dominantType()));
            if (t.errors() > 0) lines.add(t.errors() + " failed");
        }
        for (SpanBucket s : frame.spans()) {
            if (s.lane() == lane && s.startColumn() <= frameColumn && frameColumn <= s.endColumn()) {
                lines.add(s.count() + (s.count() == 1 ? " fence, " : " fences, longest ")
                        + TimeText.duration(s.longestNs())
                        + (s.unsignalled() > 0 ? ", " + s.unsignalled() + " never signalled" : "")
                        + (s.errors() > 0 ? ", " + s.errors() + " failed" : ""));
            }
        }
        return lines;
    }

    private void scrollLanes(int by) {
        int max = Math.max(0, source.lanes().size() - geometry().visibleLanes() + 1);
        laneOffset = Math.clamp(laneOffset + by, 0, max);
        redraw();
    }

    private void onKey(KeyEvent e) {
        switch (e.getCode()) {
            case PLUS, EQUALS, ADD, W -> zoom(1 / ZOOM_STEP, getWidth() / 2 + TimelineLayout.HEADER_WIDTH / 2);
            case MINUS, SUBTRACT, S -> zoom(ZOOM_STEP, getWidth() / 2 + TimelineLayout.HEADER_WIDTH / 2);
            case LEFT, A -> show(window.pan(-0.2));
            case RIGHT, D -> show(window.pan(0.2));
            case HOME, DIGIT0 -> show(source.extent());
            case UP -> scrollLanes(-1);
            case DOWN -> scrollLanes(1);
            case ENTER -> {
                if (selection.selected() != null) show(window.centredOn(selection.selected().tsNs()));
            }
            default -> {
                return;
            }
        }
        e.consume();
    }

    private static long key(int lane, int column) {
        return ((long) lane << 32) | (column & 0xffffffffL);
    }
}
