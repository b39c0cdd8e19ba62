package vgtrace.replay.engine;

import vgtrace.core.protocol.DecodeException;
import vgtrace.core.protocol.GpuCodec;
import vgtrace.core.protocol.GpuMessage;
import vgtrace.core.protocol.OkCapset;
import vgtrace.core.protocol.OkCapsetInfo;
import vgtrace.core.protocol.OkEdid;
import vgtrace.core.protocol.OkResourceUuid;

/**
 * Response fields that legitimately differ between the capture host and the replay host, and how
 * they are normalized before comparing (documented in docs/replay.md):
 * <ul>
 * <li>RESP_OK_CAPSET data: describes the host's GL/Vulkan driver; cleared.</li>
 * <li>RESP_OK_CAPSET_INFO capset_max_size: grows with the virglrenderer version; cleared
 *     (capset_id and capset_max_version are kept).</li>
 * <li>RESP_OK_EDID size and bytes: each VMM writes its own monitor description; cleared.</li>
 * <li>RESP_OK_RESOURCE_UUID uuid: random per run; cleared.</li>
 * </ul>
 * Everything else (type, flags, fence_id, ctx_id, ring_idx, padding, display modes, map_info) must
 * match exactly.
 */
public final class Volatility {

    private Volatility() {
    }

    /** The response's wire bytes with volatile fields cleared; undecodable bytes are returned unchanged. */
    public static byte[] normalize(byte[] response) {
        try {
            return GpuCodec.encode(normalize(GpuCodec.decode(response)));
        } catch (DecodeException e) {
            return response;
        }
    }

    static GpuMessage normalize(GpuMessage m) {
        return switch (m) {
            case OkCapset c -> new OkCapset(c.header(), new byte[0]);
            case OkCapsetInfo i -> new OkCapsetInfo(i.header(), i.capsetId(), i.capsetMaxVersion(), 0, i.padding());
            case OkEdid e -> new OkEdid(e.header(), 0, e.padding(), new byte[OkEdid.EDID_BYTES]);
            case OkResourceUuid u -> new OkResourceUuid(u.header(), new byte[OkResourceUuid.UUID_BYTES]);
            default -> m;
        };
    }
}
