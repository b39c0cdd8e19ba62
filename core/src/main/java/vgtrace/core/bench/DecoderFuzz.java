package vgtrace.core.bench;

import vgtrace.core.protocol.CtrlType;
import vgtrace.core.protocol.DecodeException;
import vgtrace.core.protocol.GpuCodec;
import vgtrace.core.protocol.GpuMessage;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * A fuzz campaign against {@link GpuCodec#decode}: valid messages of every type with bytes mutated,
 * cut short, extended, or with a count field blown up, and random bytes under a defined or random
 * type. Every input must decode or be rejected with a {@link DecodeException}; every decoded
 * message must encode and decode back to itself.
 */
public final class DecoderFuzz {

    private DecoderFuzz() {
    }

    private static final int MAX_RANDOM_LENGTH = 160;

    public static FuzzResult run(long inputs, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        long decoded = 0, rejected = 0, unexpected = 0;
        String first = null;
        for (long i = 0; i < inputs; i++) {
            byte[] input = input(rnd);
            try {
                GpuMessage m = GpuCodec.decode(input);
                if (!GpuCodec.decode(GpuCodec.encode(m)).equals(m)) throw new AssertionError("re-decode differs: " + m);
                decoded++;
            } catch (DecodeException e) {
                rejected++;
            } catch (Throwable t) {
                unexpected++;
                if (first == null) first = t + " on " + HexFormat.of().formatHex(input);
            }
        }
        return new FuzzResult(inputs, decoded, rejected, unexpected, first);
    }

    private static byte[] input(SplittableRandom rnd) {
        return switch (rnd.nextInt(5)) {
            case 0 -> mutated(valid(rnd), rnd);
            case 1 -> truncated(valid(rnd), rnd);
            case 2 -> extended(valid(rnd), rnd);
            case 3 -> countBlownUp(valid(rnd), rnd);
            default -> randomBytes(rnd);
        };
    }

    private static byte[] valid(SplittableRandom rnd) {
        return GpuCodec.encode(SampleMessages.any(rnd));
    }

    private static byte[] mutated(byte[] wire, SplittableRandom rnd) {
        for (int n = 1 + rnd.nextInt(4); n > 0; n--) wire[rnd.nextInt(wire.length)] = (byte) rnd.nextInt(256);
        return wire;
    }

    private static byte[] truncated(byte[] wire, SplittableRandom rnd) {
        return Arrays.copyOf(wire, rnd.nextInt(wire.length + 1));
    }

    private static byte[] extended(byte[] wire, SplittableRandom rnd) {
        byte[] longer = Arrays.copyOf(wire, wire.length + 1 + rnd.nextInt(64));
        for (int i = wire.length; i < longer.length; i++) longer[i] = (byte) rnd.nextInt(256);
        return longer;
    }

    /** Overwrites one of the 32-bit words after the header with a large value, as a count would be. */
    private static byte[] countBlownUp(byte[] wire, SplittableRandom rnd) {
        int words = (wire.length - 24) / 4;
        if (words <= 0) return mutated(wire, rnd);
        int at = 24 + 4 * rnd.nextInt(words);
        int value = rnd.nextBoolean() ? -1 - rnd.nextInt(16) : rnd.nextInt(1 << 20);
        for (int b = 0; b < 4; b++) wire[at + b] = (byte) (value >>> (8 * b));
        return wire;
    }

    private static byte[] randomBytes(SplittableRandom rnd) {
        byte[] bytes = new byte[rnd.nextInt(MAX_RANDOM_LENGTH)];
        rnd.nextBytes(bytes);
        if (bytes.length >= 4 && rnd.nextBoolean()) {
            CtrlType[] types = CtrlType.values();
            int type = types[rnd.nextInt(types.length)].code();
            for (int b = 0; b < 4; b++) bytes[b] = (byte) (type >>> (8 * b));
        }
        return bytes;
    }
}
