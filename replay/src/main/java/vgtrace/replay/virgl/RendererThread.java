package vgtrace.replay.virgl;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The one platform thread every virglrenderer call runs on: init binds its EGL context to the
 * calling thread, and from any other thread reads return zeros and fences never signal. A call
 * made from this thread itself (inside a batch, see {@link VirglRenderer#batch}) runs inline.
 */
final class RendererThread implements AutoCloseable {

    private final ThreadPoolExecutor executor;
    private volatile Thread thread;

    RendererThread(String name) {
        // A platform thread, never a virtual one: a virtual thread may change carrier between calls.
        executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
            if (thread != null) throw new IllegalStateException("the renderer thread cannot be replaced");
            thread = Thread.ofPlatform().name(name).daemon(true).unstarted(task);
            return thread;
        });
        executor.prestartCoreThread();
    }

    boolean isCurrent() {
        return Thread.currentThread() == thread;
    }

    /**
     * Runs {@code work} on the renderer thread and returns its result or rethrows what it threw
     * (checked exceptions wrapped in {@link VirglException}). Waits uninterruptibly: once queued,
     * the work will run, and its caller must not go on as if it had not.
     */
    <T> T call(String name, Callable<T> work) {
        if (isCurrent()) return inline(name, work);
        Future<T> future;
        try {
            future = executor.submit(work);
        } catch (RejectedExecutionException e) {
            throw VirglException.closed(name);
        }
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return future.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    throw rethrow(name, e.getCause());
                }
            }
        } finally {
            if (interrupted) Thread.currentThread().interrupt();
        }
    }

    private static <T> T inline(String name, Callable<T> work) {
        try {
            return work.call();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new VirglException(name, e.toString(), e);
        }
    }

    private static RuntimeException rethrow(String name, Throwable cause) {
        return switch (cause) {
            case RuntimeException r -> r;
            case Error e -> throw e;
            default -> new VirglException(name, cause.toString(), cause);
        };
    }

    /** Lets queued work finish, then ends the thread; later calls fail as closed. */
    @Override
    public void close() {
        executor.shutdown();
        if (isCurrent()) return;
        boolean interrupted = false;
        while (true) {
            try {
                if (executor.awaitTermination(1, TimeUnit.DAYS)) break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }
}
