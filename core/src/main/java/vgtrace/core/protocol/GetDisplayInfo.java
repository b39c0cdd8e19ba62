package vgtrace.core.protocol;

/** VIRTIO_GPU_CMD_GET_DISPLAY_INFO: asks for the scanouts' modes (header only). */
public record GetDisplayInfo(CtrlHeader header) implements GpuCommand {

    public GetDisplayInfo {
        Require.type(header, CtrlType.GET_DISPLAY_INFO);
    }
}
