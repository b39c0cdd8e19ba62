package vgtrace.ui.lifecycle;

import java.util.Optional;
import javafx.application.Platform;
import javafx.beans.InvalidationListener;
import javafx.beans.WeakInvalidationListener;
import javafx.beans.property.ObjectProperty;
import javafx.scene.canvas.Canvas;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseEvent;
import javafx.scene.input.ScrollEvent;
import javafx.scene.layout.Region;
import vgtrace.ui.LinkedSelection;
import vgtrace.ui.Theme;
import vgtrace.ui.TimeText;
import vgtrace.ui.data.LifecycleSource;
import vgtrace.ui.data.Lifetime;
import vgtrace.ui.data.TimeWindow;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The blob and resource lifecycle Gantt. Only the rows on screen are read, a page per scroll
 * position. It opens on the stretch of time where resources live. Wheel scrolls rows, Ctrl+wheel zooms time, drag pans, a click selects the create command,
 * and selecting a message elsewhere scrolls to the resource it names.
 */
public final class LifecycleView extends Region {

    private final Canvas canvas = new Canvas();
    private final LifecycleSource source;
    private final TimeWindow extent;
    private final Executor queries;
    private final LinkedSelection selection;
    private final ObjectProperty<Theme> theme;
    /** Held here: the theme property outlives the view and holds only a weak reference to it. */
    private final InvalidationListener themeChanged = o -> redraw();
    private final Consumer<String> status;
    private TimeWindow window;
    private long total = -1;
    private long firstRow;
    private List<Lifetime> rows = List.of();
    private long rowsFrom = -1;
    private long selectedRow = -1;
    private long requested;
    private List<String> hover;
    private double hoverX;
    private double hoverY;
    private double dragX = Double.NaN;

    public LifecycleView(LifecycleSource source, TimeWindow extent, Executor queries, LinkedSelection selection,
                         ObjectProperty<Theme> theme, Consumer<String> status) {
        this.source = source;
        this.extent = extent;
        this.window = extent;
        this.queries = queries;
        this.selection = selection;
        this.theme = theme;
        this.status = status;
        getChildren().add(canvas);
        setFocusTraversable(true);
        setMinSize(300, 120);
        theme.addListener(new WeakInvalidationListener(themeChanged));
        heightProperty().addListener((o, a, b) -> refresh());
        selection.selectedProperty().addListener((o, a, b) -> {
            if (b != null) reveal(b.seq());
        });
        canvas.addEventHandler(ScrollEvent.SCROLL, this::onScroll);
        canvas.addEventHandler(MouseEvent.MOUSE_PRESSED, e -> {
            requestFocus();
            dragX = e.getX();
        });
        canvas.addEventHandler(MouseEvent.MOUSE_DRAGGED, e -> {
            if (Double.isNaN(dragX)) return;
            double dx = e.getX() - dragX;
            dragX = e.getX();
            window = window.pan(-dx / plotWidth()).within(extent);
            redraw();
        });
        canvas.addEventHandler(MouseEvent.MOUSE_RELEASED, e -> dragX = Double.NaN);
        canvas.addEventHandler(MouseEvent.MOUSE_CLICKED, e -> {
            if (e.isStillSincePress()) rowAt(e.getY()).ifPresent(l -> selection.select(l.createSeq(), l.createTs()));
        });
        canvas.addEventHandler(MouseEvent.MOUSE_MOVED, e -> {
            hoverX = e.getX();
            hoverY = e.getY();
            hover = rowAt(e.getY()).map(LifecycleView::describe).orElse(null);
            redraw();
        });
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

    private double plotWidth() {
        return Math.max(1, getWidth() - LifecycleRenderer.HEADER_WIDTH);
    }

    /** Reads the row count (first time) and the rows on screen; completes on the FX thread once drawn. */
    public CompletableFuture<Void> refresh() {
        long request = ++requested;
        long from = firstRow;
        int count = Math.max(1, LifecycleRenderer.visibleRows(getHeight()));
        CompletableFuture<Void> done = new CompletableFuture<>();
        queries.execute(() -> {
            try {
                boolean first = total < 0;
                long n = first ? source.count() : total;
                // The first time, show the stretch where resources live, with a margin (Home shows it all).
                TimeWindow lived = first ? source.span().map(w -> w.zoom(1.04, 0.5).within(extent)).orElse(extent) : null;
                List<Lifetime> page = request == requested ? source.rows(from, count) : null;
                Platform.runLater(() -> {
                    total = n;
                    if (lived != null) window = lived;
                    if (page != null && request == requested) {
                        rows = page;
                        rowsFrom = from;
                        redraw();
                    }
                    done.complete(null);
                });
            } catch (RuntimeException e) {
                Platform.runLater(() -> status.accept("lifecycles: " + e.getMessage()));
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    /** Rows loaded (the whole trace's count once known, else -1). */
    public long total() {
        return total;
    }

    /** The rows on screen. */
    public List<Lifetime> rows() {
        return rows;
    }

    private void reveal(long seq) {
        queries.execute(() -> {
            try {
                var row = source.rowOf(seq);
                Platform.runLater(() -> {
                    selectedRow = row.orElse(-1);
                    int visible = LifecycleRenderer.visibleRows(getHeight());
                    if (selectedRow >= 0 && (selectedRow < firstRow || selectedRow >= firstRow + visible)) {
                        firstRow = Math.max(0, selectedRow - visible / 3);
                        refresh();
                    } else {
                        redraw();
                    }
                });
            } catch (RuntimeException e) {
                Platform.runLater(() -> status.accept("lifecycles: " + e.getMessage()));
            }
        });
    }

    void redraw() {
        if (getWidth() <= 0 || getHeight() <= 0) return;
        List<Lifetime> shown = rowsFrom == firstRow ? rows : List.of();
        LifecycleRenderer.draw(canvas.getGraphicsContext2D(), new LifecycleRenderer.Input(getWidth(), getHeight(),
                window, extent, shown, firstRow, Math.max(0, total), selectedRow, theme.get().palette(), hover,
                hoverX, hoverY));
    }

    private Optional<Lifetime> rowAt(double y) {
        if (rowsFrom != firstRow || y < LifecycleRenderer.RULER_HEIGHT) return Optional.empty();
        int i = (int) ((y - LifecycleRenderer.RULER_HEIGHT) / LifecycleRenderer.ROW_HEIGHT);
        return i < rows.size() ? Optional.of(rows.get(i)) : Optional.empty();
    }

    static List<String> describe(Lifetime l) {
        List<String> lines = new ArrayList<>();
        lines.add("resource " + Integer.toUnsignedString(l.resourceId()) + " (" + l.kind()
                + (l.memType() == null ? "" : " " + l.memType()) + "), created by #" + l.createSeq());
        if (l.memType() != null) {
            lines.add("size " + Long.toUnsignedString(l.size()) + " bytes, flags " + l.flagNames());
        } else if (l.width() > 0) {
            lines.add(Integer.toUnsignedString(l.width()) + "x" + Integer.toUnsignedString(l.height()));
        }
        lines.add("lived " + TimeText.duration(l.endTs() - l.createTs()) + (l.leaked() ? ", never unreferenced (leak)" : ""));
        if (l.mapped()) {
            lines.add("mapped " + TimeText.duration(l.mapEndTs() - l.mapTs())
                    + (l.unmapTs() == Lifetime.NONE ? ", never unmapped" : "") + (l.longMapped() ? " (long)" : ""));
        }
        return lines;
    }

    private void scrollRows(long by) {
        long max = Math.max(0, total - LifecycleRenderer.visibleRows(getHeight()) + 1);
        long next = Math.clamp(firstRow + by, 0, max);
        if (next != firstRow) {
            firstRow = next;
            refresh();
        }
    }

    private void zoom(double factor, double x) {
        window = window.zoom(factor, (x - LifecycleRenderer.HEADER_WIDTH) / plotWidth()).within(extent);
        redraw();
    }

    private void onScroll(ScrollEvent e) {
        if (e.getDeltaY() == 0) return;
        if (e.isControlDown()) {
            zoom(e.getDeltaY() > 0 ? 0.8 : 1.25, e.getX());
        } else {
            scrollRows(e.getDeltaY() > 0 ? -3 : 3);
        }
        e.consume();
    }

    private void onKey(KeyEvent e) {
        int page = Math.max(1, LifecycleRenderer.visibleRows(getHeight()) - 1);
        switch (e.getCode()) {
            case UP -> scrollRows(-1);
            case DOWN -> scrollRows(1);
            case PAGE_UP -> scrollRows(-page);
            case PAGE_DOWN -> scrollRows(page);
            case PLUS, EQUALS, ADD, W -> zoom(0.8, getWidth() / 2);
            case MINUS, SUBTRACT, S -> zoom(1.25, getWidth() / 2);
            case LEFT, A -> {
                window = window.pan(-0.2).within(extent);
                redraw();
            }
            case RIGHT, D -> {
                window = window.pan(0.2).within(extent);
                redraw();
            }
            case HOME, DIGIT0 -> {
                window = extent;
                firstRow = 0;
                refresh();
            }
            default -> {
                return;
            }
        }
        e.consume();
    }
}
