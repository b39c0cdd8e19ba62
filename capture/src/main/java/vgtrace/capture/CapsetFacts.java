package vgtrace.capture;

import vgtrace.core.protocol.GpuMessage;
import vgtrace.core.protocol.OkCapsetInfo;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The capsets a capture saw, from the device's CAPSET_INFO answers, as the {@code capsets} metadata
 * value ({@code id:max_version:max_size}, comma-separated, by id).
 */
public final class CapsetFacts {

    private final Map<Integer, String> capsets = new TreeMap<>();

    /** The new metadata value when {@code response} adds or changes a capset, else empty. */
    public Optional<String> observe(GpuMessage response) {
        if (!(response instanceof OkCapsetInfo info)) return Optional.empty();
        String entry = "%d:%d:%d".formatted(info.capsetId(), info.capsetMaxVersion(),
                Integer.toUnsignedLong(info.capsetMaxSize()));
        if (entry.equals(capsets.put(info.capsetId(), entry))) return Optional.empty();
        return Optional.of(String.join(",", capsets.values()));
    }
}
