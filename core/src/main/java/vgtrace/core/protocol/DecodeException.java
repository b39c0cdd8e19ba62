package vgtrace.core.protocol;

import java.util.Optional;

/**
 * Wire bytes that are not a complete message of the type their header names: too short for the
 * fixed struct, or a count or size field that asks for more bytes than there are. The message is
 * one line naming the type, e.g. {@code RESOURCE_ATTACH_BACKING: nr_entries=1000000 needs 16000000
 * bytes, have 16}.
 */
public final class DecodeException extends Exception {

    /** {@link #type()} when the input is too short to hold even the type field. */
    public static final int NO_TYPE = 0;

    private final int type;
    private final CtrlHeader header;

    /** Bytes too short for a header: only the type, or {@link #NO_TYPE}, was there. */
    public DecodeException(int type, String detail) {
        this(type, null, detail);
    }

    /** A message whose header was read whole and whose body is not complete. */
    public DecodeException(CtrlHeader header, String detail) {
        this(header.type(), header, detail);
    }

    private DecodeException(int type, CtrlHeader header, String detail) {
        super(CtrlType.nameOf(type) + ": " + detail, null, false, false);
        this.type = type;
        this.header = header;
    }

    /** The header's type code, or {@link #NO_TYPE} when fewer than 4 bytes were there. */
    public int type() {
        return type;
    }

    /** The header the decoder read, as it was; empty when the bytes were shorter than a header. */
    public Optional<CtrlHeader> header() {
        return Optional.ofNullable(header);
    }
}
