package vgtrace.replay.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Compares two traces command by command (the same wire bytes in the same order), response by
 * response (after {@link Volatility} normalization), read-back by read-back and frame by frame.
 * Typical use: a capture against its replay written with {@code -o}, or two replays on two backends.
 */
public final class TraceDiff {

    /** @param compared commands compared before the first difference (or all of them) */
    public record Result(int compared, Optional<Divergence> first) {}

    private TraceDiff() {
    }

    public static Result compare(ReplayPlan a, ReplayPlan b) {
        List<Step> as = a.steps(), bs = b.steps();
        int n = Math.min(as.size(), bs.size());
        for (int i = 0; i < n; i++) {
            Step x = as.get(i), y = bs.get(i);
            List<String> leading = leading(as, i);
            if (!Arrays.equals(x.wire(), y.wire())) {
                return new Result(i, Optional.of(new Divergence(x.seq(), Divergence.Kind.COMMAND, x.text(), x.text(),
                        "seq " + y.seq() + ": " + y.text(), leading)));
            }
            Optional<Divergence> d = Verifier.check(x, x.captured(), y.captured(), Verifier.Mode.STRICT, () -> leading);
            if (d.isPresent()) return new Result(i, d);
        }
        if (as.size() != bs.size()) {
            boolean aLonger = as.size() > bs.size();
            Step extra = (aLonger ? as : bs).get(n);
            return new Result(n, Optional.of(new Divergence(extra.seq(), Divergence.Kind.COMMAND, extra.text(),
                    aLonger ? extra.text() : "end of trace", aLonger ? "end of trace" : extra.text(), leading(as, n))));
        }
        return new Result(n, Optional.empty());
    }

    private static List<String> leading(List<Step> steps, int i) {
        List<String> out = new ArrayList<>();
        for (int k = Math.max(0, i - ReplayEngine.LEADING); k < Math.min(i, steps.size()); k++) {
            out.add("seq " + steps.get(k).seq() + ": " + steps.get(k).text());
        }
        return out;
    }
}
