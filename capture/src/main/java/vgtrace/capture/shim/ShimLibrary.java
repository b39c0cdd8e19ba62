package vgtrace.capture.shim;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shim library, built from capture/src/main/c by the module's build (gcc) and carried as a
 * resource, so every way of running vgtrace (the launcher, tests, a copied jar) has the one that
 * matches its decoder.
 */
public final class ShimLibrary {

    static final String RESOURCE = "/vgtrace/capture/shim/libvgtrace-shim.so";
    public static final String FILE_NAME = "libvgtrace-shim.so";

    private ShimLibrary() {
    }

    /** Writes the library into {@code dir} and returns its path. */
    public static Path extractTo(Path dir) throws IOException {
        try (InputStream in = ShimLibrary.class.getResourceAsStream(RESOURCE)) {
            if (in == null)
                throw new IOException("this vgtrace was built without its QEMU shim (gcc was missing at build time): "
                        + "install gcc and rebuild");
            Path out = dir.resolve(FILE_NAME);
            Files.copy(in, out);
            return out;
        }
    }
}
