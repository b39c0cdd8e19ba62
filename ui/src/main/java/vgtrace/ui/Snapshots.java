package vgtrace.ui;

import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import vgtrace.ui.TraceViews.View;
import vgtrace.ui.data.MessageRef;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Renders each view of a trace to a PNG, as the README's screenshots are made. Needs a running JavaFX
 * toolkit and must not run on the FX thread (it waits for each view's data).
 */
public final class Snapshots {

    static final int WIDTH = 1400;
    static final int HEIGHT = 820;
    private static final long WAIT_SECONDS = 120;

    private Snapshots() {
    }

    public static List<Path> render(Path trace, Path dir, Theme theme) throws IOException {
        if (Platform.isFxApplicationThread()) throw new IllegalStateException("Snapshots.render waits: not on the FX thread");
        Files.createDirectories(dir);
        Workbench bench = onFx(() -> {
            Workbench b = new Workbench(new RecentFiles(dir.resolve(".recent-traces")), WIDTH, HEIGHT);
            b.themeProperty().set(theme);
            Stage stage = new Stage();
            stage.setScene(b.scene());
            stage.show();
            return b;
        });
        try {
            TraceViews views = await(onFx(() -> bench.open(trace)));
            // A fenced command shows the selection on every view: one that never signalled if any, a
            // SUBMIT_3D if any.
            MessageRef example = views.data().sql().query(
                    "SELECT seq, submit_ts FROM fences ORDER BY signalled, type_name <> 'SUBMIT_3D', seq LIMIT 1",
                    r -> r.next() ? new MessageRef(r.getLong(1), r.getLong(2)) : null);
            List<Path> written = new ArrayList<>();
            for (View view : View.values()) {
                onFx(() -> {
                    bench.show(view);
                    bench.scene().getRoot().applyCss();
                    bench.scene().getRoot().layout();
                    if (view == View.SQL) views.console().editor().setText(vgtrace.ui.data.CannedQuery.ALL.getFirst().sql());
                    if (view == View.TIMELINE && example != null) views.selection().select(example.seq(), example.tsNs());
                    return null;
                });
                await(onFx(() -> views.ready(view)));
                Path file = dir.resolve(view.name().toLowerCase() + ".png");
                WritableImage image = onFx(() -> {
                    bench.scene().getRoot().applyCss();
                    bench.scene().getRoot().layout();
                    return bench.scene().snapshot(null);
                });
                if (!ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", file.toFile())) {
                    throw new IOException("no PNG writer for " + file);
                }
                written.add(file);
            }
            return written;
        } finally {
            onFx(() -> {
                bench.shutdown();
                ((Stage) bench.scene().getWindow()).close();
                return null;
            });
        }
    }

    /** Runs {@code action} on the FX thread and returns its result. */
    static <T> T onFx(Supplier<T> action) throws IOException {
        CompletableFuture<T> result = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                result.complete(action.get());
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        });
        return await(result);
    }

    static <T> T await(CompletableFuture<T> future) throws IOException {
        try {
            return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) throw io;
            throw new IOException(String.valueOf(cause.getMessage()), cause);
        } catch (TimeoutException e) {
            throw new IOException("the UI did not finish rendering within " + WAIT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
