package vgtrace.replay.vhost;

import vgtrace.core.os.Epoll;
import vgtrace.core.os.Fd;
import vgtrace.core.os.NativeException;
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
import vgtrace.core.vhost.Frame;
import vgtrace.core.vhost.FrameChannel;
import vgtrace.core.vhost.VhostDecodeException;
import vgtrace.core.vhost.VhostHeader;
import vgtrace.replay.Edid;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * vgtrace as the display end of a vhost-user-gpu backend (the socket passed with GPU_SET_SOCKET),
 * answering as QEMU's {@code hw/display/vhost-user-gpu.c} does: protocol features EDID (QEMU offers
 * it always), display info from the replay's outputs, EDIDs (the capture's, else one generated for
 * the output as QEMU generates its own), and UPDATE messages become frames. Messages are framed by
 * {@link FrameChannel}, however they arrive; {@link #pump} handles those that have begun to arrive.
 */
final class DisplayChannel implements AutoCloseable {

    private static final int MAX_MESSAGE = 64 << 20;
    private static final int RESP_EDID_BYTES = (int) Layouts.RESP_EDID.byteSize();

    /** Pixels of a scanout rectangle as the backend sent them. */
    record Update(int scanoutId, Rect rect, byte[] pixels) {}

    private final FrameChannel channel;
    /** Says whether the socket has bytes waiting, so that {@link #pump} reads only then. */
    private final Epoll readable;
    private final List<DisplayMode> modes;
    private final Map<Integer, OkEdid> edids;
    private long acceptedFeatures;

    /**
     * @param modes the outputs GET_DISPLAY_INFO reports
     * @param edids the EDID response to answer per scanout (the capture's); other outputs get a generated one
     */
    DisplayChannel(UnixSocket socket, List<DisplayMode> modes, Map<Integer, OkEdid> edids) throws NativeException {
        this.channel = new FrameChannel("vhost-user-gpu display channel", socket, MAX_MESSAGE);
        this.modes = List.copyOf(modes);
        this.edids = Map.copyOf(edids);
        this.readable = Epoll.create();
        readable.add(socket.fd(), Epoll.IN);
    }

    Fd fd() {
        return channel.fd();
    }

    /** The display-protocol features the backend took (SET_PROTOCOL_FEATURES); 0 until it has sent them. */
    long acceptedFeatures() {
        return acceptedFeatures;
    }

    /** Reads and handles every message that has begun to arrive; UPDATEs are added to {@code updates}. */
    void pump(List<Update> updates) throws IOException {
        while (!readable.await(1, 0).isEmpty()) {
            try (Frame f = channel.read()) {
                if (f == null) throw new IOException("vhost-user-gpu: the backend closed the display channel");
                handle(decode(f.bytes()), updates);
            }
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
            case EdidRequest e -> send(new DisplayMessage.Raw(replyTo(m), edid(e.scanoutId())));
            case DisplayMessage.Raw r when r.request() == DisplayRequest.GET_PROTOCOL_FEATURES && !r.header().isReply() ->
                    send(new ProtocolFeatures(replyTo(m), ProtocolFeatures.F_EDID));
            case DisplayMessage.Raw r when r.request() == DisplayRequest.GET_DISPLAY_INFO && !r.header().isReply() ->
                    send(new DisplayMessage.Raw(replyTo(m), GpuCodec.encode(OkDisplayInfo.of(CtrlHeader.of(CtrlType.RESP_OK_DISPLAY_INFO), modes))));
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

    /** The header of the reply to {@code request} (the codec sets the size). */
    private static VhostHeader replyTo(DisplayMessage request) {
        return new VhostHeader(request.header().request(), VhostHeader.REPLY, 0);
    }

    private void send(DisplayMessage reply) throws NativeException {
        channel.write(DisplayCodec.encode(reply), List.of());
    }

    @Override
    public void close() {
        readable.close();
        channel.close();
    }
}
