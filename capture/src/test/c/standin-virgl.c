/*
 * A stand-in for libvirglrenderer.so.1 in the shim's tests: keeps the callbacks it is given and
 * signals fences when asked, as virgl_renderer_poll does. Built as libvirglrenderer.so.1.
 */
#include <stdint.h>

typedef struct {
    int version;
    void (*write_fence)(void *cookie, uint32_t fence);
    void *create_gl_context, *destroy_gl_context, *make_current, *get_drm_fd;
    void (*write_context_fence)(void *cookie, uint32_t ctx_id, uint32_t ring_idx, uint64_t fence_id);
    void *get_server_fd, *get_egl_display;
} callbacks;

static callbacks *cbs;
static void *cookie;
static uint8_t blob[8192];

int virgl_renderer_init(void *c, int flags, callbacks *cb)
{
    (void)flags;
    cookie = c;
    cbs = cb;
    return 0;
}

/* Signals a context-0 fence, then fence 7 on ctx 3 ring 2. */
void virgl_renderer_poll(void)
{
    cbs->write_fence(cookie, 5);
    cbs->write_context_fence(cookie, 3, 2, 7);
}

int virgl_renderer_resource_map(uint32_t res, void **map, uint64_t *size)
{
    (void)res;
    *map = blob;
    *size = sizeof blob;
    return 0;
}

int virgl_renderer_resource_unmap(uint32_t res)
{
    (void)res;
    return 0;
}
