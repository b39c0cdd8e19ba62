package vgtrace.core.protocol;

import java.util.Objects;

/** Any of the six VIRTIO_GPU_RESP_ERR_* responses (header only); the header's type says which. */
public record ErrorResponse(CtrlHeader header) implements GpuResponse {

    public ErrorResponse {
        Objects.requireNonNull(header, "header");
        CtrlType type = header.ctrlType();
        if (type == null || type.kind() != CtrlType.Kind.RESPONSE_ERR) {
            throw new IllegalArgumentException("ErrorResponse with a " + CtrlType.nameOf(header.type()) + " header");
        }
    }

    /** The error type, one of the RESP_ERR_* values. */
    public CtrlType error() {
        return header.ctrlType();
    }
}
