package vgtrace.capture.proxy;

import vgtrace.core.os.UnixSocket;
import vgtrace.core.vhost.DisplayCodec;
import vgtrace.core.vhost.VhostDecodeException;

import java.io.IOException;

/**
 * The interposed vhost-user-gpu display channel: the back-end talks to {@code backendSide} (our end of
 * a socketpair whose other end it got in GPU_SET_SOCKET), the VMM listens on {@code vmmSide} (the
 * socket it sent). Messages pass both ways with their fds, unchanged; the back-end's ones are recorded
 * as DISPLAY rows first. The VMM's replies (display info, EDID, DMABUF_UPDATE acks) are only forwarded.
 */
final class DisplayRelay implements AutoCloseable {

    /** An UPDATE carries a rectangle of pixels: allow a whole 8K x 8K 32-bit frame. */
    static final long MAX_PAYLOAD = 8192L * 8192 * 4 + 64;

    private final FrameChannel backendSide;
    private final FrameChannel vmmSide;
    private final TrafficRecorder traffic;

    DisplayRelay(UnixSocket backendSide, UnixSocket vmmSide, TrafficRecorder traffic) {
        this.backendSide = new FrameChannel("display channel (back-end side)", backendSide, MAX_PAYLOAD);
        this.vmmSide = new FrameChannel("display channel (VMM side)", vmmSide, MAX_PAYLOAD);
        this.traffic = traffic;
    }

    FrameChannel backendSide() {
        return backendSide;
    }

    FrameChannel vmmSide() {
        return vmmSide;
    }

    /** Relays one back-end message; false when the back-end closed the channel. */
    boolean fromBackend() throws IOException {
        try (Frame f = backendSide.read()) {
            if (f == null) return false;
            try {
                traffic.display(DisplayCodec.decode(f.bytes()));
            } catch (VhostDecodeException e) {
                traffic.fault("display channel: " + e.getMessage());
            }
            vmmSide.write(f.bytes(), f.fds());
            return true;
        }
    }

    /** Relays one VMM message; false when the VMM closed the channel. */
    boolean fromVmm() throws IOException {
        try (Frame f = vmmSide.read()) {
            if (f == null) return false;
            backendSide.write(f.bytes(), f.fds());
            return true;
        }
    }

    @Override
    public void close() {
        backendSide.close();
        vmmSide.close();
    }
}
