package vgtrace.core.virtq;

import java.util.List;

/** What a {@link RingWatcher} saw since its last poll. */
public sealed interface RingAdvance<T> permits RingAdvance.Added, RingAdvance.Fault {

    /** The entries published since the last poll, oldest first (empty if none). */
    record Added<T>(List<T> entries) implements RingAdvance<T> {
        public Added {
            entries = List.copyOf(entries);
        }
    }

    /**
     * The other side moved its idx from {@code lastSeen} to {@code published}: more than a queue size,
     * which no correct driver or device does. The watcher stays at {@code lastSeen}.
     */
    record Fault<T>(int lastSeen, int published, int queueSize) implements RingAdvance<T> {
        public String detail() {
            return "idx jumped from %d to %d, %d entries in a queue of %d"
                    .formatted(lastSeen, published, (published - lastSeen) & 0xffff, queueSize);
        }
    }
}
