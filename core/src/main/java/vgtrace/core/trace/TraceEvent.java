package vgtrace.core.trace;

import vgtrace.core.protocol.CtrlHeader;

import java.util.List;
import java.util.Objects;

/**
 * One row of a trace. Every source (the capture proxy, the ftrace and QEMU importers, the
 * generator) produces these; every consumer reads them back through {@code TraceReader}.
 *
 * @param seq         unique, increasing in capture order
 * @param tsNs        monotonic nanoseconds (see the {@code clock} metadata for the anchor)
 * @param kind        what the row records
 * @param queue       virtqueue index (0 control, 1 cursor); {@code null} for rows of no queue
 * @param pairSeq     a response's command, a MEMORY row's command; {@link #NO_SEQ} when none
 * @param header      the control header of a COMMAND or RESPONSE; {@code null} otherwise
 * @param ringKnown   false when the source could not see {@code ring_idx} (stock tracepoints);
 *                    then the {@code ring_idx} column is null even with INFO_RING_IDX set
 * @param fields      decoded fields; {@link MessageFields#NONE} when there are none
 * @param payload     exact wire bytes (COMMAND/RESPONSE), guest bytes (MEMORY), pixels (DISPLAY,
 *                    optional); {@code null} when the source did not have them or a MEMORY row
 *                    repeats content already stored under the same {@code contentHash}
 * @param contentHash hash of MEMORY/DISPLAY content; {@code null} for other rows
 * @param text        NOTE text, or a decode error of a COMMAND/RESPONSE; {@code null} otherwise
 * @param guestSeqno  the guest driver's per-queue seqno (tracepoints); {@code null} when unknown
 * @param numFree     free descriptors the guest saw (tracepoints); {@code null} when unknown
 * @param pairing     how a RESPONSE was matched to its command; {@code null} on other rows
 * @param segments    the guest ranges a MEMORY row's bytes came from, in order, when they are more than
 *                    the one range at {@code fields.addr()}; {@code null} otherwise
 */
public record TraceEvent(
        long seq,
        long tsNs,
        EventKind kind,
        Integer queue,
        long pairSeq,
        CtrlHeader header,
        boolean ringKnown,
        MessageFields fields,
        byte[] payload,
        Long contentHash,
        String text,
        Long guestSeqno,
        Integer numFree,
        Pairing pairing,
        List<GuestRange> segments) {

    public static final long NO_SEQ = -1;

    public TraceEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(fields, "fields");
        if (kind.hasHeader() && header == null) {
            throw new IllegalArgumentException(kind + " row " + seq + " needs a header");
        }
        if (segments != null) {
            if (kind != EventKind.MEMORY || segments.isEmpty())
                throw new IllegalArgumentException(kind + " row " + seq + " with " + segments.size() + " segments");
            segments = List.copyOf(segments);
            if (payload != null && GuestRange.bytes(segments) != payload.length)
                throw new IllegalArgumentException("MEMORY row " + seq + " has " + payload.length
                        + " bytes but its segments cover " + GuestRange.bytes(segments));
        }
    }

    /**
     * A row by name, for sources whose rows fit no factory below (tracepoint imports, display rows):
     * what is not set is absent (no queue, pair, header, payload, text...), and the ring is known.
     */
    public static Builder builder(long seq, long tsNs, EventKind kind) {
        return new Builder(seq, tsNs, kind);
    }

    /** This row's values in a builder, to change a few. */
    public Builder toBuilder() {
        return new Builder(seq, tsNs, kind).queue(queue).pairSeq(pairSeq).header(header).ringKnown(ringKnown)
                .fields(fields).payload(payload).contentHash(contentHash).text(text).guestSeqno(guestSeqno)
                .numFree(numFree).pairing(pairing).segments(segments);
    }

    /** Builds a {@link TraceEvent} by component name; {@link #build} checks it as the constructor does. */
    public static final class Builder {
        private final long seq, tsNs;
        private final EventKind kind;
        private Integer queue;
        private long pairSeq = NO_SEQ;
        private CtrlHeader header;
        private boolean ringKnown = true;
        private MessageFields fields = MessageFields.NONE;
        private byte[] payload;
        private Long contentHash;
        private String text;
        private Long guestSeqno;
        private Integer numFree;
        private Pairing pairing;
        private List<GuestRange> segments;

        private Builder(long seq, long tsNs, EventKind kind) {
            this.seq = seq;
            this.tsNs = tsNs;
            this.kind = kind;
        }

        public Builder queue(Integer v) {
            queue = v;
            return this;
        }

        public Builder pairSeq(long v) {
            pairSeq = v;
            return this;
        }

        public Builder header(CtrlHeader v) {
            header = v;
            return this;
        }

        /** False when the source could not see {@code ring_idx} (stock tracepoints). */
        public Builder ringKnown(boolean v) {
            ringKnown = v;
            return this;
        }

        public Builder fields(MessageFields v) {
            fields = v;
            return this;
        }

        public Builder payload(byte[] v) {
            payload = v;
            return this;
        }

        public Builder contentHash(Long v) {
            contentHash = v;
            return this;
        }

        public Builder text(String v) {
            text = v;
            return this;
        }

        public Builder guestSeqno(Long v) {
            guestSeqno = v;
            return this;
        }

        public Builder numFree(Integer v) {
            numFree = v;
            return this;
        }

        public Builder pairing(Pairing v) {
            pairing = v;
            return this;
        }

        public Builder segments(List<GuestRange> v) {
            segments = v;
            return this;
        }

        public TraceEvent build() {
            return new TraceEvent(seq, tsNs, kind, queue, pairSeq, header, ringKnown, fields, payload, contentHash, text,
                    guestSeqno, numFree, pairing, segments);
        }
    }

    /** The ring this row's message is on, or {@code null} when it names none or it is unknown. */
    public Integer ringIdx() {
        return header != null && header.hasRing() && ringKnown ? header.ringIdx() : null;
    }

    public static TraceEvent command(long seq, long tsNs, int queue, CtrlHeader header, MessageFields fields,
                                     byte[] payload) {
        return builder(seq, tsNs, EventKind.COMMAND).queue(queue).header(header).fields(fields).payload(payload).build();
    }

    public static TraceEvent response(long seq, long tsNs, int queue, long commandSeq, CtrlHeader header,
                                      MessageFields fields, byte[] payload, Pairing pairing) {
        return builder(seq, tsNs, EventKind.RESPONSE).queue(queue).pairSeq(commandSeq).header(header).fields(fields)
                .payload(payload).pairing(pairing).build();
    }

    /**
     * A MEMORY row: the guest bytes the device read for command {@code commandSeq}, gathered from
     * {@code ranges} in order (adjacent ranges are merged; one range is stored as {@code addr} alone).
     */
    public static TraceEvent memory(long seq, long tsNs, long commandSeq, int resourceId, List<GuestRange> ranges,
                                    byte[] bytes, long contentHash, boolean storeBytes) {
        List<GuestRange> runs = GuestRange.coalesce(ranges);
        if (GuestRange.bytes(runs) != bytes.length)
            throw new IllegalArgumentException("MEMORY row " + seq + ": " + bytes.length + " bytes from ranges of "
                    + GuestRange.bytes(runs));
        MessageFields f = MessageFields.builder().resourceId(resourceId).addr(runs.getFirst().gpa()).size(bytes.length)
                .build();
        return builder(seq, tsNs, EventKind.MEMORY).pairSeq(commandSeq).fields(f).payload(storeBytes ? bytes : null)
                .contentHash(contentHash).segments(runs.size() == 1 ? null : runs).build();
    }

    /**
     * A MEMORY row of a mapped blob's host memory as the guest left it (it writes through its mapping;
     * no guest-physical address names it): {@code blob_mem} says so, and {@code ranges} are byte
     * offsets in blob {@code resourceId}. Added in format 3.
     */
    public static TraceEvent blobMemory(long seq, long tsNs, long commandSeq, int resourceId, int blobMem,
                                        List<GuestRange> ranges, byte[] bytes, long contentHash, boolean storeBytes) {
        TraceEvent m = memory(seq, tsNs, commandSeq, resourceId, ranges, bytes, contentHash, storeBytes);
        MessageFields f = MessageFields.builder().resourceId(resourceId).blobMem(blobMem).addr(m.fields().addr())
                .size(bytes.length).build();
        return m.toBuilder().fields(f).build();
    }

    /** Whether this MEMORY row holds a mapped blob's host memory ({@link #blobMemory}), not guest RAM. */
    public boolean isBlobMemory() {
        return kind == EventKind.MEMORY && fields.blobMem() != null;
    }

    /**
     * A FENCE row: the device signalled {@code fenceId} on the timeline of {@code ctxId} and
     * {@code ring}, or, with {@code ring} null, a context-0 fence of the device's global timeline.
     */
    public static TraceEvent fence(long seq, long tsNs, int ctxId, Integer ring, long fenceId) {
        int flags = CtrlHeader.FLAG_FENCE | (ring == null ? 0 : CtrlHeader.FLAG_INFO_RING_IDX);
        CtrlHeader h = new CtrlHeader(0, flags, fenceId, ctxId, ring == null ? 0 : ring, 0);
        return builder(seq, tsNs, EventKind.FENCE).header(h).build();
    }

    /** The guest ranges of a MEMORY row's bytes: its segments, or the one range at addr of size bytes. */
    public List<GuestRange> ranges() {
        if (segments != null) return segments;
        Long addr = fields.addr(), size = fields.size();
        return addr == null || size == null || size <= 0 ? List.of() : List.of(new GuestRange(addr, size));
    }

    public static TraceEvent note(long seq, long tsNs, String text) {
        return builder(seq, tsNs, EventKind.NOTE).text(text).build();
    }

    /**
     * A fact learned after the file was opened, such as the negotiated features; readers merge it into
     * {@code TraceReader.metadata()}. Keys are the {@link TraceMetadata} names or free-form extras.
     */
    public static TraceEvent metadata(long seq, long tsNs, String key, String value) {
        TraceMetadata.checkKey(key);
        Objects.requireNonNull(value, "value");
        return builder(seq, tsNs, EventKind.METADATA).text(key + "=" + value).build();
    }

    public TraceEvent withSeq(long newSeq) {
        return new TraceEvent(newSeq, tsNs, kind, queue, pairSeq, header, ringKnown, fields, payload, contentHash,
                text, guestSeqno, numFree, pairing, segments);
    }

    public TraceEvent withPair(long commandSeq, Pairing how) {
        return toBuilder().pairSeq(commandSeq).pairing(how).build();
    }

    /** The same row holding {@code payload} under {@code contentHash} (a MEMORY row's stored bytes, say). */
    public TraceEvent withContent(byte[] payload, Long contentHash) {
        return toBuilder().payload(payload).contentHash(contentHash).build();
    }
}
