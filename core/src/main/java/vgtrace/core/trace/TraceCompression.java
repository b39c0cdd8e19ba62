package vgtrace.core.trace;

import org.apache.arrow.compression.CommonsCompressionFactory;
import org.apache.arrow.vector.compression.CompressionCodec;
import org.apache.arrow.vector.compression.CompressionUtil.CodecType;
import org.apache.arrow.vector.compression.NoCompressionCodec;

/**
 * How a {@link TraceWriter} compresses batch bodies: Arrow IPC body compression, each buffer on its
 * own (format 4; readers of every Arrow implementation with the codec decompress it, whatever the
 * level). docs/trace-format.md, Compression, has each one's size and speed.
 */
public enum TraceCompression {
    /** Buffers as they are. */
    NONE(CodecType.NO_COMPRESSION, 0),
    /** Zstandard level 1. */
    ZSTD_1(CodecType.ZSTD, 1),
    /** Zstandard level 3, its default. */
    ZSTD(CodecType.ZSTD, 3),
    /** Zstandard level 9. */
    ZSTD_9(CodecType.ZSTD, 9),
    /** LZ4 frames (Arrow Java's is Commons Compress, pure Java). */
    LZ4_FRAME(CodecType.LZ4_FRAME, 0);

    private final CodecType type;
    private final int level;

    TraceCompression(CodecType type, int level) {
        this.type = type;
        this.level = level;
    }

    /** A codec that compresses at this level (Commons Compress and zstd-jni for the compressing ones). */
    CompressionCodec newCodec() {
        return switch (type) {
            case NO_COMPRESSION -> NoCompressionCodec.INSTANCE;
            case ZSTD -> CommonsCompressionFactory.INSTANCE.createCodec(type, level);
            default -> CommonsCompressionFactory.INSTANCE.createCodec(type);
        };
    }
}
