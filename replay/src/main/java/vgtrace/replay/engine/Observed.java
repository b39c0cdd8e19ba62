package vgtrace.replay.engine;

import vgtrace.core.trace.ContentHash;
import vgtrace.replay.Completion;
import vgtrace.replay.Output;

import java.util.ArrayList;
import java.util.List;

/**
 * What one command produced, in verifiable form: the response's wire bytes ({@code null} when none
 * was seen), read-back hashes and frames, in the order produced.
 */
public record Observed(byte[] response, List<Long> readBacks, List<FrameKey> frames) {

    /** A frame by scanout, resource and content hash. */
    public record FrameKey(int scanoutId, int resourceId, long hash) {}

    public static final Observed NOTHING = new Observed(null, List.of(), List.of());

    public Observed {
        readBacks = List.copyOf(readBacks);
        frames = List.copyOf(frames);
    }

    public static Observed of(Completion c) {
        List<Long> readBacks = new ArrayList<>();
        List<FrameKey> frames = new ArrayList<>();
        for (Output o : c.outputs()) {
            switch (o) {
                case Output.ReadBack r -> readBacks.add(r.hash());
                case Output.Frame f -> frames.add(new FrameKey(f.scanoutId(), f.resourceId(), f.hash()));
            }
        }
        return new Observed(c.response(), readBacks, frames);
    }

    /**
     * A hash of everything observed, for comparing whole replays; responses count with their
     * volatile fields cleared ({@link Volatility}): virglrenderer 1.1's capset bytes differ from one
     * process to the next.
     */
    public long digest() {
        long h = response == null ? 0 : ContentHash.of(Volatility.normalize(response));
        for (long r : readBacks) h = h * 31 + r;
        for (FrameKey f : frames) h = h * 31 + f.hash() + f.scanoutId();
        return h;
    }
}
