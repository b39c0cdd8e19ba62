package vgtrace.capture.qemu;

import java.util.HashMap;
import java.util.Map;

/**
 * One line of QEMU's trace log ({@code -trace 'virtio_gpu_*' -D FILE}): an optional
 * {@code PID@SECONDS.MICROS:} prefix (printed with {@code -msg timestamp=on}, and always by older
 * QEMUs), the event name, then {@code key value} pairs separated by commas.
 *
 * @param tsNs wall-clock nanoseconds from the prefix, or {@code -1} when the line has none
 */
record QemuLine(long tsNs, String event, Map<String, String> args) {

    /** Parses a line; {@code null} when it is not a virtio-gpu trace event. */
    static QemuLine parse(String line) {
        int start = 0;
        long ts = -1;
        int at = line.indexOf('@');
        int colon = line.indexOf(':');
        if (at > 0 && colon > at && digits(line, 0, at) && isTimestamp(line, at + 1, colon)) {
            ts = timestamp(line, at + 1, colon);
            start = colon + 1;
        }
        if (!line.startsWith("virtio_gpu_", start)) return null;
        int space = line.indexOf(' ', start);
        String event = space < 0 ? line.substring(start) : line.substring(start, space);
        Map<String, String> args = new HashMap<>();
        if (space >= 0) parseArgs(line.substring(space + 1), args);
        return new QemuLine(ts, event, args);
    }

    /**
     * "res 0x3, fmt 0x2, w 64" -> {res=0x3, fmt=0x2, w=64}; a bare word ("move") is a key with an
     * empty value; "name" is last and runs to the end of the line (a context's name may hold commas).
     */
    private static void parseArgs(String text, Map<String, String> into) {
        int i = 0;
        while (i < text.length()) {
            int comma = text.indexOf(',', i);
            String segment = text.substring(i, comma < 0 ? text.length() : comma).strip();
            int space = segment.indexOf(' ');
            String key = space < 0 ? segment : segment.substring(0, space);
            if (key.equals("name")) {
                int nameAt = text.indexOf("name", i);
                into.put(key, nameAt + 5 <= text.length() ? text.substring(nameAt + 5) : "");
                return;
            }
            if (!key.isEmpty()) into.put(key, space < 0 ? "" : segment.substring(space + 1).strip());
            i = comma < 0 ? text.length() : comma + 1;
        }
    }

    private static boolean digits(String s, int from, int to) {
        if (from >= to) return false;
        for (int i = from; i < to; i++) if (!Character.isDigit(s.charAt(i))) return false;
        return true;
    }

    private static boolean isTimestamp(String s, int from, int to) {
        int dot = s.indexOf('.', from);
        return dot > from && dot < to - 1 && digits(s, from, dot) && digits(s, dot + 1, to) && dot - from <= 12;
    }

    private static long timestamp(String s, int from, int to) {
        int dot = s.indexOf('.', from);
        long secs = Long.parseLong(s.substring(from, dot));
        String frac = (s.substring(dot + 1, to) + "000000000").substring(0, 9);
        return secs * 1_000_000_000L + Long.parseLong(frac);
    }

    /** An argument as a number (decimal or 0x-hex); throws NumberFormatException when absent or bad. */
    long number(String key) {
        String v = args.get(key);
        if (v == null) throw new NumberFormatException("no '" + key + "'");
        return v.startsWith("0x") ? Long.parseUnsignedLong(v.substring(2), 16) : Long.parseLong(v);
    }
}
