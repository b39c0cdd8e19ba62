package vgtrace.capture.ftrace;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A guest log of any length shaped like a real one: the bundled tracefs log of a Linux 6.12 guest
 * (samples/logs/rings: stock events and header probes, four fence timelines) repeated, each copy's
 * timestamps, seqnos and fence ids moved past the previous copy's, so that rows pair and fences rise
 * as in one long session while context, resource and blob ids repeat. Import benchmarks read it.
 */
public final class RealGuestLog {

    /** The bundled log, copied into the classes from samples/logs/rings by the build. */
    static final String TEMPLATE = "real/ftrace.txt";
    private static final Pattern TIMESTAMP = Pattern.compile(" (\\d+)\\.(\\d{6}): ");
    private static final Pattern NUMBER_FIELD = Pattern.compile("(?<=[ (])(fence_id|seqno)=(\\d+)");

    /** A template line: literal bytes between the numbers each copy moves. */
    private record Line(byte[][] literals, Slot[] slots, long[] values) { }

    /** What a number is: a copy moves timestamps, fence ids and seqnos; FIXED (fence_id 0, no fence) stays. */
    private enum Slot { MICROS, FENCE, SEQNO, FIXED }

    private final byte[] header;
    private final List<Line> lines;
    private final long spanMicros;
    private final long fenceStep;
    private final long seqnoStep;

    private RealGuestLog(byte[] header, List<Line> lines, long spanMicros, long fenceStep, long seqnoStep) {
        this.header = header;
        this.lines = lines;
        this.spanMicros = spanMicros;
        this.fenceStep = fenceStep;
        this.seqnoStep = seqnoStep;
    }

    /** The bundled log as the template. */
    public static RealGuestLog bundled() {
        try (InputStream in = RealGuestLog.class.getResourceAsStream(TEMPLATE)) {
            if (in == null) throw new IllegalStateException("the bundled guest log " + TEMPLATE + " is missing");
            return of(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code log} (tracefs text: '#' header lines, then events with timestamps) as the template. */
    static RealGuestLog of(String log) {
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        List<Line> lines = new ArrayList<>();
        long first = -1, last = 0, maxFence = 0, maxSeqno = 0;
        for (String text : log.split("\n")) {
            if (text.startsWith("#")) {
                header.writeBytes((text + "\n").getBytes(StandardCharsets.ISO_8859_1));
                continue;
            }
            Matcher ts = TIMESTAMP.matcher(text);
            if (text.isBlank() || !ts.find()) continue;
            long micros = Long.parseLong(ts.group(1)) * 1_000_000 + Long.parseLong(ts.group(2));
            if (first < 0) first = micros;
            last = Math.max(last, micros);
            List<byte[]> literals = new ArrayList<>();
            List<Slot> slots = new ArrayList<>();
            List<Long> values = new ArrayList<>();
            literals.add(bytes(text.substring(0, ts.start(1))));
            slots.add(Slot.MICROS);
            values.add(micros);
            int at = ts.end(2);
            Matcher f = NUMBER_FIELD.matcher(text);
            while (f.find(at)) {
                literals.add(bytes(text.substring(at, f.start(2))));
                long v = Long.parseLong(f.group(2));
                boolean fence = f.group(1).equals("fence_id");
                slots.add(fence ? (v == 0 ? Slot.FIXED : Slot.FENCE) : Slot.SEQNO);
                values.add(v);
                if (fence) maxFence = Math.max(maxFence, v);
                else maxSeqno = Math.max(maxSeqno, v);
                at = f.end(2);
            }
            literals.add(bytes(text.substring(at) + "\n"));
            lines.add(new Line(literals.toArray(byte[][]::new), slots.toArray(Slot[]::new),
                    values.stream().mapToLong(Long::longValue).toArray()));
        }
        if (lines.isEmpty()) throw new IllegalArgumentException("a template log without events");
        // A copy starts 1 ms after the previous one ended.
        return new RealGuestLog(header.toByteArray(), List.copyOf(lines), last - first + 1_000, maxFence, maxSeqno);
    }

    /** Event lines in one copy of the template. */
    public int linesPerCopy() {
        return lines.size();
    }

    /** Writes the header, then {@code eventLines} event lines: whole copies, the last one cut short. */
    public void write(OutputStream out, long eventLines) throws IOException {
        out.write(header);
        byte[] digits = new byte[20];
        for (long n = 0; n < eventLines; n++) {
            long copy = n / lines.size();
            Line line = lines.get((int) (n % lines.size()));
            for (int i = 0; i < line.slots.length; i++) {
                out.write(line.literals[i]);
                Slot slot = line.slots[i];
                long v = line.values[i];
                if (slot == Slot.MICROS) {
                    long micros = v + copy * spanMicros;
                    writeDecimal(out, micros / 1_000_000, 1, digits);
                    out.write('.');
                    writeDecimal(out, micros % 1_000_000, 6, digits);
                } else {
                    long step = switch (slot) {
                        case FENCE -> fenceStep;
                        case SEQNO -> seqnoStep;
                        case MICROS, FIXED -> 0;
                    };
                    writeDecimal(out, v + copy * step, 1, digits);
                }
            }
            out.write(line.literals[line.slots.length]);
        }
    }

    private static void writeDecimal(OutputStream out, long v, int width, byte[] digits) throws IOException {
        int at = digits.length;
        do {
            digits[--at] = (byte) ('0' + v % 10);
            v /= 10;
        } while (v > 0 || digits.length - at < width);
        out.write(digits, at, digits.length - at);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }
}
