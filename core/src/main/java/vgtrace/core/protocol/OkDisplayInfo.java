package vgtrace.core.protocol;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/** VIRTIO_GPU_RESP_OK_DISPLAY_INFO: the modes of all 16 possible scanouts. */
public record OkDisplayInfo(CtrlHeader header, List<DisplayMode> pmodes) implements GpuResponse {

    public static final int MAX_SCANOUTS = 16;

    private static final long PMODES = Layouts.offset(Layouts.RESP_DISPLAY_INFO, "pmodes");
    private static final long MODE_SIZE = Layouts.DISPLAY_ONE.byteSize();

    public OkDisplayInfo {
        Require.type(header, CtrlType.RESP_OK_DISPLAY_INFO);
        pmodes = List.copyOf(pmodes);
        if (pmodes.size() != MAX_SCANOUTS) {
            throw new IllegalArgumentException("pmodes holds " + MAX_SCANOUTS + " modes, got " + pmodes.size());
        }
    }

    /** The response for the given leading scanouts; the rest of the 16 are disabled and zero. */
    public static OkDisplayInfo of(CtrlHeader header, List<DisplayMode> leading) {
        List<DisplayMode> all = new ArrayList<>(leading);
        while (all.size() < MAX_SCANOUTS) all.add(DisplayMode.DISABLED);
        return new OkDisplayInfo(header, all);
    }

    static OkDisplayInfo decode(CtrlHeader h, MemorySegment s) {
        List<DisplayMode> modes = new ArrayList<>(MAX_SCANOUTS);
        for (int i = 0; i < MAX_SCANOUTS; i++) modes.add(DisplayMode.read(s, PMODES + i * MODE_SIZE));
        return new OkDisplayInfo(h, modes);
    }

    void encodeBody(MemorySegment s) {
        for (int i = 0; i < MAX_SCANOUTS; i++) pmodes.get(i).write(s, PMODES + i * MODE_SIZE);
    }
}
