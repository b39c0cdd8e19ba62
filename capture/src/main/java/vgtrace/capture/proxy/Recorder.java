package vgtrace.capture.proxy;

import vgtrace.core.trace.TraceEvent;

import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * Keeps trace writing off the forwarding path: rows go into a bounded queue that one thread of its
 * own drains into a {@link RowWriter}. The forwarding thread never waits for the disk.
 *
 * <p>Loss policy: when the queue is full (the disk is slower than the guest) the row is dropped and
 * counted, and the next row that fits is preceded by a NOTE "lost N rows (recording queue full)",
 * so a reader sees where and how much was lost; a seq number is used by every row, written or not.
 * When the writer fails (disk full, I/O error) recording stops for good: later rows are counted as
 * lost and the failure is kept in {@link #stats()}; forwarding is not affected. {@link #record} may be
 * called from several threads: a seq is taken and its row queued atomically, so rows stay in seq order.
 */
public final class Recorder implements AutoCloseable {

    static final int TICK_MS = 100;
    private static final TraceEvent END = TraceEvent.note(Long.MAX_VALUE, 0, "end");

    private final BlockingQueue<TraceEvent> queue;
    private final RowWriter writer;
    private final Thread thread;
    private final AtomicLong nextSeq = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private final AtomicLong unnoted = new AtomicLong();
    private volatile String failure;
    private boolean closed;

    public Recorder(RowWriter writer, int capacity) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.writer = writer;
        this.thread = Thread.ofPlatform().name("vgtrace-recorder").daemon().start(this::drain);
    }

    /**
     * Records the row {@code row} builds for the next seq; returns that seq whether or not the row
     * could be kept (a response still names its command's seq after the command was lost).
     */
    public synchronized long record(LongFunction<TraceEvent> row) {
        if (unnoted.get() > 0 && failure == null) {
            long n = unnoted.get();
            TraceEvent note = TraceEvent.note(nextSeq.get(), System.nanoTime(), lossNote(n));
            if (queue.offer(note)) {
                nextSeq.incrementAndGet();
                unnoted.addAndGet(-n);
            }
        }
        long seq = nextSeq.getAndIncrement();
        TraceEvent e = row.apply(seq);
        if (failure != null || !queue.offer(e)) {
            lost.incrementAndGet();
            if (failure == null) unnoted.incrementAndGet();
        }
        return seq;
    }

    public RecorderStats stats() {
        return new RecorderStats(nextSeq.get(), written.get(), lost.get(), failure);
    }

    private static String lossNote(long n) {
        return "lost " + n + " rows (recording queue full: the trace disk is slower than the guest)";
    }

    private void drain() {
        try {
            while (true) {
                TraceEvent e = queue.poll(TICK_MS, TimeUnit.MILLISECONDS);
                if (e == END) break;
                if (e != null) write(e);
                tick();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        TraceEvent e;
        while ((e = queue.poll()) != null) if (e != END) write(e);
        long n = unnoted.getAndSet(0);
        if (n > 0 && failure == null) write(TraceEvent.note(nextSeq.getAndIncrement(), System.nanoTime(), lossNote(n)));
    }

    private void write(TraceEvent e) {
        if (failure != null) {
            lost.incrementAndGet();
            return;
        }
        try {
            writer.append(e);
            written.incrementAndGet();
        } catch (IOException | RuntimeException ex) {
            fail(ex);
            lost.incrementAndGet();
        }
    }

    private void tick() {
        if (failure != null) return;
        try {
            writer.tick(System.nanoTime());
        } catch (IOException | RuntimeException ex) {
            fail(ex);
        }
    }

    private void fail(Exception ex) {
        failure = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
    }

    /**
     * Writes every queued row, a last loss note if needed, and closes the writer. Waits for the
     * recorder thread; safe to call twice.
     *
     * @throws IOException when the writer cannot be closed (its last batch is lost)
     */
    @Override
    public void close() throws IOException {
        if (closed) return;
        closed = true;
        try {
            queue.put(END);
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            writer.close();
        } catch (IOException e) {
            if (failure == null) fail(e);
            throw e;
        }
    }
}
