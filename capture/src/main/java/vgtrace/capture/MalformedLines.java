package vgtrace.capture;

import java.util.ArrayList;
import java.util.List;

/**
 * An importer's malformed lines: counted with the first few kept as examples, or fatal at the first
 * one when the user asked for {@code --strict}.
 */
final class MalformedLines {
    private final boolean strict;
    private final String what;
    private final List<String> examples = new ArrayList<>();
    private long count;

    /** @param what how the importer names a bad line, e.g. "malformed virtio-gpu event" */
    MalformedLines(boolean strict, String what) {
        this.strict = strict;
        this.what = what;
    }

    /** Records a malformed line; throws when strict. {@code where} is "input:line: reason". */
    void add(String where) throws ImportException {
        if (strict) throw new ImportException(what + " at " + where);
        count++;
        if (examples.size() < ImportReport.MAX_EXAMPLES) examples.add(where);
    }

    long count() {
        return count;
    }

    List<String> examples() {
        return examples;
    }
}
