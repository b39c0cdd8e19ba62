package vgtrace.analyzer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Perfetto JSON, Parquet/CSV and the HTML report, on {@link KnownTrace}. */
class ExportAndReportTest extends KnownTraceDatabase {

    @Test
    void perfettoJsonHasQueueAndRingTracksWithNestedSlices() throws Exception {
        Path json = dir.resolve("t.json");
        PerfettoExporter.Summary summary = PerfettoExporter.export(db, json, m -> { });
        JsonNode events = new ObjectMapper().readTree(json.toFile()).get("traceEvents");
        assertEquals(summary.events(), events.size());
        Map<String, String> threadNames = new HashMap<>();
        Map<Integer, String> processNames = new HashMap<>();
        Map<String, List<long[]>> slicesPerThread = new HashMap<>();
        Set<String> fenceNames = new HashSet<>();
        for (JsonNode e : events) {
            String ph = e.get("ph").asText();
            String thread = e.get("pid").asInt() + "/" + e.get("tid").asInt();
            if (ph.equals("M") && e.get("name").asText().equals("thread_name")) threadNames.put(thread, e.get("args").get("name").asText());
            if (ph.equals("M") && e.get("name").asText().equals("process_name")) processNames.put(e.get("pid").asInt(), e.get("args").get("name").asText());
            if (ph.equals("X")) {
                long ts = Math.round(e.get("ts").asDouble() * 1000);
                long dur = Math.round(e.get("dur").asDouble() * 1000);
                slicesPerThread.computeIfAbsent(thread, k -> new ArrayList<>()).add(new long[] {ts, ts + dur});
                if (e.get("name").asText().startsWith("fence")) fenceNames.add(e.get("name").asText());
            }
        }
        assertEquals("virtio-gpu queues", processNames.get(1));
        assertEquals("ctx 1", processNames.get(11));
        assertTrue(threadNames.containsValue("control"));
        assertTrue(threadNames.containsValue("ring 0"));
        assertTrue(threadNames.containsValue("ring 0 #2"), "overlapping fences on ring 0 get a second lane");
        assertEquals("device-wide fences", processNames.get(2), "the fence sent without a ring");
        assertTrue(threadNames.containsValue("fences"));
        assertTrue(fenceNames.contains("fence 20 (never signalled)"));
        assertEquals(6, fenceNames.size());
        for (String thread : slicesPerThread.keySet()) {
            assertTrue(threadNames.containsKey(thread), "every thread with slices is named: " + thread);
            long lastEnd = Long.MIN_VALUE;
            for (long[] s : slicesPerThread.get(thread)) {
                assertTrue(s[0] >= lastEnd, "slices of one lane do not overlap: " + thread);
                lastEnd = s[1];
            }
        }
        assertTrue(events.toString().contains("\"RESP_ERR_INVALID_RESOURCE_ID\""), "the error is an instant event");
    }

    @Test
    void parquetAndCsvRoundTripThroughDuckDb() throws Exception {
        Path parquet = dir.resolve("fences.parquet");
        assertEquals(6, TableExporter.export(db, "fences", TableExporter.Format.PARQUET, parquet));
        assertEquals(6, db.count("SELECT count(*) FROM read_parquet('" + parquet + "') WHERE ctx_id IN (1, 2)"));
        Path csv = dir.resolve("raw.csv");
        assertEquals(db.rows(), TableExporter.export(db, "messages_raw", TableExporter.Format.CSV, csv));
        assertEquals(db.rows() + 1, Files.readAllLines(csv).size());
        assertThrows(IllegalArgumentException.class,
                () -> TableExporter.export(db, "fences; DROP TABLE x", TableExporter.Format.CSV, csv));
    }

    @Test
    void reportWritesIndexAndReadablePngs() throws Exception {
        Path out = dir.resolve("report");
        List<Path> files = ReportWriter.write(db, out, m -> { });
        assertEquals(7, files.size());
        String html = Files.readString(out.resolve("index.html"));
        for (String png : List.of("fence-latency.png", "queue-depth.png", "command-mix.png", "blob-lifetimes.png",
                "leaks.png", "errors.png")) {
            assertTrue(html.contains("src=\"" + png + "\""), png + " is on the page");
            BufferedImage img = ImageIO.read(out.resolve(png).toFile());
            assertTrue(img.getWidth() > 100 && img.getHeight() > 50, png + " is an image");
        }
        assertTrue(html.contains("RESOURCE_FLUSH -&gt; RESP_ERR_INVALID_RESOURCE_ID") || html.contains("RESP_ERR_INVALID_RESOURCE_ID"));
        assertTrue(!html.contains("http://") && !html.contains("https://") && !html.contains("<script"), "offline");
    }
}
