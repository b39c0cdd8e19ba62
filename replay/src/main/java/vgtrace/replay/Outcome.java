package vgtrace.replay;

import vgtrace.core.protocol.CtrlHeader;
import vgtrace.core.protocol.CtrlType;
import vgtrace.core.protocol.ErrorResponse;
import vgtrace.core.protocol.GpuResponse;

import java.util.List;

/** What the device model made of one command, before fences are considered. */
sealed interface Outcome {

    /** A response sent at once, fence or not: data answers and errors (QEMU's "finished" commands). */
    record Answer(GpuResponse response) implements Outcome {}

    /** Success with no data: OK_NODATA now, or when the command's fence signals. */
    record Done(List<Output> outputs) implements Outcome {
        public Done {
            outputs = List.copyOf(outputs);
        }
    }

    /** Nothing is sent back (cursor queue commands). */
    record Silent() implements Outcome {}

    Done DONE = new Done(List.of());

    static Answer error(CtrlType type, CtrlHeader command) {
        return new Answer(new ErrorResponse(responseHeader(type, command)));
    }

    /** QEMU echoes FENCE, fence_id and ctx_id of a fenced command, and not its ring. */
    static CtrlHeader responseHeader(CtrlType type, CtrlHeader command) {
        if (!command.fenced()) return CtrlHeader.of(type);
        return new CtrlHeader(type.code(), CtrlHeader.FLAG_FENCE, command.fenceId(), command.ctxId(), 0, 0);
    }
}
