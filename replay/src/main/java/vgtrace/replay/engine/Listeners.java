package vgtrace.replay.engine;

import vgtrace.replay.Completion;

import java.io.IOException;
import java.util.List;

/** Several listeners told in turn. */
public record Listeners(List<ReplayListener> all) implements ReplayListener {

    public Listeners {
        all = List.copyOf(all);
    }

    @Override
    public void issued(Step step, long tsNs) throws IOException {
        for (ReplayListener l : all) l.issued(step, tsNs);
    }

    @Override
    public void completed(Step step, Completion completion, long tsNs) throws IOException {
        for (ReplayListener l : all) l.completed(step, completion, tsNs);
    }
}
