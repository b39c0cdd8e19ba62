package vgtrace.core.protocol;

/** Wire bytes for people: lines of offset, 16 hex bytes and their printable ASCII, cut after a limit. */
public final class HexDump {

    private HexDump() {
    }

    /**
     * @param indent put before every line
     * @param limit  bytes shown at most; the rest is counted in a last line
     */
    public static String format(byte[] bytes, String indent, int limit) {
        int shown = Math.min(bytes.length, limit);
        StringBuilder out = new StringBuilder(shown * 4 + 64);
        for (int line = 0; line < shown; line += 16) {
            out.append(indent).append(String.format("%08x  ", line));
            for (int i = 0; i < 16; i++) {
                if (line + i < shown) out.append(String.format("%02x ", bytes[line + i] & 0xff));
                else out.append("   ");
                if (i == 7) out.append(' ');
            }
            out.append(" |");
            for (int i = line; i < Math.min(line + 16, shown); i++) {
                int b = bytes[i] & 0xff;
                out.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
            }
            out.append("|\n");
        }
        if (bytes.length > shown) out.append(indent).append("... ").append(bytes.length - shown).append(" more bytes\n");
        return out.toString();
    }
}
