package vgtrace.replay.virgl;

import java.util.function.IntUnaryOperator;

/**
 * Prints how many small virglrenderer calls per second the binding sustains, with one thread hop
 * per call and batched in one hop ({@link VirglRenderer#batch}). Figures, not assertions:
 * {@code java --enable-native-access=ALL-UNNAMED -cp ... vgtrace.replay.virgl.VirglBench [calls]}.
 */
public final class VirglBench {

    private static final int CTX = 1;
    private static final int BATCH = 1000;

    private VirglBench() {}

    public static void main(String[] args) {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        byte[] nop = new VirglStream().nop().toBytes();
        try (VirglRenderer r = VirglRenderer.init(VirglRenderer.DEFAULT_FLAGS)) {
            if (r.createContext(CTX, "bench", 0) != 0) throw new IllegalStateException("context create failed");
            long[] fence = {0};
            IntUnaryOperator submitNop = i -> r.submitCmd(CTX, nop);
            IntUnaryOperator fenceAndPoll = i -> {
                int rc = r.createFence(++fence[0], 0);
                r.poll();
                r.drainSignaledFences();
                return rc;
            };
            for (int round = 0; round < 2; round++) { // the first round warms up the JIT
                boolean report = round == 1;
                measure(report, "empty hop", calls, i -> r.batch(x -> 0));
                measure(report, "submitCmd(NOP), one hop each", calls, submitNop);
                measure(report, "submitCmd(NOP), batched x" + BATCH, calls, batched(r, submitNop));
                measure(report, "createFence+poll, one hop each", calls / 4, fenceAndPoll);
                measure(report, "createFence+poll, batched x" + BATCH, calls / 4, batched(r, fenceAndPoll));
            }
        }
    }

    /** Runs {@code BATCH} calls of {@code op} per hop; returns the first non-zero code. */
    private static IntUnaryOperator batched(VirglRenderer r, IntUnaryOperator op) {
        return i -> r.batch(x -> {
            int worst = 0;
            for (int k = 0; k < BATCH; k++) {
                int rc = op.applyAsInt(k);
                if (rc != 0 && worst == 0) worst = rc;
            }
            return worst;
        });
    }

    private static void measure(boolean report, String what, int calls, IntUnaryOperator op) {
        boolean batched = what.contains("batched");
        int rounds = batched ? Math.max(1, calls / BATCH) : calls;
        int failures = 0;
        long start = System.nanoTime();
        for (int i = 0; i < rounds; i++) if (op.applyAsInt(i) != 0) failures++;
        long ns = System.nanoTime() - start;
        long done = batched ? (long) rounds * BATCH : rounds;
        if (report) {
            System.out.printf("%-36s %,12.0f calls/s  %8.2f us/call  %s%n", what, done * 1e9 / ns, ns / 1e3 / done,
                    failures == 0 ? "" : failures + " failed");
        }
    }
}
