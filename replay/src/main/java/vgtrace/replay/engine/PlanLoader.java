package vgtrace.replay.engine;

import vgtrace.core.protocol.CtrlType;
import vgtrace.core.protocol.DecodeException;
import vgtrace.core.protocol.DisplayMode;
import vgtrace.core.protocol.GetEdid;
import vgtrace.core.protocol.GpuCodec;
import vgtrace.core.protocol.OkEdid;
import vgtrace.core.protocol.OkDisplayInfo;
import vgtrace.core.trace.EventKind;
import vgtrace.core.trace.GuestRange;
import vgtrace.core.trace.MemoryContent;
import vgtrace.core.trace.TraceEvent;
import vgtrace.core.trace.TraceFileException;
import vgtrace.core.trace.TraceReader;
import vgtrace.core.protocol.CtrlHeader;
import vgtrace.replay.BlobWrite;
import vgtrace.replay.GuestWrite;
import vgtrace.replay.MemoryWrite;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a trace into a {@link ReplayPlan}: COMMAND rows with their payloads, the MEMORY rows of each
 * command (guest input, a mapped blob's content, or for TRANSFER_FROM_HOST_3D the captured read-back),
 * RESPONSE rows, the DISPLAY rows of each flush and the FENCE rows of the device's signals. Causal order comes from row order: a command depends on every response
 * row before it. The outputs the captured device reported (its first DISPLAY_INFO, its EDID per
 * scanout) go with the plan, so that a backend reports the same.
 */
public final class PlanLoader {

    /** Commands with seq in {@code [first, last]}. */
    public record Range(long first, long last) {
        public static final Range ALL = new Range(Long.MIN_VALUE, Long.MAX_VALUE);

        public boolean contains(long seq) {
            return seq >= first && seq <= last;
        }
    }

    private static final class Draft {
        final TraceEvent command;
        final int requiredResponses;
        final List<MemoryWrite> memory = new ArrayList<>();
        final List<Long> readBacks = new ArrayList<>();
        final List<Observed.FrameKey> frames = new ArrayList<>();
        byte[] response;
        String fault;

        Draft(TraceEvent command, int requiredResponses) {
            this.command = command;
            this.requiredResponses = requiredResponses;
        }

        boolean readsBack() {
            return command.header().type() == CtrlType.TRANSFER_FROM_HOST_3D.code();
        }
    }

    private PlanLoader() {
    }

    /**
     * @throws TraceFileException when the file is not a readable trace
     * @throws PlanException      when its commands carry no payload (imports record headers only)
     */
    public static ReplayPlan load(Path trace, Range range) throws IOException {
        Map<Long, Draft> drafts = new LinkedHashMap<>();
        Map<Long, List<TraceEvent>> early = new HashMap<>();
        List<Long> responseOrder = new ArrayList<>();
        MemoryContent content = new MemoryContent(trace);
        Optional<List<DisplayMode>> displays = Optional.empty();
        Map<Integer, OkEdid> edids = new HashMap<>();
        FrameAttribution attribution = new FrameAttribution();
        boolean pairedFrames = false;
        Map<FenceKey, List<Long>> signals = new HashMap<>();
        boolean fenceRows = false;
        long firstTs = Long.MAX_VALUE, lastTs = Long.MIN_VALUE;
        try (TraceReader reader = TraceReader.open(trace)) {
            while (reader.hasNext()) {
                TraceEvent row = reader.next();
                String fault = accept(content, row);
                Draft pair = drafts.get(row.pairSeq());
                switch (row.kind()) {
                    case COMMAND -> {
                        attribution.command(row);
                        if (!range.contains(row.seq())) continue;
                        if (row.payload() == null) throw new PlanException(trace + ": command row " + row.seq()
                                + " has no payload: this trace records headers only (an import) and cannot be replayed");
                        Draft d = new Draft(row, responseOrder.size());
                        drafts.put(row.seq(), d);
                        for (TraceEvent m : early.getOrDefault(row.seq(), List.of())) memory(d, m, content, null);
                        early.remove(row.seq());
                    }
                    case RESPONSE -> {
                        attribution.response(row);
                        if (pair == null) continue;
                        pair.response = row.payload();
                        responseOrder.add(row.pairSeq());
                        if (displays.isEmpty()) displays = displayModes(row.payload());
                        if (pair.command.header().type() == CtrlType.GET_EDID.code()) edid(pair.command, row.payload(), edids);
                    }
                    case MEMORY -> {
                        if (pair != null) memory(pair, row, content, fault);
                        else if (row.pairSeq() > row.seq() && range.contains(row.pairSeq()) && fault == null) {
                            // written before its command (a capture records memory as it forwards)
                            early.computeIfAbsent(row.pairSeq(), s -> new ArrayList<>()).add(row);
                        }
                    }
                    case FENCE -> {
                        fenceRows = true;
                        FenceKey f = FenceKey.of(row.header());
                        if (!drafts.isEmpty()) signals.computeIfAbsent(f.timelineKey(), k -> new ArrayList<>()).add(f.fenceId());
                    }
                    case DISPLAY -> {
                        attribution.display(row);
                        pairedFrames |= row.pairSeq() != TraceEvent.NO_SEQ && row.contentHash() != null;
                        if (pair != null && row.contentHash() != null) pair.frames.add(new Observed.FrameKey(
                                orZero(row.fields().scanoutId()), orZero(row.fields().resourceId()), row.contentHash()));
                    }
                    default -> { }
                }
                if (drafts.containsKey(row.seq()) || pair != null) {
                    firstTs = Math.min(firstTs, row.tsNs());
                    lastTs = Math.max(lastTs, row.tsNs());
                }
            }
            FrameAttribution.Frames attributed = attribution.frames();
            attributed.frames().forEach((flush, frames) -> {
                Draft d = drafts.get(flush);
                if (d != null) d.frames.addAll(frames);
            });
            CapturedFences fences = fenceRows ? fences(drafts, signals) : CapturedFences.NONE;
            return plan(drafts, responseOrder, displays, edids, pairedFrames ? Long.MAX_VALUE : attributed.knownThrough(),
                    reader, lastTs >= firstTs ? lastTs - firstTs : 0, fences);
        }
    }

    /** The captured signals, and the fenced commands with no response whose fence no signal covered. */
    private static CapturedFences fences(Map<Long, Draft> drafts, Map<FenceKey, List<Long>> signals) {
        Set<Long> never = new HashSet<>();
        for (Draft d : drafts.values()) {
            CtrlHeader h = d.command.header();
            if (d.response != null || h == null || !h.fenced()) continue;
            FenceKey f = FenceKey.of(h);
            if (signals.getOrDefault(f.timelineKey(), List.of()).stream()
                    .noneMatch(id -> Long.compareUnsigned(id, f.fenceId()) >= 0)) {
                never.add(d.command.seq());
            }
        }
        return new CapturedFences(true, signals, never);
    }

    private static ReplayPlan plan(Map<Long, Draft> drafts, List<Long> responseOrder,
                                   Optional<List<DisplayMode>> displays, Map<Integer, OkEdid> edids,
                                   long framesKnownThrough, TraceReader reader, long durationNs, CapturedFences fences) {
        List<Step> steps = new ArrayList<>(drafts.size());
        Map<Long, Integer> index = new HashMap<>();
        for (Draft d : drafts.values()) {
            index.put(d.command.seq(), steps.size());
            TraceEvent c = d.command;
            steps.add(new Step(c.seq(), c.tsNs(), c.queue() == null ? 0 : c.queue(), c.payload(), d.memory,
                    new Observed(d.response, d.readBacks, d.frames), d.requiredResponses, d.fault));
        }
        int[] order = responseOrder.stream().mapToInt(index::get).toArray();
        return new ReplayPlan(steps, order, displays, edids, framesKnownThrough, reader.metadata(), reader.truncation(),
                durationNs, fences);
    }

    /** Feeds dedup; returns why the row's bytes are unusable, or null. */
    private static String accept(MemoryContent content, TraceEvent row) {
        try {
            content.accept(row);
            return null;
        } catch (TraceFileException e) {
            return e.getMessage();
        }
    }

    private static void memory(Draft d, TraceEvent row, MemoryContent content, String fault) {
        if (fault != null) {
            if (d.fault == null) d.fault = "MEMORY row " + row.seq() + ": " + fault;
            return;
        }
        if (d.readsBack() && !row.isBlobMemory()) {
            if (row.contentHash() != null) d.readBacks.add(row.contentHash());
            return;
        }
        Optional<byte[]> bytes = content.bytesOf(row);
        if (bytes.isEmpty()) {
            if (d.fault == null) d.fault = "MEMORY row " + row.seq() + " repeats content no earlier row stored";
            return;
        }
        List<GuestRange> ranges = row.ranges();
        if (GuestRange.bytes(ranges) != bytes.get().length) {
            if (d.fault == null) d.fault = "MEMORY row " + row.seq() + " has " + bytes.get().length
                    + " bytes for ranges of " + GuestRange.bytes(ranges);
            return;
        }
        int at = 0;
        for (GuestRange r : ranges) {
            int resourceId = orZero(row.fields().resourceId());
            byte[] part = Arrays.copyOfRange(bytes.get(), at, at + (int) r.length());
            d.memory.add(row.isBlobMemory() ? new BlobWrite(resourceId, row.fields().blobMem(), r.gpa(), part) : new GuestWrite(resourceId, r.gpa(), part));
            at += (int) r.length();
        }
    }

    private static Optional<List<DisplayMode>> displayModes(byte[] response) {
        if (response == null) return Optional.empty();
        try {
            if (GpuCodec.decode(response) instanceof OkDisplayInfo info) {
                int last = 0;
                for (int i = 0; i < info.pmodes().size(); i++) if (info.pmodes().get(i).enabled() != 0) last = i;
                return Optional.of(info.pmodes().subList(0, last + 1));
            }
        } catch (DecodeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** Keeps the first RESP_OK_EDID answered for each scanout; anything else (an error, bad bytes) is no EDID. */
    private static void edid(TraceEvent command, byte[] response, Map<Integer, OkEdid> edids) {
        if (response == null) return;
        try {
            if (GpuCodec.decode(command.payload()) instanceof GetEdid get && GpuCodec.decode(response) instanceof OkEdid edid) {
                edids.putIfAbsent(get.scanout(), edid);
            }
        } catch (DecodeException e) {
            // not a usable EDID: the backend reports its own for that scanout
        }
    }

    private static int orZero(Integer v) {
        return v == null ? 0 : v;
    }
}
