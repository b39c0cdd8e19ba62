package vgtrace.capture.proxy;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class BufferPoolTest {

    @Test
    void givenArraysComeBackForTheSameLengthOnly() {
        BufferPool pool = new BufferPool(1 << 20);
        byte[] a = pool.take(BufferPool.MIN_BYTES);
        pool.give(a);
        assertEquals(BufferPool.MIN_BYTES, pool.pooledBytes());
        assertNotSame(a, pool.take(BufferPool.MIN_BYTES + 1), "another length gets a new array");
        assertSame(a, pool.take(BufferPool.MIN_BYTES));
        assertEquals(0, pool.pooledBytes());
        assertNotSame(a, pool.take(BufferPool.MIN_BYTES), "an array is handed out once");
    }

    @Test
    void smallArraysAndArraysPastTheCapGoToTheCollector() {
        BufferPool pool = new BufferPool(3L * BufferPool.MIN_BYTES);
        pool.give(new byte[BufferPool.MIN_BYTES - 1]);
        assertEquals(0, pool.pooledBytes());
        for (int i = 0; i < 5; i++) pool.give(new byte[BufferPool.MIN_BYTES]);
        assertEquals(3L * BufferPool.MIN_BYTES, pool.pooledBytes());
    }
}
