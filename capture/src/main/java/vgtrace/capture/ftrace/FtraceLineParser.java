package vgtrace.capture.ftrace;

import vgtrace.capture.AsciiLine;

import java.util.Arrays;

/**
 * Parses one line of a guest's tracefs {@code trace} output or of {@code trace-cmd report}.
 * Recognises the stock events {@code virtio_gpu_cmd_queue} / {@code virtio_gpu_cmd_response}
 * (Linux 6.1's seven fields and 6.3+'s nine) and vgtrace's header probes {@code cmd_queue} /
 * {@code cmd_response}, which add {@code ring_idx} (see {@code vgtrace guest-setup}).
 * Hand-rolled rather than regex-based: imports run at millions of lines per second.
 */
final class FtraceLineParser {

    /** The outcome for one line. */
    sealed interface Result permits Parsed, NotOurs, Malformed { }

    record Parsed(GuestEvent event) implements Result { }

    record NotOurs() implements Result { }

    record Malformed(String reason) implements Result { }

    private static final NotOurs NOT_OURS = new NotOurs();
    /** The event names, most preferred first when a line holds several; a probe's has its leading space. */
    private enum Name {
        STOCK_QUEUE("virtio_gpu_cmd_queue:", GuestEvent.Direction.QUEUE, false),
        STOCK_RESPONSE("virtio_gpu_cmd_response:", GuestEvent.Direction.RESPONSE, false),
        PROBE_QUEUE(" cmd_queue:", GuestEvent.Direction.QUEUE, true),
        PROBE_RESPONSE(" cmd_response:", GuestEvent.Direction.RESPONSE, true);

        static final Name[] VALUES = values();
        final String text;
        final GuestEvent.Direction direction;
        final boolean probe;

        Name(String text, GuestEvent.Direction direction, boolean probe) {
            this.text = text;
            this.direction = direction;
            this.probe = probe;
        }
    }

    private FtraceLineParser() {
    }

    static Result parse(AsciiLine line, long lineNo) {
        if (line.isEmpty() || line.charAt(0) == '#') return NOT_OURS;
        Name name = null;
        int at = -1;
        // Every name ends with a colon: looking only at the line's few colons finds each name's first
        // occurrence, and the most preferred one wins, as if each were searched in turn.
        for (int colon = line.indexOf(':', 0); colon >= 0 && name != Name.STOCK_QUEUE; colon = line.indexOf(':', colon + 1)) {
            if (colon == 0 || line.charAt(colon - 1) != 'e') continue; // every name ends "e:", a timestamp never
            for (Name n : Name.VALUES) {
                if (name != null && n.ordinal() >= name.ordinal()) break;
                int start = colon + 1 - n.text.length();
                if (line.startsWith(n.text, start)) {
                    name = n;
                    at = start;
                }
            }
        }
        if (name == null) return NOT_OURS;
        boolean probe = name.probe;
        GuestEvent.Direction dir = name.direction;
        int nameLen = name.text.length();
        if (probe) {
            at++; // the leading space is part of the search string, not of the name
            nameLen--;
        }
        Fields f = new Fields();
        String bad = f.read(line, at + nameLen);
        // A probe name alone is too common a word: require the header fields a vgtrace probe has (the
        // line is searched only when the fields read did not hold ring_idx).
        if (probe && f.ringIdx == null && !line.contains("ring_idx=")) return NOT_OURS;
        long ts = timestampBefore(line, at);
        if (ts < 0) return new Malformed("no timestamp before the event name");
        if (bad != null) return new Malformed(bad);
        if (f.vq < 0) return new Malformed("no vq");
        if (!f.hasType || !f.hasFlags || !f.hasFence || !f.hasCtx) {
            return new Malformed("missing one of type, flags, fence_id, ctx_id");
        }
        if (probe && f.ringIdx == null) return new Malformed("probe line without ring_idx");
        return new Parsed(new GuestEvent(lineNo, ts, dir, f.vdev, f.vq, f.type, f.flags, f.fenceId, f.ctxId,
                probe ? f.ringIdx : null, f.numFree, f.seqno, !probe, probe));
    }

    /** Parses "SECONDS.FRACTION:" ending just before {@code end} (spaces allowed), in ns; -1 if absent. */
    static long timestampBefore(AsciiLine line, int end) {
        int i = end - 1;
        while (i >= 0 && line.charAt(i) == ' ') i--;
        if (i < 0 || line.charAt(i) != ':') return -1;
        int stop = i;
        i--;
        while (i >= 0 && (isDigit(line.charAt(i)) || line.charAt(i) == '.')) i--;
        int start = i + 1;
        if (start >= stop) return -1;
        int dot = line.indexOf('.', start);
        if (dot < 0 || dot >= stop) dot = stop;
        long secs = 0;
        for (int k = start; k < dot; k++) {
            if (dot - start > 12) return -1;
            secs = secs * 10 + (line.charAt(k) - '0');
        }
        long frac = 0;
        int digits = 0;
        for (int k = dot + 1; k < stop; k++) {
            char c = line.charAt(k);
            if (c == '.') return -1;
            if (digits < 9) {
                frac = frac * 10 + (c - '0');
                digits++;
            }
        }
        for (; digits < 9; digits++) frac *= 10;
        return secs * 1_000_000_000L + frac;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** The key=value fields after the event name. Unknown keys are ignored (newer kernels may add some). */
    private static final class Fields {
        int vdev = -1;
        int vq = -1;
        int type;
        int flags;
        long fenceId;
        int ctxId;
        Integer ringIdx;
        Integer numFree;
        Long seqno;
        boolean hasType, hasFlags, hasFence, hasCtx;

        /** Reads fields from {@code from}; returns an error reason or {@code null}. */
        String read(AsciiLine line, int from) {
            int n = line.length();
            // One pass: a token's key runs to its first '=', its value to the next space; a token
            // without '=' ("(__probestub...+0x4/0x10", "[virtio_gpu])") is passed over.
            for (int i = from; i < n; i++) {
                int keyStart = i;
                char c = 0;
                while (i < n && (c = line.charAt(i)) != ' ' && c != '=') i++;
                if (i == n || c == ' ') continue;
                int eq = i;
                while (i < n && line.charAt(i) != ' ') i++;
                if (eq > keyStart) {
                    String bad = put(line, keyStart, eq, i);
                    if (bad != null) return bad;
                }
            }
            return null;
        }

        /** One key=value token, parsed in place. */
        private String put(AsciiLine line, int keyStart, int eq, int end) {
            int v = eq + 1;
            try {
                switch (key(line, keyStart, eq - keyStart)) {
                    case TYPE -> { type = (int) number(line, v, end); hasType = true; }
                    case FLAGS -> { flags = (int) number(line, v, end); hasFlags = true; }
                    case FENCE_ID -> { fenceId = number(line, v, end); hasFence = true; }
                    case CTX_ID -> { ctxId = (int) number(line, v, end); hasCtx = true; }
                    case SEQNO -> seqno = number(line, v, end);
                    case NUM_FREE -> numFree = (int) number(line, v, end);
                    case VQ -> vq = queueOf(line, v, end);
                    case VDEV -> vdev = (int) number(line, v, end);
                    case RING_IDX -> {
                        long r = number(line, v, end);
                        if (r > 255) return "ring_idx out of range: " + line.substring(v, end);
                        ringIdx = (int) r;
                    }
                    case OTHER -> { }
                }
                return null;
            } catch (NumberFormatException e) {
                return "bad number for " + line.substring(keyStart, eq) + ": '" + line.substring(v, end) + "'";
            }
        }

        private enum Key {
            TYPE("type"), FLAGS("flags"), FENCE_ID("fence_id"), CTX_ID("ctx_id"), SEQNO("seqno"), NUM_FREE("num_free"),
            VQ("vq"), VDEV("vdev"), RING_IDX("ring_idx"), OTHER("");

            static final Key[] KNOWN = Arrays.stream(values()).filter(k -> k != OTHER).toArray(Key[]::new);
            final int length;
            final long word;

            Key(String text) {
                length = text.length();
                word = AsciiLine.word(text);
            }
        }

        /**
         * Which key {@code [start, start + length)} is. Every key is at most 8 bytes: its bytes in one
         * long are compared with each key's at once, without a byte-by-byte comparison.
         */
        private static Key key(AsciiLine line, int start, int length) {
            if (length > Long.BYTES) return Key.OTHER;
            long word = line.word(start, length);
            for (Key k : Key.KNOWN) {
                if (k.word == word && k.length == length) return k;
            }
            return Key.OTHER;
        }

        /** Stock events give the queue's index, probes its name ({@code "control"}). */
        private static int queueOf(AsciiLine line, int from, int to) {
            if (to - from >= 2 && line.charAt(from) == '"' && line.charAt(to - 1) == '"') {
                from++;
                to--;
            }
            if (line.startsWith("control", from) && to - from == 7) return 0;
            if (line.startsWith("cursor", from) && to - from == 6) return 1;
            return (int) number(line, from, to);
        }

        /** Decimal or 0x-hex, unsigned up to 64 bits, in {@code [from, to)}; parsed without copying. */
        private static long number(AsciiLine s, int from, int to) {
            boolean hex = to - from > 2 && s.charAt(from) == '0' && (s.charAt(from + 1) | 0x20) == 'x';
            int start = hex ? from + 2 : from;
            int radix = hex ? 16 : 10;
            // Up to 15 hex or 18 decimal digits cannot overflow: read them here; anything else, as
            // a sign or a bad digit, goes to the JDK's parser, which accepts or rejects it as before.
            if (to > start && to - start <= (hex ? 15 : 18)) {
                long v = 0;
                for (int i = start; i < to; i++) {
                    int d = digit(s.charAt(i), hex);
                    if (d < 0) return Long.parseUnsignedLong(s, start, to, radix);
                    v = v * radix + d;
                }
                return v;
            }
            return Long.parseUnsignedLong(s, start, to, radix);
        }

        private static int digit(char c, boolean hex) {
            if (c >= '0' && c <= '9') return c - '0';
            int lower = c | 0x20;
            return hex && lower >= 'a' && lower <= 'f' ? lower - 'a' + 10 : -1;
        }
    }
}
