package vgtrace.core.protocol;

/** A message the driver sends (VIRTIO_GPU_CMD_*), one record per command type. */
public sealed interface GpuCommand extends GpuMessage permits GetDisplayInfo, ResourceCreate2d, ResourceUnref,
        SetScanout, ResourceFlush, TransferToHost2d, ResourceAttachBacking, ResourceDetachBacking, GetCapsetInfo,
        GetCapset, GetEdid, ResourceAssignUuid, ResourceCreateBlob, SetScanoutBlob, CtxCreate, CtxDestroy,
        CtxAttachResource, CtxDetachResource, ResourceCreate3d, TransferToHost3d, TransferFromHost3d, Submit3d,
        ResourceMapBlob, ResourceUnmapBlob, UpdateCursor, MoveCursor {
}
