package vgtrace.core.vhost;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The 12-byte header of every vhost-user message, and of the vhost-user-gpu display channel's
 * messages: u32 request, u32 flags, u32 payload size, in native (little-endian on every supported
 * host) byte order. Fields hold the raw u32 values.
 */
public record VhostHeader(int request, int flags, int size) {

    public static final int SIZE = 12;
    /** Bits 0-1 of {@code flags}: the protocol version, always 1. */
    public static final int VERSION_MASK = 0x3, VERSION = 0x1;
    public static final int REPLY = 1 << 2;
    public static final int NEED_REPLY = 1 << 3;

    /** A request in protocol version 1. */
    public static VhostHeader request(int request, int size) {
        return new VhostHeader(request, VERSION, size);
    }

    public boolean isReply() {
        return (flags & REPLY) != 0;
    }

    public boolean needsReply() {
        return (flags & NEED_REPLY) != 0;
    }

    public int version() {
        return flags & VERSION_MASK;
    }

    /** The payload size as the unsigned value it is. */
    public long payloadSize() {
        return Integer.toUnsignedLong(size);
    }

    /** Reads a header from the first 12 bytes; the caller checks there are 12. */
    public static VhostHeader read(ByteBuffer bytes) {
        ByteBuffer b = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        return new VhostHeader(b.getInt(0), b.getInt(4), b.getInt(8));
    }

    public void write(ByteBuffer into) {
        ByteBuffer b = into.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(0, request).putInt(4, flags).putInt(8, size);
    }

    /** The same header with another payload size. */
    public VhostHeader withSize(int newSize) {
        return new VhostHeader(request, flags, newSize);
    }
}
