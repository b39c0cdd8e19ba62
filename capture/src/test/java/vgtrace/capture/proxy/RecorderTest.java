package vgtrace.capture.proxy;

import org.junit.jupiter.api.Test;
import java.nio.file.Path;
import vgtrace.core.trace.TraceReader;
import org.junit.jupiter.api.io.TempDir;
import vgtrace.core.trace.EventKind;
import vgtrace.core.trace.TraceEvent;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import static org.junit.jupiter.api.Assertions.*;

/** The loss policy: a full queue drops and notes rows, a failed writer stops recording, never the caller. */
class RecorderTest {

    /** A writer stuck (a slow disk) until released, collecting what it gets. */
    private static final class StuckWriter implements RowWriter {
        final CountDownLatch release = new CountDownLatch(1);
        final CountDownLatch firstRowTaken = new CountDownLatch(1);
        final List<TraceEvent> rows = new CopyOnWriteArrayList<>();

        @Override
        public void append(TraceEvent event) throws IOException {
            firstRowTaken.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            rows.add(event);
        }

        @Override
        public void tick(long nowNs) {
        }

        @Override
        public long rowsInFile() {
            return rows.size();
        }

        @Override
        public void close() {
        }
    }

    @Test
    void aFullQueueDropsRowsCountsThemAndNotesTheLossInSeqOrder() throws Exception {
        StuckWriter writer = new StuckWriter();
        Recorder recorder = new Recorder(writer, 4);
        recorder.record(s -> TraceEvent.note(s, 0, "first"));
        recorder.flush();
        writer.firstRowTaken.await(); // the writer thread holds row 0; the queue is empty
        for (int i = 1; i <= 10; i++) { // one event a row, as the proxy flushes after each event
            int n = i;
            recorder.record(s -> TraceEvent.note(s, 0, "row " + n));
            recorder.flush();
        }
        assertEquals(6, recorder.stats().rowsLost(), "4 rows fit in the queue, 6 did not");
        writer.release.countDown();
        recorder.close();
        List<String> texts = writer.rows.stream().map(TraceEvent::text).toList();
        assertEquals(List.of("first", "row 1", "row 2", "row 3", "row 4",
                "lost 6 rows (recording queue full: the trace disk is slower than the guest)"), texts);
        List<Long> seqs = writer.rows.stream().map(TraceEvent::seq).toList();
        assertEquals(seqs.stream().sorted().distinct().toList(), seqs, "seq increases through the loss note");
        assertEquals(6, recorder.stats().rowsWritten());
    }

    @Test
    void theLossNoteGoesBeforeTheNextRowThatFits() throws Exception {
        StuckWriter writer = new StuckWriter();
        Recorder recorder = new Recorder(writer, 2);
        recorder.record(s -> TraceEvent.note(s, 0, "held"));
        recorder.flush();
        writer.firstRowTaken.await();
        for (int i = 0; i < 5; i++) {
            recorder.record(s -> TraceEvent.note(s, 0, "burst"));
            recorder.flush();
        }
        writer.release.countDown();
        while (recorder.stats().rowsWritten() < 3) Thread.sleep(5);
        recorder.record(s -> TraceEvent.note(s, 0, "after"));
        recorder.close();
        List<TraceEvent> rows = writer.rows;
        assertEquals("lost 3 rows (recording queue full: the trace disk is slower than the guest)", rows.get(3).text());
        assertEquals("after", rows.get(4).text());
        assertEquals(EventKind.NOTE, rows.get(3).kind());
    }

    @Test
    void doneRunsOnceForEveryRowWrittenDroppedOrUnbuildable() throws Exception {
        StuckWriter writer = new StuckWriter();
        Recorder recorder = new Recorder(writer, 3);
        ConcurrentHashMap<String, Integer> done = new ConcurrentHashMap<>();
        recorder.record(s -> TraceEvent.note(s, 0, "written"), 0, () -> done.merge("written", 1, Integer::sum));
        recorder.flush();
        writer.firstRowTaken.await();
        for (int i = 0; i < 4; i++) recorder.record(s -> TraceEvent.note(s, 0, "dropped"), 0, () -> done.merge("dropped", 1, Integer::sum));
        recorder.flush(); // 4 rows do not fit in 3: dropped, and done at once, on this thread
        assertEquals(4, done.getOrDefault("dropped", 0));
        recorder.record(s -> { throw new IllegalStateException("cannot build"); }, 0, () -> done.merge("unbuildable", 1, Integer::sum));
        writer.release.countDown();
        recorder.close();
        assertEquals(Map.of("written", 1, "dropped", 4, "unbuildable", 1), done);
    }

    @Test
    void rowsPastTheByteCapacityAreDroppedEvenWhenRowsFit() throws Exception {
        StuckWriter writer = new StuckWriter();
        Recorder recorder = new Recorder(writer, 1000, 3 << 20);
        recorder.record(s -> TraceEvent.note(s, 0, "held"));
        recorder.flush();
        writer.firstRowTaken.await();
        for (int i = 0; i < 5; i++) { // 1 MiB a row: three fit, two do not
            recorder.record(s -> TraceEvent.note(s, 0, "1 MiB"), 1 << 20, null);
            recorder.flush();
        }
        assertEquals(2, recorder.stats().rowsLost());
        writer.release.countDown();
        recorder.close();
        assertEquals(List.of("held", "1 MiB", "1 MiB", "1 MiB",
                        "lost 2 rows (recording queue full: the trace disk is slower than the guest)"),
                writer.rows.stream().map(TraceEvent::text).toList());
    }

    @Test
    void aBatchThatDoesNotFitIsDroppedWhole() throws Exception {
        StuckWriter writer = new StuckWriter();
        Recorder recorder = new Recorder(writer, 3);
        for (int i = 0; i < 5; i++) recorder.record(s -> TraceEvent.note(s, 0, "event"));
        recorder.flush(); // 5 rows in one event: more than the queue holds
        assertEquals(5, recorder.stats().rowsLost());
        writer.release.countDown();
        recorder.close();
        assertEquals(List.of("lost 5 rows (recording queue full: the trace disk is slower than the guest)"),
                writer.rows.stream().map(TraceEvent::text).toList());
    }

    @Test
    void aFailingWriterStopsRecordingButNotTheCaller() throws Exception {
        RowWriter full = new RowWriter() {
            @Override
            public void append(TraceEvent event) throws IOException {
                throw new IOException("No space left on device");
            }

            @Override
            public void tick(long nowNs) {
            }

            @Override
            public long rowsInFile() {
                return 0;
            }

            @Override
            public void close() {
            }
        };
        Recorder recorder = new Recorder(full, 8);
        long last = -1;
        for (int i = 0; i < 100; i++) {
            long seq = recorder.record(s -> TraceEvent.note(s, 0, "x"));
            assertTrue(seq > last, "every row gets a new seq, kept or not");
            last = seq;
        }
        recorder.close();
        RecorderStats stats = recorder.stats();
        assertEquals("No space left on device", stats.failure());
        assertEquals(0, stats.rowsWritten());
        assertEquals(stats.rowsRecorded(), stats.rowsLost(), "every row, loss notes included, is counted as lost");
    }

    @Test
    void onAFullDiskTheRowsCountedWrittenAreTheRowsInTheFile(@TempDir Path dir) throws Exception {
        // a real trace file on a real file system that refuses to grow past 2.5 MiB (EFBIG, as ENOSPC):
        // two 1 MiB batches fit, the third does not
        Path trace = dir.resolve("t.arrows");
        String java = ProcessHandle.current().info().command().orElse("java");
        String run = "trap '' XFSZ; ulimit -f 2560; exec '%s' --add-opens=java.base/java.nio=ALL-UNNAMED -cp '%s' %s '%s' 5000"
                .formatted(java, System.getProperty("java.class.path"), RecorderMain.class.getName(), trace);
        Process p = new ProcessBuilder("bash", "-c", run).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String[] stats = new String(p.getInputStream().readAllBytes()).strip().split(" ", 3);
        assertEquals(0, p.waitFor(), String.join(" ", stats));
        long written = Long.parseLong(stats[0]), lost = Long.parseLong(stats[1]);
        long inFile = 0;
        try (TraceReader r = TraceReader.open(trace)) {
            for (; r.hasNext(); inFile++) r.next();
        }
        assertTrue(inFile > 0 && inFile < 5000, "the disk filled up mid-capture: " + inFile + " rows in the file");
        assertEquals(inFile, written, "rows reported written");
        assertEquals(5000 - inFile, lost, "rows reported lost");
        assertTrue(stats[2].contains("File too large"), stats[2]);
    }
}
