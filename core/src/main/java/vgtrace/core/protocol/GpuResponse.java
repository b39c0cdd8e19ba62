package vgtrace.core.protocol;

/** A message the device answers with (VIRTIO_GPU_RESP_*); the six error types share {@link ErrorResponse}. */
public sealed interface GpuResponse extends GpuMessage permits OkNodata, OkDisplayInfo, OkCapsetInfo, OkCapset,
        OkEdid, OkResourceUuid, OkMapInfo, ErrorResponse {
}
