package vgtrace.replay.virgl;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import vgtrace.core.protocol.Box;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * An in-process virglrenderer, the device side of virtio-gpu 3D. Every method may be called from
 * any thread: the work runs on the one {@link RendererThread}. Results a guest would see are
 * returned as virglrenderer's raw int (0 = success; beware, some calls fail with +errno and
 * others with -errno), for the replay to map to {@code RESP_ERR_*}. Binding failures (library
 * missing, use after {@link #close()}, an unknown resource, malformed arguments) throw
 * {@link VirglException}. Resource backing memory is owned here and freed on detach, unref or close.
 * virglrenderer is a process-wide singleton: one renderer may be open at a time.
 */
public final class VirglRenderer implements AutoCloseable {

    public static final int FLAG_USE_EGL = 1;
    public static final int FLAG_USE_SURFACELESS = 1 << 3;
    public static final int FLAG_VENUS = 1 << 6;
    /** EGL on a surfaceless platform: what works with no render node (Mesa llvmpipe). */
    public static final int DEFAULT_FLAGS = FLAG_USE_EGL | FLAG_USE_SURFACELESS;
    /** {@code VIRGL_RENDERER_FENCE_FLAG_MERGEABLE} for {@link #contextCreateFence}. */
    public static final int FENCE_FLAG_MERGEABLE = 1;
    /** The wire's {@code debug_name} field holds at most this many bytes. */
    public static final int MAX_CONTEXT_NAME = 64;

    private static final AtomicBoolean OPEN = new AtomicBoolean();

    private final VirglLibrary lib;
    private final RendererThread thread;
    private final Queue<FenceSignal> signaled = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean closing = new AtomicBoolean();

    // Touched only on the renderer thread.
    private boolean closed;
    private Scratch scratch;
    private final Map<Integer, Backing> backings = new HashMap<>();
    private final Map<Integer, Mapping> mappings = new HashMap<>();

    /** A mapped blob: its view, and the arena whose closing (on unmap) makes the view unusable. */
    private record Mapping(Arena arena, MemorySegment view) {}

    private VirglRenderer(VirglLibrary lib, RendererThread thread) {
        this.lib = lib;
        this.thread = thread;
    }

    /**
     * Makes this process use {@code library} (a libvirglrenderer.so) instead of the system's
     * {@code libvirglrenderer.so.1}; call it before the first renderer starts.
     */
    public static void useLibrary(Path library) {
        VirglLibrary.choose(library);
    }

    /** Starts virglrenderer with {@code flags} ({@link #DEFAULT_FLAGS}, optionally | {@link #FLAG_VENUS}). */
    public static VirglRenderer init(int flags) {
        VirglLibrary lib = VirglLibrary.instance();
        if (!OPEN.compareAndSet(false, true)) {
            throw new VirglException("init", "a renderer is already open: virglrenderer allows one per process");
        }
        RendererThread thread = new RendererThread("virglrenderer");
        VirglRenderer renderer = new VirglRenderer(lib, thread);
        try {
            thread.call("init", () -> renderer.start(flags));
            return renderer;
        } catch (RuntimeException | Error e) {
            thread.close();
            OPEN.set(false);
            throw e;
        }
    }

    private Void start(int flags) {
        Scratch s = new Scratch();
        FenceCallbacks.route(signaled);
        int rc = lib.init(FenceCallbacks.cookie(), flags, FenceCallbacks.callbacks());
        if (rc != 0) {
            FenceCallbacks.route(null);
            s.close();
            throw new VirglException("virgl_renderer_init", rc, "init with flags 0x" + Integer.toHexString(flags) + " failed");
        }
        scratch = s;
        return null;
    }

    /** Runs {@code work} on the renderer thread, refusing once closed (checked there, so no race). */
    private <T> T onThread(String call, Callable<T> work) {
        if (closing.get()) throw VirglException.closed(call);
        return thread.call(call, () -> {
            if (closed) throw VirglException.closed(call);
            return work.call();
        });
    }

    /**
     * Runs {@code work} on the renderer thread in one hop; the calls it makes on this renderer run
     * inline. Use it to issue many small commands without paying a thread switch for each.
     */
    public <T> T batch(Function<VirglRenderer, T> work) {
        return onThread("batch", () -> work.apply(this));
    }

    public CapsetInfo capsetInfo(int capsetId) {
        return onThread("capsetInfo", () -> {
            lib.getCapSet(capsetId, scratch.out1, scratch.out2);
            return new CapsetInfo(scratch.out1.get(JAVA_INT, 0), scratch.out2.get(JAVA_INT, 0));
        });
    }

    /** The capset's bytes at {@code version}, as many as its max size (empty if unsupported). */
    public byte[] fillCapset(int capsetId, int version) {
        return onThread("fillCapset", () -> {
            lib.getCapSet(capsetId, scratch.out1, scratch.out2);
            int size = scratch.out2.get(JAVA_INT, 0);
            if (size <= 0) return new byte[0];
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment caps = arena.allocate(size, 8);
                lib.fillCaps(capsetId, version, caps);
                return caps.toArray(JAVA_BYTE);
            }
        });
    }

    /**
     * {@code CTX_CREATE}: {@code contextInit} is the wire's context_init (low 8 bits: capset id);
     * 0 uses {@code virgl_renderer_context_create}, anything else {@code ..._create_with_flags}.
     * The name is cut to {@link #MAX_CONTEXT_NAME} UTF-8 bytes, as the wire field is.
     */
    public int createContext(int ctxId, String name, int contextInit) {
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        int length = Math.min(utf8.length, MAX_CONTEXT_NAME);
        return onThread("createContext", () -> {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment cName = arena.allocate(length + 1L);
                MemorySegment.copy(utf8, 0, cName, JAVA_BYTE, 0, length);
                return contextInit == 0
                        ? lib.contextCreate(ctxId, length, cName)
                        : lib.contextCreateWithFlags(ctxId, contextInit, length, cName);
            }
        });
    }

    public void destroyContext(int ctxId) {
        onThread("destroyContext", () -> { lib.contextDestroy(ctxId); return null; });
    }

    /** {@code RESOURCE_CREATE_3D} with no backing yet (attach it with {@link #attachBacking}). */
    public int createResource(ResourceArgs a) {
        return onThread("createResource", () -> {
            MemorySegment s = scratch.args;
            int[] fields = {a.resId(), a.target(), a.format(), a.bind(), a.width(), a.height(), a.depth(),
                    a.arraySize(), a.lastLevel(), a.nrSamples(), a.flags()};
            MemorySegment.copy(fields, 0, s, JAVA_INT, 0, fields.length);
            return lib.resourceCreate(s, MemorySegment.NULL, 0);
        });
    }

    /** {@code RESOURCE_ATTACH_BACKING}: copies each region (a mem entry's bytes) into owned native memory. */
    public int attachBacking(int resId, byte[]... regions) {
        return onThread("attachBacking", () -> {
            Backing b = Backing.copyOf(regions);
            int rc = lib.attachIov(resId, b.iovecs(), b.count());
            keepOrFree(resId, b, rc);
            return rc;
        });
    }

    private void keepOrFree(int resId, Backing b, int rc) {
        if (rc != 0) {
            b.close();
            return;
        }
        Backing old = backings.put(resId, b);
        if (old != null) old.close(); // virglrenderer refuses a second attach, so it let go of the old one
    }

    /** {@code RESOURCE_DETACH_BACKING}; the backing memory is freed. */
    public void detachBacking(int resId) {
        onThread("detachBacking", () -> {
            lib.detachIov(resId, scratch.out1, scratch.out2);
            freeBacking(resId);
            return null;
        });
    }

    /** {@code RESOURCE_UNREF}: unmaps a mapped blob first, then frees the backing memory. */
    public void unref(int resId) {
        onThread("unref", () -> {
            if (mappings.containsKey(resId)) {
                lib.resourceUnmap(resId);
                mappings.remove(resId).arena().close();
            }
            lib.resourceUnref(resId);
            freeBacking(resId);
            return null;
        });
    }

    private void freeBacking(int resId) {
        Backing b = backings.remove(resId);
        if (b != null) b.close();
    }

    /** The resource's backing bytes, all regions concatenated (what the guest would see in its pages). */
    public byte[] readBacking(int resId) {
        return onThread("readBacking", () -> backing("readBacking", resId).read("readBacking"));
    }

    /** Overwrites the resource's backing at {@code offset}, as a guest write to its pages would. */
    public void writeBacking(int resId, long offset, byte[] data) {
        onThread("writeBacking", () -> {
            backing("writeBacking", resId).write("writeBacking", offset, data);
            return null;
        });
    }

    private Backing backing(String call, int resId) {
        Backing b = backings.get(resId);
        if (b == null) throw new VirglException(call, "resource " + resId + " has no backing");
        return b;
    }

    public void ctxAttachResource(int ctxId, int resId) {
        onThread("ctxAttachResource", () -> { lib.ctxAttachResource(ctxId, resId); return null; });
    }

    public void ctxDetachResource(int ctxId, int resId) {
        onThread("ctxDetachResource", () -> { lib.ctxDetachResource(ctxId, resId); return null; });
    }

    /** {@code TRANSFER_TO_HOST_3D}: from the attached backing into the host resource. */
    public int transferWrite(int resId, int ctxId, int level, int stride, int layerStride, Box box, long offset) {
        return onThread("transferWrite", () -> lib.transferWriteIov(resId, ctxId, level, stride, layerStride,
                scratch.box(box), offset, MemorySegment.NULL, 0));
    }

    /** {@code TRANSFER_FROM_HOST_3D}: from the host resource into the attached backing. */
    public int transferRead(int resId, int ctxId, int level, int stride, int layerStride, Box box, long offset) {
        return onThread("transferRead", () -> lib.transferReadIov(resId, ctxId, level, stride, layerStride,
                scratch.box(box), offset, MemorySegment.NULL, 0));
    }

    /**
     * The host resource's pixels in {@code box} (level 0, as context 0 sees them), rows packed at
     * {@code stride} bytes, read into memory of our own: the guest backing is left untouched. This is
     * the offscreen scanout's view of a resource; the result is empty when virglrenderer refuses.
     */
    public byte[] readPixels(int resId, Box box, int stride) {
        long bytes = (long) stride * box.h() * Math.max(1, box.d());
        if (stride <= 0 || box.h() <= 0 || bytes > Integer.MAX_VALUE - 8) return new byte[0];
        return onThread("readPixels", () -> {
            try (Backing target = Backing.copyOf(new byte[(int) bytes])) {
                int rc = lib.transferReadIov(resId, 0, 0, stride, 0, scratch.box(box), 0, target.iovecs(), 1);
                return rc == 0 ? target.read("readPixels") : new byte[0];
            }
        });
    }

    /**
     * {@code SUBMIT_3D}: the context's command stream. Only whole dwords are submitted (a trailing
     * partial dword is dropped, as QEMU does with {@code size / 4}).
     */
    public int submitCmd(int ctxId, byte[] stream) {
        return onThread("submitCmd", () -> {
            MemorySegment buffer = scratch.commands(stream.length);
            MemorySegment.copy(stream, 0, buffer, JAVA_BYTE, 0, stream.length);
            return lib.submitCmd(buffer, ctxId, stream.length / 4);
        });
    }

    /** A fence on the global (ctx0) timeline; virglrenderer keeps only its low 32 bits. */
    public int createFence(long fenceId, int ctxId) {
        return onThread("createFence", () -> lib.createFence((int) fenceId, ctxId));
    }

    /** A fence on the timeline ({@code ctxId}, {@code ringIdx}); flags: {@link #FENCE_FLAG_MERGEABLE}. */
    public int contextCreateFence(int ctxId, int flags, int ringIdx, long fenceId) {
        return onThread("contextCreateFence", () -> lib.contextCreateFence(ctxId, flags, ringIdx, fenceId));
    }

    /** Lets virglrenderer retire finished work; signalled fences arrive during this call. */
    public void poll() {
        onThread("poll", () -> { lib.poll(); return null; });
    }

    /** The fences signalled since the last drain, in signal order. Needs no thread hop. */
    public List<FenceSignal> drainSignaledFences() {
        List<FenceSignal> out = new ArrayList<>();
        for (FenceSignal f; (f = signaled.poll()) != null; ) out.add(f);
        return out;
    }

    /** {@code RESOURCE_CREATE_BLOB}; {@code backing} holds the guest regions of the mem entries, if any. */
    public int createBlob(BlobArgs a, byte[]... backing) {
        return onThread("createBlob", () -> {
            Backing b = Backing.copyOf(backing);
            MemorySegment s = scratch.args;
            var L = VirglLibrary.RESOURCE_CREATE_BLOB_ARGS;
            s.fill((byte) 0);
            s.set(JAVA_INT, VirglLibrary.offset(L, "res_handle"), a.resId());
            s.set(JAVA_INT, VirglLibrary.offset(L, "ctx_id"), a.ctxId());
            s.set(JAVA_INT, VirglLibrary.offset(L, "blob_mem"), a.blobMem());
            s.set(JAVA_INT, VirglLibrary.offset(L, "blob_flags"), a.blobFlags());
            s.set(JAVA_LONG, VirglLibrary.offset(L, "blob_id"), a.blobId());
            s.set(JAVA_LONG, VirglLibrary.offset(L, "size"), a.size());
            s.set(ADDRESS, VirglLibrary.offset(L, "iovecs"), b.count() == 0 ? MemorySegment.NULL : b.iovecs());
            s.set(JAVA_INT, VirglLibrary.offset(L, "num_iovs"), b.count());
            int rc = lib.createBlob(s);
            if (b.count() == 0) b.close();
            else keepOrFree(a.resId(), b, rc);
            return rc;
        });
    }

    /** {@code RESOURCE_MAP_BLOB}: the host mapping and its cache type. */
    @SuppressWarnings("restricted") // the view is exactly the size virglrenderer mapped
    public BlobMapping mapBlob(int resId) {
        return onThread("mapBlob", () -> {
            int rc = lib.resourceMap(resId, scratch.out1, scratch.out2);
            if (rc != 0) return BlobMapping.failed(rc);
            MemorySegment address = scratch.out1.get(ADDRESS, 0);
            long size = scratch.out2.get(JAVA_LONG, 0);
            rc = lib.getMapInfo(resId, scratch.out1);
            if (rc != 0) {
                lib.resourceUnmap(resId);
                return BlobMapping.failed(rc);
            }
            int mapInfo = scratch.out1.get(JAVA_INT, 0);
            // A shared arena of its own: closing it on unmap makes later access throw, not crash.
            Arena viewArena = Arena.ofShared();
            MemorySegment view = address.reinterpret(size, viewArena, null);
            Mapping old = mappings.put(resId, new Mapping(viewArena, view));
            if (old != null) old.arena().close();
            return new BlobMapping(0, view, mapInfo);
        });
    }

    /**
     * Writes {@code data} into the mapped blob at {@code offset}, as the guest writes through its
     * mapping; false when the blob is not mapped or the bytes do not fit in its mapping.
     */
    public boolean writeMapping(int resId, long offset, byte[] data) {
        return onThread("writeMapping", () -> {
            Mapping m = mappings.get(resId);
            if (m == null || offset < 0 || offset > m.view().byteSize() - data.length) return false;
            MemorySegment.copy(data, 0, m.view(), JAVA_BYTE, offset, data.length);
            return true;
        });
    }

    /** The mapped blob's bytes as they are now (what the guest sees through its mapping); empty when not mapped. */
    public Optional<byte[]> readMapping(int resId) {
        return onThread("readMapping", () -> {
            Mapping m = mappings.get(resId);
            return m == null ? Optional.<byte[]>empty() : Optional.of(m.view().toArray(JAVA_BYTE));
        });
    }

    /** {@code RESOURCE_UNMAP_BLOB}; on success the view from {@link #mapBlob} becomes unusable. */
    public int unmapBlob(int resId) {
        return onThread("unmapBlob", () -> {
            int rc = lib.resourceUnmap(resId);
            if (rc == 0 && mappings.containsKey(resId)) mappings.remove(resId).arena().close();
            return rc;
        });
    }

    /**
     * What the host made of a resource, or empty when virglrenderer does not know it. Answered as a
     * renderer without an EGL winsys answers (QEMU's: it brings its own GL contexts): virglrenderer
     * 1.x fills the info, then with a winsys fails at the DRM fourcc lookup (a GUEST blob has no
     * texture), so a failure after the info was filled in counts as known. 0.10 fails before
     * filling it for a resource with no host texture, as it does under QEMU.
     */
    public Optional<ResourceInfo> resourceInfo(int resId) {
        return onThread("resourceInfo", () -> {
            MemorySegment s = scratch.args;
            s.fill((byte) 0);
            int handle = (int) VirglLibrary.offset(VirglLibrary.RESOURCE_INFO, "handle");
            if (lib.resourceGetInfo(resId, s) != 0 && (resId == 0 || s.get(JAVA_INT, handle) != resId)) return Optional.empty();
            int[] f = s.asSlice(0, VirglLibrary.RESOURCE_INFO).toArray(JAVA_INT);
            return Optional.of(new ResourceInfo(f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8]));
        });
    }

    /** {@code virgl_renderer_cleanup}, then frees all memory and ends the thread. Idempotent. */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) return;
        try {
            thread.call("close", () -> {
                if (closed) return null;
                closed = true;
                for (var e : mappings.entrySet()) {
                    lib.resourceUnmap(e.getKey());
                    e.getValue().arena().close();
                }
                mappings.clear();
                lib.cleanup(FenceCallbacks.cookie());
                FenceCallbacks.route(null);
                backings.values().forEach(Backing::close);
                backings.clear();
                scratch.close();
                return null;
            });
        } finally {
            thread.close();
            OPEN.set(false);
        }
    }

    /** Reusable argument and out-parameter memory; one set is enough since calls are serialized. */
    private static final class Scratch implements AutoCloseable {
        private final Arena arena = Arena.ofConfined();
        final MemorySegment args = arena.allocate(Math.max(VirglLibrary.RESOURCE_CREATE_BLOB_ARGS.byteSize(),
                Math.max(VirglLibrary.RESOURCE_CREATE_ARGS.byteSize(), VirglLibrary.RESOURCE_INFO.byteSize())), 8);
        final MemorySegment out1 = arena.allocate(8, 8);
        final MemorySegment out2 = arena.allocate(8, 8);
        private final MemorySegment boxSegment = arena.allocate(VirglLibrary.BOX);
        private Arena commandArena = Arena.ofConfined();
        private MemorySegment commandBuffer = commandArena.allocate(4096, 8);

        MemorySegment box(Box b) {
            int[] f = {b.x(), b.y(), b.z(), b.w(), b.h(), b.d()};
            MemorySegment.copy(f, 0, boxSegment, JAVA_INT, 0, f.length);
            return boxSegment;
        }

        /** A buffer of at least {@code bytes}, grown by doubling. */
        MemorySegment commands(int bytes) {
            if (bytes > commandBuffer.byteSize()) {
                long size = Math.max(bytes, commandBuffer.byteSize() * 2);
                commandArena.close();
                commandArena = Arena.ofConfined();
                commandBuffer = commandArena.allocate(size, 8);
            }
            return commandBuffer;
        }

        @Override
        public void close() {
            commandArena.close();
            arena.close();
        }
    }
}
