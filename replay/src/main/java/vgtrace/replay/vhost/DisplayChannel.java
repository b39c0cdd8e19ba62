package vgtrace.replay.vhost;

import vgtrace.core.os.Fd;
import vgtrace.core.os.NativeException;
import vgtrace.core.os.Received;
import vgtrace.core.os.UnixSocket;
import vgtrace.core.protocol.CtrlHeader;
import vgtrace.core.protocol.CtrlType;
import vgtrace.core.protocol.DisplayMode;
import vgtrace.core.protocol.ErrorResponse;
import vgtrace.core.protocol.GpuCodec;
import vgtrace.core.protocol.Layouts;
import vgtrace.core.protocol.OkDisplayInfo;
import vgtrace.core.protocol.OkEdid;
import vgtrace.core.protocol.Rect;
import vgtrace.core.vhost.DisplayCodec;
import vgtrace.core.vhost.DisplayMessage;
import vgtrace.core.vhost.DisplayMessage.EdidRequest;
import vgtrace.core.vhost.DisplayMessage.ProtocolFeatures;
import vgtrace.core.vhost.DisplayRequest;
import vgtrace.core.vhost.VhostDecodeException;
import vgtrace.core.vhost.VhostHeader;
import vgtrace.replay.Edid;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * vgtrace as the display end of a vhost-user-gpu backend (the socket passed with GPU_SET_SOCKET),
 * answering as QEMU's {@code hw/display/vhost-user-gpu.c} does: protocol features EDID (QEMU offers
 * it always), display info from the replay's outputs, EDIDs (the capture's, else one generated for
 * the output as QEMU generates its own), and UPDATE messages become frames. Non-blocking:
 * {@link #pump} handles whatever has arrived.
 */
final class DisplayChannel implements AutoCloseable {

    private static final int HEADER = VhostHeader.SIZE, MAX_MESSAGE = 64 << 20;
    private static final int RESP_EDID_BYTES = (int) Layouts.RESP_EDID.byteSize();

    /** Pixels of a scanout rectangle as the backend sent them. */
    record Update(int scanoutId, Rect rect, byte[] pixels) {}

    private final UnixSocket socket;
    private final List<DisplayMode> modes;
    private final Map<Integer, OkEdid> edids;
    private ByteBuffer pending = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    private long acceptedFeatures;

    /**
     * @param modes the outputs GET_DISPLAY_INFO reports
     * @param edids the EDID response to answer per scanout (the capture's); other outputs get a generated one
     */
    DisplayChannel(UnixSocket socket, List<DisplayMode> modes, Map<Integer, OkEdid> edids) throws NativeException {
        this.socket = socket;
        this.modes = List.copyOf(modes);
        this.edids = Map.copyOf(edids);
        socket.setNonBlocking(true);
    }

    Fd fd() {
        return socket.fd();
    }

    /** The display-protocol features the backend took (SET_PROTOCOL_FEATURES); 0 until it has sent them. */
    long acceptedFeatures() {
        return acceptedFeatures;
    }

    /** Reads and handles every complete message available; UPDATEs are added to {@code updates}. */
    void pump(List<Update> updates) throws IOException {
        while (read()) {
            while (pending.position() >= HEADER) {
                int size = pending.getInt(8);
                if (size < 0 || size > MAX_MESSAGE) throw new IOException("vhost-user-gpu: display message of " + size + " bytes");
                if (pending.position() < HEADER + size) {
                    if (pending.capacity() < HEADER + size) pending = grow(HEADER + size);
                    break;
                }
                byte[] frame = new byte[HEADER + size];
                pending.get(0, frame);
                shift(HEADER + size);
                handle(decode(frame), updates);
            }
        }
    }

    /** Reads what is available; false when nothing more is. */
    private boolean read() throws IOException {
        if (!pending.hasRemaining()) pending = grow(pending.capacity() * 2);
        try (Received r = socket.recv(pending, 0)) {
            if (r.bytes() == 0) throw new IOException("vhost-user-gpu: the backend closed the display channel");
            return true;
        } catch (NativeException e) {
            if (e.wouldBlock()) return false;
            throw new IOException("vhost-user-gpu display channel: " + e.getMessage(), e);
        }
    }


    private static DisplayMessage decode(byte[] frame) throws IOException {
        try {
            return DisplayCodec.decode(frame);
        } catch (VhostDecodeException e) {
            throw new IOException("vhost-user-gpu display channel: " + e.getMessage(), e);
        }
    }

    private void handle(DisplayMessage m, List<Update> updates) throws IOException {
        switch (m) {
            case DisplayMessage.Update u ->
                    updates.add(new Update(u.scanoutId(), new Rect(u.x(), u.y(), u.width(), u.height()), u.pixels().toArray()));
            case ProtocolFeatures f -> acceptedFeatures = f.features();
            case EdidRequest e -> reply(m, edid(e.scanoutId()));
            case DisplayMessage.Raw r when r.request() == DisplayRequest.GET_PROTOCOL_FEATURES && !r.header().isReply() ->
                    reply(m, VhostUserChannel.le(Long.BYTES).putLong(ProtocolFeatures.F_EDID).array());
            case DisplayMessage.Raw r when r.request() == DisplayRequest.GET_DISPLAY_INFO && !r.header().isReply() ->
                    reply(m, GpuCodec.encode(OkDisplayInfo.of(CtrlHeader.of(CtrlType.RESP_OK_DISPLAY_INFO), modes)));
            default -> { } // SCANOUT, cursor messages: nothing to answer; DMABUF ones are not offered
        }
    }

    /**
     * The resp_edid for a scanout, under the header the VMM writes (type only: the backend adds the
     * fence fields). For a scanout past the outputs QEMU logs an error and never replies, which leaves
     * the backend waiting for good; an INVALID_PARAMETER header (what QEMU's own virtio-gpu device
     * answers) in a reply of the size the backend reads lets the replay go on and report it.
     */
    private byte[] edid(int scanout) {
        OkEdid captured = edids.get(scanout);
        if (captured != null) {
            return GpuCodec.encode(new OkEdid(CtrlHeader.of(CtrlType.RESP_OK_EDID), captured.size(),
                    captured.padding(), captured.edid()));
        }
        if (scanout >= 0 && scanout < modes.size()) {
            return GpuCodec.encode(Edid.response(CtrlHeader.of(CtrlType.RESP_OK_EDID), modes.get(scanout).r()));
        }
        byte[] error = GpuCodec.encode(new ErrorResponse(CtrlHeader.of(CtrlType.RESP_ERR_INVALID_PARAMETER)));
        return Arrays.copyOf(error, RESP_EDID_BYTES);
    }

    private void reply(DisplayMessage request, byte[] payload) throws IOException {
        VhostHeader header = new VhostHeader(request.header().request(), VhostHeader.REPLY, payload.length);
        ByteBuffer msg = ByteBuffer.wrap(DisplayCodec.encode(new DisplayMessage.Raw(header, payload)));
        while (msg.hasRemaining()) {
            try {
                socket.send(msg);
            } catch (NativeException e) {
                if (!e.wouldBlock()) throw new IOException("vhost-user-gpu display channel: " + e.getMessage(), e);
                Thread.onSpinWait();
            }
        }
    }

    private ByteBuffer grow(int capacity) {
        ByteBuffer bigger = ByteBuffer.allocate(capacity).order(ByteOrder.LITTLE_ENDIAN);
        pending.flip();
        bigger.put(pending);
        return bigger;
    }

    private void shift(int consumed) {
        pending.flip();
        pending.position(consumed);
        pending.compact();
    }

    @Override
    public void close() {
        socket.close();
    }
}
