/*
 * A stand-in for QEMU's virtio-gpu modules in the shim's tests, with the same exported functions and
 * the same way of calling them: through the PLT, and the processor's address through the GOT. It
 * answers commands as QEMU's virgl device does (fenced ones when their fence signals, ring 7 never,
 * RESOURCE_UNMAP_BLOB suspended once and run again). Built as hw-display-virtio-gpu-standin.so.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>

typedef struct {
    unsigned int index, len, ndescs, out_num, in_num;
    uint64_t *in_addr, *out_addr;
    struct iovec *in_sg, *out_sg;
} vq_element;

typedef struct {
    vq_element elem;
    void *vq;
    uint8_t cmd_hdr[24];
    uint32_t error;
    bool finished;
    void *next[2];
} ctrl_command;

typedef struct {
    int version;
    void (*write_fence)(void *cookie, uint32_t fence);
    void *create_gl_context, *destroy_gl_context, *make_current, *get_drm_fd;
    void (*write_context_fence)(void *cookie, uint32_t ctx_id, uint32_t ring_idx, uint64_t fence_id);
    void *get_server_fd, *get_egl_display;
} callbacks;

int virgl_renderer_init(void *cookie, int flags, callbacks *cb);
int virgl_renderer_resource_map(uint32_t res, void **map, uint64_t *size);
int virgl_renderer_resource_unmap(uint32_t res);
void virgl_renderer_poll(void);
void cpu_physical_memory_rw(uint64_t addr, void *buf, uint64_t len, bool is_write);

void virtio_gpu_ctrl_response(void *g, ctrl_command *cmd, uint8_t *resp, size_t len);

static ctrl_command *fenced[16];
static int nfenced;
static uint8_t *mapped;
static uint64_t backing_addr;
static uint32_t backing_len;
static bool unmap_suspended;

static uint32_t u32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static uint64_t u64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return v; }

void virtio_gpu_ctrl_response(void *g, ctrl_command *cmd, uint8_t *resp, size_t len)
{
    (void)g;
    if (u32(cmd->cmd_hdr + 4) & 1) { /* echo the fence, as QEMU does inside this function */
        uint32_t flags = u32(resp + 4) | 1;
        memcpy(resp + 4, &flags, 4);
        memcpy(resp + 8, cmd->cmd_hdr + 8, 8);
        memcpy(resp + 16, cmd->cmd_hdr + 16, 4);
    }
    if (cmd->elem.in_num) memcpy(cmd->elem.in_sg[0].iov_base, resp, len < cmd->elem.in_sg[0].iov_len ? len : cmd->elem.in_sg[0].iov_len);
    cmd->finished = true;
}

static void answer(ctrl_command *cmd, uint32_t type, uint32_t word24)
{
    uint8_t resp[32] = {0};
    memcpy(resp, &type, 4);
    memcpy(resp + 24, &word24, 4);
    virtio_gpu_ctrl_response(NULL, cmd, resp, type == 0x1106 ? 32 : 24);
}

bool virtio_gpu_base_device_realize(void *qdev, void *a, void *b, void **errp)
{
    (void)qdev, (void)a, (void)b, (void)errp;
    return true;
}

static void on_fence(void *cookie, uint32_t fence)
{
    (void)cookie;
    for (int i = 0; i < nfenced; i++)
        if (fenced[i] && !(u32(fenced[i]->cmd_hdr + 4) & 2) && u64(fenced[i]->cmd_hdr + 8) <= fence) {
            answer(fenced[i], 0x1100, 0);
            fenced[i] = NULL;
        }
}

static void on_context_fence(void *cookie, uint32_t ctx, uint32_t ring, uint64_t fence)
{
    (void)cookie;
    for (int i = 0; i < nfenced; i++)
        if (fenced[i] && (u32(fenced[i]->cmd_hdr + 4) & 2) && u32(fenced[i]->cmd_hdr + 16) == ctx &&
            fenced[i]->cmd_hdr[20] == ring && u64(fenced[i]->cmd_hdr + 8) <= fence) {
            answer(fenced[i], 0x1100, 0);
            fenced[i] = NULL;
        }
}

static callbacks cbs = {.version = 4, .write_fence = on_fence, .write_context_fence = on_context_fence};

void virtio_gpu_virgl_process_cmd(void *g, ctrl_command *cmd)
{
    (void)g;
    uint8_t b[128] = {0};
    size_t at = 0;
    for (unsigned i = 0; i < cmd->elem.out_num && at < sizeof b; i++) {
        size_t n = cmd->elem.out_sg[i].iov_len;
        if (n > sizeof b - at) n = sizeof b - at;
        memcpy(b + at, cmd->elem.out_sg[i].iov_base, n);
        at += n;
    }
    memcpy(cmd->cmd_hdr, b, 24);
    uint32_t type = u32(b), flags = u32(b + 4), res = u32(b + 24);
    switch (type) {
    case 0x106: /* ATTACH_BACKING: keep the first entry, for read-backs */
        backing_addr = u64(b + 32);
        backing_len = u32(b + 40);
        break;
    case 0x206: { /* TRANSFER_FROM_HOST_3D: the device writes the resource's backing */
        uint8_t fill[4096];
        memset(fill, 0x5a, sizeof fill);
        cpu_physical_memory_rw(backing_addr, fill, backing_len < sizeof fill ? backing_len : sizeof fill, true);
        break;
    }
    case 0x208: { /* MAP_BLOB */
        void *p = NULL;
        uint64_t size = 0;
        virgl_renderer_resource_map(res, &p, &size);
        mapped = p;
        answer(cmd, 0x1106, 1);
        return;
    }
    case 0x209: /* UNMAP_BLOB: suspended once, as QEMU waits for the unmap, then run again */
        if (!unmap_suspended) {
            unmap_suspended = true;
            return;
        }
        virgl_renderer_resource_unmap(res);
        mapped = NULL;
        break;
    default:
        break;
    }
    if (flags & 1) {
        fenced[nfenced++] = cmd;
        return;
    }
    answer(cmd, 0x1100, 0);
}

/* What QEMU does at realize and in class init: the processor's address goes through the GOT. */
void *standin_processor(void) { return (void *)virtio_gpu_virgl_process_cmd; }
bool standin_realize(void *qdev) { return virtio_gpu_base_device_realize(qdev, NULL, NULL, NULL); }
int standin_virgl_init(void) { return virgl_renderer_init(&cbs, 0, &cbs); }
void standin_poll(void) { virgl_renderer_poll(); }
/* The guest writing through its mapping of the blob. */
void standin_write_blob(const char *text) { if (mapped) memcpy(mapped, text, strlen(text)); }
