package vgtrace.replay.engine;

import vgtrace.core.trace.ContentHash;
import vgtrace.replay.BlobWrite;
import vgtrace.replay.MemoryWrite;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Compares two traces command by command (the same wire bytes in the same order), the guest memory
 * each command made the device read, response by response (after {@link Volatility}
 * normalization), read-back by read-back and frame by frame. Typical use: a capture against its
 * replay written with {@code -o}, two replays on two backends, or two captures of one workload.
 * By default guest addresses are ignored (they differ from boot to boot): mem entries are compared
 * without them and memory by content; {@link Match#EXACT} compares every byte.
 */
public final class TraceDiff {

    public enum Match { DEVICE, EXACT }

    /**
     * @param compared        commands compared before the first difference (or all of them)
     * @param commandAddresses commands that differed only in guest addresses (ignored)
     * @param memoryAddresses  commands whose memory was equal but at other guest addresses (ignored)
     */
    public record Result(int compared, Optional<Divergence> first, int commandAddresses, int memoryAddresses) {}

    private TraceDiff() {
    }

    public static Result compare(ReplayPlan a, ReplayPlan b, Match match) {
        List<Step> as = a.steps(), bs = b.steps();
        int n = Math.min(as.size(), bs.size());
        int commandAddresses = 0, memoryAddresses = 0;
        for (int i = 0; i < n; i++) {
            Step x = as.get(i), y = bs.get(i);
            List<String> leading = leading(as, i);
            if (!Arrays.equals(x.wire(), y.wire())) {
                if (match == Match.EXACT || !Arrays.equals(GuestAddresses.cleared(x.wire()), GuestAddresses.cleared(y.wire()))) {
                    return new Result(i, Optional.of(new Divergence(x.seq(), Divergence.Kind.COMMAND, x.text(), x.text(),
                            "seq " + y.seq() + ": " + y.text(), leading)), commandAddresses, memoryAddresses);
                }
                commandAddresses++;
            }
            byte[] xm = GuestAddresses.content(x.memory()), ym = GuestAddresses.content(y.memory());
            if (!Arrays.equals(xm, ym)) {
                return new Result(i, Optional.of(new Divergence(x.seq(), Divergence.Kind.MEMORY, x.text(),
                        memory(xm), memory(ym), leading)), commandAddresses, memoryAddresses);
            }
            if (!addresses(x.memory()).equals(addresses(y.memory()))) {
                if (match == Match.EXACT) {
                    return new Result(i, Optional.of(new Divergence(x.seq(), Divergence.Kind.MEMORY, x.text(),
                            "at " + addresses(x.memory()), "at " + addresses(y.memory()), leading)), commandAddresses, memoryAddresses);
                }
                memoryAddresses++;
            }
            Optional<Divergence> d = Verifier.check(x, x.captured(), y.captured(), Verifier.Mode.STRICT, () -> leading);
            if (d.isPresent()) return new Result(i, d, commandAddresses, memoryAddresses);
        }
        if (as.size() != bs.size()) {
            boolean aLonger = as.size() > bs.size();
            Step extra = (aLonger ? as : bs).get(n);
            return new Result(n, Optional.of(new Divergence(extra.seq(), Divergence.Kind.COMMAND, extra.text(),
                    aLonger ? extra.text() : "end of trace", aLonger ? "end of trace" : extra.text(), leading(as, n))),
                    commandAddresses, memoryAddresses);
        }
        return new Result(n, Optional.empty(), commandAddresses, memoryAddresses);
    }

    private static String memory(byte[] content) {
        return content.length == 0 ? "no guest memory" : content.length + " bytes of guest memory, xxh64 "
                + Verifier.hex(ContentHash.of(content));
    }

    private static List<String> addresses(List<MemoryWrite> writes) {
        return writes.stream().map(w -> (w instanceof BlobWrite b ? "blob " + b.resourceId() + " " : "") + "0x"
                + Long.toHexString(w.addr()) + "+" + w.bytes().length).toList();
    }

    private static List<String> leading(List<Step> steps, int i) {
        List<String> out = new ArrayList<>();
        for (int k = Math.max(0, i - ReplayEngine.LEADING); k < Math.min(i, steps.size()); k++) {
            out.add("seq " + steps.get(k).seq() + ": " + steps.get(k).text());
        }
        return out;
    }
}
