package vgtrace.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/** The exit codes of every vgtrace command, each with the line the root command's help gives it. */
public final class ExitCode {
    public static final int OK = 0;
    public static final int BAD_INPUT = 1;
    public static final int USAGE = 2;
    public static final int DIVERGED = 3;
    public static final int ENVIRONMENT = 4;
    public static final int INTERNAL = 70;

    private ExitCode() {
    }

    /** Code to meaning, in order: what {@code vgtrace --help} lists under "Exit codes". */
    static Map<String, String> helpList() {
        Map<String, String> list = new LinkedHashMap<>();
        list.put(Integer.toString(OK), "Success.");
        list.put(Integer.toString(BAD_INPUT), "Unusable input (missing, empty, corrupt or foreign file; malformed log).");
        list.put(Integer.toString(USAGE), "Bad command line.");
        list.put(Integer.toString(DIVERGED), "Replay or diff found a divergence.");
        list.put(Integer.toString(ENVIRONMENT), "Missing JDK, library or backend.");
        list.put(Integer.toString(INTERNAL), "Internal error (rerun with VGTRACE_DEBUG=1 and report it).");
        return list;
    }
}
