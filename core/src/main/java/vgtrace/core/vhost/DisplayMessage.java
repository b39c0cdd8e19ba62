package vgtrace.core.vhost;

import java.util.Arrays;
import java.util.Objects;

/**
 * One message of the vhost-user-gpu display channel, as {@link DisplayCodec} decodes it. The header
 * is the vhost-user one (request, flags with bit 2 = reply, size). Pixels are views of the decoded
 * frame, not copies.
 */
public sealed interface DisplayMessage {

    VhostHeader header();

    default DisplayRequest request() {
        return DisplayRequest.of(header().request());
    }

    /** CURSOR_POS and CURSOR_POS_HIDE: {scanout_id, x, y}. */
    record CursorPos(VhostHeader header, int scanoutId, int x, int y) implements DisplayMessage {
        public static final int SIZE = 12;
    }

    /** CURSOR_UPDATE: the position, the hot spot and 64x64 ARGB pixels. */
    record CursorUpdate(VhostHeader header, CursorPos pos, int hotX, int hotY, Pixels pixels) implements DisplayMessage {
        public static final int PIXEL_BYTES = 64 * 64 * 4, SIZE = CursorPos.SIZE + 8 + PIXEL_BYTES;
    }

    /** SCANOUT: a scanout shows a surface of width x height (0 x 0: disabled). */
    record Scanout(VhostHeader header, int scanoutId, int width, int height) implements DisplayMessage {
        public static final int SIZE = 12;
    }

    /** UPDATE: a rectangle of a scanout and its x8r8g8b8 pixels (what follows the 20-byte struct). */
    record Update(VhostHeader header, int scanoutId, int x, int y, int width, int height, Pixels pixels)
            implements DisplayMessage {
        public static final int FIXED_SIZE = 20;

        /** The same update with the header's size field set (as a decoded frame has it). */
        public Update withHeaderSize(int size) {
            return new Update(header.withSize(size), scanoutId, x, y, width, height, pixels);
        }
    }

    /**
     * DMABUF_SCANOUT (40 bytes, with the dmabuf fd) and DMABUF_SCANOUT2 (48 bytes: plus the modifier,
     * {@code null} for the first).
     */
    record DmabufScanout(VhostHeader header, int scanoutId, int x, int y, int width, int height, int fdWidth,
                         int fdHeight, int fdStride, int fdFlags, int fourcc, Long modifier) implements DisplayMessage {
        public static final int SIZE = 40, SIZE2 = 48;
    }

    /** DMABUF_UPDATE: a rectangle of a dmabuf scanout changed; the back-end waits for an empty reply. */
    record DmabufUpdate(VhostHeader header, int scanoutId, int x, int y, int width, int height)
            implements DisplayMessage {
        public static final int SIZE = 20;
    }

    /**
     * SET_PROTOCOL_FEATURES: the display-protocol features the back-end takes from those the front-end
     * offered in its GET_PROTOCOL_FEATURES reply (contrib/vhost-user-gpu masks them to the ones it knows).
     */
    record ProtocolFeatures(VhostHeader header, long features) implements DisplayMessage {
        public static final int SIZE = 8;
        /** VHOST_USER_GPU_PROTOCOL_F_EDID: the back-end forwards GET_EDID to the front-end. */
        public static final long F_EDID = 1L << 0;
        /** VHOST_USER_GPU_PROTOCOL_F_DMABUF2: DMABUF_SCANOUT2 (with the modifier) may be sent. */
        public static final long F_DMABUF2 = 1L << 1;
    }

    /**
     * GET_EDID: the back-end asks for a scanout's EDID (VhostUserGpuEdidRequest); the front-end replies
     * with a whole {@code virtio_gpu_resp_edid} (1056 bytes), which the back-end hands to the guest.
     */
    record EdidRequest(VhostHeader header, int scanoutId) implements DisplayMessage {
        public static final int SIZE = 4;
    }

    /** Anything else (GET_PROTOCOL_FEATURES, display info requests, replies, unknown numbers). */
    record Raw(VhostHeader header, byte[] payload) implements DisplayMessage {
        public Raw {
            Objects.requireNonNull(payload, "payload");
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Raw r && header.equals(r.header) && Arrays.equals(payload, r.payload);
        }

        @Override
        public int hashCode() {
            return 31 * header.hashCode() + Arrays.hashCode(payload);
        }
    }
}
