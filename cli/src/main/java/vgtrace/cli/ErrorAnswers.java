package vgtrace.cli;

import vgtrace.core.protocol.CtrlHeader;
import vgtrace.core.protocol.CtrlType;
import vgtrace.replay.Completion;
import vgtrace.replay.engine.ReplayListener;
import vgtrace.replay.engine.Step;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects the commands a replay answers with an error response, for {@code replay --json} (and so reduce). */
final class ErrorAnswers implements ReplayListener {

    private final List<ReplayReport.ErrorAnswer> answers = new ArrayList<>();

    @Override
    public void completed(Step step, Completion completion, long tsNs) {
        byte[] r = completion.response();
        if (r == null || r.length < CtrlHeader.SIZE) return;
        CtrlType type = CtrlHeader.read(r).ctrlType();
        if (type != null && type.name().startsWith("RESP_ERR_")) answers.add(new ReplayReport.ErrorAnswer(step.seq(), type.name()));
    }

    List<ReplayReport.ErrorAnswer> answers() {
        return answers.stream().sorted(Comparator.comparingLong(ReplayReport.ErrorAnswer::seq)).toList();
    }
}
