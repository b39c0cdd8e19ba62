package vgtrace.core.virtq;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A split virtqueue laid out in guest memory: descriptor table, available ring, used ring.
 *
 * <p>{@link #open} checks the layout once and keeps a view of each of the three areas, so every
 * later ring access is bounded by construction (indices are reduced modulo the queue size).
 * Descriptor contents are not trusted here; {@link ChainWalker} validates them.
 * Ring indices ({@code idx}) are free-running u16 values returned as ints in 0..65535.
 * The write methods (driver or device side) need writable memory. A proxy that relays a ring
 * (driver to one side, device to the other) uses the explicit-index writes: entries first, then
 * {@link #publishAvailIdx}/{@link #publishUsedIdx} (release), and the event fields of EVENT_IDX.
 */
public final class SplitRing {

    public static final int MAX_SIZE = 32768;

    private static final ValueLayout.OfShort LE_SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfInt LE_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final long RING_HEADER = 4; // le16 flags, le16 idx
    private static final long USED_ELEM = 8;

    private final GuestMemory memory;
    private final int size;
    private final long descAddr, availAddr, usedAddr;
    private final MemorySegment descTable, avail, used;

    private SplitRing(GuestMemory memory, int size, long descAddr, long availAddr, long usedAddr,
                      MemorySegment descTable, MemorySegment avail, MemorySegment used) {
        this.memory = memory;
        this.size = size;
        this.descAddr = descAddr;
        this.availAddr = availAddr;
        this.usedAddr = usedAddr;
        this.descTable = descTable;
        this.avail = avail;
        this.used = used;
    }

    /**
     * @param size queue size, a power of 2 up to 32768
     * @param descAddr descriptor table address, 16-aligned
     * @param availAddr available ring address, 2-aligned
     * @param usedAddr used ring address, 4-aligned
     */
    public static SplitRing open(GuestMemory memory, int size, long descAddr, long availAddr, long usedAddr)
            throws RingLayoutException {
        if (size <= 0 || size > MAX_SIZE || Integer.bitCount(size) != 1)
            throw new RingLayoutException("queue size %d is not a power of 2 in 1..%d".formatted(size, MAX_SIZE));
        requireAligned("descriptor table", descAddr, 16);
        requireAligned("available ring", availAddr, 2);
        requireAligned("used ring", usedAddr, 4);
        // each ring carries a trailing u16 event field (used_event / avail_event)
        return new SplitRing(memory, size, descAddr, availAddr, usedAddr,
                area(memory, "descriptor table", descAddr, (long) size * Descriptor.SIZE),
                area(memory, "available ring", availAddr, RING_HEADER + 2L * size + 2),
                area(memory, "used ring", usedAddr, RING_HEADER + USED_ELEM * size + 2));
    }

    private static void requireAligned(String what, long gpa, int alignment) throws RingLayoutException {
        if ((gpa & (alignment - 1)) != 0)
            throw new RingLayoutException("%s at 0x%x is not %d-aligned".formatted(what, gpa, alignment));
    }

    private static MemorySegment area(GuestMemory memory, String what, long gpa, long len) throws RingLayoutException {
        try {
            return memory.slice(gpa, len);
        } catch (GuestMemoryException e) {
            throw new RingLayoutException(what + ": " + e.getMessage());
        }
    }

    public GuestMemory memory() { return memory; }
    public int size() { return size; }
    public long descAddr() { return descAddr; }
    public long availAddr() { return availAddr; }
    public long usedAddr() { return usedAddr; }

    /** Entry {@code index} (0..size-1) of the descriptor table. */
    public Descriptor descriptor(int index) {
        return Descriptor.read(descTable, checkIndex(index));
    }

    /** Driver side: stores a descriptor (replay front-end, tests). */
    public void writeDescriptor(int index, Descriptor descriptor) {
        descriptor.write(descTable, checkIndex(index));
    }

    /** Flag of the available ring: the driver asks the device not to interrupt it. */
    public static final int AVAIL_F_NO_INTERRUPT = 1;
    /** Flag of the used ring: the device asks the driver not to notify (kick) it. */
    public static final int USED_F_NO_NOTIFY = 1;

    public int availFlags() {
        return Short.toUnsignedInt(avail.get(LE_SHORT, 0));
    }

    /** Driver side: sets the available ring's flags. */
    public void setAvailFlags(int flags) {
        avail.set(LE_SHORT, 0, (short) flags);
    }

    /** Driver side: stores {@code head} at ring position {@code idx}, not yet published. */
    public void writeAvailEntry(int idx, int head) {
        avail.set(LE_SHORT, RING_HEADER + 2L * slot(idx), (short) head);
    }

    /** Driver side: publishes every entry below {@code idx} (release: entries written before are visible first). */
    public void publishAvailIdx(int idx) {
        VarHandle.releaseFence();
        avail.set(LE_SHORT, 2, (short) idx);
    }

    /** EVENT_IDX: the used idx after which the driver wants an interrupt (the avail ring's trailing field). */
    public int usedEvent() {
        return Short.toUnsignedInt(avail.get(LE_SHORT, RING_HEADER + 2L * size));
    }

    public void setUsedEvent(int idx) {
        avail.set(LE_SHORT, RING_HEADER + 2L * size, (short) idx);
    }

    /** The driver's published avail idx; entries below it may be read after this call (acquire). */
    public int availIdx() {
        int idx = Short.toUnsignedInt(avail.get(LE_SHORT, 2));
        VarHandle.acquireFence();
        return idx;
    }

    /** The head the driver put at ring position {@code idx} (any u16 value: the guest chooses it). */
    public int availEntry(int idx) {
        return Short.toUnsignedInt(avail.get(LE_SHORT, RING_HEADER + 2L * slot(idx)));
    }

    /** Driver side: publishes {@code head} at the current avail idx, then advances the idx (release). */
    public void pushAvail(int head) {
        int idx = Short.toUnsignedInt(avail.get(LE_SHORT, 2));
        avail.set(LE_SHORT, RING_HEADER + 2L * slot(idx), (short) head);
        VarHandle.releaseFence();
        avail.set(LE_SHORT, 2, (short) (idx + 1));
    }

    public int usedFlags() {
        return Short.toUnsignedInt(used.get(LE_SHORT, 0));
    }

    /** Device side: sets the used ring's flags. */
    public void setUsedFlags(int flags) {
        used.set(LE_SHORT, 0, (short) flags);
    }

    /** Device side: stores a used element at ring position {@code idx}, not yet published. */
    public void writeUsedEntry(int idx, UsedElement e) {
        long at = RING_HEADER + USED_ELEM * slot(idx);
        used.set(LE_INT, at, e.id());
        used.set(LE_INT, at + 4, e.len());
    }

    /** Device side: publishes every element below {@code idx} (release). */
    public void publishUsedIdx(int idx) {
        VarHandle.releaseFence();
        used.set(LE_SHORT, 2, (short) idx);
    }

    /** EVENT_IDX: the avail idx after which the device wants a kick (the used ring's trailing field). */
    public int availEvent() {
        return Short.toUnsignedInt(used.get(LE_SHORT, RING_HEADER + USED_ELEM * size));
    }

    public void setAvailEvent(int idx) {
        used.set(LE_SHORT, RING_HEADER + USED_ELEM * size, (short) idx);
    }

    /**
     * {@code vring_need_event}: whether moving an index from {@code old} to {@code now} passed
     * {@code event} (the other side asked to be notified once the index goes beyond it). u16 arithmetic.
     */
    public static boolean needEvent(int event, int now, int old) {
        return ((now - event - 1) & 0xffff) < ((now - old) & 0xffff);
    }

    /** The device's published used idx; elements below it may be read after this call (acquire). */
    public int usedIdx() {
        int idx = Short.toUnsignedInt(used.get(LE_SHORT, 2));
        VarHandle.acquireFence();
        return idx;
    }

    public UsedElement usedEntry(int idx) {
        long at = RING_HEADER + USED_ELEM * slot(idx);
        return new UsedElement(used.get(LE_INT, at), used.get(LE_INT, at + 4));
    }

    /** Device side: publishes a used element at the current used idx, then advances the idx (release). */
    public void pushUsed(int id, int len) {
        int idx = Short.toUnsignedInt(used.get(LE_SHORT, 2));
        long at = RING_HEADER + USED_ELEM * slot(idx);
        used.set(LE_INT, at, id);
        used.set(LE_INT, at + 4, len);
        VarHandle.releaseFence();
        used.set(LE_SHORT, 2, (short) (idx + 1));
    }

    private int slot(int idx) {
        return idx & (size - 1);
    }

    private int checkIndex(int index) {
        if (index < 0 || index >= size) throw new IndexOutOfBoundsException("descriptor %d of %d".formatted(index, size));
        return index;
    }
}
