package vgtrace.replay.reduce;

import vgtrace.core.protocol.BlobMem;
import vgtrace.core.protocol.CtrlHeader;
import vgtrace.core.protocol.CtxAttachResource;
import vgtrace.core.protocol.CtxCreate;
import vgtrace.core.protocol.CtxDestroy;
import vgtrace.core.protocol.CtxDetachResource;
import vgtrace.core.protocol.GpuMessage;
import vgtrace.core.protocol.MemEntry;
import vgtrace.core.protocol.ResourceAssignUuid;
import vgtrace.core.protocol.ResourceAttachBacking;
import vgtrace.core.protocol.ResourceCreate2d;
import vgtrace.core.protocol.ResourceCreate3d;
import vgtrace.core.protocol.ResourceCreateBlob;
import vgtrace.core.protocol.ResourceDetachBacking;
import vgtrace.core.protocol.ResourceFlush;
import vgtrace.core.protocol.ResourceMapBlob;
import vgtrace.core.protocol.ResourceUnmapBlob;
import vgtrace.core.protocol.ResourceUnref;
import vgtrace.core.protocol.SetScanout;
import vgtrace.core.protocol.SetScanoutBlob;
import vgtrace.core.protocol.Submit3d;
import vgtrace.core.protocol.TransferFromHost3d;
import vgtrace.core.protocol.TransferToHost2d;
import vgtrace.core.protocol.TransferToHost3d;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The device state a command stream has built, by the commands that built it: live contexts (their
 * CTX_CREATE and the SUBMIT_3Ds since, whose objects vgtrace cannot see into), resources (create,
 * backing, map), context attachments and scanouts. Walked command by command, it says what each
 * command needs ({@link #needs}: the create, backing, attach and map of everything it uses) and
 * which command ended what another started ({@link #enders()}: an unref ends a create, a detach an attach).
 */
final class DeviceState {

    /** What a resource is, for how its content comes back. */
    enum Kind { IMAGE, GUEST_BLOB, HOST_BLOB }

    /** A live resource: the commands that created it, gave it a backing and mapped it ({@code NONE} if not). */
    record Resource(int id, Kind kind, long create, long backing, List<MemEntry> entries, long map) {
        Resource {
            entries = List.copyOf(entries);
        }

        Resource withBacking(long seq, List<MemEntry> e) {
            return new Resource(id, kind, create, seq, e, map);
        }

        Resource withMap(long seq) {
            return new Resource(id, kind, create, backing, entries, seq);
        }
    }

    /** A scanout showing a resource since command {@code seq}. */
    record Shown(long seq, int resourceId) {}

    static final long NONE = -1;
    private static final int BLOB_MEM_HOST3D = BlobMem.HOST3D.code();

    private final Map<Integer, Long> contexts = new LinkedHashMap<>();
    private final Map<Integer, List<Long>> submits = new HashMap<>();
    private final Map<Integer, Resource> resources = new LinkedHashMap<>();
    private final Map<Long, Long> attachments = new LinkedHashMap<>(); // (ctx << 32 | res) -> CTX_ATTACH seq
    private final Map<Integer, Shown> scanouts = new LinkedHashMap<>();
    private final Map<Long, Long> enders = new HashMap<>();

    /**
     * The earlier commands {@code message} needs to do what it did: the context it runs in, the
     * create, backing, attachment and map of what it uses; a SUBMIT_3D everything attached to its
     * context; a HOST3D blob the submits of its context (one made the object it exports).
     *
     * @param blobWrites resources whose mapping the command's blob MEMORY rows write into
     */
    Set<Long> needs(GpuMessage message, Collection<Integer> blobWrites) {
        Set<Long> d = new LinkedHashSet<>();
        CtrlHeader h = message.header();
        add(d, contexts.get(h.ctxId()));
        switch (message) {
            case CtxAttachResource c -> created(d, c.resourceId());
            case CtxDetachResource c -> add(d, attachments.get(key(h.ctxId(), c.resourceId())));
            case ResourceAttachBacking c -> created(d, c.resourceId());
            case ResourceDetachBacking c -> backed(d, c.resourceId());
            case TransferToHost2d c -> backed(d, c.resourceId());
            case TransferToHost3d c -> backed(d, c.resourceId());
            case TransferFromHost3d c -> backed(d, c.resourceId());
            case ResourceUnref c -> created(d, c.resourceId());
            case ResourceAssignUuid c -> created(d, c.resourceId());
            case ResourceMapBlob c -> created(d, c.resourceId());
            case ResourceUnmapBlob c -> mapped(d, c.resourceId());
            case SetScanout c -> created(d, c.resourceId());
            case SetScanoutBlob c -> created(d, c.resourceId());
            case ResourceFlush c -> {
                created(d, c.resourceId());
                scanouts.values().stream().filter(s -> s.resourceId() == c.resourceId()).forEach(s -> d.add(s.seq()));
            }
            case Submit3d _ -> attachments.forEach((k, seq) -> {
                if ((int) (k >>> 32) != h.ctxId()) return;
                d.add(seq);
                backed(d, (int) (long) k);
                mapped(d, (int) (long) k);
            });
            case ResourceCreateBlob c when c.blobMem() == BLOB_MEM_HOST3D -> d.addAll(submits.getOrDefault(h.ctxId(), List.of()));
            default -> { }
        }
        for (int r : blobWrites) mapped(d, r);
        return d;
    }

    /** Applies command {@code seq} to the state. */
    void apply(long seq, GpuMessage message) {
        CtrlHeader h = message.header();
        switch (message) {
            case CtxCreate _ -> {
                contexts.put(h.ctxId(), seq);
                submits.put(h.ctxId(), new ArrayList<>());
            }
            case CtxDestroy _ -> {
                end(contexts.remove(h.ctxId()), seq);
                submits.remove(h.ctxId());
                attachments.keySet().removeIf(k -> (int) (k >>> 32) == h.ctxId());
            }
            case Submit3d _ -> submits.computeIfAbsent(h.ctxId(), c -> new ArrayList<>()).add(seq);
            case ResourceCreate2d c -> resources.putIfAbsent(c.resourceId(), new Resource(c.resourceId(), Kind.IMAGE, seq, NONE, List.of(), NONE));
            case ResourceCreate3d c -> resources.putIfAbsent(c.resourceId(), new Resource(c.resourceId(), Kind.IMAGE, seq, NONE, List.of(), NONE));
            case ResourceCreateBlob c when c.blobMem() == BLOB_MEM_HOST3D ->
                    resources.putIfAbsent(c.resourceId(), new Resource(c.resourceId(), Kind.HOST_BLOB, seq, NONE, List.of(), NONE));
            case ResourceCreateBlob c ->
                    resources.putIfAbsent(c.resourceId(), new Resource(c.resourceId(), Kind.GUEST_BLOB, seq, seq, c.entries(), NONE));
            case ResourceAttachBacking c -> resources.computeIfPresent(c.resourceId(), (id, r) -> r.withBacking(seq, c.entries()));
            case ResourceDetachBacking c -> resources.computeIfPresent(c.resourceId(), (id, r) -> {
                end(r.backing(), seq);
                return r.withBacking(NONE, List.of());
            });
            case CtxAttachResource c -> attachments.putIfAbsent(key(h.ctxId(), c.resourceId()), seq);
            case CtxDetachResource c -> end(attachments.remove(key(h.ctxId(), c.resourceId())), seq);
            case ResourceMapBlob c -> resources.computeIfPresent(c.resourceId(), (id, r) -> r.withMap(seq));
            case ResourceUnmapBlob c -> resources.computeIfPresent(c.resourceId(), (id, r) -> {
                end(r.map(), seq);
                return r.withMap(NONE);
            });
            case ResourceUnref c -> {
                Resource r = resources.remove(c.resourceId());
                if (r == null) return;
                end(r.create(), seq);
                end(r.backing(), seq);
                end(r.map(), seq);
                attachments.entrySet().removeIf(e -> {
                    if ((int) (long) e.getKey() != c.resourceId()) return false;
                    end(e.getValue(), seq);
                    return true;
                });
                scanouts.values().removeIf(s -> s.resourceId() == c.resourceId());
            }
            case SetScanout c -> show(c.scanoutId(), c.resourceId(), seq);
            case SetScanoutBlob c -> show(c.scanoutId(), c.resourceId(), seq);
            default -> { }
        }
    }

    /**
     * The commands whose effect is live: every live context with its submits, resource (create,
     * backing, map), attachment and shown scanout.
     */
    Set<Long> live() {
        Set<Long> out = new LinkedHashSet<>(contexts.values());
        submits.values().forEach(out::addAll);
        for (Resource r : resources.values()) {
            out.add(r.create());
            add(out, r.backing());
            add(out, r.map());
        }
        out.addAll(attachments.values());
        scanouts.values().forEach(s -> out.add(s.seq()));
        return out;
    }

    /** The live contexts' submits: a context's objects are what they made. */
    List<Long> submitsOf(int ctxId) {
        return submits.getOrDefault(ctxId, List.of());
    }

    /** The live resources, in creation order. */
    Collection<Resource> resources() {
        return resources.values();
    }

    /** For each command that started something (create, attach, map), the command that ended it. */
    Map<Long, Long> enders() {
        return enders;
    }

    private void show(int scanoutId, int resourceId, long seq) {
        if (resourceId == 0) scanouts.remove(scanoutId);
        else scanouts.put(scanoutId, new Shown(seq, resourceId));
    }

    private void end(Long starter, long ender) {
        if (starter != null && starter != NONE) enders.putIfAbsent(starter, ender);
    }

    private void created(Set<Long> d, int resourceId) {
        Resource r = resources.get(resourceId);
        if (r != null) d.add(r.create());
    }

    private void backed(Set<Long> d, int resourceId) {
        Resource r = resources.get(resourceId);
        if (r == null) return;
        d.add(r.create());
        add(d, r.backing());
    }

    private void mapped(Set<Long> d, int resourceId) {
        Resource r = resources.get(resourceId);
        if (r == null) return;
        d.add(r.create());
        add(d, r.map());
    }

    private static void add(Set<Long> d, Long seq) {
        if (seq != null && seq != NONE) d.add(seq);
    }

    private static long key(int ctxId, int resourceId) {
        return (long) ctxId << 32 | Integer.toUnsignedLong(resourceId);
    }
}
