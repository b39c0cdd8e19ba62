package vgtrace.replay.reduce;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Delta debugging (Zeller's ddmin) over a trace's commands, each candidate closed under the commands'
 * causal needs ({@link CommandGraph#closure}). With a target command (the one that diverged or
 * answered the error) the first candidate is the target's own closure, which is most often already
 * the answer. A candidate is tested once: equal closures share a verdict.
 */
public final class Ddmin {

    /** Whether a candidate still meets the condition; called once per distinct candidate. */
    public interface Oracle {
        boolean holds(TreeSet<Long> candidate) throws IOException;
    }

    /** Told after each candidate: the step (a reduction), candidates tried, the current size. */
    public interface Progress {
        void update(int step, int tried, int size);
    }

    private final CommandGraph graph;
    private final Oracle oracle;
    private final Progress progress;
    private final Map<TreeSet<Long>, Boolean> verdicts = new HashMap<>();
    private int step, tried, size;

    public Ddmin(CommandGraph graph, Oracle oracle, Progress progress) {
        this.graph = graph;
        this.oracle = oracle;
        this.progress = progress;
    }

    /** The smallest candidate found that holds, starting from {@code all} (which holds). */
    public TreeSet<Long> reduce(TreeSet<Long> all, Optional<Long> target) throws IOException {
        TreeSet<Long> current = graph.closure(all);
        size = current.size();
        if (target.isPresent()) {
            TreeSet<Long> slice = graph.closure(List.of(target.get()));
            if (slice.size() < current.size() && test(slice)) current = accept(slice);
        }
        int n = 2;
        while (current.size() >= 2) {
            List<List<Long>> chunks = split(new ArrayList<>(current), n);
            TreeSet<Long> next = null;
            for (List<Long> chunk : chunks) {
                TreeSet<Long> c = graph.closure(chunk);
                if (c.size() < current.size() && test(c)) {
                    next = c;
                    n = 2;
                    break;
                }
            }
            if (next == null && n > 2) {
                for (List<Long> chunk : chunks) {
                    TreeSet<Long> rest = new TreeSet<>(current);
                    chunk.forEach(rest::remove);
                    TreeSet<Long> c = graph.closure(rest);
                    if (c.size() < current.size() && test(c)) {
                        next = c;
                        n = Math.max(n - 1, 2);
                        break;
                    }
                }
            }
            if (next != null) {
                current = accept(next);
            } else if (n >= current.size()) {
                break;
            } else {
                n = Math.min(2 * n, current.size());
            }
        }
        return current;
    }

    /** Candidates tested. */
    public int tried() {
        return tried;
    }

    /** Reductions made. */
    public int steps() {
        return step;
    }

    private TreeSet<Long> accept(TreeSet<Long> c) {
        step++;
        size = c.size();
        progress.update(step, tried, size);
        return c;
    }

    private boolean test(TreeSet<Long> candidate) throws IOException {
        Boolean known = verdicts.get(candidate);
        if (known != null) return known;
        tried++;
        boolean holds = oracle.holds(candidate);
        verdicts.put(candidate, holds);
        progress.update(step, tried, size);
        return holds;
    }

    private static List<List<Long>> split(List<Long> items, int n) {
        List<List<Long>> out = new ArrayList<>();
        int at = 0;
        for (int i = 0; i < n; i++) {
            int end = at + (items.size() - at) / (n - i);
            if (end > at) out.add(items.subList(at, end));
            at = end;
        }
        return out;
    }
}
