package vgtrace.core.protocol;

import net.jqwik.api.*;
import vgtrace.core.bench.SampleMessages;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Round trips of arbitrary messages of every type, and robustness of decode against random,
 * truncated and mutated bytes: a message or a DecodeException, never anything else.
 */
class CodecPropertiesTest {

    private static final int TRIES = 10_000;
    /** Each truncation try checks every length of its message, some hundred decodes per try. */
    private static final int TRUNCATION_TRIES = 1_000;

    /** One Arbitrary per type: a seed drives the shared sample generator, so failures replay exactly. */
    static Arbitrary<GpuMessage> messageOf(CtrlType type) {
        return Arbitraries.longs().map(seed -> SampleMessages.of(type, new SplittableRandom(seed)));
    }

    @Provide
    Arbitrary<GpuMessage> anyMessage() {
        Arbitrary<GpuMessage> raw = Arbitraries.longs().map(seed -> SampleMessages.raw(new SplittableRandom(seed)));
        return Arbitraries.oneOf(Stream.concat(Arrays.stream(CtrlType.values()).map(CodecPropertiesTest::messageOf),
                Stream.of(raw)).toList());
    }

    @Property(tries = TRIES)
    void everyMessageRoundTrips(@ForAll("anyMessage") GpuMessage m) throws DecodeException {
        byte[] wire = GpuCodec.encode(m);
        assertEquals(GpuCodec.encodedSize(m), wire.length);
        GpuMessage back = GpuCodec.decode(wire);
        assertEquals(m, back);
        assertArrayEquals(wire, GpuCodec.encode(back));
        assertFalse(MessageText.describe(m).isBlank());
    }

    @Property(tries = TRIES)
    void randomBytesDecodeOrAreRejected(@ForAll byte[] bytes, @ForAll("definedType") int type,
                                        @ForAll boolean setType) {
        if (setType && bytes.length >= 4) {
            for (int b = 0; b < 4; b++) bytes[b] = (byte) (type >>> (8 * b));
        }
        assertDecodesOrRejects(bytes);
    }

    @Property(tries = TRUNCATION_TRIES)
    void everyTruncationDecodesOrIsRejected(@ForAll("anyMessage") GpuMessage m) {
        byte[] wire = GpuCodec.encode(m);
        for (int length = 0; length < wire.length; length++) {
            byte[] cut = Arrays.copyOf(wire, length);
            GpuMessage back = assertDecodesOrRejects(cut);
            // Only types whose tail is open-ended may decode from fewer bytes.
            if (back != null) assertTrue(back instanceof RawMessage || back instanceof OkCapset, back.toString());
        }
    }

    @Property(tries = TRIES)
    void oneMutatedByteDecodesOrIsRejected(@ForAll("anyMessage") GpuMessage m, @ForAll int position,
                                           @ForAll byte value) {
        byte[] wire = GpuCodec.encode(m);
        wire[Math.floorMod(position, wire.length)] = value;
        GpuMessage back = assertDecodesOrRejects(wire);
        if (back != null) assertEquals(back, assertDecodesOrRejects(GpuCodec.encode(back)));
    }

    @Provide
    Arbitrary<Integer> definedType() {
        return Arbitraries.of(CtrlType.values()).map(CtrlType::code);
    }

    /** The decoded message, or null when rejected; any other throwable fails the property. */
    private static GpuMessage assertDecodesOrRejects(byte[] bytes) {
        try {
            return GpuCodec.decode(bytes);
        } catch (DecodeException e) {
            assertFalse(e.getMessage().contains("\n"), "one-line message");
            return null;
        }
    }
}
