package vgtrace.core.protocol;

import java.util.HexFormat;

/** Short text for byte arrays in {@code toString}s: the length and the first bytes in hex. */
final class Hex {

    private Hex() {
    }

    private static final int SHOWN = 16;

    static String summary(byte[] bytes) {
        String head = HexFormat.of().formatHex(bytes, 0, Math.min(bytes.length, SHOWN));
        return bytes.length + " bytes" + (bytes.length == 0 ? "" : " " + head + (bytes.length > SHOWN ? "..." : ""));
    }
}
