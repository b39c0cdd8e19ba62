/*
 * vgwork: a guest workload that drives a virtio-gpu device through the DRM uapi only, so that
 * every command the kernel sends to the device is one a real client could cause. It exercises
 * what the device offers (2D KMS always; virgl 3D, context init and blobs when the getparams say
 * so), provokes a few errors on purpose, and prints one machine-readable line per operation:
 *
 *   vgwork op=<name> key=value ... ok=<1|0>
 *   vgwork end ok=<N> failed=<M>
 *
 * ok=1 means the operation did what was expected (for a deliberate error: that it failed).
 * Usage: vgwork [--rings] [DEVICE]. --rings adds fenced submits on rings 0, 3 and 7 of one context
 * (CONTEXT_INIT with 8 rings), with bounded fence waits.
 * Lines are flushed one by one, so a crash still leaves everything up to it in the log.
 *
 * vgwork --bench N [--warmup W] [device]: instead, W untimed rounds, then N rounds timed by the guest,
 * of fill + DIRTYFB of a BENCH_RECT square on the scanout (each a TRANSFER_TO_HOST_2D +
 * RESOURCE_FLUSH round trip):
 *   vgwork op=bench n=N warmup=W rect=256x256 seconds=S per_s=R latency_us=L ok=1
 * vgwork --bench3d N [--warmup W] [device]: the same on the 3D path: each round is a fenced
 * EXECBUFFER (a clear of a 64x64 render target, its out-fence waited for), a guest write of a 16x16
 * square, TRANSFER_TO_HOST and TRANSFER_FROM_HOST each followed by WAIT:
 *   vgwork op=bench3d n=N warmup=W seconds=S per_s=R latency_us=L ok=1
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <drm.h>
#include <drm_mode.h>

#include "vgwork_uapi.h"

#define RT_SIZE 64                 /* the 3D render target is RT_SIZE x RT_SIZE */
#define RT_STRIDE (RT_SIZE * 4)
#define FENCE_TIMEOUT_MS 5000
#define CURSOR_SIZE 64

static const char *device_path = "/dev/dri/card0";
static int ops_ok, ops_failed;

struct features {
    int has_3d, capset_fix, blob, host_visible, context_init;
    uint64_t capset_mask;
};

/* Prints one operation line and counts it. fmt holds the operation's own key=value fields. */
static void report(int ok, const char *op, const char *fmt, ...)
{
    va_list ap;
    printf("vgwork op=%s", op);
    if (fmt && *fmt) {
        putchar(' ');
        va_start(ap, fmt);
        vprintf(fmt, ap);
        va_end(ap);
    }
    printf(" ok=%d\n", ok ? 1 : 0);
    fflush(stdout);
    if (ok)
        ops_ok++;
    else
        ops_failed++;
}

/* ioctl that returns 0 or -errno, restarting on signals. */
static int xioctl(int fd, unsigned long request, void *arg)
{
    int r;
    do {
        r = ioctl(fd, request, arg);
    } while (r == -1 && (errno == EINTR || errno == EAGAIN));
    return r == -1 ? -errno : 0;
}

static int open_device(void)
{
    int fd = open(device_path, O_RDWR | O_CLOEXEC);
    if (fd < 0)
        report(0, "open", "path=%s err=%d", device_path, -errno);
    return fd;
}

static int getparam(int fd, uint64_t param, int *value)
{
    struct vg_getparam gp = { .param = param, .value = (uintptr_t)value };
    *value = 0;
    return xioctl(fd, VG_IOCTL_GETPARAM, &gp);
}

static struct features query_features(int fd)
{
    struct features f = { 0 };
    int mask = 0;
    getparam(fd, VG_PARAM_3D_FEATURES, &f.has_3d);
    getparam(fd, VG_PARAM_CAPSET_QUERY_FIX, &f.capset_fix);
    getparam(fd, VG_PARAM_RESOURCE_BLOB, &f.blob);
    getparam(fd, VG_PARAM_HOST_VISIBLE, &f.host_visible);
    getparam(fd, VG_PARAM_CONTEXT_INIT, &f.context_init);
    if (getparam(fd, VG_PARAM_SUPPORTED_CAPSET_IDS, &mask) == 0)
        f.capset_mask = (uint32_t)mask;
    report(1, "features", "3d=%d capset_fix=%d blob=%d host_visible=%d context_init=%d capset_mask=0x%llx",
           f.has_3d, f.capset_fix, f.blob, f.host_visible, f.context_init,
           (unsigned long long)f.capset_mask);
    return f;
}

/* mmap()s size bytes of a buffer object at the fake offset that MAP or MAP_DUMB returned. */
static void *map_offset(int fd, uint64_t offset, size_t size)
{
    void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, (off_t)offset);
    return p == MAP_FAILED ? NULL : p;
}

static void gem_close(int fd, uint32_t handle, const char *what)
{
    struct drm_gem_close c = { .handle = handle };
    int r = xioctl(fd, DRM_IOCTL_GEM_CLOSE, &c);
    report(r == 0, "gem_close", "what=%s bo=%u ret=%d", what, handle, r);
}

/* ---------------------------------------------------------------- 2D: KMS on a dumb buffer */

struct dumb {
    uint32_t handle, pitch, width, height;
    uint64_t size;
    uint32_t *pixels;
};

static int dumb_create(int fd, uint32_t w, uint32_t h, struct dumb *d, const char *what)
{
    struct drm_mode_create_dumb c = { .width = w, .height = h, .bpp = 32 };
    struct drm_mode_map_dumb m = { 0 };
    int r = xioctl(fd, DRM_IOCTL_MODE_CREATE_DUMB, &c);
    if (r == 0) {
        m.handle = c.handle;
        r = xioctl(fd, DRM_IOCTL_MODE_MAP_DUMB, &m);
    }
    *d = (struct dumb){ .handle = c.handle, .pitch = c.pitch, .width = w, .height = h, .size = c.size };
    if (r == 0 && !(d->pixels = map_offset(fd, m.offset, c.size)))
        r = -errno;
    report(r == 0, "create_dumb", "what=%s bo=%u w=%u h=%u pitch=%u size=%llu ret=%d", what, c.handle,
           w, h, c.pitch, (unsigned long long)c.size, r);
    return r;
}

static void dumb_fill(struct dumb *d, uint32_t x0, uint32_t y0, uint32_t w, uint32_t h, uint32_t argb)
{
    for (uint32_t y = y0; y < y0 + h && y < d->height; y++)
        for (uint32_t x = x0; x < x0 + w && x < d->width; x++)
            d->pixels[y * (d->pitch / 4) + x] = argb;
}

static void dumb_destroy(int fd, struct dumb *d, const char *what)
{
    struct drm_mode_destroy_dumb dd = { .handle = d->handle };
    int r;
    if (d->pixels)
        munmap(d->pixels, d->size);
    r = xioctl(fd, DRM_IOCTL_MODE_DESTROY_DUMB, &dd);
    report(r == 0, "destroy_dumb", "what=%s bo=%u ret=%d", what, d->handle, r);
}

struct output {
    uint32_t crtc_id, connector_id;
    struct drm_mode_modeinfo mode;
};

/* Finds the first connected connector with a mode, and the first CRTC. */
static int find_output(int fd, struct output *out)
{
    struct drm_mode_card_res res = { 0 };
    uint32_t crtcs[8], connectors[8];
    int r = xioctl(fd, DRM_IOCTL_MODE_GETRESOURCES, &res);
    if (r == 0 && (res.count_crtcs == 0 || res.count_connectors == 0))
        r = -ENODEV;
    if (r == 0) {
        res.count_crtcs = res.count_crtcs > 8 ? 8 : res.count_crtcs;
        res.count_connectors = res.count_connectors > 8 ? 8 : res.count_connectors;
        res.count_fbs = res.count_encoders = 0;
        res.crtc_id_ptr = (uintptr_t)crtcs;
        res.connector_id_ptr = (uintptr_t)connectors;
        r = xioctl(fd, DRM_IOCTL_MODE_GETRESOURCES, &res);
    }
    for (uint32_t i = 0; r == 0 && i < res.count_connectors; i++) {
        struct drm_mode_get_connector conn = { .connector_id = connectors[i] };
        struct drm_mode_modeinfo modes[32];
        if (xioctl(fd, DRM_IOCTL_MODE_GETCONNECTOR, &conn) != 0 || conn.count_modes == 0)
            continue;
        conn.count_modes = conn.count_modes > 32 ? 32 : conn.count_modes;
        conn.count_props = conn.count_encoders = 0;
        conn.modes_ptr = (uintptr_t)modes;
        if (xioctl(fd, DRM_IOCTL_MODE_GETCONNECTOR, &conn) != 0 || conn.connection != 1)
            continue;
        out->crtc_id = crtcs[0];
        out->connector_id = connectors[i];
        out->mode = modes[0];
        report(1, "find_output", "crtc=%u connector=%u mode=%ux%u@%u", out->crtc_id, out->connector_id,
               out->mode.hdisplay, out->mode.vdisplay, out->mode.vrefresh);
        return 0;
    }
    report(0, "find_output", "crtcs=%u connectors=%u ret=%d", res.count_crtcs, res.count_connectors,
           r ? r : -ENODEV);
    return r ? r : -ENODEV;
}

static int set_crtc(int fd, const struct output *out, uint32_t fb_id)
{
    struct drm_mode_crtc c = {
        .set_connectors_ptr = (uintptr_t)&out->connector_id,
        .count_connectors = 1,
        .crtc_id = out->crtc_id,
        .fb_id = fb_id,
        .mode_valid = 1,
        .mode = out->mode,
    };
    return xioctl(fd, DRM_IOCTL_MODE_SETCRTC, &c);
}

static void exercise_cursor(int fd, const struct output *out)
{
    struct dumb cursor;
    if (dumb_create(fd, CURSOR_SIZE, CURSOR_SIZE, &cursor, "cursor") != 0)
        return;
    dumb_fill(&cursor, 0, 0, CURSOR_SIZE, CURSOR_SIZE, 0x80ff0000);
    struct drm_mode_cursor set = { .flags = DRM_MODE_CURSOR_BO, .crtc_id = out->crtc_id,
                                   .width = CURSOR_SIZE, .height = CURSOR_SIZE, .handle = cursor.handle };
    int r = xioctl(fd, DRM_IOCTL_MODE_CURSOR, &set);
    report(r == 0, "cursor_set", "bo=%u w=%d h=%d ret=%d", cursor.handle, CURSOR_SIZE, CURSOR_SIZE, r);
    for (int i = 1; r == 0 && i <= 3; i++) {
        struct drm_mode_cursor move = { .flags = DRM_MODE_CURSOR_MOVE, .crtc_id = out->crtc_id,
                                        .x = 40 * i, .y = 30 * i };
        int m = xioctl(fd, DRM_IOCTL_MODE_CURSOR, &move);
        report(m == 0, "cursor_move", "x=%d y=%d ret=%d", move.x, move.y, m);
    }
    struct drm_mode_cursor hide = { .flags = DRM_MODE_CURSOR_BO, .crtc_id = out->crtc_id };
    r = xioctl(fd, DRM_IOCTL_MODE_CURSOR, &hide);
    report(r == 0, "cursor_hide", "ret=%d", r);
    dumb_destroy(fd, &cursor, "cursor");
}

/* Dumb buffer -> framebuffer -> SETCRTC (SET_SCANOUT) -> pixels + DIRTYFB (transfer + flush) ->
 * cursor (UPDATE/MOVE_CURSOR) -> RMFB (scanout disabled) -> destroy. */
static void exercise_2d(int fd, struct output *out)
{
    struct dumb fb;
    int r;
    if (find_output(fd, out) != 0)
        return;
    if (dumb_create(fd, out->mode.hdisplay, out->mode.vdisplay, &fb, "scanout") != 0)
        return;
    dumb_fill(&fb, 0, 0, fb.width, fb.height, 0xff202020);

    struct drm_mode_fb_cmd add = { .width = fb.width, .height = fb.height, .pitch = fb.pitch,
                                   .bpp = 32, .depth = 24, .handle = fb.handle };
    r = xioctl(fd, DRM_IOCTL_MODE_ADDFB, &add);
    report(r == 0, "add_fb", "fb=%u bo=%u w=%u h=%u ret=%d", add.fb_id, fb.handle, fb.width, fb.height, r);
    if (r == 0) {
        r = set_crtc(fd, out, add.fb_id);
        report(r == 0, "set_crtc", "crtc=%u fb=%u connector=%u ret=%d", out->crtc_id, add.fb_id,
               out->connector_id, r);
        /* SETCRTC queues a transfer of the whole buffer and returns before the device has read it
         * (the kernel waits at most 50 ms for the flush). The squares below are drawn into the same
         * buffer: drawn too early, they show in this frame on a slow device (TCG, a proxy) but not
         * in a replay of the transfer's recorded memory. Nothing tells a 2D guest when the device
         * read a dumb buffer, so give it time. */
        usleep(500 * 1000);

        for (int i = 0; i < 3; i++) {
            struct drm_clip_rect clip = { .x1 = 100 * i, .y1 = 50, .x2 = 100 * i + 64, .y2 = 114 };
            dumb_fill(&fb, clip.x1, clip.y1, 64, 64, 0xff000000 | (0x40u << (8 * i)));
            struct drm_mode_fb_dirty_cmd dirty = { .fb_id = add.fb_id, .num_clips = 1,
                                                   .clips_ptr = (uintptr_t)&clip };
            int d = xioctl(fd, DRM_IOCTL_MODE_DIRTYFB, &dirty);
            report(d == 0, "dirty_fb", "fb=%u x=%u y=%u w=64 h=64 ret=%d", add.fb_id, clip.x1, clip.y1, d);
        }
        if (r == 0)
            exercise_cursor(fd, out);

        uint32_t fb_id = add.fb_id;
        r = xioctl(fd, DRM_IOCTL_MODE_RMFB, &fb_id);
        report(r == 0, "rm_fb", "fb=%u ret=%d", fb_id, r);
    }
    dumb_destroy(fd, &fb, "scanout");
}

#define BENCH_RECT 256

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The overhead benchmark: guest-measured DIRTYFB rounds per second on the 2D path, after warmup
 * rounds that let the host side reach its steady state (a JIT-compiled proxy, warm caches). */
static int bench_2d(int fd, int rounds, int warmup)
{
    struct output out = { 0 };
    struct dumb fb;
    if (find_output(fd, &out) != 0 || dumb_create(fd, out.mode.hdisplay, out.mode.vdisplay, &fb, "bench") != 0)
        return 1;
    struct drm_mode_fb_cmd add = { .width = fb.width, .height = fb.height, .pitch = fb.pitch,
                                   .bpp = 32, .depth = 24, .handle = fb.handle };
    int r = xioctl(fd, DRM_IOCTL_MODE_ADDFB, &add);
    if (r == 0)
        r = set_crtc(fd, &out, add.fb_id);
    double start = now_seconds();
    int failed = 0;
    for (int i = -warmup; r == 0 && i < rounds; i++) {
        if (i == 0)
            start = now_seconds();
        struct drm_clip_rect clip = { .x1 = 0, .y1 = 0, .x2 = BENCH_RECT, .y2 = BENCH_RECT };
        dumb_fill(&fb, 0, 0, BENCH_RECT, BENCH_RECT, 0xff000000u | (uint32_t)(i * 0x010203));
        struct drm_mode_fb_dirty_cmd dirty = { .fb_id = add.fb_id, .num_clips = 1, .clips_ptr = (uintptr_t)&clip };
        failed += xioctl(fd, DRM_IOCTL_MODE_DIRTYFB, &dirty) != 0;
    }
    double seconds = now_seconds() - start;
    report(r == 0 && failed == 0, "bench", "n=%d warmup=%d rect=%dx%d seconds=%.3f per_s=%.1f latency_us=%.1f failed=%d ret=%d",
           rounds, warmup, BENCH_RECT, BENCH_RECT, seconds, rounds / seconds, seconds * 1e6 / rounds, failed, r);
    if (add.fb_id) {
        uint32_t fb_id = add.fb_id;
        xioctl(fd, DRM_IOCTL_MODE_RMFB, &fb_id);
    }
    dumb_destroy(fd, &fb, "bench");
    return ops_failed ? 1 : 0;
}

/* ---------------------------------------------------------------- 3D: virgl */

struct context {
    int fd;
    int label;     /* vgwork's own number for this DRM file; the kernel picks the ctx_id */
    int num_rings; /* > 0 when created through CONTEXT_INIT */
};

static void get_caps(int fd, const struct features *f)
{
    static uint32_t caps[1024];
    uint32_t ids[] = { VG_CAPSET_VIRGL, VG_CAPSET_VIRGL2 };
    for (unsigned i = 0; i < (f->capset_fix ? 2u : 1u); i++) {
        struct vg_get_caps gc = { .cap_set_id = ids[i], .cap_set_ver = 0, .addr = (uintptr_t)caps,
                                  .size = sizeof(caps) };
        memset(caps, 0, sizeof(caps));
        int r = xioctl(fd, VG_IOCTL_GET_CAPS, &gc);
        report(r == 0, "get_caps", "capset=%u ver=0 size=%zu max_version=%u ret=%d", ids[i], sizeof(caps),
               caps[0], r);
    }
}

/* CONTEXT_INIT with capset VIRGL2 and num_rings rings (fences of the rings in poll_mask also
 * post an event on the DRM fd) when the device offers it; otherwise the kernel creates a plain
 * virgl context on the file's first 3D ioctl. */
static int context_open_rings(struct context *c, int label, const struct features *f, int num_rings,
                              uint64_t poll_mask)
{
    *c = (struct context){ .fd = open_device(), .label = label };
    if (c->fd < 0)
        return -1;
    if (!f->context_init) {
        report(1, "context", "ctx=%d init=implicit", label);
        return 0;
    }
    struct vg_context_set_param params[] = {
        { VG_CONTEXT_PARAM_CAPSET_ID, VG_CAPSET_VIRGL2 },
        { VG_CONTEXT_PARAM_NUM_RINGS, (uint64_t)num_rings },
        { VG_CONTEXT_PARAM_POLL_RINGS_MASK, poll_mask },
    };
    struct vg_context_init init = { .num_params = poll_mask ? 3 : 2, .ctx_set_params = (uintptr_t)params };
    int r = xioctl(c->fd, VG_IOCTL_CONTEXT_INIT, &init);
    c->num_rings = r == 0 ? num_rings : 0;
    report(r == 0, "context_init", "ctx=%d capset=%d num_rings=%d poll_rings_mask=0x%llx ret=%d", label,
           VG_CAPSET_VIRGL2, num_rings, (unsigned long long)poll_mask, r);
    return r;
}

static int context_open(struct context *c, int label, const struct features *f)
{
    return context_open_rings(c, label, f, 2, 0);
}

static void context_close(struct context *c)
{
    close(c->fd);
    report(1, "context_close", "ctx=%d", c->label);
}

static int wait_fence(int fence_fd, int label)
{
    struct pollfd p = { .fd = fence_fd, .events = POLLIN };
    int r = poll(&p, 1, FENCE_TIMEOUT_MS);
    int ok = r == 1 && (p.revents & POLLIN);
    report(ok, "fence_wait", "ctx=%d fence_fd=%d signalled=%d", label, fence_fd, ok);
    close(fence_fd);
    return ok ? 0 : -ETIMEDOUT;
}

/* EXECBUFFER with an out-fence, on ring 0 when the context has rings, then waits on the fence. */
static int submit(struct context *c, const uint32_t *cmds, uint32_t ndw, uint32_t *bo, const char *what)
{
    struct vg_execbuffer eb = {
        .flags = VG_EXECBUF_FENCE_FD_OUT | (c->num_rings ? VG_EXECBUF_RING_IDX : 0),
        .size = ndw * 4,
        .command = (uintptr_t)cmds,
        .bo_handles = (uintptr_t)bo,
        .num_bo_handles = bo ? 1 : 0,
        .fence_fd = -1,
        .ring_idx = 0,
    };
    int r = xioctl(c->fd, VG_IOCTL_EXECBUFFER, &eb);
    report(r == 0 && eb.fence_fd >= 0, "submit", "what=%s ctx=%d ring=%s size=%u fence_fd=%d ret=%d", what,
           c->label, c->num_rings ? "0" : "none", eb.size, eb.fence_fd, r);
    if (r != 0 || eb.fence_fd < 0)
        return r ? r : -EINVAL;
    return wait_fence(eb.fence_fd, c->label);
}

struct render_target {
    uint32_t bo, res;
    uint32_t *pixels;
};

static int create_render_target(struct context *c, struct render_target *rt)
{
    struct vg_resource_create rc = {
        .target = PIPE_TEXTURE_2D, .format = VIRGL_FORMAT_B8G8R8X8_UNORM, .bind = VIRGL_BIND_RENDER_TARGET,
        .width = RT_SIZE, .height = RT_SIZE, .depth = 1, .array_size = 1,
        .size = RT_STRIDE * RT_SIZE, .stride = RT_STRIDE,
    };
    int r = xioctl(c->fd, VG_IOCTL_RESOURCE_CREATE, &rc);
    *rt = (struct render_target){ .bo = rc.bo_handle, .res = rc.res_handle };
    report(r == 0, "create_3d", "ctx=%d res_handle=%u bo=%u w=%d h=%d fmt=%d ret=%d", c->label, rc.res_handle,
           rc.bo_handle, RT_SIZE, RT_SIZE, VIRGL_FORMAT_B8G8R8X8_UNORM, r);
    if (r != 0)
        return r;
    struct vg_map m = { .handle = rt->bo };
    r = xioctl(c->fd, VG_IOCTL_MAP, &m);
    if (r == 0 && !(rt->pixels = map_offset(c->fd, m.offset, RT_STRIDE * RT_SIZE)))
        r = -errno;
    report(r == 0, "map", "ctx=%d bo=%u offset=0x%llx ret=%d", c->label, rt->bo, (unsigned long long)m.offset, r);
    return r;
}

static float channel(uint32_t rgb, int shift)
{
    return (float)((rgb >> shift) & 0xff) / 255.0f;
}

/* A real virgl command stream: create surface object `surface` (a handle new to the context) on
 * the resource, make it colour buffer 0 of the framebuffer, clear it to rgb. Returns the number
 * of dwords written. */
static uint32_t encode_clear(uint32_t *cmd, uint32_t res, uint32_t rgb, uint32_t surface)
{
    uint32_t n = 0;
    union { float f; uint32_t u; } colour[4] = {
        { .f = channel(rgb, 16) }, { .f = channel(rgb, 8) }, { .f = channel(rgb, 0) }, { .f = 1.0f } };
    cmd[n++] = VIRGL_CMD0(VIRGL_CCMD_CREATE_OBJECT, VIRGL_OBJECT_SURFACE, VIRGL_OBJ_SURFACE_SIZE);
    cmd[n++] = surface;
    cmd[n++] = res;
    cmd[n++] = VIRGL_FORMAT_B8G8R8X8_UNORM;
    cmd[n++] = 0; /* level */
    cmd[n++] = 0; /* first layer | last layer << 16 */
    cmd[n++] = VIRGL_CMD0(VIRGL_CCMD_SET_FRAMEBUFFER_STATE, 0, VIRGL_SET_FRAMEBUFFER_STATE_SIZE(1));
    cmd[n++] = 1;       /* nr_cbufs */
    cmd[n++] = 0;       /* no depth/stencil surface */
    cmd[n++] = surface; /* cbuf 0 */
    cmd[n++] = VIRGL_CMD0(VIRGL_CCMD_CLEAR, 0, VIRGL_OBJ_CLEAR_SIZE);
    cmd[n++] = PIPE_CLEAR_COLOR0;
    for (int i = 0; i < 4; i++)
        cmd[n++] = colour[i].u;
    cmd[n++] = 0; /* depth, a double: two dwords */
    cmd[n++] = 0;
    cmd[n++] = 0; /* stencil */
    return n;
}

static int transfer(struct context *c, const struct render_target *rt, int from_host, struct vg_box box)
{
    /* stride must stay 0: the kernel accepts one only for HOST3D blobs (-EINVAL otherwise). */
    struct vg_transfer t = { .bo_handle = rt->bo, .box = box };
    int r = xioctl(c->fd, from_host ? VG_IOCTL_TRANSFER_FROM_HOST : VG_IOCTL_TRANSFER_TO_HOST, &t);
    struct vg_wait w = { .handle = rt->bo };
    int wr = r == 0 ? xioctl(c->fd, VG_IOCTL_WAIT, &w) : r;
    report(r == 0 && wr == 0, from_host ? "transfer_from_host" : "transfer_to_host",
           "ctx=%d bo=%u x=%u y=%u w=%u h=%u ret=%d wait=%d", c->label, rt->bo, box.x, box.y, box.w, box.h, r, wr);
    return r ? r : wr;
}

/* Clears a fresh render target on the GPU, reads it back and checks every pixel, then writes a
 * square from the guest side and sends it to the host. */
static void render_and_check(struct context *c, uint32_t rgb)
{
    struct render_target rt;
    uint32_t cmd[32];
    if (create_render_target(c, &rt) != 0)
        return;
    uint32_t n = encode_clear(cmd, rt.res, rgb, 1);
    if (submit(c, cmd, n, &rt.bo, "clear") == 0) {
        struct vg_box all = { .w = RT_SIZE, .h = RT_SIZE, .d = 1 };
        if (transfer(c, &rt, 1, all) == 0) {
            int matching = 0;
            for (int i = 0; i < RT_SIZE * RT_SIZE; i++)
                matching += (rt.pixels[i] & 0xffffff) == rgb;
            report(matching == RT_SIZE * RT_SIZE, "readback", "ctx=%d res_handle=%u pixel=0x%08x expect=0x%06x matching=%d/%d",
                   c->label, rt.res, rt.pixels[0], rgb, matching, RT_SIZE * RT_SIZE);
        }
        for (int y = 0; y < 16; y++)
            for (int x = 0; x < 16; x++)
                rt.pixels[y * RT_SIZE + x] = 0xff00ff00;
        transfer(c, &rt, 0, (struct vg_box){ .w = 16, .h = 16, .d = 1 });
    }
    munmap(rt.pixels, RT_STRIDE * RT_SIZE);
    gem_close(c->fd, rt.bo, "render_target");
}

/* The 3D overhead benchmark (--bench3d): fenced submits and transfers, guest-timed after warmup rounds,
 * with no per-operation output inside the loop (each line costs a serial write under TCG). */
static int bench_3d(int fd, int rounds, int warmup)
{
    struct features f = query_features(fd);
    struct context c;
    struct render_target rt;
    if (!f.has_3d || context_open(&c, 1, &f) != 0 || create_render_target(&c, &rt) != 0)
        return 1;
    uint32_t cmd[32];
    int failed = 0;
    double start = now_seconds();
    for (int i = -warmup; i < rounds && failed == 0; i++) {
        if (i == 0)
            start = now_seconds();
        uint32_t n = encode_clear(cmd, rt.res, (uint32_t)i * 0x010203u & 0xffffff, (uint32_t)(i + warmup + 1));
        struct vg_execbuffer eb = {
            .flags = VG_EXECBUF_FENCE_FD_OUT | (c.num_rings ? VG_EXECBUF_RING_IDX : 0), .size = n * 4,
            .command = (uintptr_t)cmd, .bo_handles = (uintptr_t)&rt.bo, .num_bo_handles = 1, .fence_fd = -1,
        };
        if (xioctl(c.fd, VG_IOCTL_EXECBUFFER, &eb) != 0 || eb.fence_fd < 0) {
            failed++;
            break;
        }
        struct pollfd p = { .fd = eb.fence_fd, .events = POLLIN };
        failed += poll(&p, 1, FENCE_TIMEOUT_MS) != 1;
        close(eb.fence_fd);
        for (int y = 0; y < 16; y++)
            for (int x = 0; x < 16; x++)
                rt.pixels[y * RT_SIZE + x] = 0xff000000u | (uint32_t)i;
        for (int from_host = 0; from_host < 2; from_host++) {
            struct vg_transfer t = { .bo_handle = rt.bo, .box = { .w = from_host ? RT_SIZE : 16, .h = from_host ? RT_SIZE : 16, .d = 1 } };
            struct vg_wait w = { .handle = rt.bo };
            failed += xioctl(c.fd, from_host ? VG_IOCTL_TRANSFER_FROM_HOST : VG_IOCTL_TRANSFER_TO_HOST, &t) != 0;
            failed += xioctl(c.fd, VG_IOCTL_WAIT, &w) != 0;
        }
    }
    double seconds = now_seconds() - start;
    report(failed == 0, "bench3d", "n=%d warmup=%d seconds=%.3f per_s=%.1f latency_us=%.1f failed=%d", rounds, warmup,
           seconds, rounds / seconds, seconds * 1e6 / rounds, failed);
    munmap(rt.pixels, RT_STRIDE * RT_SIZE);
    gem_close(c.fd, rt.bo, "render_target");
    context_close(&c);
    return ops_failed ? 1 : 0;
}

/* ---------------------------------------------------------------- blobs */

static void exercise_guest_blob(struct context *c)
{
    const size_t size = 4 * 4096;
    struct vg_resource_create_blob b = { .blob_mem = VG_BLOB_MEM_GUEST, .blob_flags = VG_BLOB_FLAG_USE_MAPPABLE,
                                         .size = size };
    int r = xioctl(c->fd, VG_IOCTL_RESOURCE_CREATE_BLOB, &b);
    report(r == 0, "create_blob", "ctx=%d mem=guest flags=mappable res_handle=%u bo=%u size=%zu ret=%d",
           c->label, b.res_handle, b.bo_handle, size, r);
    if (r != 0)
        return;
    struct vg_map m = { .handle = b.bo_handle };
    uint8_t *p = NULL;
    r = xioctl(c->fd, VG_IOCTL_MAP, &m);
    if (r == 0 && !(p = map_offset(c->fd, m.offset, size)))
        r = -errno;
    if (p) {
        memset(p, 0x5a, size);
        munmap(p, size);
    }
    report(r == 0, "map_blob", "ctx=%d bo=%u offset=0x%llx wrote=%zu ret=%d", c->label, b.bo_handle,
           (unsigned long long)m.offset, p ? size : 0, r);
    gem_close(c->fd, b.bo_handle, "guest_blob");
}

/* A HOST3D blob is backed by a host object that a virgl PIPE_RESOURCE_CREATE in the same ioctl
 * allocates under blob_id. */
static void exercise_host3d_blob(struct context *c)
{
    const uint32_t size = 4096, blob_id = 1;
    uint32_t cmd[1 + VIRGL_PIPE_RES_CREATE_SIZE] = {
        VIRGL_CMD0(VIRGL_CCMD_PIPE_RESOURCE_CREATE, 0, VIRGL_PIPE_RES_CREATE_SIZE),
        PIPE_BUFFER, 64 /* R8_UNORM */, VIRGL_BIND_CONSTANT_BUFFER, size, 1, 1, 1, 0, 0,
        VIRGL_RESOURCE_FLAG_MAP_PERSISTENT | VIRGL_RESOURCE_FLAG_MAP_COHERENT, blob_id,
    };
    struct vg_resource_create_blob b = { .blob_mem = VG_BLOB_MEM_HOST3D, .blob_flags = VG_BLOB_FLAG_USE_MAPPABLE,
                                         .size = size, .cmd_size = sizeof(cmd), .cmd = (uintptr_t)cmd,
                                         .blob_id = blob_id };
    int r = xioctl(c->fd, VG_IOCTL_RESOURCE_CREATE_BLOB, &b);
    report(r == 0, "create_blob", "ctx=%d mem=host3d flags=mappable blob_id=%u res_handle=%u bo=%u size=%u ret=%d",
           c->label, blob_id, b.res_handle, b.bo_handle, size, r);
    if (r != 0)
        return;
    struct vg_map m = { .handle = b.bo_handle };
    uint32_t *p = NULL;
    r = xioctl(c->fd, VG_IOCTL_MAP, &m);
    if (r == 0 && !(p = map_offset(c->fd, m.offset, size)))
        r = -errno;
    uint32_t back = 0;
    if (p) {
        p[0] = 0xc0ffee11;
        back = p[0];
        munmap(p, size);
    }
    report(r == 0 && back == 0xc0ffee11, "map_blob", "ctx=%d mem=host3d bo=%u offset=0x%llx readback=0x%08x ret=%d",
           c->label, b.bo_handle, (unsigned long long)m.offset, back, r);
    gem_close(c->fd, b.bo_handle, "host3d_blob");
}

/* ---------------------------------------------------------------- rings (--rings) */

#define RINGS_NUM 8
#define RINGS_ROUNDS 3
#define RING_FENCE_TIMEOUT_MS 500 /* short: a host may never answer a ring's fence */
static const int rings_used[] = { 0, 3, 7 };
static const uint64_t rings_polled = (1u << 0) | (1u << 3) | (1u << 7);

/* EXECBUFFER of a clear with an out-fence, on ring (ring < 0: no RING_IDX), then a bounded poll on
 * the fence. QEMU 10 + virglrenderer 1.1 never signal a fence on ring > 0 of a virgl context, so
 * a fence that stays unsignalled is reported (signalled=0), not treated as a failure, except on
 * ring 0 and without a ring, where it must signal. bo may be NULL: no implicit fence on the
 * buffer, so a stuck ring cannot block a later WAIT on it. Returns 1 when the fence signalled. */
static int submit_on_ring(struct context *c, const uint32_t *cmds, uint32_t ndw, uint32_t *bo, int ring)
{
    struct vg_execbuffer eb = {
        .flags = VG_EXECBUF_FENCE_FD_OUT | (ring >= 0 ? VG_EXECBUF_RING_IDX : 0),
        .size = ndw * 4,
        .command = (uintptr_t)cmds,
        .bo_handles = (uintptr_t)bo,
        .num_bo_handles = bo ? 1 : 0,
        .fence_fd = -1,
        .ring_idx = ring >= 0 ? (uint32_t)ring : 0,
    };
    char ring_name[12] = "none";
    int r = xioctl(c->fd, VG_IOCTL_EXECBUFFER, &eb);
    int signalled = 0;
    if (r == 0 && eb.fence_fd >= 0) {
        struct pollfd p = { .fd = eb.fence_fd, .events = POLLIN };
        signalled = poll(&p, 1, RING_FENCE_TIMEOUT_MS) == 1 && (p.revents & POLLIN);
        close(eb.fence_fd);
    }
    if (ring >= 0)
        snprintf(ring_name, sizeof(ring_name), "%d", ring);
    report(r == 0 && eb.fence_fd >= 0 && (signalled || ring > 0), "submit",
           "what=clear ctx=%d ring=%s size=%u fence_fd=%d ret=%d signalled=%d", c->label, ring_name, eb.size,
           eb.fence_fd, r, signalled);
    return signalled;
}

/* Reads the fence events that POLL_RINGS_MASK queued on the DRM fd, without blocking for long. */
static int read_fence_events(int fd)
{
    int events = 0;
    struct pollfd p = { .fd = fd, .events = POLLIN };
    while (poll(&p, 1, 100) == 1 && (p.revents & POLLIN)) {
        char buf[256];
        ssize_t n = read(fd, buf, sizeof(buf));
        if (n <= 0)
            break;
        for (ssize_t at = 0; at + (ssize_t)sizeof(struct drm_event) <= n;) {
            struct drm_event e;
            memcpy(&e, buf + at, sizeof(e));
            if (e.length < sizeof(e))
                break;
            events += e.type == VG_EVENT_FENCE_SIGNALED;
            at += e.length;
        }
    }
    return events;
}

/* One context with RINGS_NUM rings: fenced clears on rings 0, 3 and 7, RINGS_ROUNDS times, then
 * work without a ring (a submit, transfers) behind them, a read-back proving the host ran every
 * clear, and the fence events of the polled rings. Never waits unboundedly on a ring's fence. */
static void exercise_rings(const struct features *f)
{
    struct context c;
    struct render_target rt;
    uint32_t cmd[32];
    int signalled_polled = 0;
    if (!f->context_init) {
        report(0, "rings", "note=no-context-init");
        return;
    }
    if (context_open_rings(&c, 3, f, RINGS_NUM, rings_polled) != 0) {
        close(c.fd);
        return;
    }
    if (create_render_target(&c, &rt) == 0) {
        uint32_t surface = 1;
        for (int round = 0; round < RINGS_ROUNDS; round++)
            for (unsigned i = 0; i < sizeof(rings_used) / sizeof(rings_used[0]); i++) {
                uint32_t rgb = 0x102030u * (uint32_t)(round + 1) + (uint32_t)rings_used[i];
                uint32_t n = encode_clear(cmd, rt.res, rgb, surface++);
                signalled_polled += submit_on_ring(&c, cmd, n, NULL, rings_used[i]);
            }
        const uint32_t last = 0x445566;
        uint32_t n = encode_clear(cmd, rt.res, last, surface);
        if (submit_on_ring(&c, cmd, n, &rt.bo, -1)) {
            struct vg_box all = { .w = RT_SIZE, .h = RT_SIZE, .d = 1 };
            if (transfer(&c, &rt, 1, all) == 0) {
                int matching = 0;
                for (int i = 0; i < RT_SIZE * RT_SIZE; i++)
                    matching += (rt.pixels[i] & 0xffffff) == last;
                report(matching == RT_SIZE * RT_SIZE, "readback", "ctx=%d res_handle=%u pixel=0x%08x expect=0x%06x matching=%d/%d",
                       c.label, rt.res, rt.pixels[0], last, matching, RT_SIZE * RT_SIZE);
            }
            transfer(&c, &rt, 0, (struct vg_box){ .w = 16, .h = 16, .d = 1 });
        }
        int events = read_fence_events(c.fd);
        report(events == signalled_polled, "ring_events", "ctx=%d poll_rings_mask=0x%llx events=%d expect=%d", c.label,
               (unsigned long long)rings_polled, events, signalled_polled);
        munmap(rt.pixels, RT_STRIDE * RT_SIZE);
        gem_close(c.fd, rt.bo, "render_target");
    }
    /* Closing the file destroys the context; fences still pending on it stay unsignalled, which
     * blocks nothing here. */
    context_close(&c);
}

/* ---------------------------------------------------------------- deliberate errors */

static void expect_failure(const char *op, int r, const char *detail)
{
    report(r < 0, op, "%s expect=fail ret=%d err=%s", detail, r, r < 0 ? strerror(-r) : "none");
}

static void exercise_errors(int fd, const struct output *out, const struct features *f)
{
    if (out->crtc_id)
        expect_failure("error_setcrtc_bad_fb", set_crtc(fd, out, 0xdead), "fb=0xdead");

    struct vg_wait w = { .handle = 0x7777 };
    expect_failure("error_wait_bad_bo", xioctl(fd, VG_IOCTL_WAIT, &w), "bo=0x7777");

    struct drm_mode_cursor cur = { .flags = DRM_MODE_CURSOR_BO, .crtc_id = out->crtc_id, .width = 64,
                                   .height = 64, .handle = 0x7777 };
    if (out->crtc_id)
        expect_failure("error_cursor_bad_bo", xioctl(fd, DRM_IOCTL_MODE_CURSOR, &cur), "bo=0x7777");

    if (!f->has_3d)
        return;
    /* These reach the host: the kernel accepts them, the host rejects them. Each runs in a
     * context of its own, since virglrenderer may refuse further work on a context after it. */
    struct context bad;
    if (context_open(&bad, 9, f) != 0)
        return;
    uint32_t bo_handle = 0x7777;
    uint32_t garbage[16];
    for (int i = 0; i < 16; i++)
        garbage[i] = 0xdeadbeef ^ (uint32_t)i;
    struct vg_execbuffer eb = { .flags = VG_EXECBUF_FENCE_FD_OUT, .size = sizeof(garbage),
                                .command = (uintptr_t)garbage, .fence_fd = -1 };
    int r = xioctl(bad.fd, VG_IOCTL_EXECBUFFER, &eb);
    report(1, "error_submit_garbage", "ctx=%d size=%u fence_fd=%d ret=%d note=host-side-error", bad.label,
           eb.size, eb.fence_fd, r);
    if (r == 0 && eb.fence_fd >= 0)
        wait_fence(eb.fence_fd, bad.label); /* does the host still signal a fence it could not run? */

    eb = (struct vg_execbuffer){ .size = sizeof(garbage), .command = (uintptr_t)garbage,
                                 .bo_handles = (uintptr_t)&bo_handle, .num_bo_handles = 1, .fence_fd = -1 };
    expect_failure("error_submit_bad_bo", xioctl(bad.fd, VG_IOCTL_EXECBUFFER, &eb), "bo=0x7777");

    struct vg_resource_create rc = { .target = PIPE_TEXTURE_2D, .format = 0xffff, .bind = VIRGL_BIND_RENDER_TARGET,
                                     .width = RT_SIZE, .height = RT_SIZE, .depth = 1, .array_size = 1,
                                     .size = 4096, .stride = RT_STRIDE };
    r = xioctl(bad.fd, VG_IOCTL_RESOURCE_CREATE, &rc);
    report(1, "error_create_3d_bad_format", "ctx=%d fmt=0xffff res_handle=%u bo=%u ret=%d note=host-side-error",
           bad.label, rc.res_handle, rc.bo_handle, r);
    if (r == 0) {
        struct vg_wait wr = { .handle = rc.bo_handle };
        r = xioctl(bad.fd, VG_IOCTL_WAIT, &wr);
        report(1, "error_create_3d_wait", "ctx=%d bo=%u ret=%d", bad.label, rc.bo_handle, r);
        gem_close(bad.fd, rc.bo_handle, "bad_format");
    }
    context_close(&bad);
}

int main(int argc, char **argv)
{
    int rings = 0, bench_rounds = 0, bench3d_rounds = 0, warmup = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--rings") == 0)
            rings = 1;
        else if (strcmp(argv[i], "--bench") == 0 && i + 1 < argc)
            bench_rounds = atoi(argv[++i]);
        else if (strcmp(argv[i], "--bench3d") == 0 && i + 1 < argc)
            bench3d_rounds = atoi(argv[++i]);
        else if (strcmp(argv[i], "--warmup") == 0 && i + 1 < argc)
            warmup = atoi(argv[++i]);
        else
            device_path = argv[i];
    }
    int fd = open_device();
    if (fd >= 0 && (bench3d_rounds > 0 || bench_rounds > 0)) {
        int rc = bench3d_rounds > 0 ? bench_3d(fd, bench3d_rounds, warmup) : bench_2d(fd, bench_rounds, warmup);
        close(fd);
        printf("vgwork end ok=%d failed=%d\n", ops_ok, ops_failed); /* the run scripts' sign that it finished */
        return rc;
    }
    if (fd < 0) {
        printf("vgwork end ok=%d failed=%d\n", ops_ok, ops_failed);
        return 1;
    }
    struct features f = query_features(fd);
    struct output out = { 0 };
    exercise_2d(fd, &out);

    if (f.has_3d) {
        struct context first, second;
        get_caps(fd, &f);
        if (context_open(&first, 1, &f) == 0) {
            render_and_check(&first, 0x336699);
            if (f.blob) {
                exercise_guest_blob(&first);
                if (f.host_visible)
                    exercise_host3d_blob(&first);
            }
            if (context_open(&second, 2, &f) == 0) {
                render_and_check(&second, 0x996633);
                context_close(&second);
            }
            context_close(&first);
        }
    } else if (f.blob) {
        struct context plain = { .fd = fd, .label = 0 };
        exercise_guest_blob(&plain);
    }

    if (rings)
        exercise_rings(&f);
    exercise_errors(fd, &out, &f);
    close(fd);
    printf("vgwork end ok=%d failed=%d\n", ops_ok, ops_failed);
    fflush(stdout);
    return ops_failed ? 1 : 0;
}
