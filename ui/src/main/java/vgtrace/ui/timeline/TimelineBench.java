package vgtrace.ui.timeline;

import javafx.application.Platform;
import javafx.scene.canvas.Canvas;
import vgtrace.ui.Theme;
import vgtrace.ui.data.Lane;
import vgtrace.ui.data.TimeWindow;
import vgtrace.ui.data.TimelineFrame;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Times the timeline renderer for {@link vgtrace.ui.UiBench}: the renderer is package-private. */
public final class TimelineBench {

    private TimelineBench() {
    }

    /**
     * Draws {@code frame} {@code draws} times on a canvas of the given size on the FX thread; returns the
     * median and the fastest milliseconds of one redraw (the fastest is the cost without other
     * processes competing for this machine's two cores).
     */
    public static double[] drawTimes(List<Lane> lanes, TimeWindow window, TimeWindow extent, TimelineFrame frame,
                                     int columns, int height, int draws) throws Exception {
        CompletableFuture<double[]> result = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                double width = columns + TimelineLayout.HEADER_WIDTH;
                Canvas canvas = new Canvas(width, height);
                TimelineLayout layout = new TimelineLayout(width, height, 0);
                TimelineRenderer.Input in = new TimelineRenderer.Input(layout, lanes, window, extent, frame,
                        Theme.LIGHT.palette(), null, null, 0, 0);
                PlotRaster plot = new PlotRaster();
                long[] draw = new long[draws];
                for (int i = 0; i < draws; i++) {
                    long t = System.nanoTime();
                    TimelineRenderer.draw(canvas.getGraphicsContext2D(), plot, in);
                    draw[i] = System.nanoTime() - t;
                }
                result.complete(new double[] {median(draw) / 1e6, Arrays.stream(draw).min().orElse(0) / 1e6});
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return result.get();
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
