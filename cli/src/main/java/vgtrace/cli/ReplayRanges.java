package vgtrace.cli;

import vgtrace.replay.engine.PlanLoader;

/** Parses {@code --range A..B} (either end may be omitted). */
final class ReplayRanges {

    private ReplayRanges() {
    }

    static PlanLoader.Range parse(String text) {
        if (text == null) return PlanLoader.Range.ALL;
        int dots = text.indexOf("..");
        if (dots < 0) throw new UserInputException(ExitCode.USAGE, "--range is A..B, got '" + text + "'");
        try {
            long first = dots == 0 ? Long.MIN_VALUE : Long.parseLong(text.substring(0, dots).trim());
            String tail = text.substring(dots + 2).trim();
            long last = tail.isEmpty() ? Long.MAX_VALUE : Long.parseLong(tail);
            if (first > last) throw new UserInputException(ExitCode.USAGE, "--range " + text + " is empty");
            return new PlanLoader.Range(first, last);
        } catch (NumberFormatException e) {
            throw new UserInputException(ExitCode.USAGE, "--range is A..B with seq numbers, got '" + text + "'");
        }
    }
}
