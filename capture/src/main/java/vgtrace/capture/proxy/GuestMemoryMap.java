package vgtrace.capture.proxy;

import vgtrace.core.os.Fd;
import vgtrace.core.os.Mmap;
import vgtrace.core.os.NativeException;
import vgtrace.core.vhost.MemoryRegion;
import vgtrace.core.virtq.GuestMemory;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Guest RAM as the front-end shares it (SET_MEM_TABLE, ADD_MEM_REG, REM_MEM_REG). Each region is mapped
 * read-write (read-only when its fd allows no more), because the shadow rings write the guest's used
 * ring; snooping reads through {@link #memory()}, a read-only view, so it can never write to the guest.
 * The descriptors stay the caller's: it forwards them to the back-end; a mapping keeps its file without
 * them. The views are rebuilt on every change and a removed region is unmapped at once: users compare
 * {@link #version()} before each use and reopen their views. Only the event loop thread uses it.
 */
final class GuestMemoryMap implements AutoCloseable {

    private static final long PAGE = 4096;

    private record Mapped(MemoryRegion region, MemorySegment bytes, Arena arena) {
    }

    private final List<Mapped> mapped = new ArrayList<>();
    private GuestMemory memory = GuestMemory.of(List.of());
    private GuestMemory writable = memory;
    private int version;

    /** Replaces every region (SET_MEM_TABLE); {@code fds} are the regions' own, in order. */
    void replace(List<MemoryRegion> regions, List<Fd> fds) throws NativeException {
        unmapAll();
        for (int i = 0; i < regions.size(); i++) mapped.add(map(regions.get(i), fds.get(i)));
        rebuild();
    }

    /** Adds one region (ADD_MEM_REG). */
    void add(MemoryRegion region, Fd fd) throws NativeException {
        Mapped m = map(region, fd);
        mapped.add(m);
        try {
            rebuild();
        } catch (IllegalArgumentException e) {
            mapped.remove(m);
            m.arena().close();
            throw e;
        }
    }

    /** Removes the region at the same guest address and size (REM_MEM_REG); false if none matched. */
    boolean remove(MemoryRegion region) {
        for (Mapped m : mapped) {
            if (m.region().guestPhysAddr() == region.guestPhysAddr() && m.region().memorySize() == region.memorySize()) {
                mapped.remove(m);
                rebuild();
                m.arena().close();
                return true;
            }
        }
        return false;
    }

    private static Mapped map(MemoryRegion r, Fd fd) throws NativeException {
        if (r.memorySize() <= 0 || r.mmapOffset() < 0)
            throw new IllegalArgumentException("region at gpa 0x%x: size %d, mmap offset %d cannot be mapped"
                    .formatted(r.guestPhysAddr(), r.memorySize(), r.mmapOffset()));
        long start = r.mmapOffset() & -PAGE;
        long lead = r.mmapOffset() - start;
        Arena arena = Arena.ofShared();
        try {
            MemorySegment whole = mapReadWriteIfAllowed(fd, start, Math.addExact(lead, r.memorySize()), arena);
            return new Mapped(r, whole.asSlice(lead, r.memorySize()), arena);
        } catch (NativeException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /** A read-only fd (EACCES) still serves snooping; the shadow rings then refuse that region. */
    private static MemorySegment mapReadWriteIfAllowed(Fd fd, long offset, long length, Arena arena) throws NativeException {
        try {
            return Mmap.map(fd, offset, length, Mmap.Access.READ_WRITE, arena);
        } catch (NativeException e) {
            return Mmap.map(fd, offset, length, Mmap.Access.READ, arena);
        }
    }

    /** @throws IllegalArgumentException when regions overlap (the view is then left as it was) */
    private void rebuild() {
        writable = GuestMemory.of(mapped.stream().map(m -> new GuestMemory.Region(m.region().guestPhysAddr(), m.bytes())).toList());
        memory = GuestMemory.of(writable.regions().stream().map(g -> new GuestMemory.Region(g.gpa(), g.bytes().asReadOnly())).toList());
        version++;
    }

    private void unmapAll() {
        memory = writable = GuestMemory.of(List.of());
        version++;
        mapped.forEach(m -> m.arena().close());
        mapped.clear();
    }

    /** Guest memory for reading (snooping): every region read-only. */
    GuestMemory memory() {
        return memory;
    }

    /** The same regions, writable where the front-end's fd allowed it: only the shadow rings write here. */
    GuestMemory writable() {
        return writable;
    }

    /** Increases on every change, so rings know when to reopen over the new view. */
    int version() {
        return version;
    }

    /** The guest physical address of a front-end virtual address, if a region holds it. */
    OptionalLong toGuestPhys(long userAddr) {
        for (Mapped m : mapped) {
            if (m.region().containsUserAddress(userAddr)) return OptionalLong.of(m.region().toGuestPhys(userAddr));
        }
        return OptionalLong.empty();
    }

    @Override
    public void close() {
        unmapAll();
    }
}
