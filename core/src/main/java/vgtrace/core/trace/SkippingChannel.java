package vgtrace.core.trace;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;

/**
 * Reads a file, except one range that it passes over: the destination's position moves past it
 * and its bytes are left as they were, but for the first {@value #EMPTY_PREFIX}, which read as
 * zeros. So a message body is read without the one buffer a reader does not want (a trace's payload
 * bytes when loading it for SQL), and in a compressed body that buffer reads as an empty one (a
 * compressed buffer starts with its uncompressed length, a 64-bit integer).
 */
final class SkippingChannel implements ReadableByteChannel {

    static final int EMPTY_PREFIX = 8;

    private final FileChannel file;
    private long skipFrom = -1, skipTo = -1;

    SkippingChannel(FileChannel file) {
        this.file = file;
    }

    /** Leaves out file bytes {@code [from, to)} from the reads to come. */
    void skip(long from, long to) {
        skipFrom = from;
        skipTo = to;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        long at = file.position();
        if (at >= skipFrom && at < skipTo) {
            int n = (int) Math.min(dst.remaining(), skipTo - at);
            long zeroTo = Math.min(at + n, skipFrom + EMPTY_PREFIX);
            for (long b = at; b < zeroTo; b++) dst.put(dst.position() + (int) (b - at), (byte) 0);
            dst.position(dst.position() + n);
            file.position(at + n);
            return n;
        }
        if (at < skipFrom && skipFrom - at < dst.remaining()) {
            ByteBuffer upToSkip = dst.slice().limit((int) (skipFrom - at));
            int n = file.read(upToSkip);
            if (n > 0) dst.position(dst.position() + n);
            return n;
        }
        return file.read(dst);
    }

    @Override
    public boolean isOpen() {
        return file.isOpen();
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
