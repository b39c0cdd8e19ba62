package vgtrace.core.protocol;

/** VIRTIO_GPU_RESP_OK_NODATA: success with nothing to report (header only). */
public record OkNodata(CtrlHeader header) implements GpuResponse {

    public OkNodata {
        Require.type(header, CtrlType.RESP_OK_NODATA);
    }
}
