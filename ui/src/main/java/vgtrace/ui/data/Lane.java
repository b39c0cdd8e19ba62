package vgtrace.ui.data;

/**
 * One horizontal lane of the timeline: a virtqueue (every command on it) or one (context, ring)
 * fence timeline. {@code ring} is null when the source could not see the ring, or the commands of
 * the context carried none.
 */
public sealed interface Lane {

    /** A short label for the lane's header. */
    String label();

    /** All commands of virtqueue {@code queue} (0 control, 1 cursor). */
    record Queue(int queue) implements Lane {
        @Override
        public String label() {
            return switch (queue) {
                case 0 -> "control queue";
                case 1 -> "cursor queue";
                default -> "queue " + queue;
            };
        }
    }

    /** The commands and fences of context {@code ctx} on ring {@code ring} (null: no or unknown ring). */
    record Ring(int ctx, Integer ring) implements Lane {
        @Override
        public String label() {
            return "ctx " + Integer.toUnsignedString(ctx) + (ring == null ? " (no ring)" : " ring " + ring);
        }
    }
}
