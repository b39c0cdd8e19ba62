package vgtrace.replay.engine;

import vgtrace.core.protocol.DecodeException;
import vgtrace.core.protocol.GpuCodec;
import vgtrace.core.protocol.MessageText;
import vgtrace.replay.MemoryWrite;
import vgtrace.replay.Submission;

import java.util.List;
import java.util.Objects;

/**
 * One command of a replay plan.
 *
 * @param seq               the command's seq in its trace
 * @param tsNs              when it was sent
 * @param queue             its virtqueue (0 control, 1 cursor)
 * @param wire              its exact wire bytes
 * @param memory            guest memory the device reads for it, written just before it runs
 * @param captured          what the capture saw it produce
 * @param requiredResponses the guest had received this many responses (of the plan, in capture
 *                          order) before sending it: it waits for as many in replay
 * @param fault             why the trace's data for it is unusable (a MEMORY row that fails its
 *                          hash), or {@code null}
 */
public record Step(long seq, long tsNs, int queue, byte[] wire, List<MemoryWrite> memory, Observed captured,
                   int requiredResponses, String fault) {

    public Step {
        Objects.requireNonNull(wire, "wire");
        memory = List.copyOf(memory);
        Objects.requireNonNull(captured, "captured");
    }

    Submission submission() {
        return new Submission(seq, queue, wire, memory);
    }

    /** The command as {@link MessageText} prints it, or a note that it does not decode. */
    public String text() {
        return describe(wire);
    }

    /** A message as {@link MessageText} prints it, or a note that it does not decode. */
    public static String describe(byte[] message) {
        if (message == null) return "(none)";
        try {
            return MessageText.describe(GpuCodec.decode(message));
        } catch (DecodeException e) {
            return "(undecodable: " + e.getMessage() + ")";
        }
    }
}
