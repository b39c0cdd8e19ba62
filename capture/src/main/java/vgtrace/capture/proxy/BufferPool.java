package vgtrace.capture.proxy;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Reuses the large arrays the proxy copies guest memory into. A transfer's copy (256 KiB for a
 * 256x256 rectangle) lives until the recorder thread has written it, so under load many are alive
 * at once; allocating each anew made the young collections copy them, and the pauses (up to 320 ms
 * in the overhead bench) stalled the guest. Pooled arrays settle in the old generation and stay.
 * Arrays are pooled by exact length, since a capture repeats a few transfer sizes; arrays come back
 * dirty, to be overwritten whole. Thread-safe: taken on the event loop, given back by the recorder.
 */
final class BufferPool {

    /** Smaller arrays cost little to allocate and are not pooled. */
    static final int MIN_BYTES = 64 << 10;

    private final long maxPooledBytes;
    private final Map<Integer, ArrayDeque<byte[]>> free = new HashMap<>();
    private long pooledBytes;

    /** @param maxPooledBytes how many bytes of idle arrays to keep at most; the rest go to the GC */
    BufferPool(long maxPooledBytes) {
        this.maxPooledBytes = maxPooledBytes;
    }

    /** An array of exactly {@code length} bytes, with arbitrary contents when reused. */
    synchronized byte[] take(int length) {
        ArrayDeque<byte[]> idle = free.get(length);
        if (idle == null || idle.isEmpty()) return new byte[length];
        pooledBytes -= length;
        return idle.pop();
    }

    /** Gives back an array nobody uses any more. */
    synchronized void give(byte[] array) {
        if (array.length < MIN_BYTES || pooledBytes + array.length > maxPooledBytes) return;
        free.computeIfAbsent(array.length, n -> new ArrayDeque<>()).push(array);
        pooledBytes += array.length;
    }

    /** Bytes held in idle arrays. */
    synchronized long pooledBytes() {
        return pooledBytes;
    }
}
