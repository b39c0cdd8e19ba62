package vgtrace.capture.proxy;

import vgtrace.core.trace.TraceEvent;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * Keeps trace writing off the forwarding path: rows are gathered into a batch on the forwarding
 * side and handed, one batch at a time ({@link #flush()}, after each event the proxy handles), to a
 * thread of its own that builds them (the row functions run there: hashing, encoding and decoded
 * columns cost the guest nothing) and writes them to a {@link RowWriter}. The queue between them is
 * bounded in rows and in the bytes its rows hold; handing over a batch never waits, and costs one
 * queue operation rather than one per row.
 *
 * <p>Loss policy: when a batch does not fit (the disk is slower than the guest) it is dropped and
 * its rows counted, and the next row recorded is preceded by a NOTE "lost N rows (recording queue
 * full: ...)", so a reader sees where and how much was lost; every row, kept or lost, used a seq
 * number. When the writer fails (disk full, I/O error) recording stops for good: later rows are
 * counted as lost and the failure is kept in {@link #stats()}; forwarding is not affected.
 * {@link #record} and {@link #flush} may be called from several threads (a seq is taken and its
 * row added atomically, so rows stay in seq order).
 */
public final class Recorder implements AutoCloseable {

    static final int TICK_MS = 100;
    /** A batch is handed over at the latest when it holds this many rows. */
    static final int MAX_BATCH = 1024;
    /**
     * Bytes of guest memory and frames the queue holds at most by default: rows alone do not bound
     * memory when a row can carry 16 MiB.
     */
    public static final long DEFAULT_CAPACITY_BYTES = 256L << 20;
    private static final List<Row> END = List.of();

    /**
     * A row to build on the recorder thread: its seq, how to make it, and what to run once it is
     * written or lost (null for nothing).
     */
    private record Row(long seq, LongFunction<TraceEvent> make, long bytes, Runnable done) {
        Row(long seq, LongFunction<TraceEvent> make) {
            this(seq, make, 0, null);
        }

        void finish() {
            if (done != null) done.run();
        }
    }

    private final BlockingQueue<List<Row>> queue = new LinkedBlockingQueue<>();
    private final int capacity;
    private final long capacityBytes;
    private final AtomicLong queuedBytes = new AtomicLong();
    private long pendingBytes;
    private final RowWriter writer;
    private final Thread thread;
    private final AtomicLong nextSeq = new AtomicLong();
    private final AtomicLong queuedRows = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private final AtomicLong unnoted = new AtomicLong();
    private List<Row> pending = new ArrayList<>();
    private long pendingNoteCovers; // rows the loss note in pending reports; 0 when it holds none
    private volatile String failure;
    private boolean closed;

    /** @param capacity rows the queue holds at most (batches handed over but not yet written) */
    public Recorder(RowWriter writer, int capacity) {
        this(writer, capacity, DEFAULT_CAPACITY_BYTES);
    }

    /** @param capacityBytes bytes the queued rows may carry at most (what {@code record} declares) */
    public Recorder(RowWriter writer, int capacity, long capacityBytes) {
        this.capacity = capacity;
        this.capacityBytes = capacityBytes;
        this.writer = writer;
        this.thread = Thread.ofPlatform().name("vgtrace-recorder").daemon().start(this::drain);
    }

    /**
     * Records the row {@code row} builds for the next seq; returns that seq whether or not the row
     * is kept (a response still names its command's seq after the command was lost). {@code row}
     * runs later on the recorder thread: it must only read data that no longer changes.
     */
    public long record(LongFunction<TraceEvent> row) {
        return record(row, 0, null);
    }

    /**
     * Like {@link #record(LongFunction)} for a row that holds on to {@code bytes} bytes (guest memory,
     * a frame) until it is written, and runs {@code done} once the row is written or lost: after that
     * nothing reads what {@code row} captured (a pooled buffer can be reused).
     */
    public synchronized long record(LongFunction<TraceEvent> row, long bytes, Runnable done) {
        long n = unnoted.get();
        if (n > 0 && pendingNoteCovers == 0 && failure == null) {
            long ts = System.nanoTime();
            pending.add(new Row(nextSeq.getAndIncrement(), s -> TraceEvent.note(s, ts, lossNote(n))));
            pendingNoteCovers = n;
        }
        long seq = nextSeq.getAndIncrement();
        pending.add(new Row(seq, row, bytes, done));
        pendingBytes += bytes;
        if (pending.size() >= MAX_BATCH) flush();
        return seq;
    }

    /** Hands the rows recorded so far to the writer thread, or drops them if the queue is full. */
    public synchronized void flush() {
        if (pending.isEmpty()) return;
        List<Row> batch = pending;
        long bytes = pendingBytes;
        pending = new ArrayList<>();
        pendingBytes = 0;
        if (failure == null && queuedRows.get() + batch.size() <= capacity && queuedBytes.get() + bytes <= capacityBytes) {
            queuedRows.addAndGet(batch.size());
            queuedBytes.addAndGet(bytes);
            queue.add(batch);
            unnoted.addAndGet(-pendingNoteCovers);
        } else {
            long rows = batch.size() - (pendingNoteCovers > 0 ? 1 : 0); // a dropped loss note is not data
            lost.addAndGet(rows);
            batch.forEach(Row::finish);
            if (failure == null) unnoted.addAndGet(rows);
        }
        pendingNoteCovers = 0;
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
                List<Row> batch = queue.poll(TICK_MS, TimeUnit.MILLISECONDS);
                if (batch == END) break;
                if (batch != null) write(batch);
                tick();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Row> batch;
        while ((batch = queue.poll()) != null) write(batch);
        long n = unnoted.getAndSet(0);
        if (n > 0 && failure == null) {
            long ts = System.nanoTime();
            write(List.of(new Row(nextSeq.getAndIncrement(), s -> TraceEvent.note(s, ts, lossNote(n)))));
        }
    }

    private void write(List<Row> batch) {
        queuedRows.addAndGet(-batch.size());
        for (Row row : batch) {
            try {
                write(row);
            } finally {
                queuedBytes.addAndGet(-row.bytes());
                row.finish();
            }
        }
    }

    private void write(Row row) {
        if (failure != null) {
            lost.incrementAndGet();
            return;
        }
        TraceEvent e;
        try {
            e = row.make().apply(row.seq());
        } catch (RuntimeException ex) { // a row that cannot be built is lost alone; recording goes on
            lost.incrementAndGet();
            return;
        }
        try {
            writer.append(e);
            written.incrementAndGet();
        } catch (IOException | RuntimeException ex) {
            fail(ex);
            lost.incrementAndGet();
            countUnwrittenAsLost();
        }
    }

    /**
     * After a write error: the rows the writer accepted into the batch that failed, and any it still
     * holds, never reach the file. Written is what the file holds; the rest is lost.
     */
    private void countUnwrittenAsLost() {
        long inFile = writer.rowsInFile();
        lost.addAndGet(written.get() - inFile);
        written.set(inFile);
    }

    private void tick() {
        if (failure != null) return;
        try {
            writer.tick(System.nanoTime());
        } catch (IOException | RuntimeException ex) {
            fail(ex);
            countUnwrittenAsLost();
        }
    }

    private void fail(Exception ex) {
        failure = ex.getMessage() == null ? "the trace could not be written" : ex.getMessage();
    }

    /**
     * Hands over the last rows, writes every queued row and a last loss note if needed, and closes
     * the writer. Waits for the recorder thread; safe to call twice.
     *
     * @throws IOException when the writer cannot be closed (its last batch is lost)
     */
    @Override
    public void close() throws IOException {
        synchronized (this) {
            if (closed) return;
            closed = true;
            flush();
        }
        queue.add(END);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            writer.close();
        } catch (IOException e) {
            if (failure == null) fail(e);
            countUnwrittenAsLost();
            throw e;
        }
    }
}
