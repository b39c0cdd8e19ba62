package vgtrace.cli;

import java.util.Optional;

/**
 * What a reduced trace must still do on the chosen build ({@code reduce --until}): diverge first
 * the same way (kind, command and both sides), make the back-end crash or hang, or get a given error
 * response for some command.
 */
sealed interface ReduceCondition {

    /** Whether a replay's report meets the condition. */
    boolean holds(ReplayReport r);

    /** The command that shows it in {@code r}, if one does (the reduction starts from its needs). */
    Optional<Long> target(ReplayReport r);

    /** The condition in words, for the summary. */
    String describe();

    /** The same first divergence as the original replay's. */
    record SameDivergence(ReplayReport.FirstDivergence first) implements ReduceCondition {
        public boolean holds(ReplayReport r) {
            var d = r.divergence();
            return d != null && d.kind().equals(first.kind()) && d.command().equals(first.command())
                    && d.expected().equals(first.expected()) && d.actual().equals(first.actual());
        }

        public Optional<Long> target(ReplayReport r) {
            return Optional.ofNullable(r.divergence()).map(ReplayReport.FirstDivergence::seq);
        }

        public String describe() {
            return "first divergence " + first.kind() + " at " + first.command() + " (expected " + first.expected()
                    + ", actual " + first.actual() + ")";
        }
    }

    /** The replay dies (virglrenderer crashed the process: a signal) or runs past its time limit. */
    record Crash() implements ReduceCondition {
        public boolean holds(ReplayReport r) {
            return r.error() != null && (r.exit() == ChildReplay.TIMED_OUT || r.exit() > 128);
        }

        public Optional<Long> target(ReplayReport r) {
            return Optional.empty();
        }

        public String describe() {
            return "the back-end crashes or hangs";
        }
    }

    /** Some command is answered with response {@code type}. */
    record ErrorResponse(String type) implements ReduceCondition {
        public boolean holds(ReplayReport r) {
            return target(r).isPresent();
        }

        public Optional<Long> target(ReplayReport r) {
            return r.errorResponses().stream().filter(e -> e.type().equals(type)).map(ReplayReport.ErrorAnswer::seq).findFirst();
        }

        public String describe() {
            return "a command answered " + type;
        }
    }

    /**
     * Reads {@code --until}: {@code divergence}, {@code crash}, or {@code error=RESP_ERR_...}, checked
     * against the original trace's replay {@code original}.
     *
     * @throws UserInputException when the text is none of these, or the original does not meet it
     */
    static ReduceCondition of(String until, ReplayReport original) {
        ReduceCondition c = switch (until) {
            case "divergence" -> {
                if (original.divergence() == null) throw notMet(until, original);
                yield new SameDivergence(original.divergence());
            }
            case "crash" -> new Crash();
            case String s when s.startsWith("error=RESP_ERR_") -> new ErrorResponse(s.substring("error=".length()));
            default -> throw new UserInputException(ExitCode.USAGE, "--until is divergence, crash or error=RESP_ERR_..., not '" + until + "'");
        };
        if (!c.holds(original)) throw notMet(until, original);
        return c;
    }

    private static UserInputException notMet(String until, ReplayReport original) {
        String what = original.error() != null ? "it could not replay: " + original.error()
                : original.divergence() == null ? "it replays clean" : "its first divergence is " + original.divergence().kind()
                + " at seq " + original.divergence().seq();
        return new UserInputException(ExitCode.USAGE, "the trace does not meet --until " + until + " on virglrenderer "
                + original.build() + " (" + what + "): nothing to reduce; pick another --until or --virgl");
    }
}
