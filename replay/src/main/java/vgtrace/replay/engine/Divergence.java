package vgtrace.replay.engine;

import java.util.List;

/**
 * Where a replay (or a second trace) stopped agreeing with the capture.
 *
 * @param seq      the captured command's seq
 * @param kind     what differs
 * @param command  the command, as {@code MessageText} prints it
 * @param expected what the capture saw
 * @param actual   what the replay produced
 * @param leading  the commands just before it, oldest first
 */
public record Divergence(long seq, Kind kind, String command, String expected, String actual, List<String> leading) {

    public enum Kind {
        /** The response differs (type, flags, fence, context or payload after normalization). */
        RESPONSE,
        /** A TRANSFER_FROM_HOST_3D read back other bytes. */
        READBACK,
        /** A flush showed another frame. */
        FRAME,
        /** A fence signal the capture did not make, or made in another order. */
        FENCE,
        /** The capture has a response, the replay never produced one (e.g. a fence never signalled). */
        MISSING_RESPONSE,
        /** The trace's guest memory for the command is unusable (replay), or differs between two traces (diff). */
        MEMORY,
        /** The two traces hold different commands at this position (diff only). */
        COMMAND
    }

    public Divergence {
        leading = List.copyOf(leading);
    }

    /** The multi-line report printed by {@code vgtrace replay} and {@code vgtrace diff}. */
    public String report() {
        StringBuilder b = new StringBuilder();
        b.append("first divergence at seq ").append(seq).append(" (").append(kind).append("): ").append(command).append('\n');
        b.append("  expected: ").append(expected).append('\n');
        b.append("  actual:   ").append(actual).append('\n');
        if (!leading.isEmpty()) {
            b.append("  leading commands:\n");
            for (String c : leading) b.append("    ").append(c).append('\n');
        }
        return b.toString();
    }
}
