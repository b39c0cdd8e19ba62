package vgtrace.core.trace;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The facts of a capture, stored as Arrow schema metadata under {@code vgtrace.<key>} keys; facts
 * learned later arrive as METADATA rows ({@code key=value}) that {@link #withRow} merges in.
 * Every field but {@code formatVersion}, {@code source} and {@code extras} may be {@code null} (unknown).
 *
 * @param formatVersion  the trace format version of the file (writers always write the current one)
 * @param vgtraceVersion key {@code vgtrace_version}: the vgtrace that wrote it
 * @param source         key {@code source}: what produced the rows: capture, ftrace, qemu-trace, generator, ...
 * @param vmm            key {@code vmm}: the VMM and its version, free-form (e.g. "qemu 10.0.2")
 * @param backend        key {@code backend}: the device backend, free-form (e.g. "virglrenderer 1.1")
 * @param guestKernel    key {@code guest_kernel}: the guest kernel release
 * @param features       key {@code features}: negotiated virtio-gpu feature bits (u64, stored as 0x hex)
 * @param capsets        key {@code capsets}: capsets seen, {@code id:max_version:max_size,...}
 * @param clock          key {@code clock}: the clock {@code ts_ns} counts (e.g. CLOCK_MONOTONIC)
 * @param clockAnchorNs  key {@code clock_anchor_realtime_ns}: CLOCK_REALTIME nanoseconds at {@code ts_ns} = 0
 * @param created        key {@code created}: when the file was created (ISO-8601)
 * @param extras         any other facts, by key
 */
public record TraceMetadata(int formatVersion, String vgtraceVersion, String source, String vmm, String backend,
                            String guestKernel, Long features, String capsets, String clock, Long clockAnchorNs,
                            Instant created, Map<String, String> extras) {

    /** Prefix of every schema metadata key vgtrace writes. */
    public static final String KEY_PREFIX = "vgtrace.";
    public static final String FORMAT_VERSION = "format_version";
    /** The keys of the named fields. */
    public static final List<String> KEYS = List.of(FORMAT_VERSION, "vgtrace_version", "source", "vmm", "backend",
            "guest_kernel", "features", "capsets", "clock", "clock_anchor_realtime_ns", "created");
    private static final String VGTRACE_VERSION = Objects.requireNonNullElse(
            TraceMetadata.class.getPackage().getImplementationVersion(), "0.1.0-SNAPSHOT");

    public TraceMetadata {
        Objects.requireNonNull(source, "source");
        extras = Map.copyOf(extras);
    }

    /** Metadata for a new trace from {@code source}, created now by this vgtrace. */
    public static TraceMetadata of(String source) {
        return new TraceMetadata(TraceSchema.FORMAT_VERSION, VGTRACE_VERSION, source, null, null, null, null, null,
                null, null, Instant.now(), Map.of());
    }

    /**
     * A copy with one fact set by key: a name of {@link #KEYS} or a free-form extra.
     *
     * @throws IllegalArgumentException for a malformed key or value, or an attempt to set the format version
     */
    public TraceMetadata with(String key, String value) {
        checkKey(key);
        Objects.requireNonNull(value, "value");
        if (key.equals(FORMAT_VERSION)) throw new IllegalArgumentException("the format version is the file's own");
        Map<String, String> facts = facts();
        facts.put(key, value);
        return fromFacts(formatVersion, facts);
    }

    /** A copy with the fact of a METADATA row's text ({@code key=value}) merged in. */
    public TraceMetadata withRow(String text) {
        int eq = text == null ? -1 : text.indexOf('=');
        if (eq <= 0) throw new IllegalArgumentException("a METADATA row needs key=value, not: " + text);
        return with(text.substring(0, eq), text.substring(eq + 1));
    }

    /** The schema metadata of a file in the current format. */
    Map<String, String> toSchemaMetadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(KEY_PREFIX + FORMAT_VERSION, Integer.toString(TraceSchema.FORMAT_VERSION));
        facts().forEach((k, v) -> m.put(KEY_PREFIX + k, v));
        return m;
    }

    /**
     * Reads the schema metadata of a file of {@code version}.
     *
     * @throws IllegalArgumentException for a malformed value
     */
    static TraceMetadata fromSchemaMetadata(int version, Map<String, String> schemaMetadata) {
        Map<String, String> facts = new LinkedHashMap<>();
        schemaMetadata.forEach((k, v) -> {
            if (k.startsWith(KEY_PREFIX)) facts.put(k.substring(KEY_PREFIX.length()), v);
        });
        facts.remove(FORMAT_VERSION);
        facts.putIfAbsent("source", "unknown");
        return fromFacts(version, facts);
    }

    /** Checks a key can be stored and read back: non-empty, no '=', no control characters. */
    static void checkKey(String key) {
        Objects.requireNonNull(key, "key");
        if (key.isEmpty() || key.chars().anyMatch(c -> c == '=' || Character.isISOControl(c))) {
            throw new IllegalArgumentException("bad metadata key: '" + key + "'");
        }
    }

    /** Every fact that is set, by key: the format version, the named fields, then the extras. */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(FORMAT_VERSION, Integer.toString(formatVersion));
        m.putAll(facts());
        return Collections.unmodifiableMap(m);
    }

    /** Every known fact by key, then the extras. */
    private Map<String, String> facts() {
        Map<String, String> m = new LinkedHashMap<>();
        put(m, "vgtrace_version", vgtraceVersion);
        put(m, "source", source);
        put(m, "vmm", vmm);
        put(m, "backend", backend);
        put(m, "guest_kernel", guestKernel);
        put(m, "features", features == null ? null : "0x" + Long.toHexString(features));
        put(m, "capsets", capsets);
        put(m, "clock", clock);
        put(m, "clock_anchor_realtime_ns", clockAnchorNs == null ? null : clockAnchorNs.toString());
        put(m, "created", created == null ? null : created.toString());
        m.putAll(new TreeMap<>(extras));
        return m;
    }

    private static TraceMetadata fromFacts(int version, Map<String, String> facts) {
        Map<String, String> rest = new LinkedHashMap<>(facts);
        try {
            String features = rest.remove("features");
            String anchor = rest.remove("clock_anchor_realtime_ns");
            String created = rest.remove("created");
            TraceMetadata m = new TraceMetadata(version, rest.remove("vgtrace_version"), rest.remove("source"),
                    rest.remove("vmm"), rest.remove("backend"), rest.remove("guest_kernel"),
                    features == null ? null : parseHex(features), rest.remove("capsets"), rest.remove("clock"),
                    anchor == null ? null : Long.parseLong(anchor), created == null ? null : Instant.parse(created),
                    rest);
            rest.keySet().forEach(TraceMetadata::checkKey);
            return m;
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException("bad metadata value" + TraceFileException.oneLine(e));
        }
    }

    private static void put(Map<String, String> m, String key, String value) {
        if (value != null) m.put(key, value);
    }

    private static long parseHex(String value) {
        String digits = value.startsWith("0x") || value.startsWith("0X") ? value.substring(2) : value;
        return Long.parseUnsignedLong(digits, 16);
    }
}
