package vgtrace.replay;

import java.util.Objects;

/** Guest bytes at a guest physical address, as a MEMORY row holds them. */
public record GuestWrite(int resourceId, long addr, byte[] bytes) implements MemoryWrite {

    public GuestWrite {
        Objects.requireNonNull(bytes, "bytes");
    }
}
