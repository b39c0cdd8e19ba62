package vgtrace.core.protocol;

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

    public DecodeException(int type, String detail) {
        super(CtrlType.nameOf(type) + ": " + detail, null, false, false);
        this.type = type;
    }

    /** The header's type code, or {@link #NO_TYPE} when fewer than 4 bytes were there. */
    public int type() {
        return type;
    }
}
