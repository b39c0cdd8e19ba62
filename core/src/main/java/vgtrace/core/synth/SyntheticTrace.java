package vgtrace.core.synth;

/**
 * What {@link TraceGenerator} makes: about {@code messages} commands and responses (plus the
 * MEMORY rows of their transfers) from {@code contexts} contexts with {@code ringsPerContext}
 * rings each, deterministically from {@code seed}.
 *
 * @param errorEvery one command in this many is a deliberate error (0 = none beyond the opening
 *                   tour, which shows each of the six error responses once)
 * @param leakEvery  one blob in this many is never unreferenced (0 = none)
 * @param shape      the traffic after the opening tour (see {@link Shape})
 */
public record SyntheticTrace(long messages, long seed, int contexts, int ringsPerContext, int errorEvery,
                             int leakEvery, Shape shape) {

    /** The traffic after the opening tour. */
    public enum Shape {
        /**
         * A steady mix on long-lived contexts: fenced submits on every ring, 3D transfers, flushes,
         * cursor moves, blobs; every resource id is new.
         */
        MIXED,
        /**
         * Like a long real session: short-lived client sessions, each creating a context and its
         * resources and blobs and destroying them again. The guest driver hands out the lowest free
         * context and resource ids and each context numbers its blobs from 1, so the same ids come
         * back thousands of times; fences run on few timelines (the device-wide one and ring 0 of
         * each context id), about a third of the commands are fenced, and transfers and flushes
         * follow each frame's submit.
         */
        REAL
    }

    public SyntheticTrace {
        if (messages < 0) throw new IllegalArgumentException("messages must be >= 0: " + messages);
        if (contexts < 1 || contexts > 1000) throw new IllegalArgumentException("contexts must be 1..1000: " + contexts);
        if (ringsPerContext < 1 || ringsPerContext > 64) {
            throw new IllegalArgumentException("rings per context must be 1..64: " + ringsPerContext);
        }
        if (errorEvery < 0 || leakEvery < 0) throw new IllegalArgumentException("errorEvery and leakEvery must be >= 0");
        if (shape == null) throw new IllegalArgumentException("shape is required");
    }

    /** A mix like a small 3D guest: 3 contexts with 4 rings, 1 error in 500, 1 blob in 20 leaked. */
    public static SyntheticTrace of(long messages, long seed) {
        return new SyntheticTrace(messages, seed, 3, 4, 500, 20, Shape.MIXED);
    }

    /**
     * A long real session: 3 context ids reused by every session, one ring each (with the
     * device-wide timeline, four fence timelines), 1 error in 2000 commands, 1 blob in 50 leaked.
     */
    public static SyntheticTrace real(long messages, long seed) {
        return new SyntheticTrace(messages, seed, 3, 1, 2000, 50, Shape.REAL);
    }
}
