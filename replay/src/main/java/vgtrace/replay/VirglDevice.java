package vgtrace.replay;

import static vgtrace.core.protocol.CtrlType.RESP_ERR_INVALID_PARAMETER;
import static vgtrace.core.protocol.CtrlType.RESP_ERR_INVALID_RESOURCE_ID;
import static vgtrace.core.protocol.CtrlType.RESP_ERR_INVALID_SCANOUT_ID;
import static vgtrace.core.protocol.CtrlType.RESP_ERR_UNSPEC;

import vgtrace.core.protocol.*;
import vgtrace.replay.virgl.BlobArgs;
import vgtrace.replay.virgl.BlobMapping;
import vgtrace.replay.virgl.CapsetInfo;
import vgtrace.replay.virgl.ResourceArgs;
import vgtrace.replay.virgl.VirglRenderer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The virtio-gpu device model over virglrenderer, command by command as QEMU's virgl device
 * (hw/display/virtio-gpu-virgl.c) does it: the same checks, the same error codes, the same calls,
 * and virglrenderer's own return codes ignored where QEMU ignores them. Runs on the renderer thread
 * (inside a batch). Guest memory is a {@link GuestRam}; backings are copies of it kept in sync.
 */
final class VirglDevice {

    /** A backing larger than this is refused as QEMU's mapping would fail: the trace is untrusted. */
    static final long MAX_BACKING = 1L << 30;
    private static final int Y_0_TOP = 1;

    private final VirglRenderer renderer;
    private final GuestRam ram;
    private final Scanouts scanouts;
    private final long hostmemBytes;
    private final List<Integer> capsetIds;
    private final Map<Integer, DeviceResource> resources = new HashMap<>();

    VirglDevice(VirglRenderer renderer, GuestRam ram, Scanouts scanouts, long hostmemBytes, List<Integer> capsetIds) {
        this.renderer = renderer;
        this.ram = ram;
        this.scanouts = scanouts;
        this.hostmemBytes = hostmemBytes;
        this.capsetIds = List.copyOf(capsetIds);
    }

    Outcome run(GpuMessage message) {
        CtrlHeader h = message.header();
        return switch (message) {
            case GetDisplayInfo _ -> new Outcome.Answer(OkDisplayInfo.of(hdr(CtrlType.RESP_OK_DISPLAY_INFO, h), scanouts.modes()));
            case GetEdid c -> edid(c);
            case GetCapsetInfo c -> capsetInfo(c);
            case GetCapset c -> capset(c);
            case CtxCreate c -> {
                renderer.createContext(h.ctxId(), c.debugName(), c.contextInit());
                yield Outcome.DONE;
            }
            case CtxDestroy _ -> {
                renderer.destroyContext(h.ctxId());
                yield Outcome.DONE;
            }
            case ResourceCreate2d c -> create(h, c.resourceId(), c.width(), c.height(), new ResourceArgs(c.resourceId(),
                    ResourceArgs.TARGET_TEXTURE_2D, c.format(), ResourceArgs.BIND_RENDER_TARGET, c.width(), c.height(), 1, 1, 0, 0, Y_0_TOP));
            case ResourceCreate3d c -> create(h, c.resourceId(), c.width(), c.height(), new ResourceArgs(c.resourceId(),
                    c.target(), c.format(), c.bind(), c.width(), c.height(), c.depth(), c.arraySize(), c.lastLevel(),
                    c.nrSamples(), c.flags()));
            case ResourceUnref c -> unref(c);
            case SetScanout c -> setScanout(c);
            case ResourceFlush c -> new Outcome.Done(frames(c.resourceId(), c.r()));
            case TransferToHost2d c -> {
                Rect r = c.r();
                renderer.transferWrite(c.resourceId(), 0, 0, 0, 0,
                        new Box(r.x(), r.y(), 0, r.width(), r.height(), 1), c.offset());
                yield Outcome.DONE;
            }
            case TransferToHost3d c -> {
                renderer.transferWrite(c.resourceId(), h.ctxId(), c.level(), c.stride(), c.layerStride(), c.box(), c.offset());
                yield Outcome.DONE;
            }
            case TransferFromHost3d c -> {
                int rc = renderer.transferRead(c.resourceId(), h.ctxId(), c.level(), c.stride(), c.layerStride(),
                        c.box(), c.offset());
                yield new Outcome.Done(rc == 0 ? readBack(c.resourceId()) : List.of());
            }
            case ResourceAttachBacking c -> attach(h, c.resourceId(), c.entries());
            case ResourceDetachBacking c -> {
                DeviceResource res = resources.get(c.resourceId());
                if (res != null && !res.entries().isEmpty()) {
                    renderer.detachBacking(c.resourceId());
                    resources.put(res.id(), res.withEntries(List.of()));
                }
                yield Outcome.DONE;
            }
            case CtxAttachResource c -> {
                renderer.ctxAttachResource(h.ctxId(), c.resourceId());
                yield Outcome.DONE;
            }
            case CtxDetachResource c -> {
                renderer.ctxDetachResource(h.ctxId(), c.resourceId());
                yield Outcome.DONE;
            }
            case Submit3d c -> {
                if (Integer.toUnsignedLong(c.size()) != c.commands().length) yield Outcome.error(RESP_ERR_INVALID_PARAMETER, h);
                renderer.submitCmd(h.ctxId(), c.commands());
                yield Outcome.DONE;
            }
            case ResourceCreateBlob c -> createBlob(c);
            case ResourceMapBlob c -> mapBlob(c);
            case ResourceUnmapBlob c -> unmapBlob(c);
            case SetScanoutBlob c -> setScanoutBlob(c);
            case UpdateCursor _, MoveCursor _ -> new Outcome.Silent();
            // QEMU's virgl device has no UUIDs, and answers anything else (responses sent as commands) likewise.
            case ResourceAssignUuid _, GpuResponse _, RawMessage _ -> Outcome.error(RESP_ERR_UNSPEC, h);
        };
    }

    private static CtrlHeader hdr(CtrlType type, CtrlHeader command) {
        return Outcome.responseHeader(type, command);
    }

    private Outcome edid(GetEdid c) {
        if (!scanouts.valid(c.scanout())) return Outcome.error(RESP_ERR_INVALID_PARAMETER, c.header());
        return new Outcome.Answer(Edid.response(hdr(CtrlType.RESP_OK_EDID, c.header()), scanouts.modes().get(c.scanout()).r()));
    }

    private Outcome capsetInfo(GetCapsetInfo c) {
        int index = c.capsetIndex();
        int id = 0, version = 0, size = 0;
        if (index >= 0 && index < capsetIds.size()) {
            id = capsetIds.get(index);
            CapsetInfo info = renderer.capsetInfo(id);
            version = info.maxVersion();
            size = info.maxSize();
        }
        return new Outcome.Answer(new OkCapsetInfo(hdr(CtrlType.RESP_OK_CAPSET_INFO, c.header()), id, version, size, 0));
    }

    private Outcome capset(GetCapset c) {
        if (renderer.capsetInfo(c.capsetId()).maxSize() <= 0) return Outcome.error(RESP_ERR_INVALID_PARAMETER, c.header());
        byte[] data = renderer.fillCapset(c.capsetId(), c.capsetVersion());
        return new Outcome.Answer(new OkCapset(hdr(CtrlType.RESP_OK_CAPSET, c.header()), data));
    }

    private Outcome create(CtrlHeader h, int id, int width, int height, ResourceArgs args) {
        if (id == 0 || resources.containsKey(id)) return Outcome.error(RESP_ERR_INVALID_RESOURCE_ID, h);
        resources.put(id, DeviceResource.image(id, width, height));
        renderer.createResource(args);
        return Outcome.DONE;
    }

    private Outcome unref(ResourceUnref c) {
        if (resources.remove(c.resourceId()) == null) return Outcome.error(RESP_ERR_INVALID_RESOURCE_ID, c.header());
        renderer.unref(c.resourceId());
        return Outcome.DONE;
    }

    private Outcome setScanout(SetScanout c) {
        if (!scanouts.valid(c.scanoutId())) return Outcome.error(RESP_ERR_INVALID_SCANOUT_ID, c.header());
        if (c.resourceId() == 0) {
            scanouts.show(c.scanoutId(), 0, c.r());
            return Outcome.DONE;
        }
        var info = renderer.resourceInfo(c.resourceId());
        if (info.isEmpty()) return Outcome.error(RESP_ERR_INVALID_RESOURCE_ID, c.header());
        if (!Scanouts.inBounds(c.r(), info.get().width(), info.get().height())) {
            return Outcome.error(RESP_ERR_INVALID_PARAMETER, c.header());
        }
        scanouts.show(c.scanoutId(), c.resourceId(), c.r());
        return Outcome.DONE;
    }

    /**
     * SET_SCANOUT_BLOB needs a dmabuf of the blob, which virglrenderer on surfaceless llvmpipe does not
     * export: QEMU answers ERR_UNSPEC there, and so does this model after the same earlier checks.
     */
    private Outcome setScanoutBlob(SetScanoutBlob c) {
        if (!scanouts.valid(c.scanoutId())) return Outcome.error(RESP_ERR_INVALID_SCANOUT_ID, c.header());
        if (c.resourceId() == 0) {
            scanouts.show(c.scanoutId(), 0, c.r());
            return Outcome.DONE;
        }
        if (!Scanouts.inBounds(c.r(), c.width(), c.height())) return Outcome.error(RESP_ERR_INVALID_PARAMETER, c.header());
        if (!resources.containsKey(c.resourceId())) return Outcome.error(RESP_ERR_INVALID_RESOURCE_ID, c.header());
        return Outcome.error(RESP_ERR_UNSPEC, c.header());
    }

    /**
     * The frames a flush of {@code flushed} (a rectangle of {@code resourceId}) shows: on each scanout
     * showing the resource, the part of the flushed rectangle inside the scanout's, as QEMU's
     * vhost-user-gpu sends it in an UPDATE (empty when they do not meet).
     */
    private List<Output> frames(int resourceId, Rect flushed) {
        List<Output> out = new ArrayList<>();
        for (int id : scanouts.showing(resourceId)) {
            Rect r = Scanouts.intersection(scanouts.shown(id).rect(), flushed);
            byte[] pixels = renderer.readPixels(resourceId,
                    new Box(r.x(), r.y(), 0, r.width(), r.height(), 1), r.width() * 4);
            out.add(new Output.Frame(id, resourceId, r, pixels));
        }
        return out;
    }

    private List<Output> readBack(int resourceId) {
        DeviceResource res = resources.get(resourceId);
        if (res == null || res.entries().isEmpty()) return List.of();
        byte[] bytes = renderer.readBacking(resourceId);
        int at = 0;
        for (MemEntry e : res.entries()) {
            ram.write(e.addr(), bytes, at, e.length());
            at += e.length();
        }
        return List.of(new Output.ReadBack(resourceId, res.entries().getFirst().addr(), bytes));
    }

    private Outcome attach(CtrlHeader h, int resourceId, List<MemEntry> entries) {
        byte[][] regions = regions(entries);
        if (regions == null) return Outcome.error(RESP_ERR_UNSPEC, h);
        int rc = renderer.attachBacking(resourceId, regions);
        DeviceResource res = resources.get(resourceId);
        if (rc == 0 && res != null) resources.put(resourceId, res.withEntries(entries));
        return Outcome.DONE;
    }

    /** The guest bytes of each entry, or null when they add up past {@link #MAX_BACKING}. */
    private byte[][] regions(List<MemEntry> entries) {
        long total = 0;
        for (MemEntry e : entries) total += Integer.toUnsignedLong(e.length());
        if (total > MAX_BACKING) return null;
        byte[][] regions = new byte[entries.size()][];
        for (int i = 0; i < regions.length; i++) regions[i] = ram.read(entries.get(i).addr(), entries.get(i).length());
        return regions;
    }

    private Outcome createBlob(ResourceCreateBlob c) {
        CtrlHeader h = c.header();
        if (c.resourceId() == 0 || resources.containsKey(c.resourceId())) return Outcome.error(RESP_ERR_INVALID_RESOURCE_ID, h);
        boolean guestPages = c.blobMem() != BlobArgs.MEM_HOST3D;
        List<MemEntry> entries = guestPages ? c.entries() : List.of();
        byte[][] regions = regions(entries);
        if (regions == null) return Outcome.error(RESP_ERR_UNSPEC, h);
        int rc = renderer.createBlob(new BlobArgs(c.resourceId(), h.ctxId(), c.blobMem(), c.blobFlags(), c.blobId(),
                c.size()), regions);
        if (rc != 0) return Outcome.error(RESP_ERR_UNSPEC, h);
        if (renderer.resourceInfo(c.resourceId()).isEmpty()) {
            renderer.unref(c.resourceId());
            return Outcome.error(RESP_ERR_UNSPEC, h);
        }
        resources.put(c.resourceId(), DeviceResource.blob(c.resourceId(), c.size(), entries));
        return Outcome.DONE;
    }

    private Outcome mapBlob(ResourceMapBlob c) {
        DeviceResource res = resources.get(c.resourceId());
        if (res == null) return Outcome.error(RESP_ERR_INVALID_RESOURCE_ID, c.header());
        long end = c.offset() + res.blobSize();
        if (Long.compareUnsigned(end, hostmemBytes) > 0 || Long.compareUnsigned(end, c.offset()) < 0) {
            return Outcome.error(RESP_ERR_INVALID_PARAMETER, c.header());
        }
        if (res.mapped()) return Outcome.error(RESP_ERR_UNSPEC, c.header());
        BlobMapping m = renderer.mapBlob(c.resourceId());
        if (!m.ok()) return Outcome.error(RESP_ERR_UNSPEC, c.header());
        resources.put(res.id(), res.withMapped(true));
        return new Outcome.Answer(new OkMapInfo(hdr(CtrlType.RESP_OK_MAP_INFO, c.header()), m.mapInfo(), 0));
    }

    private Outcome unmapBlob(ResourceUnmapBlob c) {
        DeviceResource res = resources.get(c.resourceId());
        if (res == null) return Outcome.error(RESP_ERR_INVALID_RESOURCE_ID, c.header());
        if (!res.mapped()) return Outcome.DONE;
        if (renderer.unmapBlob(c.resourceId()) != 0) return Outcome.error(RESP_ERR_UNSPEC, c.header());
        resources.put(res.id(), res.withMapped(false));
        return Outcome.DONE;
    }

    /**
     * Memory the device is about to read: guest RAM, or a mapped blob's host memory. False when it
     * could not be put in place (RAM refused it, or the blob is not mapped here).
     */
    boolean write(MemoryWrite w) {
        return switch (w) {
            case GuestWrite g -> writeGuest(g);
            case BlobWrite b -> renderer.writeMapping(b.resourceId(), b.addr(), b.bytes());
        };
    }

    /** Guest RAM, and every backing that covers it (virglrenderer reads its own copy of the pages). */
    private boolean writeGuest(GuestWrite w) {
        boolean kept = ram.write(w.addr(), w.bytes(), 0, w.bytes().length);
        long start = w.addr(), end = w.addr() + w.bytes().length;
        for (DeviceResource res : resources.values()) {
            long offset = 0;
            for (MemEntry e : res.entries()) {
                long from = Math.max(start, e.addr()), to = Math.min(end, e.addr() + Integer.toUnsignedLong(e.length()));
                if (from < to) {
                    byte[] part = Arrays.copyOfRange(w.bytes(), (int) (from - start), (int) (to - start));
                    renderer.writeBacking(res.id(), offset + (from - e.addr()), part);
                }
                offset += Integer.toUnsignedLong(e.length());
            }
        }
        return kept;
    }
}
