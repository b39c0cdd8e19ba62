package vgtrace.cli;

/** Classic 16-bytes-a-line hex dump with offsets and printable ASCII. */
final class HexDump {
    private HexDump() {
    }

    static String format(byte[] bytes, String indent) {
        StringBuilder sb = new StringBuilder(bytes.length * 4 + 64);
        for (int off = 0; off < bytes.length; off += 16) {
            sb.append(indent).append(String.format("%06x ", off));
            int end = Math.min(off + 16, bytes.length);
            for (int i = off; i < off + 16; i++) {
                sb.append(i < end ? String.format(" %02x", bytes[i] & 0xff) : "   ");
                if (i == off + 7) sb.append(' ');
            }
            sb.append("  |");
            for (int i = off; i < end; i++) {
                int c = bytes[i] & 0xff;
                sb.append(c >= 0x20 && c < 0x7f ? (char) c : '.');
            }
            sb.append("|\n");
        }
        return sb.toString();
    }
}
