package vgtrace.core.protocol;

/** The caching of a mapped blob: the low 4 bits of RESP_OK_MAP_INFO's {@code map_info}. */
public enum MapCache implements WireCode {
    NONE(0), CACHED(1), UNCACHED(2), WC(3);

    public static final int MASK = 0x0f;

    private final int code;

    MapCache(int code) {
        this.code = code;
    }

    @Override
    public int code() {
        return code;
    }

    /** The name of {@code mapInfo}'s cache bits, with any other bits appended in hex. */
    public static String nameOf(int mapInfo) {
        String cache = WireCode.nameOf(values(), mapInfo & MASK);
        int rest = mapInfo & ~MASK;
        return rest == 0 ? cache : cache + "|0x" + Integer.toHexString(rest);
    }
}
