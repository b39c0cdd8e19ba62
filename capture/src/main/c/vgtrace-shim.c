/*
 * vgtrace-shim: preloaded into an unmodified QEMU, it records what the built-in virtio-gpu device
 * (virtio-gpu-pci, virtio-gpu-gl-pci) takes and answers, and hands the records to the vgtrace JVM
 * over a Unix socket; the JVM is the one trace writer (docs/capture.md, "The QEMU shim").
 *
 * How it reaches the device: QEMU loads the device as modules (hw-display-virtio-gpu*.so) that call
 * the functions below through their PLT, and stores the per-command processor through the GOT, so a
 * definition in a preloaded library is the one QEMU calls. The real one is found through the
 * module's own handle: the modules are dlopened after this library, so RTLD_NEXT cannot see them.
 *
 * Safety: QEMU's thread only copies bytes into a bounded queue; a sender thread writes the socket.
 * A full queue drops records (counted, reported as a note), a dead socket stops recording, and the
 * device always runs on. A QEMU whose element layout this shim does not know is refused with one
 * line and exit status 4 when the device is realized, before the guest runs.
 *
 * Record stream (little-endian): u32 type, u32 body length, u64 CLOCK_MONOTONIC ns, then the body.
 * Types and bodies are decoded by vgtrace.capture.shim.ShimRecordDecoder; keep both in step.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <link.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#define SHIM_PROTOCOL 1

enum record_type {
    REC_HELLO = 1,    /* u32 protocol, u32 pid, text key=value lines */
    REC_DEVICE = 2,   /* text key=value lines, at realize */
    REC_COMMAND = 3,  /* u64 id, u32 queue, u32 0, wire bytes */
    REC_RESPONSE = 4, /* u64 command id, wire bytes */
    REC_MEMORY = 5,   /* u64 command id, u32 kind, u32 resource, u32 nseg, u32 0, nseg x {u64 addr, u64 len}, bytes */
    REC_FENCE = 6,    /* u32 ctx, u32 ring (RING_NONE for ctx 0 fences), u64 fence id */
    REC_NOTE = 7,     /* text */
};

enum memory_kind {
    MEM_GUEST = 0,    /* guest-physical bytes the device reads for the command */
    MEM_READBACK = 1, /* a resource's whole backing after the device wrote it (TRANSFER_FROM_HOST_3D) */
    MEM_BLOB = 2,     /* bytes of a mapped blob's host memory; addresses are offsets in the blob */
};

#define RING_NONE 0xffffffffu
#define PAGE 4096u
#define MAX_COMMAND (64u << 20)       /* a command's bytes, trailing data included */
#define MAX_SNAPSHOT (256ull << 20)   /* bytes one snapshot may copy */
#define MAX_ENTRIES 16384u            /* QEMU's own limit on a backing's entries */

/* ---- QEMU's layouts (include/hw/virtio/virtio.h, virtio-gpu.h), checked at realize ---- */

typedef struct {
    unsigned int index, len, ndescs, out_num, in_num;
    uint64_t *in_addr, *out_addr;
    struct iovec *in_sg, *out_sg;
} vq_element;

typedef struct {
    vq_element elem;
    void *vq;
    uint8_t cmd_hdr[24];
} ctrl_command;

typedef void (*process_fn)(void *g, ctrl_command *cmd);
typedef void (*response_fn)(void *g, ctrl_command *cmd, void *resp, size_t len);
typedef bool (*realize_fn)(void *qdev, void *ctrl_cb, void *cursor_cb, void **errp);
typedef void (*phys_rw_fn)(uint64_t addr, void *buf, uint64_t len, bool is_write);
typedef void *(*alloc_element_fn)(size_t sz, unsigned out_num, unsigned in_num);
typedef const char *(*typename_fn)(void *obj);
typedef struct { int64_t major, minor, micro; } version_triple;
typedef struct { version_triple *qemu; char *package; } version_info;
typedef version_info *(*query_version_fn)(void **errp);

/* virglrenderer's callbacks (virglrenderer.h, version 4 = 72 bytes) */
typedef struct {
    int version;
    void (*write_fence)(void *cookie, uint32_t fence);
    void *create_gl_context, *destroy_gl_context, *make_current, *get_drm_fd;
    void (*write_context_fence)(void *cookie, uint32_t ctx_id, uint32_t ring_idx, uint64_t fence_id);
    void *get_server_fd, *get_egl_display;
} virgl_callbacks;

/* ---- state ---- */

static bool active;              /* this process is the QEMU to record */
static volatile bool recording;  /* new records are taken: the socket works and the layout is known */
static volatile bool socket_ok;  /* the sender can still hand records over (also after recording stopped) */
static int sock = -1;
static phys_rw_fn phys_rw;
static uint64_t next_command_id = 1;
static uint64_t current_command; /* id of the command being processed, 0 outside */

/* ---- the record queue: QEMU's threads append, the sender thread writes ---- */

typedef struct record {
    struct record *next;
    size_t len;
    uint8_t bytes[];
} record;

static pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t queue_ready = PTHREAD_COND_INITIALIZER;
static pthread_cond_t queue_empty = PTHREAD_COND_INITIALIZER;
static bool sending; /* the sender holds records taken off the queue */
static record *queue_head, *queue_tail;
static size_t queue_bytes, queue_limit = 256u << 20;
static uint64_t lost_records, lost_bytes, unreported_lost;

static uint64_t now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec;
}

static void put32(uint8_t *p, uint32_t v) { memcpy(p, &v, 4); }
static void put64(uint8_t *p, uint64_t v) { memcpy(p, &v, 8); }
static uint32_t get32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static uint64_t get64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return v; }

/* A record of body_len bytes with its header filled; the caller fills the body and sends it. */
static record *record_new(uint32_t type, size_t body_len)
{
    record *r = malloc(sizeof(record) + 16 + body_len);
    if (!r) return NULL;
    r->next = NULL;
    r->len = 16 + body_len;
    put32(r->bytes, type);
    put32(r->bytes + 4, (uint32_t)body_len);
    put64(r->bytes + 8, now_ns());
    return r;
}

static record *note_record(const char *text);

/* Hands r to the sender, or drops it (counted) when the queue is full or recording stopped. */
static void record_send(record *r)
{
    if (!r) {
        __atomic_add_fetch(&lost_records, 1, __ATOMIC_RELAXED);
        return;
    }
    pthread_mutex_lock(&queue_lock);
    if (!recording || queue_bytes + r->len > queue_limit) {
        lost_records++;
        lost_bytes += r->len;
        unreported_lost++;
        pthread_mutex_unlock(&queue_lock);
        free(r);
        return;
    }
    if (unreported_lost) {
        char text[160];
        snprintf(text, sizeof text, "shim lost %llu records (recording queue full, %zu MiB): the trace has a gap here",
                 (unsigned long long)unreported_lost, queue_limit >> 20);
        record *n = note_record(text);
        if (n) {
            unreported_lost = 0;
            if (queue_tail) queue_tail->next = n; else queue_head = n;
            queue_tail = n;
            queue_bytes += n->len;
        }
    }
    if (queue_tail) queue_tail->next = r; else queue_head = r;
    queue_tail = r;
    queue_bytes += r->len;
    pthread_cond_signal(&queue_ready);
    pthread_mutex_unlock(&queue_lock);
}

static record *text_record(uint32_t type, const char *text)
{
    size_t n = strlen(text);
    record *r = record_new(type, n);
    if (r) memcpy(r->bytes + 16, text, n);
    return r;
}

static record *note_record(const char *text) { return text_record(REC_NOTE, text); }

static void note(const char *fmt, ...)
{
    char text[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    record_send(note_record(text));
}

static bool write_all(const uint8_t *p, size_t n)
{
    while (n > 0) {
        ssize_t w = send(sock, p, n, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR) continue;
        if (w <= 0) return false;
        p += w;
        n -= (size_t)w;
    }
    return true;
}

static void *sender(void *arg)
{
    (void)arg;
    for (;;) {
        pthread_mutex_lock(&queue_lock);
        while (!queue_head) pthread_cond_wait(&queue_ready, &queue_lock);
        record *batch = queue_head;
        queue_head = queue_tail = NULL;
        sending = true;
        pthread_mutex_unlock(&queue_lock);
        while (batch) {
            record *next = batch->next;
            bool ok = socket_ok && write_all(batch->bytes, batch->len);
            pthread_mutex_lock(&queue_lock);
            queue_bytes -= batch->len;
            if (!ok && socket_ok) {
                socket_ok = recording = false; /* vgtrace went away: QEMU and the guest run on, unrecorded */
                fprintf(stderr, "vgtrace-shim: the recorder closed its socket; recording stopped, the guest runs on\n");
            }
            if (!ok) lost_records++;
            pthread_mutex_unlock(&queue_lock);
            free(batch);
            batch = next;
        }
        pthread_mutex_lock(&queue_lock);
        sending = false;
        if (!queue_head) pthread_cond_broadcast(&queue_empty);
        pthread_mutex_unlock(&queue_lock);
    }
    return NULL;
}

/* QEMU is exiting: give the sender up to 5 s to hand over what is queued (the last responses). */
__attribute__((destructor)) static void shim_stop(void)
{
    if (!active || !socket_ok) return;
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += 5;
    pthread_mutex_lock(&queue_lock);
    while ((queue_head || sending) && socket_ok)
        if (pthread_cond_timedwait(&queue_empty, &queue_lock, &until) != 0) break;
    pthread_mutex_unlock(&queue_lock);
}

/* ---- finding QEMU's own functions ---- */

struct module_search { const char *name; void *found; };

static int find_in_module(struct dl_phdr_info *info, size_t size, void *data)
{
    (void)size;
    struct module_search *s = data;
    if (!info->dlpi_name || !strstr(info->dlpi_name, "hw-display-virtio-gpu")) return 0;
    void *h = dlopen(info->dlpi_name, RTLD_NOLOAD | RTLD_LAZY);
    if (!h) return 0;
    void *f = dlsym(h, s->name);
    dlclose(h);
    if (f) {
        s->found = f;
        return 1;
    }
    return 0;
}

/* The module's own definition of name (never this library's). */
static void *module_symbol(const char *name)
{
    struct module_search s = {name, NULL};
    dl_iterate_phdr(find_in_module, &s);
    return s.found;
}

static int find_library(struct dl_phdr_info *info, size_t size, void *data)
{
    (void)size;
    struct module_search *s = data;
    if (info->dlpi_name && strstr(info->dlpi_name, s->name)) {
        s->found = (void *)info->dlpi_name;
        return 1;
    }
    return 0;
}

/* The path of a loaded object whose name contains part, or NULL. */
static const char *loaded_path(const char *part)
{
    struct module_search s = {part, NULL};
    dl_iterate_phdr(find_library, &s);
    return s.found;
}

static void *virgl_symbol(const char *name)
{
    const char *path = loaded_path("libvirglrenderer");
    if (!path) return NULL;
    void *h = dlopen(path, RTLD_NOLOAD | RTLD_LAZY);
    if (!h) return NULL;
    void *f = dlsym(h, name);
    dlclose(h);
    return f;
}

/* ---- per-resource state: backings, attachments, maps ---- */

typedef struct { uint64_t addr; uint32_t len; } mem_entry;

typedef struct resource {
    struct resource *next;
    uint32_t id;
    bool guest_blob;         /* a blob whose storage is its guest backing (GUEST, HOST3D_GUEST) */
    mem_entry *entries;      /* the backing, or NULL */
    uint32_t nentries;
    uint32_t *ctxs;          /* contexts it is attached to */
    uint32_t nctxs;
    uint8_t *map;            /* host mapping of a mapped blob, or NULL */
    uint64_t map_size;
} resource;

#define RES_BUCKETS 1024
static resource *resources[RES_BUCKETS];

static resource *resource_get(uint32_t id, bool create)
{
    resource **slot = &resources[id % RES_BUCKETS];
    for (resource *r = *slot; r; r = r->next)
        if (r->id == id) return r;
    if (!create) return NULL;
    resource *r = calloc(1, sizeof *r);
    if (!r) return NULL;
    r->id = id;
    r->next = *slot;
    *slot = r;
    return r;
}

static void resource_drop_backing(resource *r)
{
    free(r->entries);
    r->entries = NULL;
    r->nentries = 0;
}

static void resource_free(uint32_t id)
{
    for (resource **p = &resources[id % RES_BUCKETS]; *p; p = &(*p)->next) {
        if ((*p)->id == id) {
            resource *r = *p;
            *p = r->next;
            free(r->entries);
            free(r->ctxs);
            free(r);
            return;
        }
    }
}

/* ---- what was last recorded of each range: snapshots send only what changed ---- */

typedef struct { uint64_t key; uint64_t hash; } seen_slot;
static seen_slot *seen;
static size_t seen_cap, seen_used;

static uint64_t mix(uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 33;
    return h;
}

/* A fast 64-bit hash of a range's bytes; change detection only (the JVM hashes rows with XXH64). */
static uint64_t bytes_hash(const uint8_t *p, size_t n)
{
    uint64_t a = 0x9e3779b97f4a7c15ull ^ n, b = 0xc2b2ae3d27d4eb4full, c = 0x165667b19e3779f9ull, d = 0x27d4eb2f165667c5ull;
    size_t i = 0;
    for (; i + 32 <= n; i += 32) {
        a = (a ^ get64(p + i)) * 0x9e3779b97f4a7c15ull;
        b = (b ^ get64(p + i + 8)) * 0xc2b2ae3d27d4eb4full;
        c = (c ^ get64(p + i + 16)) * 0x165667b19e3779f9ull;
        d = (d ^ get64(p + i + 24)) * 0x85ebca77c2b2ae63ull;
        a ^= a >> 31; b ^= b >> 29; c ^= c >> 32; d ^= d >> 27;
    }
    uint64_t h = mix(a) ^ mix(b + 1) ^ mix(c + 2) ^ mix(d + 3);
    for (; i < n; i++) h = (h ^ p[i]) * 0x100000001b3ull;
    return mix(h);
}

static bool seen_grow(void)
{
    size_t cap = seen_cap ? seen_cap * 2 : 4096;
    seen_slot *t = calloc(cap, sizeof *t);
    if (!t) return false;
    for (size_t i = 0; i < seen_cap; i++) {
        if (!seen[i].key) continue;
        size_t j = mix(seen[i].key) & (cap - 1);
        while (t[j].key) j = (j + 1) & (cap - 1);
        t[j] = seen[i];
    }
    free(seen);
    seen = t;
    seen_cap = cap;
    return true;
}

/* Records hash as what key last held; true when it differs from what was recorded before. */
static bool seen_changed(uint64_t key, uint64_t hash)
{
    if (seen_used * 2 >= seen_cap && !seen_grow()) return true;
    key |= 1; /* 0 marks an empty slot; keys are page-aligned addresses, so bit 0 is free */
    size_t j = mix(key) & (seen_cap - 1);
    while (seen[j].key && seen[j].key != key) j = (j + 1) & (seen_cap - 1);
    if (seen[j].key == key && seen[j].hash == hash) return false;
    if (!seen[j].key) seen_used++;
    seen[j].key = key;
    seen[j].hash = hash;
    return true;
}

/* ---- snapshots: MEMORY records ---- */

typedef struct {
    uint8_t *buf;
    size_t len, cap;
    uint32_t nseg;
} growbuf;

static bool grow(growbuf *b, size_t more)
{
    if (b->len + more <= b->cap) return true;
    size_t cap = b->cap ? b->cap : 65536;
    while (cap < b->len + more) cap *= 2;
    uint8_t *n = realloc(b->buf, cap);
    if (!n) return false;
    b->buf = n;
    b->cap = cap;
    return true;
}

/*
 * A MEMORY record from the ranges a snapshot kept: segments in one buffer, bytes in another
 * (each range's bytes were read once, into the bytes buffer, and kept or dropped there).
 */
static void memory_send(uint32_t kind, uint32_t resource_id, growbuf *segs, growbuf *data)
{
    if (segs->nseg == 0) return;
    record *r = record_new(REC_MEMORY, 24 + segs->len + data->len);
    if (r) {
        uint8_t *p = r->bytes + 16;
        put64(p, current_command);
        put32(p + 8, kind);
        put32(p + 12, resource_id);
        put32(p + 16, segs->nseg);
        put32(p + 20, 0);
        memcpy(p + 24, segs->buf, segs->len);
        memcpy(p + 24 + segs->len, data->buf, data->len);
    }
    record_send(r);
}

/*
 * Adds [addr, addr + len) of guest memory (or of a blob's mapping when map is set) to the snapshot
 * in page pieces; with only_changed, a piece whose bytes equal what was last recorded for it is
 * left out, so repeated transfers of an unchanged buffer cost a hash, not a copy in the trace.
 */
static bool snapshot_range(growbuf *segs, growbuf *data, uint64_t key_base, const uint8_t *map, uint64_t addr,
                           uint64_t len, bool only_changed, uint64_t *budget)
{
    while (len > 0) {
        uint64_t piece = PAGE - (addr % PAGE);
        if (piece > len) piece = len;
        if (piece > *budget) return false;
        if (!grow(data, piece) || !grow(segs, 16)) return false;
        uint8_t *dst = data->buf + data->len;
        if (map) memcpy(dst, map + addr, piece);
        else phys_rw(addr, dst, piece, false);
        bool keep = !only_changed || seen_changed(key_base + addr, bytes_hash(dst, piece) ^ piece);
        if (keep) {
            data->len += piece;
            put64(segs->buf + segs->len, addr);
            put64(segs->buf + segs->len + 8, piece);
            segs->len += 16;
            segs->nseg++;
            *budget -= piece;
        }
        addr += piece;
        len -= piece;
    }
    return true;
}

/* The guest backing of r: what changed since last recorded (input), or all of it (a read-back). */
static void snapshot_backing(resource *r, uint32_t kind)
{
    if (!r || !r->entries || !phys_rw) return;
    growbuf segs = {0}, data = {0};
    uint64_t budget = MAX_SNAPSHOT;
    bool whole = true;
    for (uint32_t i = 0; i < r->nentries && whole; i++)
        whole = snapshot_range(&segs, &data, 0, NULL, r->entries[i].addr, r->entries[i].len, kind == MEM_GUEST, &budget);
    if (!whole) note("resource %u: its backing snapshot stopped at %llu MiB (or memory ran out): clipped", r->id,
                     (unsigned long long)(MAX_SNAPSHOT >> 20));
    memory_send(kind, r->id, &segs, &data);
    free(segs.buf);
    free(data.buf);
}

/* What changed in the host memory of every mapped blob: what the guest wrote through its mappings. */
static void snapshot_mapped_blobs(void)
{
    for (int b = 0; b < RES_BUCKETS; b++) {
        for (resource *r = resources[b]; r; r = r->next) {
            if (!r->map) continue;
            growbuf segs = {0}, data = {0};
            uint64_t budget = MAX_SNAPSHOT;
            uint64_t key = (1ull << 63) | ((uint64_t)r->id << 36);
            if (!snapshot_range(&segs, &data, key, r->map, 0, r->map_size, true, &budget))
                note("blob %u: its mapping snapshot stopped at %llu MiB: clipped", r->id,
                     (unsigned long long)(MAX_SNAPSHOT >> 20));
            memory_send(MEM_BLOB, r->id, &segs, &data);
            free(segs.buf);
            free(data.buf);
        }
    }
}

static void snapshot_context_guest_blobs(uint32_t ctx)
{
    for (int b = 0; b < RES_BUCKETS; b++)
        for (resource *r = resources[b]; r; r = r->next)
            if (r->guest_blob)
                for (uint32_t i = 0; i < r->nctxs; i++)
                    if (r->ctxs[i] == ctx) {
                        snapshot_backing(r, MEM_GUEST);
                        break;
                    }
}

/* ---- commands ---- */

enum { VIRGL_CCMD_TRANSFER3D = 43, VIRGL_CCMD_COPY_TRANSFER3D = 45, VIRGL_TRANSFER_TO_HOST = 1 };

/*
 * What a SUBMIT_3D's virgl stream makes the device read from guest memory: Mesa's virgl driver
 * uploads through encoded transfers (TRANSFER3D to the host: the device reads the resource's
 * backing when it runs the stream, not at a TRANSFER_TO_HOST_3D) and copies from staging
 * resources (COPY_TRANSFER3D's source). Each such resource's backing is taken (changed pages
 * only) before the submit. A stream that does not add up is walked no further.
 */
static void snapshot_stream_sources(const uint8_t *b, size_t len)
{
    if (len < 32) return;
    size_t end = 32 + (size_t)get32(b + 24);
    if (end > len) end = len;
    for (size_t at = 32; at + 4 <= end;) {
        uint32_t h = get32(b + at), n = h >> 16, op = h & 0xff;
        if (at + 4 + 4 * (size_t)n > end) break;
        const uint8_t *p = b + at + 4; /* the command's dwords 1..n */
        if (op == VIRGL_CCMD_TRANSFER3D && n >= 13 && get32(p + 48) == VIRGL_TRANSFER_TO_HOST)
            snapshot_backing(resource_get(get32(p), false), MEM_GUEST);
        else if (op == VIRGL_CCMD_COPY_TRANSFER3D && n >= 12)
            snapshot_backing(resource_get(get32(p + 44), false), MEM_GUEST);
        at += 4 + 4 * (size_t)n;
    }
}

enum {
    RESOURCE_UNREF = 0x102, RESOURCE_FLUSH = 0x104, TRANSFER_TO_HOST_2D = 0x105, ATTACH_BACKING = 0x106,
    DETACH_BACKING = 0x107, CREATE_BLOB = 0x10c, SET_SCANOUT_BLOB = 0x10d, CTX_ATTACH = 0x202, CTX_DETACH = 0x203,
    TRANSFER_TO_HOST_3D = 0x205, TRANSFER_FROM_HOST_3D = 0x206, SUBMIT_3D = 0x207, UNMAP_BLOB = 0x209,
    BLOB_GUEST = 1, BLOB_HOST3D_GUEST = 3,
};

/*
 * QEMU allocates an element's four arrays right behind the command, in the order in_addr, out_addr,
 * in_sg, out_sg: a command whose fields do not add up that way is not read (the shim would
 * otherwise follow pointers of a layout it does not know).
 */
static bool element_sane(const ctrl_command *cmd)
{
    const vq_element *e = &cmd->elem;
    const uint8_t *base = (const uint8_t *)cmd, *in_addr = (const uint8_t *)e->in_addr;
    if (e->out_num == 0 || e->out_num > 1024 || e->in_num > 1024) return false;
    if (in_addr < base + sizeof(ctrl_command) || in_addr > base + 4096) return false;
    const uint8_t *out_addr = in_addr + 8u * e->in_num, *in_sg = out_addr + 8u * e->out_num;
    return (const uint8_t *)e->out_addr == out_addr && (const uint8_t *)e->in_sg == in_sg &&
           (const uint8_t *)e->out_sg == in_sg + 16u * e->in_num;
}

/* The pending commands (taken, not answered) by QEMU's command pointer, to pair responses. */
typedef struct pending { struct pending *next; ctrl_command *cmd; uint64_t id; } pending;
static pending *pendings[256];

static pending **pending_slot(ctrl_command *cmd)
{
    pending **p = &pendings[((uintptr_t)cmd >> 4) & 255];
    while (*p && (*p)->cmd != cmd) p = &(*p)->next;
    return p;
}

/* The command's bytes as the guest wrote them, or NULL (len 0) when its chain is empty. */
static uint8_t *command_bytes(ctrl_command *cmd, size_t *len)
{
    size_t total = 0;
    for (unsigned i = 0; i < cmd->elem.out_num; i++) total += cmd->elem.out_sg[i].iov_len;
    if (total > MAX_COMMAND) total = MAX_COMMAND;
    uint8_t *b = malloc(total ? total : 1);
    if (!b) return NULL;
    size_t at = 0;
    for (unsigned i = 0; i < cmd->elem.out_num && at < total; i++) {
        size_t n = cmd->elem.out_sg[i].iov_len;
        if (n > total - at) n = total - at;
        memcpy(b + at, cmd->elem.out_sg[i].iov_base, n);
        at += n;
    }
    *len = total;
    return b;
}

static void track_backing(resource *r, const uint8_t *entries, uint32_t n, size_t avail)
{
    if (!r) return;
    resource_drop_backing(r);
    if (n == 0 || n > MAX_ENTRIES || (size_t)n * 16 > avail) return; /* QEMU refuses these too */
    r->entries = malloc(sizeof(mem_entry) * n);
    if (!r->entries) return;
    for (uint32_t i = 0; i < n; i++) {
        r->entries[i].addr = get64(entries + 16 * i);
        r->entries[i].len = get32(entries + 16 * i + 8);
    }
    r->nentries = n;
}

static void attach_ctx(resource *r, uint32_t ctx, bool attach)
{
    if (!r) return;
    for (uint32_t i = 0; i < r->nctxs; i++)
        if (r->ctxs[i] == ctx) {
            if (!attach) r->ctxs[i] = r->ctxs[--r->nctxs];
            return;
        }
    if (!attach) return;
    uint32_t *n = realloc(r->ctxs, sizeof(uint32_t) * (r->nctxs + 1));
    if (!n) return;
    r->ctxs = n;
    r->ctxs[r->nctxs++] = ctx;
}

/* Before the device runs a command: follow backings, and snapshot what it is about to read. */
static void before_command(const uint8_t *b, size_t len)
{
    if (len < 24) return;
    uint32_t type = get32(b), ctx = get32(b + 16);
    uint32_t res = len >= 28 ? get32(b + 24) : 0;
    switch (type) {
    case ATTACH_BACKING:
        if (len >= 32) {
            resource *r = resource_get(res, true);
            track_backing(r, b + 32, get32(b + 28), len - 32);
            snapshot_backing(r, MEM_GUEST);
        }
        break;
    case CREATE_BLOB:
        if (len >= 56) {
            uint32_t mem = get32(b + 28), n = get32(b + 36);
            resource *r = resource_get(res, true);
            if (r) r->guest_blob = mem == BLOB_GUEST || mem == BLOB_HOST3D_GUEST;
            if (n) {
                track_backing(r, b + 56, n, len - 56);
                snapshot_backing(r, MEM_GUEST);
            }
        }
        break;
    case TRANSFER_TO_HOST_2D:
        if (len >= 56) snapshot_backing(resource_get(get32(b + 48), false), MEM_GUEST);
        snapshot_mapped_blobs();
        break;
    case TRANSFER_TO_HOST_3D:
        if (len >= 72) snapshot_backing(resource_get(get32(b + 56), false), MEM_GUEST);
        snapshot_mapped_blobs();
        break;
    case TRANSFER_FROM_HOST_3D:
        snapshot_mapped_blobs();
        break;
    case RESOURCE_FLUSH:
    case SET_SCANOUT_BLOB: {
        resource *r = resource_get(type == RESOURCE_FLUSH ? (len >= 48 ? get32(b + 40) : 0)
                                                          : (len >= 48 ? get32(b + 44) : 0), false);
        if (r && r->guest_blob) snapshot_backing(r, MEM_GUEST);
        snapshot_mapped_blobs();
        break;
    }
    case SUBMIT_3D:
        snapshot_context_guest_blobs(ctx);
        snapshot_stream_sources(b, len);
        snapshot_mapped_blobs();
        break;
    case UNMAP_BLOB:
    case RESOURCE_UNREF:
        snapshot_mapped_blobs();
        break;
    case CTX_ATTACH:
        attach_ctx(resource_get(res, true), ctx, true);
        break;
    case CTX_DETACH:
        attach_ctx(resource_get(res, false), ctx, false);
        break;
    default:
        break;
    }
}

/* After it: read-backs, and forgetting what the command ended. */
static void after_command(const uint8_t *b, size_t len)
{
    if (len < 28) return;
    uint32_t type = get32(b), res = get32(b + 24);
    switch (type) {
    case TRANSFER_FROM_HOST_3D:
        if (len >= 72) snapshot_backing(resource_get(get32(b + 56), false), MEM_READBACK);
        break;
    case DETACH_BACKING: {
        resource *r = resource_get(res, false);
        if (r) resource_drop_backing(r);
        break;
    }
    case RESOURCE_UNREF:
        resource_free(res);
        break;
    default:
        break;
    }
}

/*
 * One processed command: recorded when the device takes it (a fenced command that never signals is
 * never answered, so its response cannot be where it is seen). QEMU runs a suspended command again
 * (RESOURCE_UNMAP_BLOB waits for the unmap): the same command pointer, still unanswered, is
 * recorded once.
 */
static void process(process_fn real, const char *name, void *g, ctrl_command *cmd)
{
    if (!real) {
        fprintf(stderr, "vgtrace-shim: QEMU's %s was not found in its virtio-gpu module; stopping\n", name);
        _exit(4);
    }
    if (!recording) {
        real(g, cmd);
        return;
    }
    if (!element_sane(cmd)) {
        note("a command's element does not have the layout the shim knows: recording stopped here");
        recording = false;
        fprintf(stderr, "vgtrace-shim: a command's element does not have the layout the shim knows; recording "
                        "stopped, the guest runs on\n");
        real(g, cmd);
        return;
    }
    pending **slot = pending_slot(cmd);
    if (*slot) { /* a re-run of a suspended command */
        uint64_t saved = current_command;
        current_command = (*slot)->id;
        real(g, cmd);
        current_command = saved;
        return;
    }
    size_t len = 0;
    uint8_t *bytes = command_bytes(cmd, &len);
    uint64_t id = next_command_id++;
    record *r = bytes ? record_new(REC_COMMAND, 16 + len) : NULL;
    if (r) {
        put64(r->bytes + 16, id);
        put32(r->bytes + 24, 0);
        put32(r->bytes + 28, 0);
        memcpy(r->bytes + 32, bytes, len);
    }
    record_send(r);
    pending *p = malloc(sizeof *p);
    if (p) {
        p->cmd = cmd;
        p->id = id;
        p->next = NULL;
        *slot = p;
    }
    current_command = id;
    if (bytes) before_command(bytes, len);
    real(g, cmd);
    if (bytes) after_command(bytes, len);
    current_command = 0;
    free(bytes);
}

void virtio_gpu_virgl_process_cmd(void *g, ctrl_command *cmd)
{
    static process_fn real;
    if (!real) real = (process_fn)module_symbol("virtio_gpu_virgl_process_cmd");
    process(real, "virtio_gpu_virgl_process_cmd", g, cmd);
}

void virtio_gpu_simple_process_cmd(void *g, ctrl_command *cmd)
{
    static process_fn real;
    if (!real) real = (process_fn)module_symbol("virtio_gpu_simple_process_cmd");
    process(real, "virtio_gpu_simple_process_cmd", g, cmd);
}

void virtio_gpu_ctrl_response(void *g, ctrl_command *cmd, void *resp, size_t resp_len)
{
    static response_fn real;
    if (!real) real = (response_fn)module_symbol("virtio_gpu_ctrl_response");
    if (!real) {
        fprintf(stderr, "vgtrace-shim: QEMU's virtio_gpu_ctrl_response was not found; stopping\n");
        _exit(4);
    }
    /* QEMU echoes the command's fence into resp on the way: the bytes the guest gets are resp after the call. */
    real(g, cmd, resp, resp_len);
    if (!recording) return;
    pending **slot = pending_slot(cmd);
    pending *p = *slot;
    uint64_t id = 0;
    if (p) {
        id = p->id;
        *slot = p->next;
        free(p);
    }
    size_t n = resp_len > MAX_COMMAND ? MAX_COMMAND : resp_len;
    record *r = record_new(REC_RESPONSE, 8 + n);
    if (r) {
        put64(r->bytes + 16, id);
        memcpy(r->bytes + 24, resp, n);
    }
    record_send(r);
}

/* ---- virglrenderer: fence signals and blob mappings ---- */

static virgl_callbacks wrapped;
static void (*real_write_fence)(void *, uint32_t);
static void (*real_write_context_fence)(void *, uint32_t, uint32_t, uint64_t);

static void fence_send(uint32_t ctx, uint32_t ring, uint64_t fence)
{
    record *r = record_new(REC_FENCE, 16);
    if (r) {
        put32(r->bytes + 16, ctx);
        put32(r->bytes + 20, ring);
        put64(r->bytes + 24, fence);
    }
    record_send(r);
}

static void on_write_fence(void *cookie, uint32_t fence)
{
    if (recording) fence_send(0, RING_NONE, fence);
    real_write_fence(cookie, fence);
}

static void on_write_context_fence(void *cookie, uint32_t ctx, uint32_t ring, uint64_t fence)
{
    if (recording) fence_send(ctx, ring, fence);
    real_write_context_fence(cookie, ctx, ring, fence);
}

int virgl_renderer_init(void *cookie, int flags, virgl_callbacks *cb)
{
    int (*real)(void *, int, virgl_callbacks *) = (int (*)(void *, int, virgl_callbacks *))virgl_symbol("virgl_renderer_init");
    if (!real) {
        fprintf(stderr, "vgtrace-shim: virgl_renderer_init was called but libvirglrenderer is not loaded; stopping\n");
        _exit(4);
    }
    if (!active || !cb || cb->version < 1 || cb->version > 4) {
        if (active) note("virglrenderer callbacks version %d is not known: fence signals are not recorded",
                         cb ? cb->version : -1);
        return real(cookie, flags, cb);
    }
    size_t size = cb->version >= 4 ? sizeof(virgl_callbacks) : cb->version == 3 ? 56 : 48;
    memcpy(&wrapped, cb, size);
    if (cb->write_fence) {
        real_write_fence = cb->write_fence;
        wrapped.write_fence = on_write_fence;
    }
    if (cb->version >= 3 && cb->write_context_fence) {
        real_write_context_fence = cb->write_context_fence;
        wrapped.write_context_fence = on_write_context_fence;
    }
    return real(cookie, flags, &wrapped);
}

int virgl_renderer_resource_map(uint32_t res_handle, void **map, uint64_t *out_size)
{
    static int (*real)(uint32_t, void **, uint64_t *);
    if (!real) real = (int (*)(uint32_t, void **, uint64_t *))virgl_symbol("virgl_renderer_resource_map");
    if (!real) return -22;
    int ret = real(res_handle, map, out_size);
    if (active && ret == 0 && map && *map && out_size) {
        resource *r = resource_get(res_handle, true);
        if (r) {
            r->map = *map;
            r->map_size = *out_size;
        }
    }
    return ret;
}

int virgl_renderer_resource_unmap(uint32_t res_handle)
{
    static int (*real)(uint32_t);
    if (!real) real = (int (*)(uint32_t))virgl_symbol("virgl_renderer_resource_unmap");
    if (!real) return -22;
    resource *r = active ? resource_get(res_handle, false) : NULL;
    if (r && r->map) {
        if (recording) snapshot_mapped_blobs();
        r->map = NULL;
        r->map_size = 0;
    }
    return real(res_handle);
}

/* ---- start: connect, and check QEMU when its device is realized ---- */

/* The Version of a Debian package in this root's dpkg status, or "" when there is none. */
static void package_version(const char *package, char *out, size_t cap)
{
    out[0] = 0;
    FILE *f = fopen("/var/lib/dpkg/status", "r");
    if (!f) return;
    char line[512];
    bool in = false;
    size_t plen = strlen(package);
    while (fgets(line, sizeof line, f)) {
        if (!strncmp(line, "Package: ", 9))
            in = !strncmp(line + 9, package, plen) && (line[9 + plen] == '\n' || line[9 + plen] == 0);
        else if (in && !strncmp(line, "Version: ", 9)) {
            snprintf(out, cap, "%.100s", line + 9);
            out[strcspn(out, "\n")] = 0;
            break;
        }
    }
    fclose(f);
}

/* The QEMU releases whose element and command layouts the shim reads (docs/capture.md). */
#define QEMU_MAJOR_MIN 7
#define QEMU_MAJOR_MAX 11

/*
 * Checks, before the guest runs, that this QEMU is a release whose VirtQueueElement layout the shim
 * knows; where QEMU exports its element allocator, also that out_num, in_num and the four arrays
 * sit where the shim reads them. Each command is checked again (element_sane) before it is read.
 */
static const char *check_layout(void)
{
    static char why[200];
    query_version_fn qv = (query_version_fn)dlsym(RTLD_DEFAULT, "qmp_query_version");
    version_info *info = qv ? qv(NULL) : NULL;
    bool trust = getenv("VGTRACE_SHIM_TRUST_LAYOUT") != NULL;
    if (!info || !info->qemu) {
        if (!trust) return "this QEMU does not say its version (qmp_query_version); set VGTRACE_SHIM_TRUST_LAYOUT=1 to record anyway";
    } else if ((info->qemu->major < QEMU_MAJOR_MIN || info->qemu->major > QEMU_MAJOR_MAX) && !trust) {
        snprintf(why, sizeof why, "QEMU %lld.%lld is outside the releases the shim knows (%d.x to %d.x); "
                 "set VGTRACE_SHIM_TRUST_LAYOUT=1 to record anyway", (long long)info->qemu->major,
                 (long long)info->qemu->minor, QEMU_MAJOR_MIN, QEMU_MAJOR_MAX);
        return why;
    }
    alloc_element_fn alloc = (alloc_element_fn)dlsym(RTLD_DEFAULT, "virtqueue_alloc_element");
    if (!alloc) return NULL;
    void (*release)(void *) = (void (*)(void *))dlsym(RTLD_DEFAULT, "g_free");
    uint8_t *e = alloc(128, 2, 3);
    if (!e) return "virtqueue_alloc_element failed";
    vq_element *v = (vq_element *)e;
    bool ok = v->out_num == 2 && v->in_num == 3 && (uint8_t *)v->in_addr == e + 128 &&
              (uint8_t *)v->out_addr == e + 152 && (uint8_t *)v->in_sg == e + 168 && (uint8_t *)v->out_sg == e + 216;
    if (release) release(e);
    return ok ? NULL : "this QEMU's VirtQueueElement layout is not the one the shim knows";
}

static void send_device_facts(void *qdev)
{
    char text[2048], v[128];
    size_t at = 0;
    typename_fn tn = (typename_fn)dlsym(RTLD_DEFAULT, "object_get_typename");
    query_version_fn qv = (query_version_fn)dlsym(RTLD_DEFAULT, "qmp_query_version");
    at += (size_t)snprintf(text + at, sizeof text - at, "device=%s\n", tn && qdev ? tn(qdev) : "unknown");
    if (qv) {
        version_info *info = qv(NULL);
        if (info && info->qemu)
            at += (size_t)snprintf(text + at, sizeof text - at, "qemu_version=%lld.%lld.%lld\nqemu_package=%s\n",
                                   (long long)info->qemu->major, (long long)info->qemu->minor,
                                   (long long)info->qemu->micro, info->package ? info->package : "");
    }
    package_version("qemu-system-x86", v, sizeof v);
    if (v[0]) at += (size_t)snprintf(text + at, sizeof text - at, "qemu_debian=%s\n", v);
    const char *lib = loaded_path("libvirglrenderer");
    if (lib) at += (size_t)snprintf(text + at, sizeof text - at, "virglrenderer_library=%s\n", lib);
    package_version("libvirglrenderer1", v, sizeof v);
    if (v[0] && lib) at += (size_t)snprintf(text + at, sizeof text - at, "virglrenderer_debian=%s\n", v);
    (void)at;
    record_send(text_record(REC_DEVICE, text));
}

bool virtio_gpu_base_device_realize(void *qdev, void *ctrl_cb, void *cursor_cb, void **errp)
{
    static realize_fn real;
    if (!real) real = (realize_fn)module_symbol("virtio_gpu_base_device_realize");
    if (!real) {
        fprintf(stderr, "vgtrace-shim: QEMU's virtio_gpu_base_device_realize was not found in its module\n");
        _exit(4);
    }
    if (active) {
        const char *problem = check_layout();
        if (!problem && !phys_rw) problem = "this QEMU does not export cpu_physical_memory_rw";
        if (!problem && (void *)dlsym(RTLD_DEFAULT, "virtio_gpu_ctrl_response") != (void *)virtio_gpu_ctrl_response)
            problem = "this QEMU has the virtio-gpu device built in, not as a module: the shim cannot reach it";
        if (problem) {
            fprintf(stderr, "vgtrace-shim: unsupported QEMU: %s\n", problem);
            _exit(4);
        }
        send_device_facts(qdev);
    }
    return real(qdev, ctrl_cb, cursor_cb, errp);
}

/* Only a QEMU system emulator records; every other program the command starts (a wrapper, a
 * display server) that inherits the preload is left alone. */
static bool is_qemu(void)
{
    char exe[512];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0) return false;
    exe[n] = 0;
    const char *base = strrchr(exe, '/');
    base = base ? base + 1 : exe;
    const char *want = getenv("VGTRACE_SHIM_EXE");
    return !strncmp(base, want && *want ? want : "qemu-system-", strlen(want && *want ? want : "qemu-system-"));
}

__attribute__((constructor)) static void shim_start(void)
{
    const char *path = getenv("VGTRACE_SHIM_SOCKET");
    if (!path || !*path || !is_qemu()) return;
    active = true;
    phys_rw = (phys_rw_fn)dlsym(RTLD_DEFAULT, "cpu_physical_memory_rw");
    const char *limit = getenv("VGTRACE_SHIM_BUFFER_MB");
    if (limit && atol(limit) > 0) queue_limit = (size_t)atol(limit) << 20;

    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    if (strlen(path) >= sizeof addr.sun_path) {
        fprintf(stderr, "vgtrace-shim: socket path too long; recording off\n");
        return;
    }
    strcpy(addr.sun_path, path);
    sock = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (sock < 0 || connect(sock, (struct sockaddr *)&addr, sizeof addr) != 0) {
        fprintf(stderr, "vgtrace-shim: cannot connect to vgtrace at %s (%s); recording off, QEMU runs on\n", path,
                strerror(errno));
        if (sock >= 0) close(sock);
        sock = -1;
        return;
    }
    recording = socket_ok = true;
    pthread_t t;
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    if (pthread_create(&t, &attr, sender, NULL) != 0) {
        recording = socket_ok = false;
        fprintf(stderr, "vgtrace-shim: cannot start its sender thread; recording off\n");
        return;
    }
    char exe[512] = "", text[700];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) exe[n] = 0;
    snprintf(text, sizeof text, "exe=%s\n", exe);
    record *r = record_new(REC_HELLO, 8 + strlen(text));
    if (r) {
        put32(r->bytes + 16, SHIM_PROTOCOL);
        put32(r->bytes + 20, (uint32_t)getpid());
        memcpy(r->bytes + 24, text, strlen(text));
    }
    record_send(r);
}
