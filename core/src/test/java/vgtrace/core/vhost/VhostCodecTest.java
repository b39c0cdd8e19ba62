package vgtrace.core.vhost;

import net.jqwik.api.*;
import org.junit.jupiter.api.Test;
import vgtrace.core.vhost.VhostMessage.*;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Golden frames, round trips, and robustness of both codecs against any bytes. */
class VhostCodecTest {

    private static VhostHeader req(VhostRequest r) {
        return VhostHeader.request(r.code(), 0);
    }

    @Test
    void setVringAddrGoldenBytesPutUsedBeforeAvail() throws VhostDecodeException {
        byte[] frame = HexFormat.of().parseHex("09000000" + "01000000" + "28000000"
                + "01000000" + "00000000" + "0010000000000000" + "0030000000000000" + "0020000000000000"
                + "0000000000000000");
        VringAddr a = (VringAddr) VhostCodec.decode(frame, 0);
        assertEquals(1, a.index());
        assertEquals(0x1000, a.descUser());
        assertEquals(0x3000, a.usedUser());
        assertEquals(0x2000, a.availUser());
        assertArrayEquals(frame, VhostCodec.encode(a));
    }

    @Test
    void memTableNeedsOneFdPerRegion() {
        MemTable t = new MemTable(req(VhostRequest.SET_MEM_TABLE), 0,
                List.of(new MemoryRegion(0, 4096, 0x7f0000000000L, 0), new MemoryRegion(1L << 32, 8192, 0x7f1000000000L, 4096)));
        byte[] frame = VhostCodec.encode(t);
        assertEquals(12 + 8 + 64, frame.length);
        VhostDecodeException e = assertThrows(VhostDecodeException.class, () -> VhostCodec.decode(frame, 1));
        assertEquals("SET_MEM_TABLE: needs 2 fds, got 1", e.getMessage());
    }

    @Test
    void kickWithNoFdBitNeedsNoFd() throws VhostDecodeException {
        VringFile f = (VringFile) VhostCodec.decode(VhostCodec.encode(new VringFile(req(VhostRequest.SET_VRING_KICK), 0x101)), 0);
        assertEquals(1, f.index());
        assertTrue(f.noFd());
        assertThrows(VhostDecodeException.class,
                () -> VhostCodec.decode(VhostCodec.encode(new VringFile(req(VhostRequest.SET_VRING_CALL), 0)), 0));
    }

    @Test
    void getRequestsWithoutPayloadAreRawAndRepliesAreTyped() throws VhostDecodeException {
        assertInstanceOf(Raw.class, VhostCodec.decode(VhostCodec.encode(new Raw(req(VhostRequest.GET_FEATURES), new byte[0])), 0));
        VhostHeader reply = new VhostHeader(VhostRequest.GET_FEATURES.code(), VhostHeader.VERSION | VhostHeader.REPLY, 8);
        assertEquals(new U64(reply, 0x140000003L), VhostCodec.decode(VhostCodec.encode(new U64(reply, 0x140000003L)), 0));
        VhostHeader ack = new VhostHeader(VhostRequest.SET_MEM_TABLE.code(), VhostHeader.VERSION | VhostHeader.REPLY, 8);
        assertEquals(new U64(ack, 0), VhostCodec.decode(VhostCodec.encode(new U64(ack, 0)), 0));
    }

    @Test
    void headerSizeMustMatchTheFrame() {
        byte[] frame = VhostCodec.encode(new U64(req(VhostRequest.SET_FEATURES), 1));
        ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 9);
        VhostDecodeException e = assertThrows(VhostDecodeException.class, () -> VhostCodec.decode(frame, 0));
        assertEquals("SET_FEATURES: header says 9 payload bytes, frame has 8", e.getMessage());
    }

    @Test
    void displayUpdateKeepsItsPixelsAndRoundTrips() throws VhostDecodeException {
        byte[] pixels = new byte[2 * 3 * 4];
        for (int i = 0; i < pixels.length; i++) pixels[i] = (byte) i;
        var u = new DisplayMessage.Update(VhostHeader.request(DisplayRequest.UPDATE.code(), 0), 0, 1, 2, 2, 3, Pixels.of(pixels));
        byte[] frame = DisplayCodec.encode(u);
        DisplayMessage back = DisplayCodec.decode(frame);
        assertEquals(u.withHeaderSize(frame.length - 12), back);
        assertArrayEquals(frame, DisplayCodec.encode(back));
    }

    @Test
    void decodedPixelsAreAViewOfTheFrameComparedByContent() throws VhostDecodeException {
        byte[] frame = HexFormat.of().parseHex("08000000" + "00000000" + "18000000"
                + "00000000" + "00000000" + "00000000" + "01000000" + "01000000" + "a1b2c3d4");
        Pixels p = ((DisplayMessage.Update) DisplayCodec.decode(frame)).pixels();
        assertSame(frame, p.frame(), "no copy");
        assertEquals(32, p.offset());
        assertEquals(4, p.length());
        Pixels same = Pixels.of(HexFormat.of().parseHex("a1b2c3d4"));
        assertEquals(same, p);
        assertEquals(same.hashCode(), p.hashCode());
        assertNotEquals(Pixels.of(HexFormat.of().parseHex("a1b2c3d5")), p);
        assertThrows(IndexOutOfBoundsException.class, () -> new Pixels(frame, 33, 4));
    }

    @Test
    void anUpdateWithGarbageFlagsIsStillAnUpdate() throws VhostDecodeException {
        // QEMU's back-end mallocs UPDATE messages and never sets flags: 0x7f4c has the reply bit set
        byte[] frame = HexFormat.of().parseHex("08000000" + "4c7f0000" + "18000000"
                + "00000000" + "00000000" + "32000000" + "01000000" + "01000000" + "11223344");
        var u = (DisplayMessage.Update) DisplayCodec.decode(frame);
        assertEquals(50, u.y());
        assertArrayEquals(HexFormat.of().parseHex("11223344"), u.pixels().toArray());
        byte[] getReply = HexFormat.of().parseHex("03000000" + "04000000" + "00000000");
        assertInstanceOf(DisplayMessage.Raw.class, DisplayCodec.decode(getReply));
    }

    @Test
    void dmabufScanout2CarriesTheModifier() throws VhostDecodeException {
        var d = new DisplayMessage.DmabufScanout(VhostHeader.request(DisplayRequest.DMABUF_SCANOUT2.code(), 48),
                0, 0, 0, 1024, 768, 1024, 768, 4096, 0, 0x34325258, 0x0100000000000001L);
        assertEquals(d, DisplayCodec.decode(DisplayCodec.encode(d)));
    }

    @Test
    void getEdidGoldenBytesFromTheBackEndNameTheScanout() throws VhostDecodeException {
        // contrib/vhost-user-gpu's vg_get_edid: request 11, flags 0, size 4, scanout_id
        byte[] frame = HexFormat.of().parseHex("0b000000" + "00000000" + "04000000" + "01000000");
        var e = (DisplayMessage.EdidRequest) DisplayCodec.decode(frame);
        assertEquals(1, e.scanoutId());
        assertEquals(DisplayRequest.GET_EDID, e.request());
        assertArrayEquals(frame, DisplayCodec.encode(e));
    }

    @Test
    void setProtocolFeaturesGoldenBytesCarryTheFeaturesTheBackEndTook() throws VhostDecodeException {
        byte[] frame = HexFormat.of().parseHex("02000000" + "00000000" + "08000000" + "0100000000000000");
        var f = (DisplayMessage.ProtocolFeatures) DisplayCodec.decode(frame);
        assertEquals(DisplayMessage.ProtocolFeatures.F_EDID, f.features());
        assertArrayEquals(frame, DisplayCodec.encode(f));
    }

    @Test
    void anEdidReplyIsKeptRawAndAShortEdidRequestIsADeclaredError() throws VhostDecodeException {
        byte[] resp = new byte[1056];
        resp[1] = 0x11; // RESP_OK_EDID 0x1104, little-endian
        resp[0] = 0x04;
        var reply = new DisplayMessage.Raw(new VhostHeader(DisplayRequest.GET_EDID.code(), VhostHeader.REPLY, 0), resp);
        assertEquals(reply.header().withSize(1056), DisplayCodec.decode(DisplayCodec.encode(reply)).header());
        assertInstanceOf(DisplayMessage.Raw.class, DisplayCodec.decode(DisplayCodec.encode(reply)));
        byte[] shortRequest = HexFormat.of().parseHex("0b000000" + "00000000" + "02000000" + "0100");
        VhostDecodeException e = assertThrows(VhostDecodeException.class, () -> DisplayCodec.decode(shortRequest));
        assertEquals("GET_EDID: payload of 2 bytes, needs 4", e.getMessage());
    }

    @Provide
    Arbitrary<byte[]> frames() {
        Arbitrary<Integer> request = Arbitraries.frequencyOf(Tuple.of(8, Arbitraries.integers().between(0, 45)),
                Tuple.of(1, Arbitraries.integers()));
        Arbitrary<Integer> flags = Arbitraries.of(1, 5, 9, 0, -1);
        Arbitrary<byte[]> payload = Arbitraries.bytes().array(byte[].class).ofMaxSize(400);
        return Combinators.combine(request, flags, payload, Arbitraries.integers().between(-2, 2))
                .as((r, f, p, sizeSkew) -> {
                    ByteBuffer b = ByteBuffer.allocate(12 + p.length).order(ByteOrder.LITTLE_ENDIAN);
                    b.putInt(r).putInt(f).putInt(p.length + (sizeSkew == 2 ? 1 : 0)).put(p);
                    return b.array();
                });
    }

    @Property(tries = 5000)
    void anyBytesDecodeToAMessageOrADeclaredError(@ForAll("frames") byte[] frame, @ForAll("fdCounts") int fds) {
        try {
            VhostMessage m = VhostCodec.decode(frame, fds);
            assertTrue(VhostCodec.fdsNeeded(m) <= fds);
            assertArrayEquals(frame, VhostCodec.encode(m), "a decoded message encodes back to its frame");
        } catch (VhostDecodeException e) {
            assertFalse(e.getMessage().isBlank());
        }
    }

    @Property(tries = 5000)
    void anyBytesDecodeToADisplayMessageOrADeclaredError(@ForAll("frames") byte[] frame) {
        try {
            DisplayMessage m = DisplayCodec.decode(frame);
            assertEquals(frame.length - 12, m.header().size());
            assertArrayEquals(frame, DisplayCodec.encode(m), "a decoded display message encodes back to its frame");
        } catch (VhostDecodeException e) {
            assertFalse(e.getMessage().isBlank());
        }
    }

    @Provide
    Arbitrary<Integer> fdCounts() {
        return Arbitraries.integers().between(0, 8);
    }

    @Test
    void featureBitsAreTheSpecsNumbers() {
        assertEquals(0x1_4000_0003L, VirtioFeature.maskOf(VirtioFeature.GPU_VIRGL, VirtioFeature.GPU_EDID,
                VirtioFeature.PROTOCOL_FEATURES, VirtioFeature.VERSION_1));
        assertEquals(1L << 29, VirtioFeature.RING_EVENT_IDX.mask());
        assertEquals(1L << 34, VirtioFeature.RING_PACKED.mask());
        assertTrue(VirtioFeature.RING_PACKED.in(0x4_0000_0000L));
        assertFalse(VirtioFeature.RING_PACKED.in(0x3_ffff_ffffL));
    }
}
