package vgtrace.analyzer;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Writes an offline report: {@code index.html} with PNG charts drawn by Java2D (fence latency per
 * ring, queue depth over time, command mix, blob lifetimes, leaks, errors) and the tables behind
 * them. No scripts, no network.
 */
public final class ReportWriter {

    /** Time buckets of the queue-depth chart. */
    private static final int DEPTH_BUCKETS = 400;
    /** Rows each HTML table shows. */
    private static final int TABLE_ROWS = 25;

    private final TraceDatabase db;
    private final Path dir;
    private final StringBuilder html = new StringBuilder();
    private final List<Path> written = new ArrayList<>();

    private ReportWriter(TraceDatabase db, Path dir) {
        this.db = db;
        this.dir = dir;
    }

    /** Writes the report into {@code dir} (created if needed); returns the files written. */
    public static List<Path> write(TraceDatabase db, Path dir, Consumer<String> progress)
            throws IOException, SQLException {
        System.setProperty("java.awt.headless", "true");
        Files.createDirectories(dir);
        ReportWriter r = new ReportWriter(db, dir);
        r.header();
        progress.accept("report: fences");
        r.fenceLatency();
        progress.accept("report: queue depth");
        r.queueDepth();
        progress.accept("report: command mix");
        r.commandMix();
        progress.accept("report: blobs");
        r.blobLifetimes();
        r.leaks();
        r.errors();
        r.html.append("</body></html>\n");
        Path index = dir.resolve("index.html");
        Files.writeString(index, r.html, StandardCharsets.UTF_8);
        r.written.add(index);
        return List.copyOf(r.written);
    }

    private void header() throws SQLException {
        html.append("""
                <!DOCTYPE html><html><head><meta charset="utf-8"><title>vgtrace report</title><style>
                body{font-family:sans-serif;max-width:960px;margin:2em auto;color:#222}
                table{border-collapse:collapse;font-size:13px;margin:.5em 0 2em}
                td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}
                th{background:#eee}td:first-child,th:first-child{text-align:left}
                img{max-width:100%;border:1px solid #ddd}code{background:#f4f4f4}
                </style></head><body>
                """);
        html.append("<h1>vgtrace report</h1><p>Trace <code>").append(escape(db.trace().getFileName().toString()))
                .append("</code>: ").append(String.format("%,d", db.rows())).append(" rows");
        if (db.tornBytes() > 0) {
            html.append(" (torn file: ").append(String.format("%,d", db.tornBytes()))
                    .append(" bytes after the last complete batch were not loaded)");
        }
        html.append(". Every chart comes from a SQL view; <code>vgtrace query TRACE --view NAME</code> prints it.</p>\n");
        table("Summary", """
                SELECT (SELECT count(*) FROM commands) AS commands,
                       (SELECT count(*) FROM fences) AS fences,
                       (SELECT count(*) FROM fences WHERE NOT signalled) AS unsignalled_fences,
                       (SELECT count(*) FROM contexts) AS contexts,
                       (SELECT count(*) FROM resources) AS resources,
                       (SELECT count(*) FROM blobs WHERE alive_at_end) AS leaked_blobs,
                       (SELECT count(*) FROM errors) AS errors,
                       round(((SELECT max(ts_ns) - min(ts_ns) FROM messages_raw) / 1e9)::DOUBLE, 3) AS seconds""");
    }

    private void fenceLatency() throws IOException, SQLException {
        List<String> labels = new ArrayList<>();
        List<double[]> values = new ArrayList<>();
        query("""
                SELECT timeline || CASE WHEN unsignalled > 0 THEN ' (' || unsignalled || ' unsignalled)' ELSE '' END,
                       p50_latency_ns / 1e3, p99_latency_ns / 1e3, max_latency_ns / 1e3
                FROM rings""", r -> {
            labels.add(r.getString(1));
            values.add(new double[] {num(r, 2), num(r, 3), num(r, 4)});
        });
        chart("fence-latency.png", "Fence latency per timeline (context, ring)", new BarChart("Fence latency per timeline (context, ring)",
                "microseconds, submit to signal", labels, List.of("p50", "p99", "max"), values.toArray(double[][]::new),
                true).render());
        table("Timelines", """
                SELECT timeline, fences, unsignalled, retired_early, out_of_order,
                       round(p50_latency_ns / 1e3, 1) AS p50_us, round(p99_latency_ns / 1e3, 1) AS p99_us,
                       round(max_latency_ns / 1e3, 1) AS max_us, round(max_submit_gap_ns / 1e3, 1) AS max_gap_us
                FROM rings""");
        table("Fences that never signalled", """
                SELECT seq, timeline, fence_id, submit_ts, retired_ts IS NOT NULL AS retired_by_later_fence
                FROM fences WHERE NOT signalled ORDER BY seq""");
    }

    private void queueDepth() throws IOException, SQLException {
        // Per bucket: the deepest the queue got, and its depth at the bucket's end, which holds
        // through the empty buckets after it.
        Map<Integer, double[][]> byQueue = new TreeMap<>();
        double[] bucketMs = new double[1];
        query("""
                WITH ev AS (
                  SELECT queue, ts_ns AS ts, 1 AS d FROM commands WHERE response_ts_ns IS NOT NULL
                  UNION ALL
                  SELECT queue, response_ts_ns, -1 FROM commands WHERE response_ts_ns IS NOT NULL),
                depth AS (
                  SELECT queue, ts, sum(d) OVER (PARTITION BY queue ORDER BY ts, d ROWS UNBOUNDED PRECEDING) AS depth
                  FROM ev),
                b AS (SELECT min(ts_ns) AS t0, greatest(max(ts_ns) - min(ts_ns), 1) AS span FROM messages_raw)
                SELECT queue, least(floor((ts - t0) * %d.0 / span), %d)::INTEGER AS bucket, max(depth),
                       arg_max(depth, ts), any_value(span)
                FROM depth, b GROUP BY ALL""".formatted(DEPTH_BUCKETS, DEPTH_BUCKETS - 1), r -> {
            double[][] q = byQueue.computeIfAbsent(r.getInt(1), k -> new double[DEPTH_BUCKETS][]);
            q[r.getInt(2)] = new double[] {r.getLong(3), r.getLong(4)};
            bucketMs[0] = r.getLong(5) / (double) DEPTH_BUCKETS / 1e6;
        });
        List<LineChart.Series> series = new ArrayList<>();
        byQueue.forEach((queue, buckets) -> {
            double[] x = new double[DEPTH_BUCKETS + 1];
            double[] y = new double[DEPTH_BUCKETS + 1];
            double carry = 0;
            for (int i = 0; i < DEPTH_BUCKETS; i++) {
                x[i] = i * bucketMs[0];
                y[i] = buckets[i] == null ? carry : buckets[i][0];
                if (buckets[i] != null) carry = buckets[i][1];
            }
            x[DEPTH_BUCKETS] = DEPTH_BUCKETS * bucketMs[0];
            y[DEPTH_BUCKETS] = carry;
            series.add(new LineChart.Series(queue == 0 ? "control" : queue == 1 ? "cursor" : "queue " + queue, x, y));
        });
        chart("queue-depth.png", "Queue depth over time (commands awaiting their response)",
                new LineChart("Queue depth over time", "ms since trace start", "max in flight", series).render());
    }

    private void commandMix() throws IOException, SQLException {
        List<String> labels = new ArrayList<>();
        List<double[]> values = new ArrayList<>();
        query("SELECT type_name, commands FROM type_stats ORDER BY commands DESC, type_name", r -> {
            labels.add(r.getString(1));
            values.add(new double[] {r.getLong(2)});
        });
        chart("command-mix.png", "Command mix", new BarChart("Command mix", "commands", labels, List.of("commands"),
                values.toArray(double[][]::new), false).render());
        table("Latency per command type (us)", """
                SELECT type_name, commands, fenced, errors, round(p50_latency_ns / 1e3, 1) AS p50_us,
                       round(p99_latency_ns / 1e3, 1) AS p99_us, round(max_latency_ns / 1e3, 1) AS max_us
                FROM type_stats ORDER BY commands DESC""");
    }

    private void blobLifetimes() throws IOException, SQLException {
        Map<Integer, double[]> byDecade = new TreeMap<>();
        query("""
                SELECT floor(log10(greatest(lifetime_ns, 1)))::INTEGER AS decade,
                       count(*) FILTER (NOT alive_at_end), count(*) FILTER (alive_at_end)
                FROM blobs GROUP BY ALL""", r -> byDecade.put(r.getInt(1), new double[] {r.getLong(2), r.getLong(3)}));
        List<String> labels = byDecade.keySet().stream().map(d -> duration(Math.pow(10, d)) + " - " + duration(Math.pow(10, d + 1))).toList();
        chart("blob-lifetimes.png", "Blob lifetimes (create to unref, or to the end of the trace for leaks)",
                new BarChart("Blob lifetimes", "blobs", labels, List.of("unreferenced", "alive at end"),
                        byDecade.values().toArray(double[][]::new), false).render());
        table("Blobs that stayed mapped longest", """
                SELECT resource_id, ctx_id, mem_type, size, map_cache, round(mapped_ns / 1e6, 3) AS mapped_ms, alive_at_end
                FROM blobs WHERE mapped_ns IS NOT NULL ORDER BY mapped_ns DESC""");
    }

    private void leaks() throws IOException, SQLException {
        List<String> labels = new ArrayList<>();
        List<double[]> values = new ArrayList<>();
        query("""
                SELECT 'ctx ' || ctx_id || ' ' || mem_type, count(*), sum(size) / 1048576.0
                FROM blobs WHERE alive_at_end GROUP BY ctx_id, mem_type ORDER BY ctx_id, mem_type""", r -> {
            labels.add(r.getString(1));
            values.add(new double[] {r.getLong(2), r.getDouble(3)});
        });
        chart("leaks.png", "Blobs alive at the end of the trace (leaks, unless kept on purpose)",
                new BarChart("Leaked blobs per context and memory type", "count / MiB", labels, List.of("blobs", "MiB"),
                        values.toArray(double[][]::new), false).render());
        table("Leaked blobs", """
                SELECT resource_id, ctx_id, mem_type, size, create_ts, left_mapped
                FROM blobs WHERE alive_at_end ORDER BY size DESC, resource_id""");
    }

    private void errors() throws IOException, SQLException {
        List<String> labels = new ArrayList<>();
        List<double[]> values = new ArrayList<>();
        query("""
                SELECT coalesce(command, '(unpaired)') || ' -> ' || error, count(*)
                FROM errors GROUP BY ALL ORDER BY count(*) DESC, 1""", r -> {
            labels.add(r.getString(1));
            values.add(new double[] {r.getLong(2)});
        });
        chart("errors.png", "Errors by command and response", new BarChart("Errors by command and response", "responses",
                labels, List.of("errors"), values.toArray(double[][]::new), false).render());
        table("First errors", """
                SELECT command_seq, command, error, ctx_id, resource_id, scanout_id FROM errors ORDER BY response_seq""");
    }

    // ---- helpers ----

    private interface RowAction {
        void accept(ResultSet r) throws SQLException;
    }

    private void query(String sql, RowAction action) throws SQLException {
        try (Statement s = db.connection().createStatement(); ResultSet r = s.executeQuery(sql)) {
            while (r.next()) action.accept(r);
        }
    }

    private void chart(String file, String caption, BufferedImage image) throws IOException {
        Path png = dir.resolve(file);
        if (!ImageIO.write(image, "png", png.toFile())) throw new IOException("no PNG writer in this JDK");
        written.add(png);
        html.append("<h2>").append(escape(caption)).append("</h2>\n<img src=\"").append(file).append("\" alt=\"")
                .append(escape(caption)).append("\">\n");
    }

    private void table(String title, String sql) throws SQLException {
        html.append("<h3>").append(escape(title)).append("</h3>\n<table>");
        try (Statement s = db.connection().createStatement(); ResultSet r = s.executeQuery(sql)) {
            ResultSetMetaData meta = r.getMetaData();
            html.append("<tr>");
            for (int i = 1; i <= meta.getColumnCount(); i++) html.append("<th>").append(escape(meta.getColumnLabel(i))).append("</th>");
            html.append("</tr>\n");
            int n = 0;
            while (r.next()) {
                if (++n > TABLE_ROWS) continue;
                html.append("<tr>");
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    html.append("<td>").append(escape(ResultWriter.text(r.getObject(i), 16))).append("</td>");
                }
                html.append("</tr>\n");
            }
            html.append("</table>\n");
            if (n == 0) html.append("<p>None.</p>\n");
            if (n > TABLE_ROWS) html.append(String.format("<p>%,d rows; the first %d shown.</p>%n", n, TABLE_ROWS));
        }
    }

    private static double num(ResultSet r, int column) throws SQLException {
        double v = r.getDouble(column);
        return r.wasNull() ? Double.NaN : v;
    }

    /** 1ns, 10us, 1ms, 10s... for decade labels. */
    private static String duration(double ns) {
        if (ns >= 1e9) return ChartStyle.number(ns / 1e9) + "s";
        if (ns >= 1e6) return ChartStyle.number(ns / 1e6) + "ms";
        if (ns >= 1e3) return ChartStyle.number(ns / 1e3) + "us";
        return ChartStyle.number(ns) + "ns";
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
