package vgtrace.capture.proxy;

/**
 * How a capture ended.
 *
 * @param outcome  why the event loop stopped
 * @param detail   one line for the user
 * @param counters totals at the end
 */
public record CaptureResult(Outcome outcome, String detail, CaptureCounters.Snapshot counters) {

    public enum Outcome {
        /** The VMM closed its connection (the guest powered off or the VMM quit): a normal end. */
        VMM_CLOSED,
        /** Asked to stop ({@link VhostUserProxy#stop()}: SIGINT, SIGTERM, a test). */
        STOPPED,
        /** The back-end closed its socket or broke the protocol: the guest has lost its GPU. */
        BACKEND_DIED,
        /** The proxy itself failed (an epoll or socket error). */
        FAILED
    }

    /** True for the ends that are not a failure of the capture: the VMM left, or the user stopped it. */
    public boolean clean() {
        return outcome == Outcome.VMM_CLOSED || outcome == Outcome.STOPPED;
    }
}
