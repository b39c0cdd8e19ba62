package vgtrace.core.protocol;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

class RoundTripTest {

    private static byte[] hex(String text) {
        return HexFormat.of().parseHex(text.replaceAll("\\s", ""));
    }

    @Test
    void handMadeMessagesCoverEveryTypeAndRaw() {
        Set<Integer> types = HandMadeMessages.all().stream().map(m -> m.header().type()).collect(Collectors.toSet());
        for (CtrlType t : CtrlType.values()) assertTrue(types.contains(t.code()), t.name());
        assertTrue(HandMadeMessages.all().stream().anyMatch(m -> m instanceof RawMessage));
    }

    @TestFactory
    Stream<DynamicTest> everyMessageRoundTrips() {
        return HandMadeMessages.all().stream()
                .map(m -> DynamicTest.dynamicTest(CtrlType.nameOf(m.header().type()), () -> assertRoundTrips(m)));
    }

    private static void assertRoundTrips(GpuMessage m) throws DecodeException {
        byte[] wire = GpuCodec.encode(m);
        assertEquals(GpuCodec.encodedSize(m), wire.length);
        GpuMessage back = GpuCodec.decode(wire);
        assertEquals(m, back);
        assertEquals(m.hashCode(), back.hashCode());
        assertArrayEquals(wire, GpuCodec.encode(back));
    }

    @Test
    void goldenResourceCreate2d() throws DecodeException {
        byte[] wire = hex("""
                01010000 00000000 0000000000000000 00000000 00 000000
                03000000 01000000 40000000 40000000""");
        ResourceCreate2d m = assertInstanceOf(ResourceCreate2d.class, GpuCodec.decode(wire));
        assertEquals(new ResourceCreate2d(CtrlHeader.of(CtrlType.RESOURCE_CREATE_2D), 3, 1, 64, 64), m);
        assertEquals("RESOURCE_CREATE_2D res=3 fmt=B8G8R8A8_UNORM 64x64", MessageText.describe(m));
        assertArrayEquals(wire, GpuCodec.encode(m));
    }

    @Test
    void goldenSubmit3dOnARing() throws DecodeException {
        byte[] wire = hex("""
                07020000 03000000 2900000000000000 02000000 03 000000
                08000000 00000000
                0102030405060708""");
        Submit3d m = assertInstanceOf(Submit3d.class, GpuCodec.decode(wire));
        assertEquals(new CtrlHeader(0x207, 3, 41, 2, 3, 0), m.header());
        assertEquals(8, m.size());
        assertArrayEquals(new byte[]{1, 2, 3, 4, 5, 6, 7, 8}, m.commands());
        assertEquals("SUBMIT_3D ctx=2 ring=3 fence=41 size=8", MessageText.describe(m));
        assertArrayEquals(wire, GpuCodec.encode(m));
    }

    @Test
    void goldenAttachBackingKeepsPaddingGarbage() throws DecodeException {
        byte[] wire = hex("""
                06010000 00000000 0000000000000000 00000000 00 abcdef
                03000000 02000000
                0010000000000000 00100000 00000000
                0000010000000080 00200000 efbeadde""");
        ResourceAttachBacking m = assertInstanceOf(ResourceAttachBacking.class, GpuCodec.decode(wire));
        assertEquals(0xefcdab, m.header().padding());
        assertEquals(List.of(MemEntry.of(0x1000, 4096), new MemEntry(0x8000000000010000L, 8192, 0xdeadbeef)),
                m.entries());
        assertEquals("RESOURCE_ATTACH_BACKING res=3 entries=2 [0x1000+4096, 0x8000000000010000+8192]",
                MessageText.describe(m));
        assertArrayEquals(wire, GpuCodec.encode(m));
    }

    @Test
    void undefinedTypeIsARawMessage() throws DecodeException {
        byte[] wire = hex("00040000 00000000 0000000000000000 00000000 00 000000 aabb");
        RawMessage m = assertInstanceOf(RawMessage.class, GpuCodec.decode(wire));
        assertArrayEquals(new byte[]{(byte) 0xaa, (byte) 0xbb}, m.body());
        assertArrayEquals(wire, GpuCodec.encode(m));
    }

    @Test
    void excessBytesAreIgnored() throws DecodeException {
        GpuMessage m = HandMadeMessages.all().get(1);
        byte[] wire = GpuCodec.encode(m);
        assertEquals(m, GpuCodec.decode(Arrays.copyOf(wire, wire.length + 9)));
    }

    @Test
    void decodesABufferWindowWithoutMovingIt() throws DecodeException {
        GpuMessage m = HandMadeMessages.all().get(6);
        byte[] wire = GpuCodec.encode(m);
        byte[] framed = new byte[wire.length + 10];
        System.arraycopy(wire, 0, framed, 5, wire.length);
        ByteBuffer buffer = ByteBuffer.wrap(framed).position(5).limit(5 + wire.length).asReadOnlyBuffer();
        assertEquals(m, GpuCodec.decode(buffer));
        assertEquals(5, buffer.position());
        assertEquals(5 + wire.length, buffer.limit());
        ByteBuffer direct = ByteBuffer.allocateDirect(wire.length + 3).position(3);
        direct.put(wire).position(3);
        assertEquals(m, GpuCodec.decode(direct));
    }

    @Test
    void truncatedStructIsRejectedWithTheType() {
        byte[] wire = Arrays.copyOf(GpuCodec.encode(HandMadeMessages.all().get(1)), 30);
        DecodeException e = assertThrows(DecodeException.class, () -> GpuCodec.decode(wire));
        assertEquals(0x101, e.type());
        assertEquals("RESOURCE_CREATE_2D: struct needs 40 bytes, have 30", e.getMessage());
        assertEquals(Optional.of(HandMadeMessages.all().get(1).header()), e.header(), "the header it read, whole");
        assertEquals(CtrlHeader.read(wire), e.header().get());
    }

    @Test
    void shortHeaderIsRejected() {
        DecodeException e = assertThrows(DecodeException.class, () -> GpuCodec.decode(new byte[]{7, 2}));
        assertEquals(DecodeException.NO_TYPE, e.type());
        assertEquals(Optional.empty(), e.header());
        DecodeException typeOnly = assertThrows(DecodeException.class, () -> GpuCodec.decode(hex("07020000 00")));
        assertEquals(0x207, typeOnly.type());
        assertEquals(Optional.empty(), typeOnly.header(), "no header: fewer than 24 bytes");
    }

    @Test
    void hugeEntryCountIsRejectedBeforeAllocating() {
        byte[] wire = hex("06010000 00000000 0000000000000000 00000000 00 000000 03000000 40420f00 0000000000000000");
        DecodeException e = assertThrows(DecodeException.class, () -> GpuCodec.decode(wire));
        assertEquals("RESOURCE_ATTACH_BACKING: nr_entries=1000000 needs 16000000 bytes, have 8", e.getMessage());
        assertEquals(Optional.of(CtrlHeader.of(CtrlType.RESOURCE_ATTACH_BACKING)), e.header());
        byte[] max = hex("0c010000 00000000 0000000000000000 00000000 00 000000 "
                + "01000000 01000000 00000000 ffffffff 0000000000000000 0000000000000000");
        assertTrue(assertThrows(DecodeException.class, () -> GpuCodec.decode(max)).getMessage()
                .startsWith("RESOURCE_CREATE_BLOB: nr_entries=4294967295 needs 68719476720 bytes"));
    }

    @Test
    void submitLongerThanItsBytesIsRejected() {
        byte[] wire = hex("07020000 00000000 0000000000000000 00000000 00 000000 ffffffff 00000000 0102");
        DecodeException e = assertThrows(DecodeException.class, () -> GpuCodec.decode(wire));
        assertEquals("SUBMIT_3D: size=4294967295 needs 4294967295 bytes, have 2", e.getMessage());
    }

    @Test
    void recordsRefuseInconsistentFields() {
        assertThrows(IllegalArgumentException.class,
                () -> new ResourceCreate2d(CtrlHeader.of(CtrlType.SUBMIT_3D), 1, 1, 1, 1));
        assertThrows(IllegalArgumentException.class,
                () -> new Submit3d(CtrlHeader.of(CtrlType.SUBMIT_3D), 5, 0, new byte[4]));
        assertThrows(IllegalArgumentException.class, () -> new ResourceAttachBacking(
                CtrlHeader.of(CtrlType.RESOURCE_ATTACH_BACKING), 1, 2, List.of(MemEntry.of(0, 1))));
        assertThrows(IllegalArgumentException.class, () -> new ErrorResponse(CtrlHeader.of(CtrlType.RESP_OK_NODATA)));
        assertThrows(IllegalArgumentException.class,
                () -> new RawMessage(CtrlHeader.of(CtrlType.CTX_DESTROY), new byte[0]));
        assertThrows(IllegalArgumentException.class,
                () -> new OkEdid(CtrlHeader.of(CtrlType.RESP_OK_EDID), 0, 0, new byte[10]));
        assertThrows(IllegalArgumentException.class,
                () -> new OkDisplayInfo(CtrlHeader.of(CtrlType.RESP_OK_DISPLAY_INFO), List.of()));
    }

    @Test
    void arrayRecordsCompareByContentAndStayImmutable() {
        byte[] uuid = new byte[16];
        OkResourceUuid a = new OkResourceUuid(CtrlHeader.of(CtrlType.RESP_OK_RESOURCE_UUID), uuid);
        uuid[0] = 1;
        assertEquals(new OkResourceUuid(CtrlHeader.of(CtrlType.RESP_OK_RESOURCE_UUID), new byte[16]), a);
        a.uuid()[1] = 1;
        assertEquals(0, a.uuid()[1]);
        assertNotEquals(a, new OkResourceUuid(CtrlHeader.of(CtrlType.RESP_OK_RESOURCE_UUID), uuid));
    }

    @Test
    void ctxCreateNameStopsAtNlenAndNul() {
        CtxCreate c = CtxCreate.of(CtrlHeader.of(CtrlType.CTX_CREATE), 0x104, "glmark2");
        assertEquals("glmark2", c.debugName());
        assertEquals(7, c.nlen());
        assertEquals(4, c.capsetId());
        byte[] raw = Arrays.copyOf("ab\0cd".getBytes(), 64);
        assertEquals("ab", new CtxCreate(CtrlHeader.of(CtrlType.CTX_CREATE), 5, 0, raw).debugName());
        assertEquals("ab", new CtxCreate(CtrlHeader.of(CtrlType.CTX_CREATE), 0xffff_ffff, 0, raw).debugName());
        assertEquals("", new CtxCreate(CtrlHeader.of(CtrlType.CTX_CREATE), 0, 0, raw).debugName());
    }
}
