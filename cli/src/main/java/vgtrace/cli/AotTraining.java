package vgtrace.cli;

import java.io.PrintWriter;
import java.io.Writer;

/**
 * The launcher's training run for Java's AOT cache (JEP 483/514): the commands whose start the cache
 * should cover, {@code info} and {@code query}, run in one JVM on a bundled trace (args[0]) with
 * their output discarded. The cache holds the classes these runs load and link.
 */
final class AotTraining {

    private AotTraining() {
    }

    public static void main(String[] args) {
        PrintWriter sink = new PrintWriter(Writer.nullWriter());
        int info = Main.run(new String[] {"info", args[0]}, sink, sink);
        int query = Main.run(new String[] {"query", args[0], "SELECT count(*) FROM commands"}, sink, sink);
        System.exit(Math.max(info, query));
    }
}
