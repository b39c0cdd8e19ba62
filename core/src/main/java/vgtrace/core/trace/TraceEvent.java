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

    /** A row without segments: every kind but a MEMORY row of several ranges. */
    public TraceEvent(long seq, long tsNs, EventKind kind, Integer queue, long pairSeq, CtrlHeader header,
                      boolean ringKnown, MessageFields fields, byte[] payload, Long contentHash, String text,
                      Long guestSeqno, Integer numFree, Pairing pairing) {
        this(seq, tsNs, kind, queue, pairSeq, header, ringKnown, fields, payload, contentHash, text, guestSeqno,
                numFree, pairing, null);
    }

    /** The ring this row's message is on, or {@code null} when it names none or it is unknown. */
    public Integer ringIdx() {
        return header != null && header.hasRing() && ringKnown ? header.ringIdx() : null;
    }

    public static TraceEvent command(long seq, long tsNs, int queue, CtrlHeader header, MessageFields fields,
                                     byte[] payload) {
        return new TraceEvent(seq, tsNs, EventKind.COMMAND, queue, NO_SEQ, header, true, fields, payload, null,
                null, null, null, null);
    }

    public static TraceEvent response(long seq, long tsNs, int queue, long commandSeq, CtrlHeader header,
                                      MessageFields fields, byte[] payload, Pairing pairing) {
        return new TraceEvent(seq, tsNs, EventKind.RESPONSE, queue, commandSeq, header, true, fields, payload,
                null, null, null, null, pairing);
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
        return new TraceEvent(seq, tsNs, EventKind.MEMORY, null, commandSeq, null, true, f,
                storeBytes ? bytes : null, contentHash, null, null, null, null, runs.size() == 1 ? null : runs);
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
        return new TraceEvent(seq, tsNs, EventKind.MEMORY, null, commandSeq, null, true, f, m.payload(), contentHash,
                null, null, null, null, m.segments());
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
        return new TraceEvent(seq, tsNs, EventKind.FENCE, null, NO_SEQ, h, true, MessageFields.NONE, null, null, null,
                null, null, null);
    }

    /** The guest ranges of a MEMORY row's bytes: its segments, or the one range at addr of size bytes. */
    public List<GuestRange> ranges() {
        if (segments != null) return segments;
        Long addr = fields.addr(), size = fields.size();
        return addr == null || size == null || size <= 0 ? List.of() : List.of(new GuestRange(addr, size));
    }

    public static TraceEvent note(long seq, long tsNs, String text) {
        return new TraceEvent(seq, tsNs, EventKind.NOTE, null, NO_SEQ, null, true, MessageFields.NONE, null, null,
                text, null, null, null);
    }

    /**
     * A fact learned after the file was opened, such as the negotiated features; readers merge it into
     * {@code TraceReader.metadata()}. Keys are the {@link TraceMetadata} names or free-form extras.
     */
    public static TraceEvent metadata(long seq, long tsNs, String key, String value) {
        TraceMetadata.checkKey(key);
        Objects.requireNonNull(value, "value");
        return new TraceEvent(seq, tsNs, EventKind.METADATA, null, NO_SEQ, null, true, MessageFields.NONE, null,
                null, key + "=" + value, null, null, null);
    }

    public TraceEvent withSeq(long newSeq) {
        return new TraceEvent(newSeq, tsNs, kind, queue, pairSeq, header, ringKnown, fields, payload, contentHash,
                text, guestSeqno, numFree, pairing, segments);
    }

    public TraceEvent withPair(long commandSeq, Pairing how) {
        return new TraceEvent(seq, tsNs, kind, queue, commandSeq, header, ringKnown, fields, payload, contentHash,
                text, guestSeqno, numFree, how, segments);
    }
}
