package vgtrace.replay.virgl;

/** What {@code virgl_renderer_get_cap_set} reports for one capset; zeros mean "not supported". */
public record CapsetInfo(int maxVersion, int maxSize) {

    public boolean supported() {
        return maxSize > 0;
    }
}
