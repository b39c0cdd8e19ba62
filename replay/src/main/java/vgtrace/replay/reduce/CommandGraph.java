package vgtrace.replay.reduce;

import vgtrace.core.trace.TraceEvent;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The causal dependencies of a trace's commands: what each needs of the commands before it
 * ({@link DeviceState#needs}), and which command ended what another started. A set of commands that
 * holds the {@link #closure} of each of its members replays without a command that names something
 * never created, backed, attached or mapped.
 */
public final class CommandGraph {

    private final TraceRows trace;
    private final Map<Long, Set<Long>> needs = new HashMap<>();
    private final Map<Long, Long> enders;

    private CommandGraph(TraceRows trace, Map<Long, Long> enders) {
        this.trace = trace;
        this.enders = enders;
    }

    public static CommandGraph of(TraceRows trace) {
        DeviceState state = new DeviceState();
        CommandGraph g = new CommandGraph(trace, state.enders());
        walk(trace, state, Long.MAX_VALUE, g.needs);
        return g;
    }

    /** The device state the commands before {@code seq} built. */
    DeviceState stateBefore(long seq) {
        DeviceState state = new DeviceState();
        walk(trace, state, seq, new HashMap<>());
        return state;
    }

    private static void walk(TraceRows trace, DeviceState state, long before, Map<Long, Set<Long>> needs) {
        Map<Long, List<Integer>> blobWrites = new HashMap<>();
        for (TraceEvent r : trace.rows()) {
            if (r.isBlobMemory() && r.fields().resourceId() != null) {
                blobWrites.computeIfAbsent(r.pairSeq(), s -> new java.util.ArrayList<>()).add(r.fields().resourceId());
            }
        }
        for (long seq : trace.commands().keySet()) {
            if (seq >= before) return;
            trace.message(seq).ifPresent(m -> {
                needs.put(seq, state.needs(m, blobWrites.getOrDefault(seq, List.of())));
                state.apply(seq, m);
            });
        }
    }

    /** What command {@code seq} needs directly. */
    public Set<Long> needs(long seq) {
        return needs.getOrDefault(seq, Set.of());
    }

    /** {@code seeds} with everything they need, transitively, in seq order. */
    public TreeSet<Long> closure(Collection<Long> seeds) {
        TreeSet<Long> out = new TreeSet<>();
        Deque<Long> todo = new ArrayDeque<>(seeds);
        while (!todo.isEmpty()) {
            long s = todo.pop();
            if (out.add(s)) todo.addAll(needs(s));
        }
        return out;
    }

    /** The command that ended what {@code starter} started (an unref, a detach), if one did. */
    public Long enderOf(long starter) {
        return enders.get(starter);
    }
}
