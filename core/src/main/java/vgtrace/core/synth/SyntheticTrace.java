package vgtrace.core.synth;

/**
 * What {@link TraceGenerator} makes: about {@code messages} commands and responses (plus the
 * MEMORY rows of their transfers) from {@code contexts} contexts with {@code ringsPerContext}
 * rings each, deterministically from {@code seed}.
 *
 * @param errorEvery one command in this many is a deliberate error (0 = none beyond the opening
 *                   tour, which shows each of the six error responses once)
 * @param leakEvery  one blob in this many is never unreferenced (0 = none)
 */
public record SyntheticTrace(long messages, long seed, int contexts, int ringsPerContext, int errorEvery,
                             int leakEvery) {

    public SyntheticTrace {
        if (messages < 0) throw new IllegalArgumentException("messages must be >= 0: " + messages);
        if (contexts < 1 || contexts > 1000) throw new IllegalArgumentException("contexts must be 1..1000: " + contexts);
        if (ringsPerContext < 1 || ringsPerContext > 64) {
            throw new IllegalArgumentException("rings per context must be 1..64: " + ringsPerContext);
        }
        if (errorEvery < 0 || leakEvery < 0) throw new IllegalArgumentException("errorEvery and leakEvery must be >= 0");
    }

    /** A mix like a small 3D guest: 3 contexts with 4 rings, 1 error in 500, 1 blob in 20 leaked. */
    public static SyntheticTrace of(long messages, long seed) {
        return new SyntheticTrace(messages, seed, 3, 4, 500, 20);
    }
}
