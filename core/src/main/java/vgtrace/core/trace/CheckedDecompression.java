package vgtrace.core.trace;

import com.github.luben.zstd.Zstd;
import org.apache.arrow.compression.CommonsCompressionFactory;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.compression.CompressionCodec;
import org.apache.arrow.vector.compression.CompressionUtil;
import org.apache.arrow.vector.compression.CompressionUtil.CodecType;
import org.apache.arrow.vector.compression.NoCompressionCodec;
import org.apache.arrow.vector.ipc.message.ArrowRecordBatch;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The codecs a trace reader decompresses batch bodies with. A buffer that does not decompress (a
 * damaged file) reads as an empty one and is remembered, so that Arrow's loader finishes the batch
 * and frees what it holds; the reader then reports the batch corrupt ({@link #takeFailure}). Arrow's
 * own codecs throw in the middle of a batch instead, leaving buffers allocated. ZSTD is decompressed
 * here with zstd-jni into a buffer that is freed when it fails; LZ4_FRAME (which vgtrace does not
 * write) goes through Arrow's codec.
 */
final class CheckedDecompression implements CompressionCodec.Factory {

    private static final int LENGTH_BYTES = (int) CompressionUtil.SIZE_OF_UNCOMPRESSED_LENGTH;

    /** Set from the reader's thread and its helper's. */
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();

    @Override
    public CompressionCodec createCodec(CodecType type) {
        return switch (type) {
            case NO_COMPRESSION -> NoCompressionCodec.INSTANCE;
            case ZSTD -> new Checked(type, CheckedDecompression::zstd, true);
            default -> new Checked(type, CommonsCompressionFactory.INSTANCE.createCodec(type)::decompress, false);
        };
    }

    @Override
    public CompressionCodec createCodec(CodecType type, int level) {
        return createCodec(type);
    }

    /** The first buffer failure since the last call, or null when every buffer decompressed. */
    RuntimeException takeFailure() {
        return failure.getAndSet(null);
    }

    /**
     * {@code batch} with its ZSTD buffers decompressed, about half of the bytes on {@code helper}
     * while this thread does the rest; load it without a codec, and close both batches. A buffer
     * that does not decompress reads as empty and is reported by {@link #takeFailure}.
     */
    ArrowRecordBatch decompressed(ArrowRecordBatch batch, BufferAllocator allocator, ExecutorService helper) {
        List<ArrowBuf> in = batch.getBuffers();
        ArrowBuf[] out = new ArrowBuf[in.size()];
        long total = 0;
        for (ArrowBuf b : in) total += b.writerIndex();
        int split = 0;
        for (long half = 0; split < in.size() && half < total / 2; split++) half += in.get(split).writerIndex();
        CompressionCodec codec = createCodec(CodecType.ZSTD);
        int helperFrom = split;
        Future<?> rest = helper.submit(() -> decompress(codec, allocator, in, out, helperFrom, in.size()));
        try {
            decompress(codec, allocator, in, out, 0, split);
        } finally {
            awaitUninterruptibly(rest, out);
        }
        return new ArrowRecordBatch(batch.getLength(), batch.getNodes(), Arrays.asList(out),
                CompressionUtil.createBodyCompression(NoCompressionCodec.INSTANCE), batch.getVariadicBufferCounts(),
                true, false);
    }

    /** As Arrow's loader does: an empty buffer is kept as it is, the others decompressed. */
    private static void decompress(CompressionCodec codec, BufferAllocator allocator, List<ArrowBuf> in, ArrowBuf[] out,
                                   int from, int to) {
        for (int i = from; i < to; i++) {
            ArrowBuf b = in.get(i);
            b.getReferenceManager().retain();
            out[i] = b.writerIndex() > 0 ? codec.decompress(allocator, b) : b;
        }
    }

    /** Waits for the helper's half; if it failed, frees what both halves made and rethrows. */
    private static void awaitUninterruptibly(Future<?> rest, ArrowBuf[] out) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    rest.get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    for (ArrowBuf b : out) if (b != null) b.close();
                    throw new IllegalStateException("decompressing a batch failed", e.getCause());
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    private interface Decompressor {
        /** Arrow's contract: returns the buffer and releases one reference to {@code compressed}. */
        ArrowBuf decompress(BufferAllocator allocator, ArrowBuf compressed);
    }

    private final class Checked implements CompressionCodec {
        private final CodecType type;
        private final Decompressor decompressor;
        /**
         * Whether a failing decompressor has released {@code compressed} itself (ours does). Arrow's
         * may not have: then the reference count tells, which is safe only while no other thread
         * holds slices of the same body, as when LZ4 batches load on the reader's thread alone.
         */
        private final boolean releasesOnFailure;

        Checked(CodecType type, Decompressor decompressor, boolean releasesOnFailure) {
            this.type = type;
            this.decompressor = decompressor;
            this.releasesOnFailure = releasesOnFailure;
        }

        @Override
        public ArrowBuf decompress(BufferAllocator allocator, ArrowBuf compressed) {
            int references = compressed.refCnt();
            try {
                return decompressor.decompress(allocator, compressed);
            } catch (RuntimeException e) {
                failure.compareAndSet(null, e);
                if (!releasesOnFailure && compressed.refCnt() == references) compressed.close();
                return allocator.getEmpty();
            }
        }

        @Override
        public ArrowBuf compress(BufferAllocator allocator, ArrowBuf uncompressed) {
            throw new UnsupportedOperationException("a reader's codec does not compress");
        }

        @Override
        public CodecType getCodecType() {
            return type;
        }
    }

    /** Arrow's ZSTD buffer: the uncompressed length (int64, -1: stored uncompressed), then one frame. */
    private static ArrowBuf zstd(BufferAllocator allocator, ArrowBuf compressed) {
        long stored = compressed.writerIndex() - LENGTH_BYTES;
        long length = stored < 0 ? -2 : compressed.getLong(0);
        if (length == CompressionUtil.NO_COMPRESSION_LENGTH) return CompressionUtil.extractUncompressedBuffer(compressed);
        try {
            if (length < 0) throw new IllegalArgumentException("a compressed buffer without its length");
            if (length == 0) return allocator.getEmpty();
            ArrowBuf out = allocator.buffer(length);
            long n = Zstd.decompressUnsafe(out.memoryAddress(), length, compressed.memoryAddress() + LENGTH_BYTES, stored);
            if (Zstd.isError(n) || n != length) {
                out.close();
                throw new IllegalArgumentException("a ZSTD buffer that does not decompress to its length"
                        + (Zstd.isError(n) ? ": " + Zstd.getErrorName(n) : ""));
            }
            out.writerIndex(length);
            return out;
        } finally {
            compressed.close();
        }
    }
}
