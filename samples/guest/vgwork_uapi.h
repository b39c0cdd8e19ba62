/*
 * The virtio-gpu DRM uapi as current kernels define it (include/uapi/drm/virtgpu_drm.h).
 * libdrm-dev's copy predates blobs, context init and ring indices, so the structs are declared
 * here, with vg_ names so they never clash with that header. Layouts follow the kernel's:
 * fields naturally aligned, no implicit padding. The DRM core zero-fills a struct that is shorter
 * than the kernel's, so these older-sized layouts also work on newer kernels.
 */
#ifndef VGWORK_UAPI_H
#define VGWORK_UAPI_H

#include <stdint.h>
#include <drm.h>

#define VG_PARAM_3D_FEATURES 1
#define VG_PARAM_CAPSET_QUERY_FIX 2
#define VG_PARAM_RESOURCE_BLOB 3
#define VG_PARAM_HOST_VISIBLE 4
#define VG_PARAM_CROSS_DEVICE 5
#define VG_PARAM_CONTEXT_INIT 6
#define VG_PARAM_SUPPORTED_CAPSET_IDS 7

#define VG_EXECBUF_FENCE_FD_IN 0x01
#define VG_EXECBUF_FENCE_FD_OUT 0x02
#define VG_EXECBUF_RING_IDX 0x04

#define VG_CAPSET_VIRGL 1
#define VG_CAPSET_VIRGL2 2

#define VG_BLOB_MEM_GUEST 1
#define VG_BLOB_MEM_HOST3D 2
#define VG_BLOB_FLAG_USE_MAPPABLE 1

#define VG_CONTEXT_PARAM_CAPSET_ID 1
#define VG_CONTEXT_PARAM_NUM_RINGS 2
#define VG_CONTEXT_PARAM_POLL_RINGS_MASK 3

/* Read from the DRM fd when a fence on a ring of POLL_RINGS_MASK signals (a bare struct drm_event). */
#define VG_EVENT_FENCE_SIGNALED 0x90000000

struct vg_map {
    uint64_t offset; /* out: the mmap offset on the DRM fd */
    uint32_t handle;
    uint32_t pad;
};

struct vg_execbuffer {
    uint32_t flags;
    uint32_t size;
    uint64_t command; /* user pointer to the command stream */
    uint64_t bo_handles;
    uint32_t num_bo_handles;
    int32_t fence_fd; /* in/out sync file */
    uint32_t ring_idx;
    uint32_t pad;
};

struct vg_getparam {
    uint64_t param;
    uint64_t value; /* user pointer to an int */
};

struct vg_resource_create {
    uint32_t target, format, bind, width, height, depth;
    uint32_t array_size, last_level, nr_samples, flags;
    uint32_t bo_handle;  /* out */
    uint32_t res_handle; /* out: the host resource id */
    uint32_t size, stride;
};

struct vg_box {
    uint32_t x, y, z, w, h, d;
};

struct vg_transfer {
    uint32_t bo_handle;
    struct vg_box box;
    uint32_t level, offset, stride, layer_stride;
};

struct vg_wait {
    uint32_t handle;
    uint32_t flags;
};

struct vg_get_caps {
    uint32_t cap_set_id;
    uint32_t cap_set_ver;
    uint64_t addr;
    uint32_t size;
    uint32_t pad;
};

struct vg_resource_create_blob {
    uint32_t blob_mem;
    uint32_t blob_flags;
    uint32_t bo_handle;  /* out */
    uint32_t res_handle; /* out */
    uint64_t size;
    uint32_t pad;
    uint32_t cmd_size;
    uint64_t cmd; /* user pointer: virgl commands creating a HOST3D blob */
    uint64_t blob_id;
};

struct vg_context_set_param {
    uint64_t param;
    uint64_t value;
};

struct vg_context_init {
    uint32_t num_params;
    uint32_t pad;
    uint64_t ctx_set_params; /* user pointer to vg_context_set_param[] */
};

#define VG_IOCTL(nr, type) DRM_IOWR(DRM_COMMAND_BASE + (nr), type)
#define VG_IOCTL_MAP VG_IOCTL(0x01, struct vg_map)
/* EXECBUFFER must be read-write: with DRM_IOW the kernel never copies the out-fence back. */
#define VG_IOCTL_EXECBUFFER VG_IOCTL(0x02, struct vg_execbuffer)
#define VG_IOCTL_GETPARAM VG_IOCTL(0x03, struct vg_getparam)
#define VG_IOCTL_RESOURCE_CREATE VG_IOCTL(0x04, struct vg_resource_create)
#define VG_IOCTL_TRANSFER_FROM_HOST VG_IOCTL(0x06, struct vg_transfer)
#define VG_IOCTL_TRANSFER_TO_HOST VG_IOCTL(0x07, struct vg_transfer)
#define VG_IOCTL_WAIT VG_IOCTL(0x08, struct vg_wait)
#define VG_IOCTL_GET_CAPS VG_IOCTL(0x09, struct vg_get_caps)
#define VG_IOCTL_RESOURCE_CREATE_BLOB VG_IOCTL(0x0a, struct vg_resource_create_blob)
#define VG_IOCTL_CONTEXT_INIT VG_IOCTL(0x0b, struct vg_context_init)

/* virgl command stream (virglrenderer src/virgl_protocol.h): dword 0 is cmd | obj << 8 | len << 16. */
#define VIRGL_CMD0(cmd, obj, len) ((uint32_t)(cmd) | ((uint32_t)(obj) << 8) | ((uint32_t)(len) << 16))
#define VIRGL_CCMD_CREATE_OBJECT 1
#define VIRGL_CCMD_SET_FRAMEBUFFER_STATE 5
#define VIRGL_CCMD_CLEAR 7
#define VIRGL_CCMD_PIPE_RESOURCE_CREATE 48
#define VIRGL_OBJECT_SURFACE 8
#define VIRGL_OBJ_SURFACE_SIZE 5
#define VIRGL_SET_FRAMEBUFFER_STATE_SIZE(nr_cbufs) ((nr_cbufs) + 2)
#define VIRGL_OBJ_CLEAR_SIZE 8
#define VIRGL_PIPE_RES_CREATE_SIZE 11
#define PIPE_CLEAR_COLOR0 (1u << 2)
#define PIPE_BUFFER 0
#define PIPE_TEXTURE_2D 2
#define VIRGL_FORMAT_B8G8R8X8_UNORM 2
#define VIRGL_BIND_RENDER_TARGET (1u << 1)
#define VIRGL_BIND_CONSTANT_BUFFER (1u << 6)
#define VIRGL_RESOURCE_FLAG_MAP_PERSISTENT (1u << 1)
#define VIRGL_RESOURCE_FLAG_MAP_COHERENT (1u << 2)

#endif
