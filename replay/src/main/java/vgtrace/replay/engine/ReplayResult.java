package vgtrace.replay.engine;

import java.util.List;
import java.util.Optional;

/**
 * How a replay went.
 *
 * @param issued      commands issued
 * @param completed   commands the backend finished
 * @param frames      frames produced
 * @param readBacks   read-backs produced
 * @param checked     what was compared with the capture
 * @param divergences in seq order; empty when the replay matched the capture
 * @param issuedPast  commands after the first divergence that had been issued before it was seen
 *                    (pipelined with it: the rest of its batch, or sent while it was in flight)
 * @param digest      a hash of every response, read-back and frame in seq order: equal digests mean
 *                    identical replays
 * @param elapsedNs   wall time of the replay
 * @param capturedNs  captured time of the same commands
 */
public record ReplayResult(int issued, int completed, int frames, int readBacks, Checked checked,
                           List<Divergence> divergences, int issuedPast, long digest, long elapsedNs, long capturedNs) {

    /** Counts of captured responses, read-backs, frames and fence signals the replay was compared with. */
    public record Checked(int responses, int readBacks, int frames, int fences) {}

    public ReplayResult {
        divergences = List.copyOf(divergences);
    }

    public Optional<Divergence> first() {
        return divergences.stream().findFirst();
    }

    /** Captured duration over replay duration. */
    public double speedup() {
        return elapsedNs == 0 ? 0 : (double) capturedNs / elapsedNs;
    }
}
