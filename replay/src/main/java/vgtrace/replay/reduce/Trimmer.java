package vgtrace.replay.reduce;

import vgtrace.core.protocol.BlobMem;
import vgtrace.core.protocol.CtrlHeader;
import vgtrace.core.protocol.CtrlType;
import vgtrace.core.protocol.GpuMessage;
import vgtrace.core.protocol.MemEntry;
import vgtrace.core.protocol.ResourceAttachBacking;
import vgtrace.core.protocol.ResourceCreateBlob;
import vgtrace.core.protocol.ResourceDetachBacking;
import vgtrace.core.protocol.TransferToHost3d;
import vgtrace.core.trace.EventKind;
import vgtrace.core.trace.GuestRange;
import vgtrace.core.trace.MessageRows;
import vgtrace.core.trace.TraceEvent;
import vgtrace.core.trace.TraceSink;
import vgtrace.replay.GuestRam;
import vgtrace.replay.HostImage;
import vgtrace.replay.VirglBackend;
import vgtrace.replay.engine.PlanLoader;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Cuts a trace to the commands of a window that replay alone. A prologue recreates the state live
 * at the window's first command A: the commands that built it (contexts with their context_init and
 * submits, resources, backings, attachments, blob creates and maps, scanouts; fences removed, no
 * responses to check), then each image resource's content at A (read back by replaying the prefix,
 * written through a scratch backing and TRANSFER_TO_HOST_3D unless it is all zeros, as a new resource
 * reads), each mapped blob's bytes, and guest
 * memory as the prefix's MEMORY rows left it (a capture's rows hold only what changed) for every
 * backing the window can read. The window's rows follow with their seqs (shifted when the prologue
 * needs more room than the seqs before A).
 */
public final class Trimmer {

    /**
     * What the cut holds.
     *
     * @param prologueCommands commands of the prologue
     * @param restoredImages   image resources whose content the prologue writes
     * @param restoredBlobs    mapped blobs whose bytes it writes
     * @param windowCommands   the window's commands
     * @param seqShift         added to every window row's seq (0 when the prologue fits before A)
     */
    public record Trimmed(int prologueCommands, int restoredImages, int restoredBlobs, int windowCommands, long seqShift) {}

    private static final long SCRATCH_ALIGN = 1 << 20;
    private static final long MAX_RAM = 4L << 30;

    private final TraceRows trace;
    private final CommandGraph graph;

    public Trimmer(TraceRows trace) {
        this.trace = trace;
        this.graph = CommandGraph.of(trace);
    }

    /**
     * Writes the cut of {@code window} to {@code out}.
     *
     * @param dropUnused leave out contexts and resources the window never uses
     * @param backends   opens the virglrenderer the commands before the window replay on, to read the
     *                   content of what is live at its start (not called when nothing is)
     * @throws IllegalArgumentException when the window holds no command
     */
    public Trimmed trim(PlanLoader.Range window, boolean dropUnused, Supplier<VirglBackend> backends, TraceSink out)
            throws IOException {
        TreeSet<Long> commands = new TreeSet<>(trace.commands().keySet().stream().filter(window::contains).toList());
        if (commands.isEmpty()) throw new IllegalArgumentException("no commands in the range");
        long a = commands.first();
        DeviceState atA = graph.stateBefore(a);
        TreeSet<Long> prologue = prologue(a, atA, commands, dropUnused);
        List<DeviceState.Resource> kept = atA.resources().stream().filter(r -> prologue.contains(r.create())).toList();
        StateReadBack state = new StateReadBack(Map.of(), Map.of());
        if (!prologue.isEmpty()) {
            try (VirglBackend backend = backends.get()) {
                state = StateReadBack.of(trace.path(), a, kept, backend);
            }
        }

        List<TraceEvent> windowRows = windowRows(commands);
        Prologue p = new Prologue(trace.commands().get(a).tsNs());
        for (long seq : prologue) p.command(trace.commands().get(seq));
        int images = 0;
        long scratch = scratchAddress();
        for (DeviceState.Resource r : kept) {
            HostImage image = state.images().get(r.id());
            if (image == null || zeros(image.bytes())) continue; // as a new resource reads on the replay's renderer
            p.restore(r, image, scratch);
            images++;
        }
        GuestRam ram = ramBefore(a);
        for (DeviceState.Resource r : kept) p.guestMemory(r.id(), r.entries(), ram);
        for (long seq : commands) {
            entries(trace.message(seq)).ifPresent(e -> p.guestMemory(0, e, ram));
        }
        state.blobs().forEach(p::blob);

        long firstRow = windowRows.isEmpty() ? a : windowRows.getFirst().seq();
        long shift = Math.max(0, p.rows.size() - firstRow);
        long base = firstRow + shift - p.rows.size();
        RowCopy copy = new RowCopy(trace, out);
        for (Prologue.Row row : p.rows) {
            long pair = row.pair() == Prologue.WINDOW ? a + shift : row.pair() == TraceEvent.NO_SEQ ? TraceEvent.NO_SEQ : base + row.pair();
            row.write(copy, base + row.index(), pair);
        }
        int prologueCommands = copy.commands();
        for (TraceEvent row : windowRows) copy.copy(row, row.seq() + shift, row.pairSeq() + shift);
        return new Trimmed(prologueCommands, images, state.blobs().size(), copy.commands() - prologueCommands, shift);
    }

    /**
     * The commands before A whose effect the window needs: all that is live at A (or, dropping the
     * unused, what the window's commands need and the submits of their contexts), with what those
     * need, and the commands before A that ended any of it.
     */
    private TreeSet<Long> prologue(long a, DeviceState atA, Set<Long> window, boolean dropUnused) {
        Set<Long> seeds = new TreeSet<>();
        if (dropUnused) {
            for (long w : window) {
                seeds.addAll(graph.needs(w));
                trace.message(w).ifPresent(m -> seeds.addAll(atA.submitsOf(m.header().ctxId())));
            }
        } else {
            seeds.addAll(atA.live());
        }
        seeds.removeIf(s -> s >= a);
        TreeSet<Long> out = new TreeSet<>(graph.closure(seeds).headSet(a));
        for (long s : List.copyOf(out)) {
            Long ender = graph.enderOf(s);
            if (ender != null && ender < a) out.add(ender);
        }
        return out;
    }

    /** The window's rows in file order: its commands and what names them, its fence signals and notes, the UPDATEs of its flushes. */
    private List<TraceEvent> windowRows(TreeSet<Long> commands) {
        long last = commands.last();
        for (TraceEvent r : trace.rows()) if (commands.contains(r.pairSeq())) last = Math.max(last, r.seq());
        List<TraceEvent> out = new ArrayList<>();
        for (TraceEvent r : trace.rows()) {
            boolean keep = switch (r.kind()) {
                case COMMAND -> commands.contains(r.seq());
                case RESPONSE, MEMORY -> commands.contains(r.pairSeq());
                case DISPLAY -> commands.contains(r.pairSeq()) || trace.flushOf(r).filter(commands::contains).isPresent();
                case FENCE, NOTE -> r.seq() > commands.first() && r.seq() <= last;
                case METADATA -> false; // merged into the new trace's schema metadata
            };
            if (keep) out.add(r);
        }
        return out;
    }

    /** Guest RAM as the MEMORY rows of the commands before A left it. */
    private GuestRam ramBefore(long a) {
        GuestRam ram = new GuestRam(MAX_RAM);
        for (TraceEvent r : trace.rows()) {
            if (r.kind() != EventKind.MEMORY || r.isBlobMemory() || r.pairSeq() == TraceEvent.NO_SEQ || r.pairSeq() >= a) continue;
            Optional<byte[]> bytes = trace.bytesOf(r);
            if (bytes.isEmpty()) continue;
            int at = 0;
            for (GuestRange g : r.ranges()) {
                if (at + g.length() > bytes.get().length) break;
                ram.write(g.gpa(), bytes.get(), at, (int) g.length());
                at += (int) g.length();
            }
        }
        return ram;
    }

    /** A guest address above every address the trace uses, for the prologue's scratch backings. */
    private long scratchAddress() {
        long end = 0;
        for (TraceEvent r : trace.rows()) {
            if (r.kind() == EventKind.MEMORY && !r.isBlobMemory()) {
                for (GuestRange g : r.ranges()) end = Math.max(end, g.gpa() + g.length());
            }
            if (r.kind() == EventKind.COMMAND) {
                for (MemEntry e : entries(trace.message(r.seq())).orElse(List.of())) {
                    end = Math.max(end, e.addr() + Integer.toUnsignedLong(e.length()));
                }
            }
        }
        return (end + SCRATCH_ALIGN - 1) / SCRATCH_ALIGN * SCRATCH_ALIGN + SCRATCH_ALIGN;
    }

    private static boolean zeros(byte[] bytes) {
        for (byte b : bytes) if (b != 0) return false;
        return true;
    }

    private static Optional<List<MemEntry>> entries(Optional<GpuMessage> m) {
        return switch (m.orElse(null)) {
            case ResourceAttachBacking c -> Optional.of(c.entries());
            case ResourceCreateBlob c when !c.entries().isEmpty() -> Optional.of(c.entries());
            case null, default -> Optional.empty();
        };
    }

    /** The prologue's rows, numbered from 0; a pair of {@link #WINDOW} is the window's first command. */
    private static final class Prologue {

        static final long WINDOW = Long.MAX_VALUE;

        sealed interface Row {
            long index();

            long pair();

            void write(RowCopy copy, long seq, long pair) throws IOException;
        }

        /** A command of the trace, fences removed. */
        record Copied(long index, TraceEvent command, long tsNs) implements Row {
            public long pair() {
                return TraceEvent.NO_SEQ;
            }

            public void write(RowCopy copy, long seq, long pair) throws IOException {
                byte[] wire = unfenced(command.payload());
                copy.write(TraceEvent.command(seq, tsNs, command.queue() == null ? 0 : command.queue(), CtrlHeader.read(wire),
                        command.fields(), wire));
            }
        }

        /** A command the prologue makes. */
        record Made(long index, GpuMessage message, long tsNs) implements Row {
            public long pair() {
                return TraceEvent.NO_SEQ;
            }

            public void write(RowCopy copy, long seq, long pair) throws IOException {
                copy.write(MessageRows.command(seq, tsNs, 0, message));
            }
        }

        /** Guest memory for a command. */
        record Guest(long index, long pair, long tsNs, int resourceId, List<GuestRange> ranges, byte[] bytes) implements Row {
            public void write(RowCopy copy, long seq, long pair) throws IOException {
                copy.guestMemory(seq, tsNs, pair, resourceId, ranges, bytes);
            }
        }

        /** A mapped blob's bytes for the window's first command. */
        record Blob(long index, long tsNs, int resourceId, byte[] bytes) implements Row {
            public long pair() {
                return WINDOW;
            }

            public void write(RowCopy copy, long seq, long pair) throws IOException {
                copy.blobMemory(seq, tsNs, pair, resourceId, BlobMem.HOST3D.code(), bytes);
            }
        }

        final List<Row> rows = new ArrayList<>();
        final long tsNs;

        Prologue(long tsNs) {
            this.tsNs = tsNs;
        }

        void command(TraceEvent row) {
            rows.add(new Copied(rows.size(), row, tsNs));
        }

        void made(GpuMessage m) {
            rows.add(new Made(rows.size(), m, tsNs));
        }

        /**
         * Writes {@code image} into resource {@code r}: its own backing off, a scratch backing holding
         * the image on, TRANSFER_TO_HOST_3D, scratch off, its own backing (as A had it) on again.
         */
        void restore(DeviceState.Resource r, HostImage image, long scratch) {
            int id = r.id();
            if (r.backing() != DeviceState.NONE) made(detach(id));
            List<MemEntry> entries = List.of(new MemEntry(scratch, image.bytes().length, 0));
            made(new ResourceAttachBacking(CtrlHeader.of(CtrlType.RESOURCE_ATTACH_BACKING), id, 1, entries));
            rows.add(new Guest(rows.size(), rows.size() - 1, tsNs, id, List.of(new GuestRange(scratch, image.bytes().length)),
                    image.bytes()));
            var b = image.box();
            made(new TransferToHost3d(CtrlHeader.of(CtrlType.TRANSFER_TO_HOST_3D),
                    new vgtrace.core.protocol.Box(b.x(), b.y(), b.z(), b.w(), b.h(), b.d()), 0, id, 0, image.stride(), 0));
            made(detach(id));
            if (r.backing() != DeviceState.NONE) {
                made(new ResourceAttachBacking(CtrlHeader.of(CtrlType.RESOURCE_ATTACH_BACKING), id, r.entries().size(), r.entries()));
            }
        }

        /** The bytes of {@code entries} as {@code ram} holds them, for the window's first command. */
        void guestMemory(int resourceId, List<MemEntry> entries, GuestRam ram) {
            if (entries.isEmpty()) return;
            List<GuestRange> ranges = new ArrayList<>();
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            for (MemEntry e : entries) {
                if (e.length() <= 0) continue;
                byte[] part = ram.read(e.addr(), e.length());
                if (zeros(part)) continue; // guest RAM the trace never wrote reads as zeros in a replay too
                ranges.add(new GuestRange(e.addr(), e.length()));
                bytes.writeBytes(part);
            }
            if (!ranges.isEmpty()) rows.add(new Guest(rows.size(), WINDOW, tsNs, resourceId, ranges, bytes.toByteArray()));
        }

        void blob(int resourceId, byte[] bytes) {
            rows.add(new Blob(rows.size(), tsNs, resourceId, bytes));
        }

        private static ResourceDetachBacking detach(int id) {
            return new ResourceDetachBacking(CtrlHeader.of(CtrlType.RESOURCE_DETACH_BACKING), id, 0);
        }

        /** The command's wire bytes with its fence (and ring) cleared: the prologue waits for nothing. */
        private static byte[] unfenced(byte[] wire) {
            byte[] out = wire.clone();
            if (out.length < CtrlHeader.SIZE) return out;
            java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(out).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            b.putInt(4, 0).putLong(8, 0);
            out[20] = 0;
            return out;
        }
    }
}
