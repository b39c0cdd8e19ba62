package vgtrace.replay;

import vgtrace.replay.virgl.FenceSignal;

import java.util.List;

/**
 * A device backend the replay drives: it executes virtio-gpu commands as a device would and hands
 * back each command's response when the device would send it (at once, or when its fence signals).
 * The engine never knows which backend runs. Not thread-safe: one engine drives one backend. A
 * backend that itself fails (its process dies, it breaks its protocol) throws {@link BackendFailure}.
 */
public interface ReplayBackend extends AutoCloseable {

    /**
     * Executes {@code batch} in order (writing each submission's guest memory first) and returns the
     * completions available by the end: usually every unfenced command of the batch and any fence that
     * signalled meanwhile. Never throws for what a guest could send: a malformed command gets the error
     * response a device would give.
     */
    List<Completion> execute(List<Submission> batch);

    /** Waits up to {@code maxWaitNanos} for outstanding commands; returns what completed (maybe nothing). */
    List<Completion> await(long maxWaitNanos);

    /**
     * The fence signals the device made since the last call, in order (what a trace's FENCE rows
     * record). A backend that cannot see them returns none, and fences are then checked through the
     * responses alone: a vhost-user back-end signals inside its own process.
     */
    default List<FenceSignal> takeFenceSignals() {
        return List.of();
    }

    /** One line naming the backend and its version, for reports and trace metadata. */
    String describe();

    @Override
    void close();
}
