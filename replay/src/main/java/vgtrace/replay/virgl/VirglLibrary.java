package vgtrace.replay.virgl;

import static java.lang.foreign.MemoryLayout.paddingLayout;
import static java.lang.foreign.MemoryLayout.structLayout;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import java.util.NoSuchElementException;

/**
 * The raw binding to libvirglrenderer 0.10 ({@code virglrenderer.h}): struct layouts (x86_64 LP64)
 * and one typed wrapper per downcall. Nothing here checks threads or state: callers must be on
 * the renderer thread (see {@link RendererThread}). Loaded once per process, on first use.
 */
@SuppressWarnings("restricted") // binding libvirglrenderer is the point of this class
final class VirglLibrary {

    static final String SONAME = "libvirglrenderer.so.1";
    static final String DEBIAN_PACKAGE = "libvirglrenderer1";

    /** {@code struct virgl_renderer_resource_create_args}: 11 x u32. */
    static final StructLayout RESOURCE_CREATE_ARGS = structLayout(
            JAVA_INT.withName("handle"), JAVA_INT.withName("target"), JAVA_INT.withName("format"),
            JAVA_INT.withName("bind"), JAVA_INT.withName("width"), JAVA_INT.withName("height"),
            JAVA_INT.withName("depth"), JAVA_INT.withName("array_size"), JAVA_INT.withName("last_level"),
            JAVA_INT.withName("nr_samples"), JAVA_INT.withName("flags"));

    /** {@code struct virgl_renderer_resource_create_blob_args} (48 bytes with tail padding). */
    static final StructLayout RESOURCE_CREATE_BLOB_ARGS = structLayout(
            JAVA_INT.withName("res_handle"), JAVA_INT.withName("ctx_id"), JAVA_INT.withName("blob_mem"),
            JAVA_INT.withName("blob_flags"), JAVA_LONG.withName("blob_id"), JAVA_LONG.withName("size"),
            ADDRESS.withName("iovecs"), JAVA_INT.withName("num_iovs"), paddingLayout(4));

    /** {@code struct iovec}. */
    static final StructLayout IOVEC = structLayout(ADDRESS.withName("iov_base"), JAVA_LONG.withName("iov_len"));

    /** {@code struct virgl_box}: x, y, z, w, h, d as u32. */
    static final StructLayout BOX = structLayout(
            JAVA_INT.withName("x"), JAVA_INT.withName("y"), JAVA_INT.withName("z"),
            JAVA_INT.withName("w"), JAVA_INT.withName("h"), JAVA_INT.withName("d"));

    /** {@code struct virgl_renderer_resource_info}: 8 x u32 and an int fourcc. */
    static final StructLayout RESOURCE_INFO = structLayout(
            JAVA_INT.withName("handle"), JAVA_INT.withName("virgl_format"), JAVA_INT.withName("width"),
            JAVA_INT.withName("height"), JAVA_INT.withName("depth"), JAVA_INT.withName("flags"),
            JAVA_INT.withName("tex_id"), JAVA_INT.withName("stride"), JAVA_INT.withName("drm_fourcc"));

    /** {@code struct virgl_renderer_callbacks} as compiled with the unstable APIs (version 3+). */
    static final StructLayout CALLBACKS = structLayout(
            JAVA_INT.withName("version"), paddingLayout(4),
            ADDRESS.withName("write_fence"), ADDRESS.withName("create_gl_context"),
            ADDRESS.withName("destroy_gl_context"), ADDRESS.withName("make_current"),
            ADDRESS.withName("get_drm_fd"), ADDRESS.withName("write_context_fence"),
            ADDRESS.withName("get_server_fd"), ADDRESS.withName("get_egl_display"));

    /** The callbacks version that has write_context_fence. */
    static final int CALLBACKS_VERSION = 3;

    static long offset(StructLayout layout, String field) {
        return layout.byteOffset(PathElement.groupElement(field));
    }

    private static final Object LOCK = new Object();
    private static VirglLibrary instance;
    private static Path chosen;

    /** The process-wide binding; throws a one-line {@link VirglException} when the library is absent. */
    static VirglLibrary instance() {
        synchronized (LOCK) {
            if (instance == null) instance = chosen == null ? load(SONAME) : load(chosen);
            return instance;
        }
    }

    /** Binds {@code library} instead of the system's {@link #SONAME}; only before the first use. */
    static void choose(Path library) {
        synchronized (LOCK) {
            if (instance != null) throw new VirglException("load", "a virglrenderer library is loaded already in this process");
            chosen = library;
        }
    }

    private static VirglLibrary load(Path library) {
        SymbolLookup lookup;
        try {
            lookup = SymbolLookup.libraryLookup(library, Arena.global());
        } catch (IllegalArgumentException e) {
            throw new VirglException("load", "cannot load " + library + ": give the path of a libvirglrenderer.so built for this machine");
        }
        return new VirglLibrary(new Binder(lookup, library.toString()));
    }

    /** Loads {@code soname}; package-private so a test can show the missing-library message. */
    static VirglLibrary load(String soname) {
        SymbolLookup lookup;
        try {
            lookup = SymbolLookup.libraryLookup(soname, Arena.global());
        } catch (IllegalArgumentException e) {
            throw new VirglException("load", "cannot load " + soname
                    + ": install the Debian package " + DEBIAN_PACKAGE + " (apt-get install " + DEBIAN_PACKAGE + ")");
        }
        VirglLog.install(lookup);
        return new VirglLibrary(new Binder(lookup, soname));
    }

    /** Resolves symbols into downcall handles, naming the missing one in its error. */
    private record Binder(SymbolLookup lookup, String soname) {
        MethodHandle bind(String symbol, MemoryLayout result, MemoryLayout... args) {
            MemorySegment address;
            try {
                address = lookup.findOrThrow(symbol);
            } catch (NoSuchElementException e) {
                throw new VirglException("load", soname + " lacks " + symbol + ": virglrenderer 0.10 or newer is needed");
            }
            FunctionDescriptor fd = result == null ? FunctionDescriptor.ofVoid(args) : FunctionDescriptor.of(result, args);
            return Linker.nativeLinker().downcallHandle(address, fd);
        }
    }

    private final MethodHandle init, cleanup, poll, getCapSet, fillCaps;
    private final MethodHandle contextCreate, contextCreateWithFlags, contextDestroy;
    private final MethodHandle resourceCreate, resourceUnref, attachIov, detachIov, resourceGetInfo;
    private final MethodHandle ctxAttachResource, ctxDetachResource;
    private final MethodHandle transferWriteIov, transferReadIov, submitCmd;
    private final MethodHandle createFence, contextCreateFence;
    private final MethodHandle createBlob, resourceMap, resourceUnmap, getMapInfo;

    private VirglLibrary(Binder b) {
        var P = ADDRESS;
        var I = JAVA_INT;
        var L = JAVA_LONG;
        init = b.bind("virgl_renderer_init", I, P, I, P);
        cleanup = b.bind("virgl_renderer_cleanup", null, P);
        poll = b.bind("virgl_renderer_poll", null);
        getCapSet = b.bind("virgl_renderer_get_cap_set", null, I, P, P);
        fillCaps = b.bind("virgl_renderer_fill_caps", null, I, I, P);
        contextCreate = b.bind("virgl_renderer_context_create", I, I, I, P);
        contextCreateWithFlags = b.bind("virgl_renderer_context_create_with_flags", I, I, I, I, P);
        contextDestroy = b.bind("virgl_renderer_context_destroy", null, I);
        resourceCreate = b.bind("virgl_renderer_resource_create", I, P, P, I);
        resourceUnref = b.bind("virgl_renderer_resource_unref", null, I);
        attachIov = b.bind("virgl_renderer_resource_attach_iov", I, I, P, I);
        detachIov = b.bind("virgl_renderer_resource_detach_iov", null, I, P, P);
        resourceGetInfo = b.bind("virgl_renderer_resource_get_info", I, I, P);
        ctxAttachResource = b.bind("virgl_renderer_ctx_attach_resource", null, I, I);
        ctxDetachResource = b.bind("virgl_renderer_ctx_detach_resource", null, I, I);
        transferWriteIov = b.bind("virgl_renderer_transfer_write_iov", I, I, I, I, I, I, P, L, P, I);
        transferReadIov = b.bind("virgl_renderer_transfer_read_iov", I, I, I, I, I, I, P, L, P, I);
        submitCmd = b.bind("virgl_renderer_submit_cmd", I, P, I, I);
        createFence = b.bind("virgl_renderer_create_fence", I, I, I);
        contextCreateFence = b.bind("virgl_renderer_context_create_fence", I, I, I, I, L);
        createBlob = b.bind("virgl_renderer_resource_create_blob", I, P);
        resourceMap = b.bind("virgl_renderer_resource_map", I, I, P, P);
        resourceUnmap = b.bind("virgl_renderer_resource_unmap", I, I);
        getMapInfo = b.bind("virgl_renderer_resource_get_map_info", I, I, P);
    }

    // One line per C function. invokeExact can only fail on a signature mismatch, a bug here.

    int init(MemorySegment cookie, int flags, MemorySegment callbacks) {
        try { return (int) init.invokeExact(cookie, flags, callbacks); } catch (Throwable t) { throw bug("init", t); }
    }

    void cleanup(MemorySegment cookie) {
        try { cleanup.invokeExact(cookie); } catch (Throwable t) { throw bug("cleanup", t); }
    }

    void poll() {
        try { poll.invokeExact(); } catch (Throwable t) { throw bug("poll", t); }
    }

    void getCapSet(int set, MemorySegment maxVersion, MemorySegment maxSize) {
        try { getCapSet.invokeExact(set, maxVersion, maxSize); } catch (Throwable t) { throw bug("get_cap_set", t); }
    }

    void fillCaps(int set, int version, MemorySegment caps) {
        try { fillCaps.invokeExact(set, version, caps); } catch (Throwable t) { throw bug("fill_caps", t); }
    }

    int contextCreate(int ctxId, int nameLength, MemorySegment name) {
        try { return (int) contextCreate.invokeExact(ctxId, nameLength, name); } catch (Throwable t) { throw bug("context_create", t); }
    }

    int contextCreateWithFlags(int ctxId, int flags, int nameLength, MemorySegment name) {
        try { return (int) contextCreateWithFlags.invokeExact(ctxId, flags, nameLength, name); } catch (Throwable t) { throw bug("context_create_with_flags", t); }
    }

    void contextDestroy(int ctxId) {
        try { contextDestroy.invokeExact(ctxId); } catch (Throwable t) { throw bug("context_destroy", t); }
    }

    int resourceCreate(MemorySegment args, MemorySegment iov, int iovCount) {
        try { return (int) resourceCreate.invokeExact(args, iov, iovCount); } catch (Throwable t) { throw bug("resource_create", t); }
    }

    void resourceUnref(int resId) {
        try { resourceUnref.invokeExact(resId); } catch (Throwable t) { throw bug("resource_unref", t); }
    }

    int attachIov(int resId, MemorySegment iov, int iovCount) {
        try { return (int) attachIov.invokeExact(resId, iov, iovCount); } catch (Throwable t) { throw bug("resource_attach_iov", t); }
    }

    void detachIov(int resId, MemorySegment iovOut, MemorySegment countOut) {
        try { detachIov.invokeExact(resId, iovOut, countOut); } catch (Throwable t) { throw bug("resource_detach_iov", t); }
    }

    int resourceGetInfo(int resId, MemorySegment info) {
        try { return (int) resourceGetInfo.invokeExact(resId, info); } catch (Throwable t) { throw bug("resource_get_info", t); }
    }

    void ctxAttachResource(int ctxId, int resId) {
        try { ctxAttachResource.invokeExact(ctxId, resId); } catch (Throwable t) { throw bug("ctx_attach_resource", t); }
    }

    void ctxDetachResource(int ctxId, int resId) {
        try { ctxDetachResource.invokeExact(ctxId, resId); } catch (Throwable t) { throw bug("ctx_detach_resource", t); }
    }

    int transferWriteIov(int resId, int ctxId, int level, int stride, int layerStride, MemorySegment box,
                         long offset, MemorySegment iov, int iovCount) {
        try {
            return (int) transferWriteIov.invokeExact(resId, ctxId, level, stride, layerStride, box, offset, iov, iovCount);
        } catch (Throwable t) { throw bug("transfer_write_iov", t); }
    }

    int transferReadIov(int resId, int ctxId, int level, int stride, int layerStride, MemorySegment box,
                        long offset, MemorySegment iov, int iovCount) {
        try {
            return (int) transferReadIov.invokeExact(resId, ctxId, level, stride, layerStride, box, offset, iov, iovCount);
        } catch (Throwable t) { throw bug("transfer_read_iov", t); }
    }

    int submitCmd(MemorySegment buffer, int ctxId, int dwords) {
        try { return (int) submitCmd.invokeExact(buffer, ctxId, dwords); } catch (Throwable t) { throw bug("submit_cmd", t); }
    }

    int createFence(int fenceId, int ctxId) {
        try { return (int) createFence.invokeExact(fenceId, ctxId); } catch (Throwable t) { throw bug("create_fence", t); }
    }

    int contextCreateFence(int ctxId, int flags, int ringIdx, long fenceId) {
        try { return (int) contextCreateFence.invokeExact(ctxId, flags, ringIdx, fenceId); } catch (Throwable t) { throw bug("context_create_fence", t); }
    }

    int createBlob(MemorySegment args) {
        try { return (int) createBlob.invokeExact(args); } catch (Throwable t) { throw bug("resource_create_blob", t); }
    }

    int resourceMap(int resId, MemorySegment mapOut, MemorySegment sizeOut) {
        try { return (int) resourceMap.invokeExact(resId, mapOut, sizeOut); } catch (Throwable t) { throw bug("resource_map", t); }
    }

    int resourceUnmap(int resId) {
        try { return (int) resourceUnmap.invokeExact(resId); } catch (Throwable t) { throw bug("resource_unmap", t); }
    }

    int getMapInfo(int resId, MemorySegment mapInfoOut) {
        try { return (int) getMapInfo.invokeExact(resId, mapInfoOut); } catch (Throwable t) { throw bug("resource_get_map_info", t); }
    }

    private static VirglException bug(String function, Throwable t) {
        return new VirglException("virgl_renderer_" + function, "downcall failed: " + t, t);
    }
}
