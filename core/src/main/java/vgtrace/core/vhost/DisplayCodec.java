package vgtrace.core.vhost;

import vgtrace.core.vhost.DisplayMessage.CursorPos;
import vgtrace.core.vhost.DisplayMessage.CursorUpdate;
import vgtrace.core.vhost.DisplayMessage.DmabufScanout;
import vgtrace.core.vhost.DisplayMessage.DmabufUpdate;
import vgtrace.core.vhost.DisplayMessage.EdidRequest;
import vgtrace.core.vhost.DisplayMessage.ProtocolFeatures;
import vgtrace.core.vhost.DisplayMessage.Raw;
import vgtrace.core.vhost.DisplayMessage.Scanout;
import vgtrace.core.vhost.DisplayMessage.Update;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Decoder and encoder of vhost-user-gpu display channel frames (12-byte header, then {@code size}
 * bytes). Replies (flag bit 2 on a request that has one) are kept raw. The flag bit decides nothing
 * for messages that never get a reply: QEMU's back-end leaves {@code flags} of its UPDATE messages
 * uninitialized (contrib/vhost-user-gpu {@code vg_resource_flush}), and its front-end ignores them.
 * Throws nothing but {@link VhostDecodeException}.
 */
public final class DisplayCodec {

    private DisplayCodec() {
    }

    public static DisplayMessage decode(byte[] frame) throws VhostDecodeException {
        ByteBuffer b = ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN);
        VhostHeader h = VhostCodec.header(b, frame.length);
        ByteBuffer p = b.position(VhostHeader.SIZE).slice().order(ByteOrder.LITTLE_ENDIAN);
        DisplayRequest r = DisplayRequest.of(h.request());
        if (r == null || (h.isReply() && r.hasReply())) return raw(h, p);
        return switch (r) {
            case CURSOR_POS, CURSOR_POS_HIDE -> {
                need(h, p, CursorPos.SIZE);
                yield cursorPos(h, p);
            }
            case CURSOR_UPDATE -> {
                need(h, p, CursorUpdate.SIZE);
                yield new CursorUpdate(h, cursorPos(h, p), p.getInt(12), p.getInt(16),
                        new Pixels(frame, VhostHeader.SIZE + 20, CursorUpdate.PIXEL_BYTES));
            }
            case SCANOUT -> {
                need(h, p, Scanout.SIZE);
                yield new Scanout(h, p.getInt(0), p.getInt(4), p.getInt(8));
            }
            case UPDATE -> {
                if (p.remaining() < Update.FIXED_SIZE) need(h, p, Update.FIXED_SIZE);
                yield new Update(h, p.getInt(0), p.getInt(4), p.getInt(8), p.getInt(12), p.getInt(16),
                        new Pixels(frame, VhostHeader.SIZE + Update.FIXED_SIZE, frame.length - VhostHeader.SIZE - Update.FIXED_SIZE));
            }
            case DMABUF_SCANOUT, DMABUF_SCANOUT2 -> {
                boolean two = r == DisplayRequest.DMABUF_SCANOUT2;
                need(h, p, two ? DmabufScanout.SIZE2 : DmabufScanout.SIZE);
                yield new DmabufScanout(h, p.getInt(0), p.getInt(4), p.getInt(8), p.getInt(12), p.getInt(16),
                        p.getInt(20), p.getInt(24), p.getInt(28), p.getInt(32), p.getInt(36),
                        two ? p.getLong(40) : null);
            }
            case DMABUF_UPDATE -> {
                need(h, p, DmabufUpdate.SIZE);
                yield new DmabufUpdate(h, p.getInt(0), p.getInt(4), p.getInt(8), p.getInt(12), p.getInt(16));
            }
            case SET_PROTOCOL_FEATURES -> {
                need(h, p, ProtocolFeatures.SIZE);
                yield new ProtocolFeatures(h, p.getLong(0));
            }
            case GET_EDID -> {
                need(h, p, EdidRequest.SIZE);
                yield new EdidRequest(h, p.getInt(0));
            }
            case GET_PROTOCOL_FEATURES, GET_DISPLAY_INFO -> raw(h, p);
        };
    }

    private static CursorPos cursorPos(VhostHeader h, ByteBuffer p) {
        return new CursorPos(h.withSize(CursorPos.SIZE), p.getInt(0), p.getInt(4), p.getInt(8));
    }

    private static Raw raw(VhostHeader h, ByteBuffer p) {
        byte[] payload = new byte[p.remaining()];
        p.get(0, payload);
        return new Raw(h, payload);
    }

    /** Refuses a payload that is not exactly {@code bytes} long. */
    private static void need(VhostHeader h, ByteBuffer p, int bytes) throws VhostDecodeException {
        if (p.remaining() != bytes)
            throw new VhostDecodeException("%s: payload of %d bytes, needs %d"
                    .formatted(DisplayRequest.nameOf(h.request()), p.remaining(), bytes));
    }

    /** The frame of a message: header with {@code size} set to the payload length, then the payload. */
    public static byte[] encode(DisplayMessage m) {
        ByteBuffer p = switch (m) {
            case CursorPos c -> le(CursorPos.SIZE).putInt(c.scanoutId()).putInt(c.x()).putInt(c.y());
            case CursorUpdate c -> le(CursorUpdate.SIZE).putInt(c.pos().scanoutId()).putInt(c.pos().x())
                    .putInt(c.pos().y()).putInt(c.hotX()).putInt(c.hotY()).put(c.pixels().frame(), c.pixels().offset(), c.pixels().length());
            case Scanout s -> le(Scanout.SIZE).putInt(s.scanoutId()).putInt(s.width()).putInt(s.height());
            case Update u -> le(Update.FIXED_SIZE + u.pixels().length()).putInt(u.scanoutId()).putInt(u.x())
                    .putInt(u.y()).putInt(u.width()).putInt(u.height()).put(u.pixels().frame(), u.pixels().offset(), u.pixels().length());
            case DmabufScanout d -> {
                ByteBuffer b = le(d.modifier() == null ? DmabufScanout.SIZE : DmabufScanout.SIZE2)
                        .putInt(d.scanoutId()).putInt(d.x()).putInt(d.y()).putInt(d.width()).putInt(d.height())
                        .putInt(d.fdWidth()).putInt(d.fdHeight()).putInt(d.fdStride()).putInt(d.fdFlags())
                        .putInt(d.fourcc());
                yield d.modifier() == null ? b : b.putLong(d.modifier());
            }
            case DmabufUpdate d -> le(DmabufUpdate.SIZE).putInt(d.scanoutId()).putInt(d.x()).putInt(d.y())
                    .putInt(d.width()).putInt(d.height());
            case ProtocolFeatures f -> le(ProtocolFeatures.SIZE).putLong(f.features());
            case EdidRequest e -> le(EdidRequest.SIZE).putInt(e.scanoutId());
            case Raw r -> le(r.payload().length).put(r.payload());
        };
        byte[] payload = p.array();
        ByteBuffer frame = ByteBuffer.allocate(VhostHeader.SIZE + payload.length);
        m.header().withSize(payload.length).write(frame);
        return frame.put(VhostHeader.SIZE, payload).array();
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }
}
