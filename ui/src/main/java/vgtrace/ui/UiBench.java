package vgtrace.ui;

import javafx.application.Platform;
import vgtrace.core.synth.SyntheticTrace;
import vgtrace.core.synth.TraceGenerator;
import vgtrace.core.trace.TraceMetadata;
import vgtrace.core.trace.TraceWriter;
import vgtrace.core.trace.WriterOptions;
import vgtrace.ui.data.MessageFilter;
import vgtrace.ui.data.TimeWindow;
import vgtrace.ui.data.TimelineFrame;
import vgtrace.ui.data.TimelineSource;
import vgtrace.ui.data.TraceData;
import vgtrace.ui.timeline.TimelineBench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Prints the UI's figures on a generated trace: time to open it (load into DuckDB and index), time to
 * query a timeline frame and to draw it at several zoom levels, and the inspector's page and detail
 * reads. Usage: {@code UiBench [MESSAGES [TRACE]]} (default 10,000,000 messages in a temporary file;
 * an existing TRACE is reused). Runs JavaFX headless.
 */
public final class UiBench {

    private static final int COLUMNS = 1250;
    private static final int LANE_HEIGHT_PX = 800;
    private static final int DRAWS = 60;

    private UiBench() {
    }

    public static void main(String[] args) throws Exception {
        long messages = args.length > 0 ? Long.parseLong(args[0].replace("_", "")) : 10_000_000L;
        Path trace = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("vgtrace-ui-bench").resolve("bench.arrows");
        if (!Files.exists(trace)) {
            long t0 = System.nanoTime();
            try (TraceWriter w = TraceWriter.create(trace, TraceMetadata.of("generator"), WriterOptions.DEFAULTS)) {
                new TraceGenerator(SyntheticTrace.of(messages, 1), w).run();
            }
            System.out.printf("generated %s (%,d bytes) in %.1f s%n", trace, Files.size(trace), secs(t0));
        }
        System.setProperty("glass.platform", "Headless");
        System.setProperty("prism.order", "sw");
        Platform.startup(() -> { });
        try {
            run(trace);
        } finally {
            Platform.exit();
        }
    }

    private static void run(Path trace) throws Exception {
        long t0 = System.nanoTime();
        if (TraceData.slowToOpen(trace)) {
            // What the workbench shows first while it loads: the overview, then its first frame.
            TimelineSource overview = TraceData.overview(trace);
            double read = secs(t0);
            TimelineFrame frame = overview.frame(overview.extent(), COLUMNS);
            double framed = secs(t0);
            double[] draw = TimelineBench.drawTimes(overview.lanes(), overview.extent(), overview.extent(), frame, COLUMNS,
                    LANE_HEIGHT_PX, DRAWS);
            System.out.printf("overview (first open, no cache yet): %d lanes read from the file in %.2f s, first frame"
                    + " at %.2f s (redraw median %.2f ms); the full load follows%n", overview.lanes().size(), read, framed,
                    draw[0]);
        }
        try (TraceData data = TraceData.open(trace, m -> { })) {
            double load = secs(t0);
            TimeWindow extent = data.timeline().extent();
            TimelineFrame first = data.timeline().frame(extent, COLUMNS);
            System.out.printf("open: %,d rows loaded and indexed in %.2f s, first frame at %.2f s%n", data.rows(), load,
                    secs(t0));
            System.out.printf("%d lanes, %s of trace time%n", data.timeline().lanes().size(), TimeText.duration(extent.spanNs()));
            System.out.println("zoom (window)            buckets  query ms (median of 5)  redraw ms (median of " + DRAWS + ")  redraw ms (fastest)");
            for (int level = 0; level <= 5; level++) {
                double factor = Math.pow(10, -level);
                TimeWindow w = extent.zoom(factor, 0.5);
                long[] query = new long[5];
                TimelineFrame frame = first;
                for (int i = 0; i < query.length; i++) {
                    long q = System.nanoTime();
                    frame = data.timeline().frame(w.pan(i * 0.01), COLUMNS);
                    query[i] = System.nanoTime() - q;
                }
                double[] draw = TimelineBench.drawTimes(data.timeline().lanes(), w, extent, frame, COLUMNS, LANE_HEIGHT_PX, DRAWS);
                System.out.printf("1/%-8s %-12s %8d  %10.1f  %24.2f  %14.2f%n", (long) Math.pow(10, level),
                        "(" + TimeText.duration(w.spanNs()) + ")", frame.ticks().size() + frame.spans().size(),
                        median(query) / 1e6, draw[0], draw[1]);
            }
            long p = System.nanoTime();
            long count = data.messages().count(MessageFilter.ALL);
            data.messages().rows(MessageFilter.ALL, count / 2, 256);
            System.out.printf("inspector: count %,d + page of 256 at the middle: %.1f ms%n", count, (System.nanoTime() - p) / 1e6);
            p = System.nanoTime();
            data.messages().rows(new MessageFilter("SUBMIT_3D", false, "ctx_id = 2"), 100_000, 256);
            System.out.printf("inspector: filtered page at offset 100,000: %.1f ms%n", (System.nanoTime() - p) / 1e6);
            p = System.nanoTime();
            data.messages().detail(count / 2);
            System.out.printf("inspector: detail with paired message: %.1f ms%n", (System.nanoTime() - p) / 1e6);
            p = System.nanoTime();
            long resources = data.lifecycles().count();
            System.out.printf("lifecycles: %,d resource generations indexed in %.2f s%n", resources, secs(p));
            p = System.nanoTime();
            data.lifecycles().rows(resources / 2, 40);
            System.out.printf("lifecycles: page of 40 rows: %.1f ms%n", (System.nanoTime() - p) / 1e6);
        }
    }

    private static double secs(long startNs) {
        return (System.nanoTime() - startNs) / 1e9;
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
