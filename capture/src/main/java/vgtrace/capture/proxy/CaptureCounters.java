package vgtrace.capture.proxy;

import java.util.concurrent.atomic.AtomicLong;

/** Running totals of a capture, readable from any thread (the progress line reads them). */
public final class CaptureCounters {

    /** A consistent-enough copy for printing. */
    public record Snapshot(long vhostMessages, long displayMessages, long commands, long responses, long faults,
                           long memoryBytes) {
    }

    final AtomicLong vhostMessages = new AtomicLong();
    final AtomicLong displayMessages = new AtomicLong();
    final AtomicLong commands = new AtomicLong();
    final AtomicLong responses = new AtomicLong();
    final AtomicLong faults = new AtomicLong();
    final AtomicLong memoryBytes = new AtomicLong();

    public Snapshot snapshot() {
        return new Snapshot(vhostMessages.get(), displayMessages.get(), commands.get(), responses.get(), faults.get(),
                memoryBytes.get());
    }
}
