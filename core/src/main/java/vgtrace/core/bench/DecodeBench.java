package vgtrace.core.bench;

import vgtrace.core.protocol.DecodeException;
import vgtrace.core.protocol.GpuCodec;
import vgtrace.core.protocol.GpuMessage;

import java.util.SplittableRandom;

/**
 * Throughput of the codec over a fixed mix of random messages of every type (as
 * {@link SampleMessages#any} makes them). Each direction is warmed up for as long as it is then
 * timed, in whole passes over the mix; the figures are per message over the timed passes.
 */
public final class DecodeBench {

    private DecodeBench() {
    }

    /** Messages decoded and encoded per second, and the megabytes of wire per second decoded. */
    public record Figures(int messages, long passes, double decodePerSecond, double encodePerSecond,
                          double decodeMegabytesPerSecond) {
    }

    /** Measures over {@code messages} random messages, for about {@code seconds} each way after warm-up. */
    public static Figures measure(int messages, double seconds, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        GpuMessage[] decodedMix = new GpuMessage[messages];
        byte[][] wires = new byte[messages][];
        long totalBytes = 0;
        for (int i = 0; i < messages; i++) {
            decodedMix[i] = SampleMessages.any(rnd);
            wires[i] = GpuCodec.encode(decodedMix[i]);
            totalBytes += wires[i].length;
        }
        long nanos = (long) (seconds * 1e9);
        timeDecode(wires, nanos);
        Timing decode = timeDecode(wires, nanos);
        timeEncode(decodedMix, nanos);
        Timing encode = timeEncode(decodedMix, nanos);
        return new Figures(messages, decode.passes, decode.perSecond(messages), encode.perSecond(messages),
                decode.passes * (double) totalBytes / 1e6 / (decode.nanos / 1e9));
    }

    private record Timing(long passes, long nanos) {
        double perSecond(int messages) {
            return passes * (double) messages / (nanos / 1e9);
        }
    }

    private static Timing timeDecode(byte[][] wires, long budgetNanos) {
        long start = System.nanoTime(), passes = 0, sink = 0;
        do {
            for (byte[] w : wires) {
                try {
                    sink += GpuCodec.decode(w).header().type();
                } catch (DecodeException e) {
                    throw new IllegalStateException("valid sample failed to decode: " + e.getMessage());
                }
            }
            passes++;
        } while (System.nanoTime() - start < budgetNanos);
        return keep(passes, System.nanoTime() - start, sink);
    }

    private static Timing timeEncode(GpuMessage[] messages, long budgetNanos) {
        long start = System.nanoTime(), passes = 0, sink = 0;
        do {
            for (GpuMessage m : messages) sink += GpuCodec.encode(m).length;
            passes++;
        } while (System.nanoTime() - start < budgetNanos);
        return keep(passes, System.nanoTime() - start, sink);
    }

    /** Uses the sink so the JIT cannot drop the timed work. */
    private static Timing keep(long passes, long nanos, long sink) {
        return new Timing(passes + (sink == Long.MIN_VALUE ? 1 : 0), nanos);
    }
}
