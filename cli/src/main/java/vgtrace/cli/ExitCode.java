package vgtrace.cli;

/** The exit codes of every vgtrace command; the root command's help lists them. */
public final class ExitCode {
    public static final int OK = 0;
    /** The input is unusable: a missing, empty, corrupt or foreign file, a malformed log. */
    public static final int BAD_INPUT = 1;
    /** The command line is wrong. */
    public static final int USAGE = 2;
    /** A replay or diff found a divergence. */
    public static final int DIVERGED = 3;
    /** Something this machine lacks: a JDK, a library, a backend that will not start. */
    public static final int ENVIRONMENT = 4;
    /** A bug in vgtrace: please report it with the stack trace printed with VGTRACE_DEBUG=1. */
    public static final int INTERNAL = 70;


    private ExitCode() {
    }
}
