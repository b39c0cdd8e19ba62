package vgtrace.capture.proxy;

import vgtrace.capture.CapsetFacts;
import vgtrace.core.protocol.*;
import vgtrace.core.trace.*;
import vgtrace.core.vhost.DisplayMessage;
import vgtrace.core.vhost.Pixels;
import vgtrace.core.virtq.GuestMemoryException;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns what the proxy sees into rows: commands with the guest memory they make the device read,
 * responses paired with their commands, display messages, capture facts and faults. Runs on the
 * event loop thread (display rows on the relay's), which copies what it must before forwarding;
 * the row functions it hands to the {@link Recorder} (which never blocks) run on the recorder
 * thread, so deduplication lives there alone.
 */
final class TrafficRecorder {

    /** Most guest bytes in one MEMORY row: a bigger read is split, so no row needs a huge array. */
    static final long ROW_BYTES = 16L << 20;

    private final Recorder recorder;
    private final GuestMemoryMap memory;
    private final CaptureCounters counters;
    private final BackingTracker backing = new BackingTracker();
    private final MemoryDedup dedup = new MemoryDedup();
    /** Memory copies wait for the recorder thread; 64 MiB of idle arrays covers a busy queue. */
    private final BufferPool buffers = new BufferPool(64L << 20);
    private final CapsetFacts capsets = new CapsetFacts();
    /** Memory reads of recorded commands not copied yet: {@link #readPendingMemory()}. */
    private final List<PendingRead> unread = new ArrayList<>();

    private record PendingRead(long commandSeq, int resourceId, BackingTracker.Reads reads) {
    }

    TrafficRecorder(Recorder recorder, GuestMemoryMap memory, CaptureCounters counters) {
        this.recorder = recorder;
        this.memory = memory;
        this.counters = counters;
    }

    /**
     * Records a command from the readable bytes of its chain (stored as they are: trailing bytes and
     * padding included), and notes the guest memory it makes the
     * device read for {@link #readPendingMemory()}.
     *
     * @return the command row's seq, for pairing its response
     */
    long command(int queue, byte[] bytes) {
        long ts = System.nanoTime();
        counters.commands.incrementAndGet();
        GpuMessage m;
        try {
            m = GpuCodec.decode(bytes);
        } catch (DecodeException e) {
            return refused(EventKind.COMMAND, queue, TraceEvent.NO_SEQ, bytes, e);
        }
        long seq = recorder.record(s -> MessageRows.command(s, ts, queue, m, bytes));
        BackingTracker.Reads reads = backing.reads(m);
        if (!reads.ranges().isEmpty()) unread.add(new PendingRead(seq, resourceOf(m), reads));
        if (reads.clipped()) note("command seq %d (%s) reads past its resource's backing or the %d MiB limit: clipped"
                .formatted(seq, CtrlType.nameOf(m.header().type()), BackingTracker.MAX_BYTES >> 20));
        backing.observe(m);
        return seq;
    }

    /** Records a response from the bytes the device wrote into the chain of command {@code commandSeq}. */
    void response(int queue, long commandSeq, byte[] bytes) {
        long ts = System.nanoTime();
        counters.responses.incrementAndGet();
        GpuMessage m;
        try {
            m = GpuCodec.decode(bytes);
        } catch (DecodeException e) {
            refused(EventKind.RESPONSE, queue, commandSeq, bytes, e);
            return;
        }
        recorder.record(s -> MessageRows.response(s, ts, queue, commandSeq, m, bytes, Pairing.CAPTURE));
        capsets.observe(m).ifPresent(v -> metadata("capsets", v));
    }

    /** A message that does not decode still gets its row ({@link MessageRows#refused}). */
    private long refused(EventKind kind, int queue, long commandSeq, byte[] bytes, DecodeException e) {
        counters.faults.incrementAndGet();
        long ts = System.nanoTime();
        return recorder.record(s -> MessageRows.refused(s, ts, kind, queue, commandSeq, bytes, e));
    }

    /**
     * Copies the guest memory the commands recorded since the last call make the device read. The
     * proxy calls it before forwarding the kick when the guest sees responses directly, and after
     * it when responses pass through the proxy's shadow ring: the guest cannot reuse the memory
     * before the proxy hands it the response, and the copy overlaps the back-end's work.
     */
    void readPendingMemory() {
        for (PendingRead p : unread) memoryRows(p.commandSeq(), p.resourceId(), p.reads());
        unread.clear();
    }

    /**
     * The guest memory a command reads, gathered into MEMORY rows of at most {@link #ROW_BYTES}, each
     * listing the ranges its bytes came from: one row for a usual transfer, so its cost does not grow
     * with the number of scanlines or pages it touches.
     */
    private void memoryRows(long commandSeq, int resourceId, BackingTracker.Reads reads) {
        for (List<GuestRange> row : rowsOf(reads.ranges(), ROW_BYTES)) {
            if (!memoryRow(commandSeq, resourceId, row)) return;
        }
    }

    /** {@code ranges} in order, cut into rows of at most {@code rowBytes} (a range may straddle two rows). */
    static List<List<GuestRange>> rowsOf(List<GuestRange> ranges, long rowBytes) {
        List<List<GuestRange>> rows = new ArrayList<>();
        List<GuestRange> row = new ArrayList<>();
        long bytes = 0;
        for (GuestRange r : ranges) {
            for (long at = 0; at < r.length(); ) {
                long n = Math.min(r.length() - at, rowBytes - bytes);
                row.add(new GuestRange(r.gpa() + at, n));
                bytes += n;
                at += n;
                if (bytes == rowBytes) {
                    rows.add(row);
                    row = new ArrayList<>();
                    bytes = 0;
                }
            }
        }
        if (bytes > 0) rows.add(row);
        return rows;
    }

    /** Copies {@code ranges} out of guest memory now and records them as one row; false if unmapped memory stopped it. */
    private boolean memoryRow(long commandSeq, int resourceId, List<GuestRange> ranges) {
        byte[] content = buffers.take((int) GuestRange.bytes(ranges));
        int filled = 0;
        try {
            for (GuestRange r : ranges) {
                MemorySegment.copy(memory.memory().slice(r.gpa(), r.length()), ValueLayout.JAVA_BYTE, 0, content, filled,
                        (int) r.length());
                filled += (int) r.length();
            }
        } catch (GuestMemoryException e) {
            buffers.give(content);
            note("command seq %d reads guest memory that is not mapped: %s".formatted(commandSeq, e.getMessage()));
            counters.faults.incrementAndGet();
            return false;
        }
        long ts = System.nanoTime();
        counters.memoryBytes.addAndGet(content.length);
        recorder.record(s -> dedup.memoryRow(s, ts, commandSeq, resourceId, ranges, content), content.length,
                () -> buffers.give(content));
        return true;
    }

    private static int resourceOf(GpuMessage m) {
        return switch (m) {
            case TransferToHost2d t -> t.resourceId();
            case TransferToHost3d t -> t.resourceId();
            case ResourceFlush f -> f.resourceId();
            case SetScanoutBlob s -> s.resourceId();
            default -> 0;
        };
    }

    /** A chain the walker refused, a ring that cannot be opened, a used element with no command. */
    void fault(String text) {
        counters.faults.incrementAndGet();
        note(text);
    }

    void note(String text) {
        long ts = System.nanoTime();
        recorder.record(s -> TraceEvent.note(s, ts, text));
    }

    void metadata(String key, String value) {
        long ts = System.nanoTime();
        recorder.record(s -> TraceEvent.metadata(s, ts, key, value));
    }

    /**
     * A display channel message from the back-end: what it showed, with a hash of the pixels.
     * {@code done} runs once the row is written or lost: then nothing reads the message's frame.
     */
    void display(DisplayMessage m, Runnable done) {
        counters.displayMessages.incrementAndGet();
        MessageFields.Builder f = MessageFields.builder();
        Pixels pixels = null;
        switch (m) {
            case DisplayMessage.CursorPos c -> f.scanoutId(c.scanoutId()).position(c.x(), c.y());
            case DisplayMessage.CursorUpdate c -> {
                f.scanoutId(c.pos().scanoutId()).position(c.pos().x(), c.pos().y()).size(c.pixels().length());
                pixels = c.pixels();
            }
            case DisplayMessage.Scanout sc -> f.scanoutId(sc.scanoutId()).width(sc.width()).height(sc.height());
            case DisplayMessage.Update u -> {
                f.scanoutId(u.scanoutId()).rect(u.x(), u.y(), u.width(), u.height()).size(u.pixels().length());
                pixels = u.pixels();
            }
            case DisplayMessage.DmabufScanout d -> f.scanoutId(d.scanoutId()).rect(d.x(), d.y(), d.width(), d.height())
                    .stride(d.fdStride()).format(d.fourcc());
            case DisplayMessage.DmabufUpdate d -> f.scanoutId(d.scanoutId()).rect(d.x(), d.y(), d.width(), d.height());
            case DisplayMessage.EdidRequest e -> f.scanoutId(e.scanoutId());
            case DisplayMessage.ProtocolFeatures _, DisplayMessage.Raw _ -> { }
        }
        long ts = System.nanoTime();
        Pixels shown = pixels;
        MessageFields fields = f.build();
        String name = vgtrace.core.vhost.DisplayRequest.nameOf(m.header().request());
        // Hashed on the recorder thread, off the relay's path.
        recorder.record(s -> TraceEvent.builder(s, ts, EventKind.DISPLAY).fields(fields).text(name)
                        .contentHash(shown == null ? null : ContentHash.of(shown.frame(), shown.offset(), shown.length())).build(),
                shown == null ? 0 : shown.frame().length, done);
    }

    /** Hands the rows of the event just handled to the recorder thread (one queue operation for all). */
    void flush() {
        recorder.flush();
    }
}
