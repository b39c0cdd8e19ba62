package vgtrace.core.vhost;

/**
 * One guest memory region of SET_MEM_TABLE, ADD_MEM_REG or REM_MEM_REG (32 bytes): guest physical
 * address, size, the front-end's virtual address of it (what SET_VRING_ADDR speaks in), and where it
 * starts in the fd that comes with it. Raw u64 values.
 */
public record MemoryRegion(long guestPhysAddr, long memorySize, long userspaceAddr, long mmapOffset) {

    public static final int SIZE = 32;

    /** True if the front-end virtual address {@code va} lies in this region (unsigned, overflow-safe). */
    public boolean containsUserAddress(long va) {
        long offset = va - userspaceAddr;
        return Long.compareUnsigned(va, userspaceAddr) >= 0 && Long.compareUnsigned(offset, memorySize) < 0;
    }

    /** The guest physical address of front-end virtual address {@code va}; call after {@link #containsUserAddress}. */
    public long toGuestPhys(long va) {
        return guestPhysAddr + (va - userspaceAddr);
    }
}
