package vgtrace.replay;

import java.util.List;
import java.util.Objects;

/**
 * One command for a backend: its exact wire bytes, the trace seq that names it, and the guest memory
 * the device will read for it (captured bytes), written before it runs.
 */
public record Submission(long seq, int queue, byte[] wire, List<MemoryWrite> memory) {

    public Submission {
        Objects.requireNonNull(wire, "wire");
        memory = List.copyOf(memory);
    }
}
