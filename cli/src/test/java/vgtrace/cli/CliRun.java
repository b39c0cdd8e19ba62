package vgtrace.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

/** Runs the CLI in-process and keeps what it printed. */
record CliRun(int exitCode, String out, String err) {

    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new CliRun(code, out.toString(), err.toString());
    }

    /** Generates a synthetic trace with {@code vgtrace generate}, failing the test if that fails. */
    static Path generated(Path dir, String name, int messages, int seed) {
        Path trace = dir.resolve(name);
        CliRun r = of("generate", "-n", Integer.toString(messages), "--seed", Integer.toString(seed), "-o", trace.toString());
        if (r.exitCode() != 0) throw new AssertionError("generate failed: " + r.err());
        return trace;
    }

    /** The repository's root, for committed samples. */
    static Path repo() {
        return Path.of(System.getProperty("vgtrace.repo", ".."));
    }
}
