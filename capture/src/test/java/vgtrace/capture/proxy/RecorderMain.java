package vgtrace.capture.proxy;

import vgtrace.core.trace.TraceEvent;
import vgtrace.core.trace.TraceMetadata;
import vgtrace.core.trace.TraceWriter;

import java.nio.file.Path;

/**
 * Records {@code ROWS} notes of 1 KiB of random text (which compression cannot shrink) into {@code TRACE}
 * as a capture does, then prints the recorder's stats as {@code written lost failure}: for the
 * disk-full test, run under a file size limit.
 */
public final class RecorderMain {

    private RecorderMain() {
    }

    public static void main(String[] args) throws Exception {
        int rows = Integer.parseInt(args[1]);
        Recorder recorder = new Recorder(RowWriter.of(TraceWriter.create(Path.of(args[0]), TraceMetadata.of("capture"),
                CaptureSession.BATCHES)), rows + 16);
        java.util.SplittableRandom random = new java.util.SplittableRandom(1);
        for (int i = 0; i < rows; i++) {
            String text = random.ints(1024, 'a', 'z' + 1).collect(StringBuilder::new, StringBuilder::appendCodePoint,
                    StringBuilder::append).toString();
            recorder.record(s -> TraceEvent.note(s, 0, text));
            recorder.flush();
        }
        try {
            recorder.close();
        } catch (java.io.IOException e) {
            // the last batch did not fit either: counted as lost
        }
        RecorderStats stats = recorder.stats();
        System.out.println(stats.rowsWritten() + " " + stats.rowsLost() + " " + stats.failure());
    }
}
