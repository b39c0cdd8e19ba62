package vgtrace.ui.data;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** The message table's rows, a page at a time, in capture order; never the whole trace in memory. */
public interface MessagePage {

    /** How many rows match. */
    long count(MessageFilter filter);

    /** Matching rows {@code offset} to {@code offset + limit}. */
    List<MessageRow> rows(MessageFilter filter, long offset, int limit);

    /** The position of row {@code seq} among the matching rows, if it matches. */
    OptionalLong indexOf(MessageFilter filter, long seq);

    /** The full detail of row {@code seq}, if it exists. */
    Optional<MessageDetail> detail(long seq);

    /** Every message type name present, for the type filter. */
    List<String> typeNames();
}
