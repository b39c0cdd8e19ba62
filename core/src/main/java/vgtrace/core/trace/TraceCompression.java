package vgtrace.core.trace;

import org.apache.arrow.compression.CommonsCompressionFactory;
import org.apache.arrow.vector.compression.CompressionCodec;
import org.apache.arrow.vector.compression.CompressionUtil;
import org.apache.arrow.vector.compression.NoCompressionCodec;

/**
 * How a {@link TraceWriter} compresses batch bodies: Arrow IPC body compression, each buffer on its
 * own (format 4; readers of every Arrow implementation with the codec decompress it). The reader
 * also reads LZ4_FRAME bodies other writers make; vgtrace does not write them, as Arrow Java's LZ4
 * (Commons Compress, pure Java) wrote about 1,000 rows/s here (docs/trace-format.md, Compression).
 */
public enum TraceCompression {
    /** Buffers as they are. */
    NONE(CompressionUtil.CodecType.NO_COMPRESSION),
    /** Zstandard at its default level. */
    ZSTD(CompressionUtil.CodecType.ZSTD);

    private final CompressionUtil.CodecType codec;

    TraceCompression(CompressionUtil.CodecType codec) {
        this.codec = codec;
    }

    CompressionUtil.CodecType codec() {
        return codec;
    }

    /** The factory that makes this codec (Commons Compress and zstd-jni for the compressing ones). */
    CompressionCodec.Factory factory() {
        return this == NONE ? NoCompressionCodec.Factory.INSTANCE : CommonsCompressionFactory.INSTANCE;
    }
}
