package vgtrace.core.protocol;

import java.util.StringJoiner;

/**
 * Blob flag bits (VIRTIO_GPU_BLOB_FLAG_*). Bit 0x8 is contested between proposals, so unnamed bits
 * are shown in hex rather than guessed.
 */
public enum BlobFlag implements WireCode {
    USE_MAPPABLE(1), USE_SHAREABLE(2), USE_CROSS_DEVICE(4);

    private final int code;

    BlobFlag(int code) {
        this.code = code;
    }

    @Override
    public int code() {
        return code;
    }

    /** {@code USE_MAPPABLE|USE_SHAREABLE|0x10}, or {@code 0} for no flags. */
    public static String describe(int flags) {
        if (flags == 0) return "0";
        StringJoiner text = new StringJoiner("|");
        int rest = flags;
        for (BlobFlag f : values()) {
            if ((flags & f.code) != 0) {
                text.add(f.name());
                rest &= ~f.code;
            }
        }
        if (rest != 0) text.add("0x" + Integer.toHexString(rest));
        return text.toString();
    }
}
