package vgtrace.cli;

/** Human-readable durations for command output. */
final class Durations {
    private Durations() {
    }

    static String format(long ns) {
        if (ns < 1_000) return ns + " ns";
        if (ns < 1_000_000) return String.format("%.1f us", ns / 1e3);
        if (ns < 1_000_000_000) return String.format("%.2f ms", ns / 1e6);
        return String.format("%.3f s", ns / 1e9);
    }
}
