/*
 * A stand-in QEMU for the shim's tests (its name starts with qemu-system-, so the shim records it):
 * exports the functions the shim takes from QEMU's executable over a 1 MiB guest RAM, loads the
 * stand-in module as QEMU loads its modules (dlopen, local), realizes the device and runs a fixed
 * command script through the processor the module stores, with elements laid out as QEMU lays them
 * out. ShimCaptureTest checks what the shim recorded against this script.
 *
 * Options: --version MAJOR (what qmp_query_version says, default 10), --bad-layout (the fourth
 * command's element does not add up), --close-after N (nothing: the test closes the socket).
 */
#include <dlfcn.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>

#define RAM (1u << 20)
static uint8_t ram[RAM];
static int64_t major = 10;

void cpu_physical_memory_rw(uint64_t addr, void *buf, uint64_t len, bool is_write)
{
    if (addr >= RAM || len > RAM - addr) {
        if (!is_write) memset(buf, 0xff, len);
        return;
    }
    if (is_write) memcpy(ram + addr, buf, len);
    else memcpy(buf, ram + addr, len);
}

typedef struct { int64_t major, minor, micro; } version_triple;
typedef struct { version_triple *qemu; char *package; } version_info;

version_info *qmp_query_version(void **errp)
{
    (void)errp;
    static version_triple t;
    static version_info v = {&t, "stand-in"};
    t.major = major;
    t.minor = 2;
    t.micro = 0;
    return &v;
}

const char *object_get_typename(void *obj)
{
    (void)obj;
    return "virtio-gpu-gl-device";
}

typedef struct {
    unsigned int index, len, ndescs, out_num, in_num;
    uint64_t *in_addr, *out_addr;
    struct iovec *in_sg, *out_sg;
} vq_element;

#define CMD_SIZE 112 /* sizeof(struct virtio_gpu_ctrl_command) in QEMU 10 */

/* An element as virtqueue_pop makes it: the command, then in_addr, out_addr, in_sg, out_sg. */
static vq_element *element(const uint8_t *bytes, size_t len, size_t split)
{
    unsigned out_num = split ? 2 : 1, in_num = 1;
    size_t in_addr = CMD_SIZE, out_addr = in_addr + 8 * in_num, in_sg = out_addr + 8 * out_num,
           out_sg = in_sg + 16 * in_num, end = out_sg + 16 * out_num;
    uint8_t *e = calloc(1, end);
    vq_element *v = (vq_element *)e;
    v->out_num = out_num;
    v->in_num = in_num;
    v->in_addr = (uint64_t *)(e + in_addr);
    v->out_addr = (uint64_t *)(e + out_addr);
    v->in_sg = (struct iovec *)(e + in_sg);
    v->out_sg = (struct iovec *)(e + out_sg);
    uint8_t *copy = malloc(len);
    memcpy(copy, bytes, len);
    v->out_sg[0].iov_base = copy;
    v->out_sg[0].iov_len = split ? split : len;
    if (split) {
        v->out_sg[1].iov_base = copy + split;
        v->out_sg[1].iov_len = len - split;
    }
    v->in_sg[0].iov_base = calloc(1, 64);
    v->in_sg[0].iov_len = 64;
    return v;
}

static void w32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static void w64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }

static void header(uint8_t *b, uint32_t type, uint32_t flags, uint64_t fence, uint32_t ctx, uint8_t ring)
{
    w32(b, type);
    w32(b + 4, flags);
    w64(b + 8, fence);
    w32(b + 16, ctx);
    b[20] = ring;
}

int main(int argc, char **argv)
{
    bool bad_layout = false;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--version") && i + 1 < argc) major = atoll(argv[++i]);
        else if (!strcmp(argv[i], "--bad-layout")) bad_layout = true;
    }
    char path[4096];
    snprintf(path, sizeof path, "%s", argv[0]);
    char *slash = strrchr(path, '/');
    snprintf(slash ? slash + 1 : path, sizeof path - (size_t)(slash ? slash + 1 - path : 0), "hw-display-virtio-gpu-standin.so");
    void *module = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!module) {
        fprintf(stderr, "standin: %s\n", dlerror());
        return 2;
    }
    bool (*realize)(void *) = (bool (*)(void *))dlsym(module, "standin_realize");
    void *(*processor)(void) = (void *(*)(void))dlsym(module, "standin_processor");
    int (*virgl_init)(void) = (int (*)(void))dlsym(module, "standin_virgl_init");
    void (*poll)(void) = (void (*)(void))dlsym(module, "standin_poll");
    void (*write_blob)(const char *) = (void (*)(const char *))dlsym(module, "standin_write_blob");
    static int device;
    realize(&device);
    printf("standin: guest starts\n");
    fflush(stdout);
    virgl_init();
    void (*process)(void *, void *) = (void (*)(void *, void *))processor();

    for (uint32_t i = 0; i < 3 * 4096; i++) ram[0x1000 + i] = (uint8_t)(i * 7);
    uint8_t b[256];

    /* 1: GET_DISPLAY_INFO, its 24 bytes split over two descriptors */
    memset(b, 0, sizeof b);
    header(b, 0x100, 0, 0, 0, 0);
    process(NULL, element(b, 24, 12));

    /* 2: RESOURCE_CREATE_2D res 1, 64x48, with 8 trailing bytes and odd header padding */
    memset(b, 0, sizeof b);
    header(b, 0x101, 0, 0, 0, 0);
    b[21] = 0xaa, b[22] = 0xbb, b[23] = 0xcc;
    w32(b + 24, 1), w32(b + 28, 2), w32(b + 32, 64), w32(b + 36, 48);
    memset(b + 40, 0xee, 8);
    process(NULL, element(b, 48, 0));

    /* 3: ATTACH_BACKING res 1: [0x1000, 4096] and [0x3000, 8192] */
    memset(b, 0, sizeof b);
    header(b, 0x106, 0, 0, 0, 0);
    w32(b + 24, 1), w32(b + 28, 2);
    w64(b + 32, 0x1000), w32(b + 40, 4096);
    w64(b + 48, 0x3000), w32(b + 56, 8192);
    process(NULL, element(b, 64, 0));

    /* 4: TRANSFER_TO_HOST_2D res 1, nothing changed since the attach */
    memset(b, 0, sizeof b);
    header(b, 0x105, 0, 0, 0, 0);
    w32(b + 48, 1);
    vq_element *e4 = element(b, 56, 0);
    if (bad_layout) e4->out_addr = e4->in_addr; /* an element whose arrays do not add up */
    process(NULL, e4);

    /* 5: the guest changes one page, then TRANSFER_TO_HOST_2D res 1 again */
    memset(ram + 0x3000, 0x11, 4096);
    process(NULL, element(b, 56, 0));

    /* 6: TRANSFER_FROM_HOST_3D res 1, ctx 3, fence 5 (no ring): a read-back */
    memset(b, 0, sizeof b);
    header(b, 0x206, 1, 5, 3, 0);
    w32(b + 56, 1);
    process(NULL, element(b, 72, 0));

    /* 7, 8: SUBMIT_3D ctx 3 on ring 2 (fence 7) and ring 7 (fence 9, never signalled) */
    memset(b, 0, sizeof b);
    header(b, 0x207, 3, 7, 3, 2);
    w32(b + 24, 8);
    process(NULL, element(b, 40, 0));
    header(b, 0x207, 3, 9, 3, 7);
    process(NULL, element(b, 40, 0));

    /* 9, 10: RESOURCE_CREATE_BLOB res 2 (HOST3D), MAP_BLOB res 2; the guest writes through the map */
    memset(b, 0, sizeof b);
    header(b, 0x10c, 0, 0, 3, 0);
    w32(b + 24, 2), w32(b + 28, 2), w32(b + 32, 1), w64(b + 48, 8192);
    process(NULL, element(b, 56, 0));
    memset(b, 0, sizeof b);
    header(b, 0x208, 0, 0, 0, 0);
    w32(b + 24, 2);
    process(NULL, element(b, 40, 0));
    write_blob("written by the guest");

    /* 11: SUBMIT_3D ctx 3, unfenced: the blob's content is taken before it */
    memset(b, 0, sizeof b);
    header(b, 0x207, 0, 0, 3, 0);
    w32(b + 24, 4);
    process(NULL, element(b, 36, 0));

    /* 12: UNMAP_BLOB res 2: suspended, then run again with the same command */
    memset(b, 0, sizeof b);
    header(b, 0x209, 0, 0, 0, 0);
    w32(b + 24, 2);
    vq_element *unmap = element(b, 32, 0);
    process(NULL, unmap);
    process(NULL, unmap);

    /* 13: the guest rewrites res 1's first page, then SUBMIT_3D ctx 3 whose virgl stream uploads res 1
     * through an encoded transfer (TRANSFER3D to the host) and copies from res 9, which the shim does
     * not know: the device reads res 1's backing when it runs the stream */
    memset(ram + 0x1000, 0x22, 4096);
    memset(b, 0, sizeof b);
    header(b, 0x207, 0, 0, 3, 0);
    w32(b + 24, 4 * 14 + 4 * 15);
    w32(b + 32, 13u << 16 | 43);               /* TRANSFER3D, 13 dwords */
    w32(b + 36, 1);                            /* res 1 */
    w32(b + 32 + 4 * 13, 1);                   /* direction: to the host */
    w32(b + 32 + 4 * 14, 14u << 16 | 45);      /* COPY_TRANSFER3D, 14 dwords */
    w32(b + 32 + 4 * 14 + 4 * 12, 9);          /* source res 9 */
    process(NULL, element(b, 32 + 4 * 14 + 4 * 15, 0));

    /* The renderer signals fence 5 (ctx 0) and fence 7 on ctx 3 ring 2. */
    poll();
    printf("standin: guest done\n");
    return 0;
}
