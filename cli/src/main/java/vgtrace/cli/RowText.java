package vgtrace.cli;

import vgtrace.core.protocol.CtrlHeader;
import vgtrace.core.protocol.CtrlType;
import vgtrace.core.protocol.DecodeException;
import vgtrace.core.protocol.GpuCodec;
import vgtrace.core.protocol.MessageText;
import vgtrace.core.trace.MessageFields;
import vgtrace.core.trace.TraceEvent;

import java.lang.reflect.RecordComponent;

/** One line of {@code vgtrace dump}: where the row is, what it is, and its decoded fields. */
final class RowText {
    private static final RecordComponent[] FIELD_COMPONENTS = MessageFields.class.getRecordComponents();

    private RowText() {
    }

    /**
     * @param relTsNs   the row's time since the first row
     * @param commandTs for a response, the time of its command when known, else {@code null}
     */
    static String line(TraceEvent e, long relTsNs, Long commandTs) {
        String queue = e.queue() == null ? "-" : e.queue() == 0 ? "ctrl" : e.queue() == 1 ? "cursor" : "vq" + e.queue();
        String body = switch (e.kind()) {
            case COMMAND -> message(e);
            case RESPONSE -> message(e) + responseSuffix(e, commandTs);
            case MEMORY -> String.format("%s%s%s %s", e.isBlobMemory() ? "mapped blob " : "", fields(e.fields()),
                    e.segments() == null ? "" : " in " + e.segments().size() + " ranges",
                    e.payload() == null ? "(same bytes as earlier row, hash " + hash(e) + ")" : "hash " + hash(e));
            case DISPLAY -> fields(e.fields()) + " frame " + hash(e);
            case NOTE, METADATA -> e.text();
            case FENCE -> "signalled" + header(e);
        };
        return String.format("%8d %12.6f %-8s %-6s %s", e.seq(), relTsNs / 1e9, e.kind(), queue, body);
    }

    private static String hash(TraceEvent e) {
        return e.contentHash() == null ? "-" : String.format("%016x", e.contentHash());
    }

    private static String message(TraceEvent e) {
        if (e.payload() != null) {
            try {
                return MessageText.describe(GpuCodec.decode(e.payload()));
            } catch (DecodeException ex) {
                return CtrlType.nameOf(e.header().type()) + " (undecodable: " + ex.getMessage() + ")";
            }
        }
        // Imported rows carry the header and whatever fields the log named, not the wire bytes.
        String text = CtrlType.nameOf(e.header().type()) + header(e) + " " + fields(e.fields());
        return e.text() != null ? text + " (" + e.text() + ")" : text.stripTrailing();
    }

    private static String header(TraceEvent e) {
        CtrlHeader h = e.header();
        StringBuilder sb = new StringBuilder();
        if (h.ctxId() != 0) sb.append(" ctx=").append(Integer.toUnsignedString(h.ctxId()));
        if (h.hasRing()) sb.append(" ring=").append(e.ringIdx() == null ? "?" : e.ringIdx());
        if (h.fenced()) sb.append(" fence=").append(Long.toUnsignedString(h.fenceId()));
        return sb.toString();
    }

    private static String responseSuffix(TraceEvent e, Long commandTs) {
        if (e.pairSeq() == TraceEvent.NO_SEQ) return "  <- unpaired";
        String latency = commandTs == null ? "" : ", " + Durations.format(e.tsNs() - commandTs);
        String how = e.pairing() == null || e.pairing().name().equals("CAPTURE") ? "" : ", by " + e.pairing().name().toLowerCase();
        return "  <- #" + e.pairSeq() + latency + how;
    }

    /** The non-null decoded fields as {@code name=value}, in column order. */
    static String fields(MessageFields f) {
        StringBuilder sb = new StringBuilder();
        for (RecordComponent c : FIELD_COMPONENTS) {
            Object v;
            try {
                v = c.getAccessor().invoke(f);
            } catch (ReflectiveOperationException ex) {
                throw new IllegalStateException(ex);
            }
            if (v == null) continue;
            if (!sb.isEmpty()) sb.append(' ');
            sb.append(snake(c.getName())).append('=');
            sb.append(c.getName().equals("addr") ? String.format("0x%x", (Long) v) : v);
        }
        return sb.toString();
    }

    private static String snake(String camel) {
        return camel.replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase();
    }
}
