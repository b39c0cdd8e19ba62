package vgtrace.capture.shim;

import vgtrace.capture.CapsetFacts;
import vgtrace.capture.proxy.Recorder;
import vgtrace.core.protocol.BlobMem;
import vgtrace.core.protocol.DecodeException;
import vgtrace.core.protocol.GpuCodec;
import vgtrace.core.protocol.GpuMessage;
import vgtrace.core.trace.*;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Turns the shim's records into trace rows, in the order they arrive: commands with their exact
 * bytes, responses paired by the shim's command id, guest memory and blob contents deduplicated by
 * content, fence signals, and the facts of the device as METADATA. Runs on the one thread that reads
 * the shim's socket; the row functions run on the recorder's thread.
 */
public final class ShimRows {

    /** Running totals, readable from any thread (the progress line). */
    public record Counts(long commands, long responses, long fences, long memoryBytes, long faults) {
    }

    private final Recorder recorder;
    private final MemoryDedup dedup = new MemoryDedup();
    private final CapsetFacts capsets = new CapsetFacts();
    /** The shim's command ids of commands not answered yet, to their rows' seq. */
    private final Map<Long, Long> unanswered = new HashMap<>();
    /** Ids of the commands whose MEMORY rows may still come (the last few), to their seq. */
    private final Map<Long, Long> recent = new HashMap<>();
    private final AtomicLong commands = new AtomicLong(), responses = new AtomicLong(), fences = new AtomicLong(),
            memoryBytes = new AtomicLong(), faults = new AtomicLong();
    private boolean deviceSeen;

    public ShimRows(Recorder recorder) {
        this.recorder = recorder;
    }

    public void accept(ShimRecord r) {
        switch (r) {
            case ShimRecord.Hello h -> {
                metadata(h.tsNs(), "shim_protocol", Integer.toString(h.protocol()));
                h.facts().forEach((k, v) -> metadata(h.tsNs(), "qemu_" + k, v));
            }
            case ShimRecord.Device d -> device(d);
            case ShimRecord.Command c -> command(c);
            case ShimRecord.Response p -> response(p);
            case ShimRecord.Memory m -> memory(m);
            case ShimRecord.Fence f -> {
                fences.incrementAndGet();
                recorder.record(s -> TraceEvent.fence(s, f.tsNs(), f.ctxId(), f.ring(), f.fenceId()));
            }
            case ShimRecord.Note n -> note(n.tsNs(), "shim: " + n.text());
        }
        recorder.flush();
    }

    public Counts counts() {
        return new Counts(commands.get(), responses.get(), fences.get(), memoryBytes.get(), faults.get());
    }

    /** Whether the shim reported a realized virtio-gpu device. */
    public boolean deviceSeen() {
        return deviceSeen;
    }

    /** Commands taken and never answered so far (fences that never signalled, a device stopped mid-way). */
    public int unansweredCommands() {
        return unanswered.size();
    }

    private void device(ShimRecord.Device d) {
        deviceSeen = true;
        Map<String, String> f = d.facts();
        String qemu = f.get("qemu_version");
        if (qemu != null) {
            String pkg = f.getOrDefault("qemu_package", "");
            metadata(d.tsNs(), "vmm", "qemu " + qemu + (pkg.isBlank() ? "" : " (" + pkg + ")"));
        }
        String device = f.getOrDefault("device", "unknown");
        String lib = f.get("virglrenderer_library");
        String backend = lib == null ? "QEMU's built-in " + device + " (no virglrenderer)"
                : "virglrenderer " + f.getOrDefault("virglrenderer_debian", "(version unknown)") + " in QEMU's "
                + device;
        metadata(d.tsNs(), "backend", backend);
        f.forEach((k, v) -> {
            if (!k.equals("qemu_version") && !k.equals("qemu_package")) metadata(d.tsNs(), k, v);
        });
    }

    private void command(ShimRecord.Command c) {
        commands.incrementAndGet();
        byte[] bytes = c.bytes();
        long seq;
        try {
            GpuMessage m = GpuCodec.decode(bytes);
            seq = recorder.record(s -> MessageRows.command(s, c.tsNs(), c.queue(), m, bytes));
        } catch (DecodeException e) {
            seq = refused(EventKind.COMMAND, c.tsNs(), c.queue(), TraceEvent.NO_SEQ, bytes, e);
        }
        unanswered.put(c.id(), seq);
        recent.put(c.id(), seq);
        if (recent.size() > 4096) recent.keySet().removeIf(id -> id < c.id() - 2048);
    }

    private void response(ShimRecord.Response p) {
        responses.incrementAndGet();
        Long command = unanswered.remove(p.commandId());
        long commandSeq = command == null ? TraceEvent.NO_SEQ : command;
        byte[] bytes = p.bytes();
        try {
            GpuMessage m = GpuCodec.decode(bytes);
            recorder.record(s -> MessageRows.response(s, p.tsNs(), 0, commandSeq, m, bytes,
                    commandSeq == TraceEvent.NO_SEQ ? Pairing.NONE : Pairing.CAPTURE));
            capsets.observe(m).ifPresent(v -> metadata(p.tsNs(), "capsets", v));
        } catch (DecodeException e) {
            refused(EventKind.RESPONSE, p.tsNs(), 0, commandSeq, bytes, e);
        }
    }

    private void memory(ShimRecord.Memory m) {
        Long command = recent.get(m.commandId());
        long commandSeq = command == null ? TraceEvent.NO_SEQ : command;
        byte[] bytes = m.bytes();
        memoryBytes.addAndGet(bytes.length);
        // Only host memory is mapped, so a blob's content rows are HOST3D.
        recorder.record(s -> {
            long hash = ContentHash.of(bytes);
            boolean store = dedup.storeBytes(hash);
            return m.kind() == ShimRecord.MemoryKind.BLOB
                    ? TraceEvent.blobMemory(s, m.tsNs(), commandSeq, m.resourceId(), BlobMem.HOST3D.code(), m.ranges(), bytes, hash, store)
                    : TraceEvent.memory(s, m.tsNs(), commandSeq, m.resourceId(), m.ranges(), bytes, hash, store);
        }, bytes.length, null);
    }

    /** A message the codec refuses keeps its row ({@link MessageRows#refused}). */
    private long refused(EventKind kind, long ts, int queue, long commandSeq, byte[] bytes, DecodeException e) {
        faults.incrementAndGet();
        return recorder.record(s -> MessageRows.refused(s, ts, kind, queue, commandSeq, bytes, e));
    }

    void note(long ts, String text) {
        recorder.record(s -> TraceEvent.note(s, ts, text));
    }

    void metadata(long ts, String key, String value) {
        recorder.record(s -> TraceEvent.metadata(s, ts, key, value));
    }
}
