package vgtrace.ui;

/** Durations and trace times as short text: 850 ns, 12.5 us, 3.25 ms, 1.500 s. */
public final class TimeText {

    private TimeText() {
    }

    public static String duration(long ns) {
        long a = Math.abs(ns);
        if (a < 1_000) return ns + " ns";
        if (a < 1_000_000) return trim(ns / 1e3) + " us";
        if (a < 1_000_000_000) return trim(ns / 1e6) + " ms";
        return String.format("%.3f s", ns / 1e9);
    }

    private static String trim(double v) {
        return Math.abs(v) >= 100 ? String.format("%.0f", v) : Math.abs(v) >= 10 ? String.format("%.1f", v)
                : String.format("%.2f", v);
    }

    /** A ruler step of 1, 2 or 5 times a power of ten, about {@code targetNs} long. */
    public static long niceStep(double targetNs) {
        double pow = Math.pow(10, Math.floor(Math.log10(Math.max(1, targetNs))));
        for (int m : new int[] {1, 2, 5, 10}) if (pow * m >= targetNs) return Math.max(1, (long) (pow * m));
        return (long) (pow * 10);
    }
}
