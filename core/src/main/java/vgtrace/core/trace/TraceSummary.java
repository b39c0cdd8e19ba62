package vgtrace.core.trace;

import vgtrace.core.protocol.CtrlHeader;
import vgtrace.core.protocol.CtrlType;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What {@code vgtrace info} reports, computed in one streaming pass with memory bounded by the
 * number of distinct contexts, rings, types and live resources, not by the number of rows.
 */
public final class TraceSummary {

    /** Notes beyond this many are counted but not kept. */
    static final int MAX_NOTES = 20;

    private long rows;
    private long firstTs = Long.MAX_VALUE;
    private long lastTs = Long.MIN_VALUE;
    private final Map<EventKind, Long> perKind = new EnumMap<>(EventKind.class);
    private final SortedMap<String, Long> commandsPerType = new TreeMap<>();
    private final SortedMap<String, Long> responsesPerType = new TreeMap<>();
    private final SortedMap<Integer, Integer> contextCapsets = new TreeMap<>();
    /** Fenced commands per timeline, and those of them no response answered (yet). */
    private final SortedMap<String, Timeline> timelines = new TreeMap<>();
    private final Map<Long, Timeline> outstandingFences = new HashMap<>();
    /** FENCE rows (the device's own signals, from a shim capture) per timeline. */
    private final SortedMap<String, Long> signals = new TreeMap<>();
    private final SortedSet<Integer> liveResources = new TreeSet<>();
    private long resourcesCreated;
    private long resourcesUnref;
    private long fencedCommands;
    private long unpairedResponses;
    private long decodeErrors;
    private long memoryBytes;
    private long memoryBytesStored;
    private long notesSeen;
    private final List<String> notes = new ArrayList<>();

    public void accept(TraceEvent e) {
        rows++;
        firstTs = Math.min(firstTs, e.tsNs());
        lastTs = Math.max(lastTs, e.tsNs());
        perKind.merge(e.kind(), 1L, Long::sum);
        switch (e.kind()) {
            case COMMAND -> acceptCommand(e);
            case RESPONSE -> {
                responsesPerType.merge(CtrlType.nameOf(e.header().type()), 1L, Long::sum);
                Timeline t = outstandingFences.remove(e.pairSeq());
                if (t != null) t.unanswered--;
                if (e.pairSeq() == TraceEvent.NO_SEQ) unpairedResponses++;
                if (e.text() != null) decodeErrors++;
            }
            case MEMORY -> {
                if (e.fields().size() != null) memoryBytes += e.fields().size();
                if (e.payload() != null) memoryBytesStored += e.payload().length;
            }
            case NOTE -> {
                notesSeen++;
                if (notes.size() < MAX_NOTES) notes.add(e.text());
            }
            case FENCE -> {
                Integer ring = e.ringIdx();
                String name = ring == null ? "device (ctx 0)" : "ctx " + Integer.toUnsignedString(e.header().ctxId()) + " ring " + ring;
                signals.merge(name, 1L, Long::sum);
            }
            case DISPLAY, METADATA -> { }
        }
    }

    private void acceptCommand(TraceEvent e) {
        CtrlHeader h = e.header();
        commandsPerType.merge(CtrlType.nameOf(h.type()), 1L, Long::sum);
        if (e.text() != null) decodeErrors++;
        if (h.fenced()) {
            fencedCommands++;
            Integer ring = e.ringIdx();
            String ringName = ring != null ? Integer.toString(ring) : h.hasRing() ? "?" : "-";
            Timeline t = timelines.computeIfAbsent("ctx " + Integer.toUnsignedString(h.ctxId()) + " ring " + ringName,
                    k -> new Timeline());
            t.fenced++;
            t.unanswered++;
            outstandingFences.put(e.seq(), t);
        }
        CtrlType type = h.ctrlType();
        if (type == null) return;
        Integer res = e.fields().resourceId();
        switch (type) {
            case CTX_CREATE -> {
                Integer init = e.fields().contextInit();
                contextCapsets.put(h.ctxId(), init == null ? -1 : init & 0xff);
            }
            case RESOURCE_CREATE_2D, RESOURCE_CREATE_3D, RESOURCE_CREATE_BLOB -> {
                resourcesCreated++;
                if (res != null) liveResources.add(res);
            }
            case RESOURCE_UNREF -> {
                resourcesUnref++;
                if (res != null) liveResources.remove(res);
            }
            default -> { }
        }
    }

    public long rows() { return rows; }

    /** Nanoseconds from the first to the last row; 0 for an empty trace. */
    public long durationNs() { return rows == 0 ? 0 : lastTs - firstTs; }

    public Map<EventKind, Long> perKind() { return Collections.unmodifiableMap(perKind); }

    public SortedMap<String, Long> commandsPerType() { return Collections.unmodifiableSortedMap(commandsPerType); }

    public SortedMap<String, Long> responsesPerType() { return Collections.unmodifiableSortedMap(responsesPerType); }

    /** Error responses per ERR type. */
    public SortedMap<String, Long> errors() {
        SortedMap<String, Long> errs = new TreeMap<>();
        responsesPerType.forEach((name, n) -> {
            if (name.startsWith("RESP_ERR_")) errs.put(name, n);
        });
        return errs;
    }

    /** Contexts created in the trace and the capset each asked for (0 = device picks, -1 = unknown). */
    public SortedMap<Integer, Integer> contextCapsets() { return Collections.unmodifiableSortedMap(contextCapsets); }

    /** Fenced commands of one (context, ring) timeline, and how many of them no response answered. */
    public static final class Timeline {
        private long fenced;
        private long unanswered;

        public long fenced() { return fenced; }

        public long unanswered() { return unanswered; }
    }

    /** The (context, ring) fence timelines seen, by "ctx C ring R" ("?" unknown ring, "-" none). */
    public SortedMap<String, Timeline> timelines() { return Collections.unmodifiableSortedMap(timelines); }

    public long resourcesCreated() { return resourcesCreated; }

    public long resourcesUnref() { return resourcesUnref; }

    /** Resources created in the trace and never unreferenced in it. */
    public SortedSet<Integer> liveResources() { return Collections.unmodifiableSortedSet(liveResources); }

    public long fencedCommands() { return fencedCommands; }

    /** Fence signals the capture saw, per timeline ("ctx C ring R", or "device (ctx 0)" for the global one). */
    public SortedMap<String, Long> fenceSignals() { return Collections.unmodifiableSortedMap(signals); }

    public long unpairedResponses() { return unpairedResponses; }

    public long decodeErrors() { return decodeErrors; }

    public long memoryBytes() { return memoryBytes; }

    public long memoryBytesStored() { return memoryBytesStored; }

    public long notesSeen() { return notesSeen; }

    public List<String> notes() { return Collections.unmodifiableList(notes); }
}
