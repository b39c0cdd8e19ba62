package vgtrace.cli;

import vgtrace.core.protocol.CtrlType;
import vgtrace.core.trace.EventKind;
import vgtrace.core.trace.TraceEvent;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

/** The row selection shared by commands that print or export rows. */
record RowFilter(long fromSeq, long toSeq, Set<Integer> types, Set<Integer> contexts, Set<EventKind> kinds)
        implements Predicate<TraceEvent> {

    static RowFilter parse(String seqRange, List<String> typeNames, List<Integer> ctxs, Set<EventKind> kinds) {
        long from = Long.MIN_VALUE;
        long to = Long.MAX_VALUE;
        if (seqRange != null) {
            int dots = seqRange.indexOf("..");
            try {
                if (dots < 0) {
                    from = to = Long.parseLong(seqRange.strip());
                } else {
                    String a = seqRange.substring(0, dots).strip();
                    String b = seqRange.substring(dots + 2).strip();
                    if (!a.isEmpty()) from = Long.parseLong(a);
                    if (!b.isEmpty()) to = Long.parseLong(b);
                }
            } catch (NumberFormatException e) {
                throw new UserInputException(ExitCode.USAGE, "--seq takes FROM..TO with whole numbers, not '" + seqRange + "'");
            }
        }
        Set<Integer> codes = new HashSet<>();
        if (typeNames != null) typeNames.forEach(t -> codes.add(typeCode(t)));
        return new RowFilter(from, to, codes, ctxs == null ? Set.of() : Set.copyOf(ctxs), Set.copyOf(kinds));
    }

    /** A type by full name, by name without the RESP_ prefix, or by number (0x101 or 257). */
    static int typeCode(String text) {
        String t = text.strip().toUpperCase(Locale.ROOT);
        for (CtrlType type : CtrlType.values()) {
            if (type.name().equals(t) || type.name().equals("RESP_" + t)) return type.code();
        }
        try {
            return t.startsWith("0X") ? Integer.parseUnsignedInt(t.substring(2), 16) : Integer.parseInt(t);
        } catch (NumberFormatException e) {
            throw new UserInputException(ExitCode.USAGE, "unknown message type '" + text
                    + "': use a name such as RESOURCE_CREATE_2D or OK_NODATA, or a code such as 0x101");
        }
    }

    @Override
    public boolean test(TraceEvent e) {
        if (e.seq() < fromSeq || e.seq() > toSeq) return false;
        if (!kinds.isEmpty() && !kinds.contains(e.kind())) return false;
        if (!types.isEmpty() && (e.header() == null || !types.contains(e.header().type()))) return false;
        return contexts.isEmpty() || (e.header() != null && contexts.contains(e.header().ctxId()));
    }
}
