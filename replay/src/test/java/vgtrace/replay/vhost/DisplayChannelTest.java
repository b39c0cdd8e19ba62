package vgtrace.replay.vhost;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import vgtrace.core.os.Received;
import vgtrace.core.os.UnixSocket;
import vgtrace.core.protocol.CtrlHeader;
import vgtrace.core.protocol.CtrlType;
import vgtrace.core.protocol.DecodeException;
import vgtrace.core.protocol.DisplayMode;
import vgtrace.core.protocol.GpuCodec;
import vgtrace.core.protocol.GpuMessage;
import vgtrace.core.protocol.OkEdid;
import vgtrace.core.protocol.Rect;
import vgtrace.core.vhost.DisplayCodec;
import vgtrace.core.vhost.DisplayMessage;
import vgtrace.core.vhost.DisplayRequest;
import vgtrace.core.vhost.Pixels;
import vgtrace.core.vhost.VhostHeader;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The display end answering a backend's requests as QEMU does, driven over a socket pair. */
class DisplayChannelTest {

    private static final List<DisplayMode> TWO_OUTPUTS = List.of(new DisplayMode(new Rect(0, 0, 1280, 800), 1, 0),
            new DisplayMode(new Rect(0, 0, 640, 480), 1, 0));

    /** A captured EDID whose header carries a fence, as the guest saw it. */
    private static final OkEdid CAPTURED = capturedEdid();

    private static OkEdid capturedEdid() {
        byte[] edid = new byte[OkEdid.EDID_BYTES];
        Arrays.fill(edid, 0, 256, (byte) 0x5a);
        return new OkEdid(CtrlHeader.fenced(CtrlType.RESP_OK_EDID, 7, 0, -1), 256, 0, edid);
    }

    /** Sends {@code request} as the backend would, lets the channel answer, and returns the reply. */
    private static DisplayMessage.Raw exchange(DisplayChannel channel, UnixSocket backend, DisplayMessage request)
            throws IOException {
        backend.send(ByteBuffer.wrap(DisplayCodec.encode(request)));
        channel.pump(new ArrayList<>());
        ByteBuffer in = ByteBuffer.allocate(4096).order(ByteOrder.LITTLE_ENDIAN);
        try (Received r = backend.recv(in, 0)) {
            return (DisplayMessage.Raw) DisplayCodec.decode(Arrays.copyOf(in.array(), r.bytes()));
        } catch (vgtrace.core.vhost.VhostDecodeException e) {
            throw new AssertionError(e);
        }
    }

    private static DisplayMessage.EdidRequest edidRequest(int scanout) {
        return new DisplayMessage.EdidRequest(new VhostHeader(DisplayRequest.GET_EDID.code(), 0, 4), scanout);
    }

    private static GpuMessage decode(byte[] wire) {
        try {
            return GpuCodec.decode(wire);
        } catch (DecodeException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void offersTheEdidProtocolAndAnswersTheCapturedEdidUnderAPlainHeader() throws IOException {
        UnixSocket.Pair pair = UnixSocket.socketpair();
        try (pair; DisplayChannel channel = new DisplayChannel(pair.first(), TWO_OUTPUTS, Map.of(0, CAPTURED))) {
            UnixSocket backend = pair.second();
            DisplayMessage.Raw features = exchange(channel, backend,
                    new DisplayMessage.Raw(new VhostHeader(DisplayRequest.GET_PROTOCOL_FEATURES.code(), 0, 0), new byte[0]));
            assertEquals(VhostHeader.REPLY, features.header().flags());
            assertEquals(DisplayMessage.ProtocolFeatures.F_EDID,
                    ByteBuffer.wrap(features.payload()).order(ByteOrder.LITTLE_ENDIAN).getLong());

            DisplayMessage.Raw reply = exchange(channel, backend, edidRequest(0));
            assertEquals(DisplayRequest.GET_EDID, reply.request());
            assertEquals(1056, reply.payload().length, "a whole virtio_gpu_resp_edid, as the backend reads it");
            OkEdid edid = (OkEdid) decode(reply.payload());
            assertEquals(CtrlHeader.of(CtrlType.RESP_OK_EDID), edid.header(), "the backend adds the fence fields itself");
            assertEquals(256, edid.size());
            assertArrayEquals(CAPTURED.edid(), edid.edid());

            backend.send(ByteBuffer.wrap(DisplayCodec.encode(new DisplayMessage.ProtocolFeatures(
                    new VhostHeader(DisplayRequest.SET_PROTOCOL_FEATURES.code(), 0, 8), DisplayMessage.ProtocolFeatures.F_EDID))));
            channel.pump(new ArrayList<>());
            assertEquals(DisplayMessage.ProtocolFeatures.F_EDID, channel.acceptedFeatures());
        }
    }

    @Test
    void anOutputWithoutACapturedEdidGetsOneForItsSizeAndAScanoutPastTheOutputsAnError() throws IOException {
        UnixSocket.Pair pair = UnixSocket.socketpair();
        try (pair; DisplayChannel channel = new DisplayChannel(pair.first(), TWO_OUTPUTS, Map.of(0, CAPTURED))) {
            OkEdid generated = (OkEdid) decode(exchange(channel, pair.second(), edidRequest(1)).payload());
            assertEquals(128, generated.size(), "one EDID base block");
            byte[] block = generated.edid();
            assertEquals(640 & 0xff, block[54 + 2] & 0xff, "the detailed timing names the output's width");
            assertEquals(480 & 0xff, block[54 + 5] & 0xff);

            DisplayMessage.Raw past = exchange(channel, pair.second(), edidRequest(2));
            assertEquals(1056, past.payload().length);
            assertEquals(CtrlType.RESP_ERR_INVALID_PARAMETER.code(),
                    ByteBuffer.wrap(past.payload()).order(ByteOrder.LITTLE_ENDIAN).getInt(0));
        }
    }

    @Test
    void aMalformedRequestIsTheBackendBreakingTheProtocol() throws IOException {
        UnixSocket.Pair pair = UnixSocket.socketpair();
        try (pair; DisplayChannel channel = new DisplayChannel(pair.first(), TWO_OUTPUTS, Map.of())) {
            ByteBuffer shortEdid = ByteBuffer.allocate(14).order(ByteOrder.LITTLE_ENDIAN)
                    .putInt(DisplayRequest.GET_EDID.code()).putInt(0).putInt(2).putShort((short) 0).flip();
            pair.second().send(shortEdid);
            IOException e = assertThrows(IOException.class, () -> channel.pump(new ArrayList<>()));
            assertTrue(e.getMessage().contains("GET_EDID: payload of 2 bytes, needs 4"), e.getMessage());
        }
    }

    @Test
    void messagesArrivingInPiecesAreTakenWhole() throws Exception {
        UnixSocket.Pair pair = UnixSocket.socketpair();
        try (pair; DisplayChannel channel = new DisplayChannel(pair.first(), TWO_OUTPUTS, Map.of(0, CAPTURED))) {
            byte[] pixels = new byte[4 * 4 * 4];
            for (int i = 0; i < pixels.length; i++) pixels[i] = (byte) (i * 7);
            byte[] update = DisplayCodec.encode(new DisplayMessage.Update(new VhostHeader(DisplayRequest.UPDATE.code(), 0, 0),
                    1, 2, 3, 4, 4, Pixels.of(pixels)));
            byte[] edid = DisplayCodec.encode(edidRequest(0));
            byte[] both = Arrays.copyOf(update, update.length + edid.length);
            System.arraycopy(edid, 0, both, update.length, edid.length);
            // Cut inside the UPDATE's header, inside its pixels, and inside the GET_EDID's header.
            int[] cuts = {5, 40, update.length + 7, both.length};
            Thread backend = Thread.ofPlatform().start(() -> {
                try {
                    for (int at = 0, c = 0; c < cuts.length; at = cuts[c++]) {
                        pair.second().send(ByteBuffer.wrap(both, at, cuts[c] - at));
                        Thread.sleep(30);
                    }
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            List<DisplayChannel.Update> updates = new ArrayList<>();
            while (backend.isAlive()) channel.pump(updates); // a pump that finds a piece waits for the rest
            backend.join();
            channel.pump(updates);
            ByteBuffer reply = ByteBuffer.allocate(VhostHeader.SIZE + 1056);
            while (reply.hasRemaining()) {
                try (Received r = pair.second().recv(reply, 0)) {
                    assertTrue(r.bytes() > 0, "the channel closed");
                }
            }
            assertEquals(1, updates.size(), "one UPDATE, taken whole");
            assertEquals(new Rect(2, 3, 4, 4), updates.getFirst().rect());
            assertEquals(1, updates.getFirst().scanoutId());
            assertArrayEquals(pixels, updates.getFirst().pixels());
            OkEdid answered = (OkEdid) decode(Arrays.copyOfRange(reply.array(), VhostHeader.SIZE, reply.capacity()));
            assertArrayEquals(CAPTURED.edid(), answered.edid(), "the GET_EDID, taken whole, was answered");
        }
    }
}
