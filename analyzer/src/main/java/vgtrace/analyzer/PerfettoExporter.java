package vgtrace.analyzer;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Writes a trace as Chrome trace-event JSON, which ui.perfetto.dev and chrome://tracing load:
 * process "virtio-gpu queues" with a thread per virtqueue (command to response slices; fenced
 * commands are instants there and spans on their timeline), and a process per context with a
 * thread per ring holding fence spans (submit to signal; never-signalled ones run to the trace end);
 * fences sent without a ring go to process "device-wide fences".
 * Overlapping spans of one track go to extra lanes ("ring 0 #2"), since "X" slices must nest.
 * Errors are instant events on their queue. Times are microseconds.
 */
public final class PerfettoExporter {

    private static final int QUEUES_PID = 1;
    private static final int GLOBAL_PID = 2;
    private static final String GLOBAL = "device-wide fences";
    private static final int CONTEXT_PID_BASE = 10;
    private static final int UNKNOWN_RING = 999;

    /** What was written. */
    public record Summary(long events, int tracks) {
    }

    private final Writer out;
    private final Map<String, LaneAllocator> tracks = new LinkedHashMap<>();
    private final Map<String, int[]> trackIds = new LinkedHashMap<>();
    private final StringBuilder line = new StringBuilder(256);
    private long events;

    private PerfettoExporter(Writer out) {
        this.out = out;
    }

    /** Writes {@code db}'s trace to {@code file}. */
    public static Summary export(TraceDatabase db, Path file, Consumer<String> progress)
            throws IOException, SQLException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            PerfettoExporter e = new PerfettoExporter(w);
            w.write("{\"displayTimeUnit\":\"ns\",\"traceEvents\":[\n");
            progress.accept("exporting queue slices");
            e.queueSlices(db);
            progress.accept("exporting fence spans");
            e.fenceSpans(db);
            e.errors(db);
            e.names();
            w.write("\n]}\n");
            return new Summary(e.events, e.trackIds.size());
        }
    }

    private void queueSlices(TraceDatabase db) throws SQLException, IOException {
        String sql = """
                SELECT seq, queue, type_name, ts_ns, CASE WHEN fenced THEN 0 ELSE coalesce(latency_ns, 0) END,
                       fenced, response_type, ctx_id, resource_id
                FROM commands ORDER BY ts_ns, seq""";
        try (Statement s = db.connection().createStatement(); ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                int queue = r.getInt(2);
                String track = queue == 0 ? "control" : queue == 1 ? "cursor" : "queue " + queue;
                long ts = r.getLong(4);
                long dur = r.getLong(5);
                int[] ids = place(track, QUEUES_PID, queue * 1000, ts, ts + dur);
                begin("X", r.getString(3), ids, ts).append(",\"dur\":").append(micros(dur));
                args().append("\"seq\":").append(r.getLong(1));
                arg("response", r.getString(7));
                if (r.getBoolean(6)) arg("fenced", "see the context's ring track");
                line.append(",\"ctx_id\":").append(r.getLong(8));
                if (r.getObject(9) != null) line.append(",\"resource_id\":").append(r.getLong(9));
                end();
            }
        }
    }

    private void fenceSpans(TraceDatabase db) throws SQLException, IOException {
        String sql = """
                SELECT seq, timeline_ctx, ring_idx, fence_id, type_name, submit_ts,
                       coalesce(signal_ts, (SELECT end_ts FROM _trace_end)), signalled, retired_early, in_order,
                       retired_count
                FROM fences ORDER BY submit_ts, seq""";
        try (Statement s = db.connection().createStatement(); ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                Object ctx = r.getObject(2);
                Object ring = r.getObject(3);
                String track = ctx == null ? GLOBAL + " ring -" : "ctx " + ctx + (ring == null ? " ring ?" : " ring " + ring);
                int ringNo = ring == null ? UNKNOWN_RING : ((Number) ring).intValue();
                int pid = ctx == null ? GLOBAL_PID : CONTEXT_PID_BASE + ((Number) ctx).intValue();
                long start = r.getLong(6);
                long end = r.getLong(7);
                int[] ids = place(track, pid, ringNo * 1000, start, end);
                boolean signalled = r.getBoolean(8);
                String name = "fence " + Long.toUnsignedString(r.getLong(4)) + (signalled ? "" : " (never signalled)");
                begin("X", name, ids, start).append(",\"dur\":").append(micros(end - start));
                args().append("\"seq\":").append(r.getLong(1));
                arg("command", r.getString(5));
                line.append(",\"retired_early\":").append(r.getBoolean(9));
                if (r.getObject(10) != null) line.append(",\"in_order\":").append(r.getBoolean(10));
                line.append(",\"retired_others\":").append(r.getLong(11));
                end();
            }
        }
    }

    private void errors(TraceDatabase db) throws SQLException, IOException {
        String sql = "SELECT e.ts_ns, e.error, e.command, e.command_seq, c.queue FROM errors e "
                + "LEFT JOIN commands c ON c.seq = e.command_seq ORDER BY e.ts_ns";
        try (Statement s = db.connection().createStatement(); ResultSet r = s.executeQuery(sql)) {
            while (r.next()) {
                int queue = r.getObject(5) == null ? 0 : r.getInt(5);
                int[] ids = trackIds.getOrDefault(queue == 0 ? "control" : "cursor", new int[] {QUEUES_PID, 1});
                begin("i", r.getString(2), new int[] {ids[0], queue * 1000 + 1}, r.getLong(1)).append(",\"s\":\"t\"");
                args();
                arg("command", r.getString(3));
                line.append(",\"command_seq\":").append(r.getLong(4));
                end();
            }
        }
    }

    /** "M" metadata events naming each process and lane. */
    private void names() throws IOException {
        Map<Integer, String> processes = new LinkedHashMap<>();
        processes.put(QUEUES_PID, "virtio-gpu queues");
        trackIds.forEach((track, ids) -> {
            if (ids[0] != QUEUES_PID) processes.put(ids[0], track.substring(0, track.indexOf(" ring")));
        });
        for (var p : processes.entrySet()) {
            metadata("process_name", p.getKey(), 0, p.getValue());
        }
        for (var t : trackIds.entrySet()) {
            String track = t.getKey();
            String thread = track.startsWith(GLOBAL) ? "fences"
                    : track.contains(" ring") ? track.substring(track.indexOf("ring")) : track;
            int lanes = tracks.get(track).lanes();
            for (int lane = 0; lane < lanes; lane++) {
                metadata("thread_name", t.getValue()[0], t.getValue()[1] + lane, lane == 0 ? thread : thread + " #" + (lane + 1));
            }
        }
    }

    private void metadata(String what, int pid, int tid, String name) throws IOException {
        line.setLength(0);
        line.append(events == 0 ? "" : ",\n").append("{\"ph\":\"M\",\"name\":\"").append(what)
                .append("\",\"pid\":").append(pid).append(",\"tid\":").append(tid).append(",\"args\":{\"name\":");
        Json.string(line, name).append("}}");
        out.append(line);
        events++;
    }

    /** Puts a span on a lane of {@code track}; returns {pid, tid}. */
    private int[] place(String track, int pid, int tidBase, long start, long end) {
        int[] ids = trackIds.computeIfAbsent(track, k -> new int[] {pid, tidBase + 1});
        int lane = tracks.computeIfAbsent(track, k -> new LaneAllocator()).place(start, end);
        return new int[] {pid, ids[1] + lane};
    }

    private StringBuilder begin(String phase, String name, int[] ids, long tsNs) {
        line.setLength(0);
        line.append(events == 0 ? "" : ",\n").append("{\"ph\":\"").append(phase).append("\",\"name\":");
        Json.string(line, name).append(",\"pid\":").append(ids[0]).append(",\"tid\":").append(ids[1])
                .append(",\"ts\":").append(micros(tsNs));
        return line;
    }

    private StringBuilder args() {
        return line.append(",\"args\":{");
    }

    private void arg(String key, String value) {
        if (value == null) return;
        if (line.charAt(line.length() - 1) != '{') line.append(',');
        Json.string(line, key).append(':');
        Json.string(line, value);
    }

    private void end() throws IOException {
        out.append(line.append("}}"));
        events++;
    }

    /** Nanoseconds as microseconds with three decimals, without floating-point rounding. */
    static String micros(long ns) {
        String sign = ns < 0 ? "-" : "";
        long a = Math.abs(ns);
        long frac = a % 1000;
        return sign + a / 1000 + (frac < 10 ? ".00" : frac < 100 ? ".0" : ".") + frac;
    }
}
