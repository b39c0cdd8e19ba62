package vgtrace.core.trace;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Random;

/**
 * A background writer on a disk that fills up, for {@link BackgroundWriterTest}: appends rows of
 * incompressible text until the writer fails, closes it, then prints the rows it counted written,
 * the memory still allocated, and the error, on one line.
 */
public final class FullDiskWriterMain {

    public static void main(String[] args) throws IOException {
        WriterOptions options = WriterOptions.DEFAULTS.withBatchRows(100).withBackground(true);
        Random random = new Random(1);
        byte[] text = new byte[512];
        TraceWriter w = TraceWriter.create(Path.of(args[0]), TraceMetadata.of("generator"), options);
        String error = "none";
        try {
            for (long seq = 0; seq < 1_000_000; seq++) {
                random.nextBytes(text);
                w.append(TraceEvent.note(seq, seq, HexFormat.of().formatHex(text)));
            }
        } catch (IOException e) {
            error = e.getMessage();
        }
        w.close();
        System.out.println(w.rowsWritten() + " " + TraceMemory.root().getAllocatedMemory() + " " + error);
    }
}
