package vgtrace.core.protocol;

/** VIRTIO_GPU_CMD_CTX_DESTROY: destroys the context named by the header's {@code ctx_id} (header only). */
public record CtxDestroy(CtrlHeader header) implements GpuCommand {

    public CtxDestroy {
        Require.type(header, CtrlType.CTX_DESTROY);
    }
}
