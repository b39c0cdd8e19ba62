package vgtrace.replay.engine;

import vgtrace.core.trace.ContentHash;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Compares what a command produced against what was expected. In {@link Mode#CAPTURE} mode an
 * expectation the capture did not record (no response row, no read-back rows, as in a proxy
 * capture) is not checked, and frames are checked when the capture saw the display (then a flush
 * with no captured frame showed none); in {@link Mode#STRICT} mode (diff of two traces) everything is.
 */
final class Verifier {

    enum Mode {
        CAPTURE, CAPTURE_WITH_FRAMES, STRICT;

        /** The mode for replaying {@code step} of {@code plan}. */
        static Mode of(ReplayPlan plan, Step step) {
            return step.seq() <= plan.framesKnownThrough() ? CAPTURE_WITH_FRAMES : CAPTURE;
        }
    }

    private Verifier() {
    }

    static Optional<Divergence> check(Step step, Observed expected, Observed actual, Mode mode, Supplier<List<String>> leading) {
        if (expected.response() != null || mode == Mode.STRICT) {
            if (actual.response() == null && expected.response() != null) {
                return divergence(step, Divergence.Kind.MISSING_RESPONSE, Step.describe(expected.response()), "no response", leading);
            }
            if (expected.response() == null && actual.response() != null) {
                return divergence(step, Divergence.Kind.RESPONSE, "no response", Step.describe(actual.response()), leading);
            }
            if (expected.response() != null && !Arrays.equals(expected.response(), actual.response())
                    && !Arrays.equals(Volatility.normalize(expected.response()), Volatility.normalize(actual.response()))) {
                return divergence(step, Divergence.Kind.RESPONSE, describe(expected.response()), describe(actual.response()), leading);
            }
        }
        if ((!expected.readBacks().isEmpty() || mode == Mode.STRICT) && !expected.readBacks().equals(actual.readBacks())) {
            return divergence(step, Divergence.Kind.READBACK, hashes(expected.readBacks()), hashes(actual.readBacks()), leading);
        }
        if ((!expected.frames().isEmpty() || mode != Mode.CAPTURE) && !expected.frames().equals(actual.frames())) {
            return divergence(step, Divergence.Kind.FRAME, frames(expected.frames()), frames(actual.frames()), leading);
        }
        return Optional.empty();
    }

    private static Optional<Divergence> divergence(Step step, Divergence.Kind kind, String expected, String actual,
                                                   Supplier<List<String>> leading) {
        return Optional.of(new Divergence(step.seq(), kind, step.text(), expected, actual, leading.get()));
    }

    /** The message text plus a hash of its exact bytes, so that payload-only differences show. */
    private static String describe(byte[] response) {
        return Step.describe(response) + " [" + response.length + " bytes, xxh64 " + hex(ContentHash.of(response)) + "]";
    }

    private static String hashes(List<Long> hashes) {
        return hashes.isEmpty() ? "nothing" : hashes.stream().map(Verifier::hex).toList().toString();
    }

    private static String frames(List<Observed.FrameKey> frames) {
        if (frames.isEmpty()) return "no frame";
        return frames.stream().map(f -> "scanout " + f.scanoutId() + " resource " + f.resourceId() + " frame "
                + hex(f.hash())).toList().toString();
    }

    static String hex(long hash) {
        return String.format("%016x", hash);
    }
}
