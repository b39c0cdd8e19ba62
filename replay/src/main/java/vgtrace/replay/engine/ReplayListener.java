package vgtrace.replay.engine;

import vgtrace.replay.Completion;

/** Told what a replay does as it does it (the replayed-trace writer, progress). Called on the engine's thread. */
public interface ReplayListener {

    ReplayListener NONE = new ReplayListener() {};

    default void issued(Step step, long tsNs) throws java.io.IOException {
    }

    default void completed(Step step, Completion completion, long tsNs) throws java.io.IOException {
    }
}
