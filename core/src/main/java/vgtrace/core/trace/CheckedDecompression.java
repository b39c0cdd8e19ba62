package vgtrace.core.trace;

import com.github.luben.zstd.Zstd;
import org.apache.arrow.compression.CommonsCompressionFactory;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.compression.CompressionCodec;
import org.apache.arrow.vector.compression.CompressionUtil;
import org.apache.arrow.vector.compression.CompressionUtil.CodecType;
import org.apache.arrow.vector.compression.NoCompressionCodec;

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

    private RuntimeException failure;

    @Override
    public CompressionCodec createCodec(CodecType type) {
        return switch (type) {
            case NO_COMPRESSION -> NoCompressionCodec.INSTANCE;
            case ZSTD -> new Checked(type, CheckedDecompression::zstd);
            default -> new Checked(type, CommonsCompressionFactory.INSTANCE.createCodec(type)::decompress);
        };
    }

    @Override
    public CompressionCodec createCodec(CodecType type, int level) {
        return createCodec(type);
    }

    /** The first buffer failure since the last call, or null when every buffer decompressed. */
    RuntimeException takeFailure() {
        RuntimeException f = failure;
        failure = null;
        return f;
    }

    private interface Decompressor {
        /** Arrow's contract: returns the buffer and releases one reference to {@code compressed}. */
        ArrowBuf decompress(BufferAllocator allocator, ArrowBuf compressed);
    }

    private final class Checked implements CompressionCodec {
        private final CodecType type;
        private final Decompressor decompressor;

        Checked(CodecType type, Decompressor decompressor) {
            this.type = type;
            this.decompressor = decompressor;
        }

        @Override
        public ArrowBuf decompress(BufferAllocator allocator, ArrowBuf compressed) {
            int references = compressed.refCnt();
            try {
                return decompressor.decompress(allocator, compressed);
            } catch (RuntimeException e) {
                if (failure == null) failure = e;
                if (compressed.refCnt() == references) compressed.close();
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
