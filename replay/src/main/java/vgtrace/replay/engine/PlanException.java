package vgtrace.replay.engine;

import java.io.IOException;

/** A readable trace that cannot be replayed (its commands carry no payloads). One-line message. */
public final class PlanException extends IOException {

    public PlanException(String message) {
        super(message);
    }
}
