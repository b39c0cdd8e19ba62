package vgtrace.replay;

import java.util.List;

/**
 * A command the backend finished: its response wire bytes ({@code null} when the device sends none,
 * as for cursor commands) and what else it produced (read-backs, frames).
 */
public record Completion(long seq, byte[] response, List<Output> outputs) {

    public Completion {
        outputs = List.copyOf(outputs);
    }
}
